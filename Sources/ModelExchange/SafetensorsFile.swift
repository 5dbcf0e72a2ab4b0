import Foundation

/// A safetensors file: an 8-byte little-endian header length N, N bytes of
/// JSON header (padded with spaces to a multiple of 8, so the data starts
/// aligned), then the tensors' bytes back to back.
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets":
/// [begin, end]}` (offsets into the data, which the tensors cover without
/// gaps) and `__metadata__` to a string-to-string map.
public struct SafetensorsFile: Sendable {
  /// The tensors, in the order their bytes are written.
  public var tensors: [StoredTensor]
  /// Free-form metadata (strings only, as the format requires).
  public var metadata: [String: String]

  public init(tensors: [StoredTensor], metadata: [String: String]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// The header's largest accepted size (the reference reader's limit).
  static let headerLimit = 100_000_000

  /// The file's bytes.
  public func encoded() -> [UInt8] {
    var fields: [String] = []
    var offset = 0
    for t in tensors {
      let shape = t.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(JSONText.quote(t.name)):{\"dtype\":\(JSONText.quote(t.dtype)),\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + t.bytes.count)]}")
      offset += t.bytes.count
    }
    if !metadata.isEmpty {
      let entries = metadata.keys.sorted().map { "\(JSONText.quote($0)):\(JSONText.quote(metadata[$0]!))" }
      fields.insert("\"__metadata__\":{" + entries.joined(separator: ",") + "}", at: 0)
    }
    var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    var out: [UInt8] = []
    out.reserveCapacity(8 + header.count + offset)
    let n = UInt64(header.count)
    for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) }
    out += header
    for t in tensors { out += t.bytes }
    return out
  }

  /// Reads a file's bytes, checking the header against the data.
  ///
  /// - Throws: ``ExchangeError/malformed(_:)`` saying what is wrong.
  public init(decoding bytes: [UInt8]) throws {
    guard bytes.count >= 8 else { throw ExchangeError.malformed("shorter than the 8-byte header length") }
    var n: UInt64 = 0
    for k in 0..<8 { n |= UInt64(bytes[k]) << (8 * UInt64(k)) }
    guard n <= UInt64(Self.headerLimit), 8 + Int(n) <= bytes.count else {
      throw ExchangeError.malformed("header length \(n) does not fit the file (\(bytes.count) bytes)")
    }
    let headerEnd = 8 + Int(n)
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) as? [String: Any] else {
      throw ExchangeError.malformed("the header is not a JSON object")
    }
    var metadata: [String: String] = [:]
    var tensors: [(begin: Int, tensor: StoredTensor)] = []
    let dataCount = bytes.count - headerEnd
    for (name, value) in object {
      if name == "__metadata__" {
        guard let map = value as? [String: String] else {
          throw ExchangeError.malformed("__metadata__ is not a map of strings")
        }
        metadata = map
        continue
      }
      guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
        let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
      else { throw ExchangeError.malformed("tensor '\(name)' lacks dtype, shape or data_offsets") }
      guard let width = StoredTensor.width(of: dtype) else {
        throw ExchangeError.malformed("tensor '\(name)' has unknown dtype '\(dtype)'")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard shape.allSatisfy({ $0 >= 0 }), 0 <= begin, begin <= end, end <= dataCount,
        end - begin == shape.reduce(1, *) * width
      else { throw ExchangeError.malformed("tensor '\(name)': offsets \(begin)..<\(end) do not fit its shape \(shape) and dtype \(dtype)") }
      let start = headerEnd + begin
      tensors.append((begin, StoredTensor(name: name, dtype: dtype, shape: shape, bytes: Array(bytes[start..<(headerEnd + end)]))))
    }
    tensors.sort { ($0.begin, $0.tensor.bytes.count) < ($1.begin, $1.tensor.bytes.count) }
    var covered = 0
    for t in tensors {
      guard t.begin == covered else { throw ExchangeError.malformed("tensor data has a gap or overlap at byte \(covered)") }
      covered += t.tensor.bytes.count
    }
    guard covered == dataCount else { throw ExchangeError.malformed("\(dataCount - covered) bytes after the last tensor") }
    self.tensors = tensors.map(\.tensor)
    self.metadata = metadata
  }
}
