import RASP
import VectorGraphics

/// An s-op's computation on one example, laid out by the reference
/// analyser's layers (the REPL's `draw`): each s-op as a row of its values,
/// each selector as its selection matrix, inputs first.
public enum ExampleDrawing {
  /// Pixels per value cell (a selector's cells are a third of this).
  public static let cell = 36

  /// The drawing's SVG of `id` in `graph` on `input`.
  ///
  /// - Throws: the evaluation's diagnostic when the program fails on `input`.
  public static func svg(graph: ProgramGraph, sop id: NodeID, input: [Atom]) throws(Diagnostic) -> SVGDocument {
    let analysis = graph.analyse(id)
    let nodes = graph.ancestors(of: id).filter {
      if case .constant = graph[$0].kind { return false }
      return true
    }
    let values = try graph.evaluate(nodes, on: input)
    let n = input.count
    let c = Double(cell)
    let matrixCell = max(6.0, c / 3)
    func height(_ node: NodeID) -> Double {
      if case .selection = values[node]! { return 34 + Double(n) * matrixCell + 10 }
      return 34 + c + 10
    }
    let columnWidth = max(Double(n) * c, 150) + 40
    var columns: [[NodeID]] = Array(repeating: [], count: analysis.layers + 1)
    for node in nodes { columns[min(analysis.depths[node] ?? 0, analysis.layers)].append(node) }
    let top = 84.0
    let tallest = columns.map { $0.reduce(0) { $0 + height($1) } }.max() ?? 0
    let title = "\(graph[id].displayName) on \(input.map(\.description).joined(separator: " "))"
    var doc = SVGDocument(
      width: max(Int(20 + Double(columns.count) * columnWidth), 24 + title.count * 9),
      height: Int(top + tallest + 20))
    doc.text(title, x: 12, y: 24, size: 15, bold: true)
    doc.text(
      "reference analyser: \(analysis.layers) layer\(analysis.layers == 1 ? "" : "s"), heads per layer \(analysis.headsPerLayer.map(String.init).joined(separator: ", "))",
      x: 12, y: 42, size: 11, fill: "#555")
    for (k, column) in columns.enumerated() {
      let x = 12 + Double(k) * columnWidth
      doc.text(k == 0 ? "inputs and maps" : "layer \(k)", x: x, y: top - 14, size: 12, bold: true)
      var y = top
      for node in column {
        let item = graph[node]
        doc.text("\(item.displayName)", x: x, y: y + 12, size: 11, bold: true, title: item.label)
        doc.text(item.kind.kindName, x: x, y: y + 25, size: 9, fill: "#666")
        switch values[node]! {
        case .sequence(let v):
          for (i, atom) in v.enumerated() {
            let text = atom.description
            doc.rectangle(
              x: x + Double(i) * c, y: y + 30, width: c, height: c,
              fill: node == id ? "#fbe3e4" : "#f4f4f4", stroke: "#aaaaaa", title: "position \(i): \(text)")
            doc.text(text.count > 5 ? String(text.prefix(4)) + "…" : text, x: x + (Double(i) + 0.5) * c, y: y + 30 + c * 0.62, size: 11, anchor: "middle")
          }
        case .selection(let m):
          for q in 0..<m.size {
            for k in 0..<m.size {
              let on = m.isSelected(query: q, key: k)
              doc.rectangle(
                x: x + Double(k) * matrixCell, y: y + 30 + Double(q) * matrixCell, width: matrixCell, height: matrixCell,
                fill: on ? "#2166ac" : "#ffffff", stroke: "#cccccc",
                title: "query \(q) (\(input[q])) \(on ? "selects" : "does not select") key \(k) (\(input[k]))")
            }
          }
        }
        y += height(node)
      }
    }
    return doc
  }
}
