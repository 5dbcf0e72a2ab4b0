/// A tensor as a file holds it: a name, a dtype tag, a shape and its raw
/// little-endian bytes.
public struct StoredTensor: Sendable, Hashable {
  public var name: String
  /// The safetensors dtype tag (`I64`, `F64`, `F32`, …).
  public var dtype: String
  public var shape: [Int]
  /// Row-major, little-endian.
  public var bytes: [UInt8]

  public init(name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
    self.bytes = bytes
  }

  /// Bytes per element for the tags this module reads and writes.
  static func width(of dtype: String) -> Int? {
    switch dtype {
    case "I64", "F64", "U64": return 8
    case "F32", "I32", "U32": return 4
    case "F16", "BF16", "I16", "U16": return 2
    case "I8", "U8", "BOOL": return 1
    default: return nil
    }
  }

  /// The entries as Int64 (for `I64`).
  func int64Entries() throws -> [Int64] {
    guard dtype == "I64" else { throw ExchangeError.malformed("tensor '\(name)' is \(dtype), expected I64") }
    return stride(from: 0, to: bytes.count, by: 8).map { i in
      var v: UInt64 = 0
      for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
      return Int64(bitPattern: v)
    }
  }

  /// The entries as Double (for `F64` and `F32`; a binary32 widens exactly).
  func doubleEntries() throws -> [Double] {
    switch dtype {
    case "F64":
      return stride(from: 0, to: bytes.count, by: 8).map { i in
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
        return Double(bitPattern: v)
      }
    case "F32":
      return stride(from: 0, to: bytes.count, by: 4).map { i in
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[i + k]) << (8 * UInt32(k)) }
        return Double(Float(bitPattern: v))
      }
    default:
      throw ExchangeError.malformed("tensor '\(name)' is \(dtype), expected F64 or F32")
    }
  }

  /// Little-endian bytes of Int64 values.
  static func bytes(_ values: [Int64]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(values.count * 8)
    for v in values {
      let u = UInt64(bitPattern: v)
      for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: u >> (8 * UInt64(k)))) }
    }
    return out
  }

  /// Little-endian bytes of binary64 values.
  static func bytes(_ values: [Double]) -> [UInt8] {
    bytes(values.map { Int64(bitPattern: $0.bitPattern) })
  }

  /// Little-endian bytes of binary32 values.
  static func bytes(_ values: [Float]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(values.count * 4)
    for v in values {
      let u = v.bitPattern
      for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: u >> (8 * UInt32(k)))) }
    }
    return out
  }
}
