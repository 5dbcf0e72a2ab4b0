import Foundation

/// JSON string literals for the headers this module writes by hand.
enum JSONText {
  /// `s` as a JSON string literal (Foundation's encoder, slashes unescaped).
  static func quote(_ s: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return String(decoding: try! encoder.encode(s), as: UTF8.self)
  }
}
