/// A ZIP archive of stored (uncompressed) members, as `numpy.savez` writes:
/// local headers with each member's data, the central directory, the end record.
public struct ZipArchive: Sendable {
  /// The members, in order.
  public private(set) var members: [(name: String, bytes: [UInt8])] = []

  public init() {}

  public mutating func add(name: String, bytes: [UInt8]) { members.append((name, bytes)) }

  /// The archive's bytes (DOS date 1980-01-01, so equal members give equal bytes).
  public func encoded() -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    func u16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func u32(_ v: UInt32, _ to: inout [UInt8]) { for k in 0..<4 { to.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
    for (name, bytes) in members {
      let offset = UInt32(out.count)
      let nameBytes = Array(name.utf8)
      let crc = CRC32.checksum(bytes)
      u32(0x0403_4B50, &out)
      u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
      u32(crc, &out); u32(UInt32(bytes.count), &out); u32(UInt32(bytes.count), &out)
      u16(nameBytes.count, &out); u16(0, &out)
      out += nameBytes
      out += bytes
      u32(0x0201_4B50, &central)
      u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0x21, &central)
      u32(crc, &central); u32(UInt32(bytes.count), &central); u32(UInt32(bytes.count), &central)
      u16(nameBytes.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
      u32(0, &central); u32(offset, &central)
      central += nameBytes
    }
    let centralOffset = UInt32(out.count)
    out += central
    u32(0x0605_4B50, &out)
    u16(0, &out); u16(0, &out); u16(members.count, &out); u16(members.count, &out)
    u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
    return out
  }

  /// Reads an archive's stored members (a compressed member is an error).
  ///
  /// - Throws: ``ExchangeError/malformed(_:)``.
  public init(decoding data: [UInt8]) throws {
    func u16(_ i: Int) -> Int { Int(data[i]) | Int(data[i + 1]) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    guard data.count >= 22,
      let end = stride(from: data.count - 22, through: max(0, data.count - 22 - 65_535), by: -1)
        .first(where: { u32($0) == 0x0605_4B50 })
    else { throw ExchangeError.malformed("not a ZIP archive (no end record)") }
    let count = u16(end + 10)
    var at = u32(end + 16)
    for _ in 0..<count {
      guard at + 46 <= data.count, u32(at) == 0x0201_4B50 else { throw ExchangeError.malformed("bad ZIP central directory") }
      let method = u16(at + 10)
      let size = u32(at + 20)
      let nameLength = u16(at + 28)
      let extraLength = u16(at + 30)
      let commentLength = u16(at + 32)
      let local = u32(at + 42)
      guard at + 46 + nameLength <= data.count else { throw ExchangeError.malformed("bad ZIP central directory") }
      let name = String(decoding: data[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
      guard method == 0 else {
        throw ExchangeError.malformed("member '\(name)' is compressed (write it with numpy.savez, not savez_compressed)")
      }
      guard local + 30 <= data.count, u32(local) == 0x0403_4B50 else { throw ExchangeError.malformed("bad ZIP local header for '\(name)'") }
      let start = local + 30 + u16(local + 26) + u16(local + 28)
      guard start + size <= data.count else { throw ExchangeError.malformed("member '\(name)' is truncated") }
      members.append((name, Array(data[start..<(start + size)])))
      at += 46 + nameLength + extraLength + commentLength
    }
  }
}
