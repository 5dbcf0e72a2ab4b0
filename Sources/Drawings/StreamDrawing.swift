import ExactArithmetic
import Transformer
import VectorGraphics

/// The residual stream after each stage (embedding, each layer's attention
/// and MLP) as heatmaps of named directions (rows) by positions (columns),
/// side by side; each cell's tooltip holds the exact value.
public enum StreamDrawing {
  /// Pixels per row of a direction.
  public static let rowHeight = 16
  /// The left margin for direction names.
  public static let labelWidth = 150

  /// The width of one position's column: wide enough for the stage title.
  public static func cellWidth(positions n: Int) -> Int { max(18, (130 + n - 1) / n) }

  /// The drawing's SVG, restricted to directions starting with `prefix` when given.
  ///
  /// - Throws: ``ModelError`` for an input the model rejects or a softmax
  ///   head with a non-integer score; ``ModelError/unknownDirection(_:)``
  ///   when no direction starts with `prefix`.
  public static func svg(model: Model, tokens: [String], prefix: String? = nil) throws -> SVGDocument {
    let prepared = model.prepared()
    let sequence = try prepared.sequence(for: tokens)
    let trace = try prepared.forward(prepared.embed(sequence))
    let directions = model.residual.names.enumerated().filter { prefix == nil || $0.element.hasPrefix(prefix!) }
    guard !directions.isEmpty else { throw ModelError.unknownDirection((prefix ?? "") + "…") }
    let n = sequence.count
    let cw = cellWidth(positions: n)
    let panelWidth = n * cw + 14
    let streams = trace.stages.map(\.stream)
    // Each direction on its own scale: its largest |value| over every stage and position.
    var scale: [Int: Double] = [:]
    for s in streams { for (c, _) in directions { for i in 0..<n { scale[c] = max(scale[c] ?? 0, abs(s[i, c].doubleValue)) } } }
    let top = 96
    let title = "residual stream of \(model.name) on \"\(tokens.joined(separator: " "))\"\(prefix.map { " (directions \($0)…)" } ?? "")"
    var doc = SVGDocument(
      width: max(labelWidth + trace.stages.count * panelWidth + 10, 24 + title.count * 9, 620), height: top + directions.count * rowHeight + 30)
    doc.text(title, x: 12, y: 24, size: 15, bold: true)
    doc.text("blue positive, red negative, each row on its own scale (its largest |value|); exact values in tooltips", x: 12, y: 42, size: 11, fill: "#555")
    for (r, (c, name)) in directions.enumerated() {
      doc.text(name, x: Double(labelWidth - 6), y: Double(top + r * rowHeight) + 12, size: 10, anchor: "end", title: "\(name): scale ±\(String(format: scale[c] ?? 0))")
    }
    for (k, stage) in trace.stages.enumerated() {
      let x0 = Double(labelWidth + k * panelWidth)
      doc.text(stage.label, x: x0, y: 62, size: 11, bold: true)
      for i in 0..<n {
        doc.text(sequence[i], x: x0 + (Double(i) + 0.5) * Double(cw), y: Double(top) - 6, size: 10, anchor: "middle")
      }
      for (r, (c, name)) in directions.enumerated() {
        for i in 0..<n {
          let value = streams[k][i, c]
          let v = value.doubleValue
          doc.rectangle(
            x: x0 + Double(i * cw), y: Double(top + r * rowHeight), width: Double(cw), height: Double(rowHeight),
            fill: HeatColour.fill(v, scale: scale[c] ?? 0), stroke: "#eeeeee",
            title: "\(stage.label), \(name), position \(i) (\(sequence[i])): \(value)")
        }
      }
    }
    return doc
  }

  static func String(format v: Double) -> Swift.String {
    v == v.rounded() && abs(v) < 1e9 ? Swift.String(Int(v)) : Swift.String((v * 1000).rounded() / 1000)
  }
}
