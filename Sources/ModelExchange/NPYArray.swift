import Foundation

/// One array in NumPy's `.npy` format, version 1.0: the magic `\x93NUMPY`,
/// the version, a little-endian 16-bit header length, a Python-literal
/// header (`descr`, `fortran_order`, `shape`) padded with spaces to end in a
/// newline at a multiple of 64 bytes, then the data in C order.
public struct NPYArray: Sendable, Hashable {
  /// The NumPy type string, e.g. `<f8`.
  public var descriptor: String
  public var shape: [Int]
  /// Row-major bytes.
  public var bytes: [UInt8]

  public init(descriptor: String, shape: [Int], bytes: [UInt8]) {
    self.descriptor = descriptor
    self.shape = shape
    self.bytes = bytes
  }

  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// The file's bytes.
  public func encoded() -> [UInt8] {
    let dims = shape.map(String.init).joined(separator: ", ")
    let tuple = shape.count == 1 ? "(\(dims),)" : "(\(dims))"
    var header = Array("{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(tuple), }".utf8)
    let unpadded = Self.magic.count + 4 + header.count + 1
    header += [UInt8](repeating: 0x20, count: (64 - unpadded % 64) % 64) + [0x0A]
    let n = header.count
    return Self.magic + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + header + bytes
  }

  /// Reads a version 1 or 2 `.npy` file in C order.
  ///
  /// - Throws: ``ExchangeError/malformed(_:)``.
  public init(decoding data: [UInt8], name: String) throws {
    guard data.count >= 10, Array(data[0..<6]) == Self.magic, data[6] == 1 || data[6] == 2 else {
      throw ExchangeError.malformed("'\(name)' is not a .npy array")
    }
    var headerLength = Int(data[8]) | Int(data[9]) << 8
    var start = 10
    if data[6] == 2 {
      guard data.count >= 12 else { throw ExchangeError.malformed("'\(name)': truncated header") }
      headerLength |= Int(data[10]) << 16 | Int(data[11]) << 24
      start = 12
    }
    guard start + headerLength <= data.count else { throw ExchangeError.malformed("'\(name)': truncated header") }
    let header = String(decoding: data[start..<(start + headerLength)], as: UTF8.self)
    func field(_ key: String) -> Substring? {
      guard let r = header.range(of: "'\(key)':") else { return nil }
      return header[r.upperBound...].drop { $0 == " " }
    }
    guard let descr = field("descr"), descr.first == "'",
      let end = descr.dropFirst().firstIndex(of: "'"),
      let order = field("fortran_order"), let shapeText = field("shape"), shapeText.first == "(",
      let close = shapeText.firstIndex(of: ")")
    else { throw ExchangeError.malformed("'\(name)': unreadable header \(header)") }
    guard order.hasPrefix("False") else { throw ExchangeError.malformed("'\(name)' is in Fortran order") }
    descriptor = String(descr[descr.index(after: descr.startIndex)..<end])
    let dims = shapeText[shapeText.index(after: shapeText.startIndex)..<close]
      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var parsed: [Int] = []
    for d in dims {
      guard let v = Int(d), v >= 0 else { throw ExchangeError.malformed("'\(name)': bad shape \(shapeText[..<close]))") }
      parsed.append(v)
    }
    shape = parsed
    bytes = Array(data[(start + headerLength)...])
  }
}
