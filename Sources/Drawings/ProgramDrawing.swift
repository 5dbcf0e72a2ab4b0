import Compiler
import RASP
import VectorGraphics

/// A RASP program's s-op graph laid out by layer as the compiler schedules
/// it: one column per attention layer (0: embedding and the MLP before the
/// first attention), aggregates and selector widths marked as heads, maps as
/// MLPs, selectors beside the heads that use them; each box also gives the
/// reference analyser's layer for the node, and the header both counts.
public enum ProgramDrawing {
  public static let columnWidth = 230
  static let boxWidth = 180.0
  static let boxHeight = 40.0
  static let rowGap = 14.0

  /// The drawing's SVG.
  public static func svg(program: CompiledProgram, sop: String) -> SVGDocument {
    let graph = program.graph
    let nodes = program.scheduledNodes
    let available = program.availableAfterLayer
    var column: [NodeID: Int] = [:]
    for id in nodes where available[id] != nil { column[id] = available[id]! }
    // A selector sits in the layer of the first head that uses it.
    for id in nodes.reversed() where graph[id].isSelector {
      let users = nodes.filter { graph[$0].operands.contains(id) }.compactMap { column[$0] }
      column[id] = users.min() ?? (graph[id].operands.compactMap { column[$0] }.max() ?? 0)
    }
    let depth = program.attentionLayers
    var rows: [[NodeID]] = Array(repeating: [], count: depth + 1)
    for id in nodes { rows[min(column[id] ?? 0, depth)].append(id) }
    let tallest = rows.map(\.count).max() ?? 0
    let top = 84.0
    var doc = SVGDocument(
      width: 20 + (depth + 1) * columnWidth, height: Int(top + Double(tallest) * (boxHeight + rowGap)) + 40)
    let analyser = program.analyser
    doc.text("\(sop): \(nodes.count) nodes", x: 12, y: 24, size: 15, bold: true)
    doc.text(
      "compiler: \(depth) attention layers, heads \(program.headsPerAttentionLayer.map(String.init).joined(separator: ", "))"
        + " · reference analyser: \(analyser.layers) layer\(analyser.layers == 1 ? "" : "s"), heads \(analyser.headsPerLayer.map(String.init).joined(separator: ", "))",
      x: 12, y: 42, size: 11, fill: "#555")
    var position: [NodeID: (x: Double, y: Double)] = [:]
    for (c, ids) in rows.enumerated() {
      let x = 12 + Double(c * columnWidth)
      doc.text(c == 0 ? "embedding" : "layer \(c)", x: x, y: top - 14, size: 12, bold: true)
      for (r, id) in ids.enumerated() {
        position[id] = (x, top + Double(r) * (boxHeight + rowGap))
      }
    }
    for id in nodes {
      guard let to = position[id] else { continue }
      for operand in graph[id].operands {
        guard let from = position[operand] else { continue }
        doc.line(
          x1: from.x + boxWidth, y1: from.y + boxHeight / 2, x2: to.x, y2: to.y + boxHeight / 2,
          stroke: "#999", arrow: true, dashed: graph[operand].isSelector)
      }
    }
    for id in nodes {
      guard let at = position[id] else { continue }
      let node = graph[id]
      let heads = program.headCount(of: id)
      let (role, fill): (String, String)
      switch node.kind {
      case .aggregate, .selectorWidth: (role, fill) = ("attention: \(heads) head\(heads == 1 ? "" : "s")", "#dbe9f6")
      case .map, .sequenceMap: (role, fill) = ("MLP", "#fde6cf")
      case .select, .selectAnd, .selectOr, .selectNot: (role, fill) = ("selector", "#e3f1dd")
      case .tokens, .indices, .constant: (role, fill) = ("input", "#eeeeee")
      }
      let analysed = analyser.depths[id].map { "analyser layer \($0)" } ?? ""
      doc.rectangle(
        x: at.x, y: at.y, width: boxWidth, height: boxHeight, fill: fill,
        stroke: id == program.output ? "#d62728" : "#888", cornerRadius: 5,
        title: "\(node.displayName) = \(node.label)\n\(node.kind.kindName); \(role); \(analysed)")
      let name = node.displayName.count > 24 ? String(node.displayName.prefix(23)) + "…" : node.displayName
      doc.text(name, x: at.x + 6, y: at.y + 15, size: 11, bold: true)
      doc.text("\(node.kind.kindName) · \(role)", x: at.x + 6, y: at.y + 28, size: 9, fill: "#444")
      if !analysed.isEmpty { doc.text(analysed, x: at.x + boxWidth - 4, y: at.y + 37, size: 8, anchor: "end", fill: "#777") }
    }
    return doc
  }
}
