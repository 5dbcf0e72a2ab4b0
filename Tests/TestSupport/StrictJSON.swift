import Foundation

/// A JSON value read by a strict parser: an object with the same key twice,
/// trailing text, or any deviation from RFC 8259 is an error (Foundation's
/// parser keeps one of two duplicate keys silently).
public indirect enum StrictJSON: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([StrictJSON])
  /// Keys in document order.
  case object([(String, StrictJSON)])

  public struct ParseError: Error, CustomStringConvertible {
    public let description: String
  }

  public static func == (a: StrictJSON, b: StrictJSON) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)), (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
    default: return false
    }
  }

  /// The member named `key` of an object.
  public subscript(key: String) -> StrictJSON? {
    if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
    return nil
  }

  /// The elements of an array (empty otherwise).
  public var elements: [StrictJSON] {
    if case .array(let items) = self { return items }
    return []
  }

  /// The keys of an object, in order.
  public var keys: [String] {
    if case .object(let members) = self { return members.map(\.0) }
    return []
  }

  /// Parses `text`, rejecting duplicate keys.
  public static func parse(_ text: String) throws -> StrictJSON {
    var parser = Parser(bytes: Array(text.utf8))
    let value = try parser.value()
    parser.skipSpace()
    guard parser.at == parser.bytes.count else { throw parser.fail("trailing text") }
    return value
  }

  struct Parser {
    let bytes: [UInt8]
    var at = 0

    func fail(_ why: String) -> ParseError { ParseError(description: "\(why) at byte \(at)") }

    mutating func skipSpace() {
      while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ literal: String) throws {
      let l = Array(literal.utf8)
      guard at + l.count <= bytes.count, Array(bytes[at..<(at + l.count)]) == l else { throw fail("expected \(literal)") }
      at += l.count
    }

    mutating func value() throws -> StrictJSON {
      skipSpace()
      guard at < bytes.count else { throw fail("unexpected end") }
      switch bytes[at] {
      case UInt8(ascii: "{"):
        at += 1
        var members: [(String, StrictJSON)] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object([]) }
        while true {
          skipSpace()
          let key = try string()
          guard !members.contains(where: { $0.0 == key }) else { throw fail("duplicate key \"\(key)\"") }
          skipSpace()
          try expect(":")
          members.append((key, try value()))
          skipSpace()
          if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1; continue }
          try expect("}")
          return .object(members)
        }
      case UInt8(ascii: "["):
        at += 1
        var items: [StrictJSON] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array([]) }
        while true {
          items.append(try value())
          skipSpace()
          if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1; continue }
          try expect("]")
          return .array(items)
        }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): try expect("true"); return .bool(true)
      case UInt8(ascii: "f"): try expect("false"); return .bool(false)
      case UInt8(ascii: "n"): try expect("null"); return .null
      default:
        let start = at
        while at < bytes.count, "-+.eE0123456789".utf8.contains(bytes[at]) { at += 1 }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        guard !text.isEmpty, Double(text) != nil else { throw fail("bad value") }
        return .number(text)
      }
    }

    mutating func string() throws -> String {
      try expect("\"")
      var out: [UInt8] = []
      while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
        if bytes[at] == UInt8(ascii: "\\") {
          at += 1
          guard at < bytes.count else { throw fail("bad escape") }
          switch bytes[at] {
          case UInt8(ascii: "u"):
            guard at + 4 < bytes.count, let code = UInt32(String(decoding: bytes[(at + 1)...(at + 4)], as: UTF8.self), radix: 16)
            else { throw fail("bad \\u escape") }
            out += Array(String(UnicodeScalar(code).map(Character.init) ?? "?").utf8)
            at += 4
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(bytes[at])
          default: throw fail("bad escape")
          }
          at += 1
        } else {
          guard bytes[at] >= 0x20 else { throw fail("control character in string") }
          out.append(bytes[at])
          at += 1
        }
      }
      try expect("\"")
      return String(decoding: out, as: UTF8.self)
    }
  }
}
