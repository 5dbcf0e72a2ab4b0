import Transformer
import VectorGraphics

/// A model's architecture: one column per layer with a box per head
/// (semantics, mask, the blocks it reads and writes) and its MLP (hidden
/// width, blocks read and written), beside the embedding and the readout,
/// and the residual stream's blocks below.
public enum ModelDrawing {
  public static let columnWidth = 250
  static let headHeight = 78
  static let mlpHeight = 62

  /// The drawing's SVG.
  public static func svg(model: Model) -> SVGDocument {
    let tallest = model.layers.map { $0.heads.count * (headHeight + 10) + ($0.mlp == nil ? 0 : mlpHeight + 10) }.max() ?? 0
    let blocks = BlockSummary.blocks(model.residual.names)
    let blockRows = (blocks.count + 3) / 4
    let top = 70
    let bodyHeight = max(tallest, 150)
    let columns = model.layers.count + 2
    var doc = SVGDocument(
      width: 20 + columns * columnWidth, height: top + bodyHeight + 60 + blockRows * 18 + 20)
    doc.text("\(model.name): \(model.layers.count) layer\(model.layers.count == 1 ? "" : "s"), residual width \(model.residual.dimension)", x: 12, y: 24, size: 15, bold: true)
    let mode = model.loop.map { "looped: layers \($0.start)..<\($0.end) repeated" }
      ?? (model.stopTokens.isEmpty ? "single pass" : "chain of thought until \(model.stopTokens.joined(separator: ", "))")
    doc.text("vocabulary \(model.vocabulary.count) tokens, max length \(model.maxLength), BOS \(model.bos ?? "none"), \(mode)", x: 12, y: 42, size: 11, fill: "#555")
    func box(_ x: Double, _ y: Double, _ h: Double, fill: String, _ lines: [String], title: String) {
      doc.rectangle(x: x, y: y, width: Double(columnWidth - 30), height: h, fill: fill, stroke: "#888", cornerRadius: 5, title: title)
      for (k, line) in lines.enumerated() {
        doc.text(line, x: x + 8, y: y + 16 + Double(k) * 15, size: k == 0 ? 12 : 10, bold: k == 0)
      }
    }
    // Embedding.
    let e = model.embedding
    box(12, Double(top), 96, fill: "#eeeeee", [
      "embedding",
      "tokens: \(e.tokens.count) rows",
      "positions: \(e.positions.count) rows",
      e.joint.isEmpty ? "additive (token + position)" : "joint table: \(e.joint.count) tokens",
      "writes " + BlockSummary.text(e.directions),
    ], title: "writes: " + e.directions.joined(separator: " "))
    for (l, layer) in model.layers.enumerated() {
      let x = 12 + Double((l + 1) * columnWidth)
      let inLoop = model.loop.map { ($0.start..<$0.end).contains(l) } ?? false
      doc.text("layer \(l)\(inLoop ? " (loop)" : "")", x: x, y: Double(top) - 8, size: 12, bold: true)
      doc.line(x1: x - 28, y1: Double(top) + 40, x2: x - 4, y2: Double(top) + 40, arrow: true)
      var y = Double(top)
      for head in layer.heads {
        box(x, y, Double(headHeight), fill: "#dbe9f6", [
          "head \(head.name)",
          "\(head.semantics.name), mask \(head.mask.rawValue)",
          "query " + BlockSummary.text(head.query, limit: 30),
          "key " + BlockSummary.text(head.key, limit: 32),
          "writes " + BlockSummary.text(head.output, limit: 30),
        ], title: "query: \(head.query.joined(separator: " "))\nkey: \(head.key.joined(separator: " "))\nvalue: \(head.value.joined(separator: " "))\noutput: \(head.output.joined(separator: " "))")
        y += Double(headHeight + 10)
      }
      if let mlp = layer.mlp {
        box(x, y, Double(mlpHeight), fill: "#fde6cf", [
          "MLP \(mlp.name)",
          "hidden width \(mlp.hiddenWidth)",
          "reads " + BlockSummary.text(mlp.input, limit: 32),
          "writes " + BlockSummary.text(mlp.output, limit: 31),
        ], title: "input: \(mlp.input.joined(separator: " "))\noutput: \(mlp.output.joined(separator: " "))")
      }
      if layer.heads.isEmpty && layer.mlp == nil {
        doc.text("(empty)", x: x + 8, y: Double(top) + 20, size: 11, fill: "#777")
      }
    }
    // Readout.
    let rx = 12 + Double((model.layers.count + 1) * columnWidth)
    doc.line(x1: rx - 28, y1: Double(top) + 40, x2: rx - 4, y2: Double(top) + 40, arrow: true)
    box(rx, Double(top), 66, fill: "#e3f1dd", [
      "readout: \(model.readout.kind)",
      "reads " + BlockSummary.text(model.readout.directions, limit: 32),
      model.readout.labels.map { "\($0.count) labels" } ?? "one number",
    ], title: "reads: " + model.readout.directions.joined(separator: " "))
    // Residual blocks.
    let by = Double(top + bodyHeight + 40)
    doc.text("residual stream: \(model.residual.dimension) directions in \(blocks.count) blocks", x: 12, y: by, size: 12, bold: true)
    for (k, block) in blocks.enumerated() {
      let bx = 12 + Double((k % 4) * 260)
      let byk = by + 18 + Double(k / 4) * 18
      doc.rectangle(x: bx, y: byk - 11, width: 10, height: 10, fill: "#bbbbbb")
      doc.text("\(block.name) (\(block.count))", x: bx + 16, y: byk - 2, size: 10)
    }
    return doc
  }
}
