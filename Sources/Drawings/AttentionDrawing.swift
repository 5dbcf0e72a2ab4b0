import ExactArithmetic
import Transformer
import VectorGraphics

/// Each head's attention matrix on one input as a heatmap: queries down,
/// keys across, token labels on both, the exact weight in each cell's tooltip.
public enum AttentionDrawing {
  /// Pixels per cell.
  public static let cell = 30
  /// The panel of one head on n positions: label margins plus n × n cells.
  public static func panelSize(positions n: Int) -> (width: Int, height: Int) {
    (70 + n * cell + 20, 44 + 46 + n * cell + 16)
  }

  /// The drawing's SVG.
  ///
  /// - Throws: ``ModelError`` for an input the model rejects or a softmax head with a non-integer score.
  public static func svg(model: Model, tokens: [String]) throws -> SVGDocument {
    let prepared = model.prepared()
    let sequence = try prepared.sequence(for: tokens)
    let trace = try prepared.forward(prepared.embed(sequence))
    let n = sequence.count
    var panels: [(layer: Int, head: AttentionHead, weights: Matrix)] = []
    for (l, layer) in model.layers.enumerated() where !layer.heads.isEmpty {
      // The stream every head of layer l reads: the stage just before its attention stage.
      let index = trace.stages.firstIndex { $0.label == "layer \(l) attention" }!
      let stream = trace.stages[index - 1].stream
      for head in layer.heads {
        panels.append((l, head, try head.weights(on: stream, residual: model.residual)))
      }
    }
    let columns = max(1, model.layers.map(\.heads.count).max() ?? 1)
    let rows = model.layers.filter { !$0.heads.isEmpty }.count
    let (pw, ph) = panelSize(positions: n)
    let title = "attention of \(model.name) on \"\(tokens.joined(separator: " "))\""
    var doc = SVGDocument(width: max(20 + columns * pw, 24 + title.count * 9), height: 40 + max(1, rows) * ph)
    doc.text(title, x: 12, y: 24, size: 15, bold: true)
    if panels.isEmpty { doc.text("the model has no attention heads", x: 12, y: 60) }
    var row = -1
    var lastLayer = -1
    var column = 0
    for (l, head, weights) in panels {
      if l != lastLayer { row += 1; column = 0; lastLayer = l }
      let x0 = 10 + Double(column * pw)
      let y0 = 40 + Double(row * ph)
      column += 1
      doc.text("layer \(l) · \(head.name)", x: x0 + 4, y: y0 + 16, size: 12, bold: true)
      doc.text("\(head.semantics.name), mask \(head.mask.rawValue)", x: x0 + 4, y: y0 + 32, size: 10, fill: "#555")
      let gx = x0 + 70
      let gy = y0 + 44 + 46
      let c = Double(cell)
      for j in 0..<n {
        doc.text(sequence[j], x: gx + (Double(j) + 0.5) * c, y: gy - 6, size: 10, anchor: "start", rotation: -45)
      }
      for i in 0..<n {
        doc.text(sequence[i], x: gx - 6, y: gy + (Double(i) + 0.65) * c, size: 10, anchor: "end")
        for j in 0..<n {
          let w = weights[i, j]
          let v = w.doubleValue
          doc.rectangle(
            x: gx + Double(j) * c, y: gy + Double(i) * c, width: c, height: c,
            fill: HeatColour.fill(v, scale: 1), stroke: "#dddddd",
            title: "query \(i) (\(sequence[i])) → key \(j) (\(sequence[j])): \(w)")
          if !w.isZero {
            let shown = w.description.count <= 4 ? w.description : String(format1(v))
            doc.text(shown, x: gx + (Double(j) + 0.5) * c, y: gy + (Double(i) + 0.62) * c, size: 9, anchor: "middle", fill: HeatColour.ink(v, scale: 1))
          }
        }
      }
    }
    return doc
  }

  static func format1(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return String(r)
  }
}
