/// Canonical JSON built as UTF-8 bytes: the same bytes as ``CanonicalJSON``'s
/// text (`"` and `\\` escaped, control characters as `\\u00xx`, everything
/// else as is), without building intermediate strings.
struct CanonicalBytes {
  private(set) var bytes: [UInt8] = []

  private static let hex = Array("0123456789abcdef".utf8)

  /// Appends literal JSON punctuation or words.
  mutating func append(_ text: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// Appends `s` as a JSON string.
  mutating func string(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in s.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0..<0x20:
        bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
        bytes += [Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends `items` as a JSON array of strings (no spaces).
  mutating func strings(_ items: [String]) {
    bytes.append(UInt8(ascii: "["))
    for (k, item) in items.enumerated() {
      if k > 0 { bytes.append(UInt8(ascii: ",")) }
      string(item)
    }
    bytes.append(UInt8(ascii: "]"))
  }
}
