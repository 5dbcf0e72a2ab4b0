/// A standalone SVG document built element by element: rectangles, text,
/// lines and paths, each optionally with a `<title>` (shown as a tooltip).
///
/// Coordinates are Doubles because a drawing is a picture; every value it
/// shows is decided (and written into titles) exactly, elsewhere.
public struct SVGDocument: Sendable {
  /// The canvas size in pixels (the size a renderer gives the image).
  public var width: Int
  public var height: Int
  private var elements: [String] = []

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// A rectangle; `title` becomes its tooltip.
  public mutating func rectangle(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    cornerRadius: Double = 0, title: String? = nil
  ) {
    var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"\(fill)\""
    if let stroke { attributes += " stroke=\"\(stroke)\"" }
    if cornerRadius > 0 { attributes += " rx=\"\(Self.number(cornerRadius))\"" }
    elements.append(Self.element("rect", attributes, title: title))
  }

  /// Text anchored at (x, y): `start`, `middle` or `end`; optionally rotated about that point.
  public mutating func text(
    _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
    bold: Bool = false, fill: String = "#222", rotation: Double = 0, title: String? = nil
  ) {
    var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
    if bold { attributes += " font-weight=\"bold\"" }
    if rotation != 0 {
      attributes += " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
    }
    let inner = (title.map { "<title>\(Self.escape($0))</title>" } ?? "") + Self.escape(content)
    elements.append("<text \(attributes)>\(inner)</text>")
  }

  /// A straight line, with an arrowhead at its end when `arrow` is set.
  public mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#555", width: Double = 1,
    arrow: Bool = false, dashed: Bool = false
  ) {
    var attributes = "x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
    if arrow { attributes += " marker-end=\"url(#arrow)\"" }
    if dashed { attributes += " stroke-dasharray=\"4 3\"" }
    elements.append("<line \(attributes)/>")
  }

  /// The document's text: the XML prologue-free `<svg>` root with every element in order.
  public var text: String {
    let header = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>
      <rect x="0" y="0" width="\(width)" height="\(height)" fill="white"/>

      """
    return header + elements.joined(separator: "\n") + "\n</svg>\n"
  }

  static func element(_ name: String, _ attributes: String, title: String?) -> String {
    guard let title else { return "<\(name) \(attributes)/>" }
    return "<\(name) \(attributes)><title>\(escape(title))</title></\(name)>"
  }

  /// Text safe inside XML content and attribute values.
  public static func escape(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case let c where c.value < 0x20 && c != "\n" && c != "\t": out += " "
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// A coordinate with at most one decimal.
  static func number(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
  }
}
