import Foundation
import Transformer

/// Reads the JSON of an expected-outputs file in one pass over its bytes.
///
/// A hand-written reader for this one schema (`{"vocabulary": [...],
/// "cases": [{"input": [...], "output": [...]}, ...]}`): it accepts exactly
/// the JSON that `JSONDecoder` would for it (unknown keys are skipped, a
/// `null` vocabulary is none), about twenty times faster. Each scalar is read
/// as canonical text: a string as itself, `true`/`false` as booleans, an
/// integer (also written `2.0` or `1e2`) as its decimal digits; any other
/// number is refused, since fractions are written as `"p/q"` strings.
struct ExpectedOutputsReader {
  /// What the file lists, in file order.
  struct Contents {
    var vocabulary: [String]?
    var cases: [(input: [OutputValue], output: [OutputValue])]
  }

  /// A reason the bytes are not an expected-outputs file, with where.
  struct Failure: Error {
    var message: String
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  /// The path to the value being read (`.cases[3].input[0]`), for messages.
  private var path: [String] = []

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Reads `data`; throws ``Failure`` naming the first problem.
  static func read(_ data: Data) throws -> Contents {
    try data.withUnsafeBytes { raw in
      var reader = ExpectedOutputsReader(raw.bindMemory(to: UInt8.self))
      return try reader.file()
    }
  }

  // MARK: The schema

  private mutating func file() throws -> Contents {
    skipSpace()
    var vocabulary: [String]?
    var cases: [(input: [OutputValue], output: [OutputValue])]?
    try object { reader, key in
      switch key {
      case "vocabulary":
        reader.path.append(".vocabulary")
        if reader.skipNull() {
          vocabulary = nil
        } else {
          var items: [String] = []
          try reader.array { reader, n in
            reader.path.append("[\(n)]")
            guard case .text(let s) = try reader.scalar(), reader.lastWasString else {
              throw reader.failure("expected a string")
            }
            items.append(s)
            reader.path.removeLast()
          }
          vocabulary = items
        }
        reader.path.removeLast()
      case "cases":
        reader.path.append(".cases")
        var list: [(input: [OutputValue], output: [OutputValue])] = []
        try reader.array { reader, n in
          reader.path.append("[\(n)]")
          list.append(try reader.testCase())
          reader.path.removeLast()
        }
        cases = list
        reader.path.removeLast()
      default:
        try reader.skipValue()
      }
    }
    skipSpace()
    guard index == bytes.count else { throw syntax("unexpected text after the top-level object") }
    guard let cases else { throw Failure(message: "missing 'cases' at ") }
    return Contents(vocabulary: vocabulary, cases: cases)
  }

  private mutating func testCase() throws -> (input: [OutputValue], output: [OutputValue]) {
    var input: [OutputValue]?
    var output: [OutputValue]?
    try object { reader, key in
      switch key {
      case "input", "output":
        reader.path.append(".\(key)")
        var values: [OutputValue] = []
        try reader.array { reader, n in
          reader.path.append("[\(n)]")
          values.append(try reader.scalar())
          reader.path.removeLast()
        }
        if key == "input" { input = values } else { output = values }
        reader.path.removeLast()
      default:
        try reader.skipValue()
      }
    }
    guard let input else { throw Failure(message: "missing 'input' at \(path.joined())") }
    guard let output else { throw Failure(message: "missing 'output' at \(path.joined())") }
    return (input, output)
  }

  /// Whether the last ``scalar()`` was a JSON string.
  private var lastWasString = false

  /// A string, a boolean or an integer, as an output value.
  private mutating func scalar() throws -> OutputValue {
    lastWasString = false
    guard index < bytes.count else { throw syntax("unexpected end of file") }
    switch bytes[index] {
    case UInt8(ascii: "\""):
      lastWasString = true
      return .text(try string())
    case UInt8(ascii: "t"):
      try literal("true")
      return .boolean(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .boolean(false)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      guard let integer = try number() else { throw notAScalar() }
      return .text(String(integer))
    default:
      try skipValue()
      throw notAScalar()
    }
  }

  private func notAScalar() -> Failure {
    Failure(message: "a value is a string, an integer or a boolean (write fractions as \"p/q\") at \(path.joined())")
  }

  private func failure(_ what: String) -> Failure {
    Failure(message: "\(what) at \(path.joined())")
  }

  // MARK: JSON structure

  /// Reads an object, calling `member` with the reader at each value.
  private mutating func object(_ member: (inout ExpectedOutputsReader, String) throws -> Void) throws {
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
      if index < bytes.count, isValueStart(bytes[index]) {
        try skipValue()
        throw failure("expected an object")
      }
      throw syntax("expected an object")
    }
    index += 1
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return
    }
    while true {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw syntax("expected a key") }
      let key = try string()
      skipSpace()
      try expect(UInt8(ascii: ":"))
      skipSpace()
      try member(&self, key)
      skipSpace()
      guard index < bytes.count else { throw syntax("unexpected end of file") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect(UInt8(ascii: "}"))
      return
    }
  }

  /// Reads an array, calling `element` with the reader at each value and its index.
  private mutating func array(_ element: (inout ExpectedOutputsReader, Int) throws -> Void) throws {
    guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else {
      if index < bytes.count, isValueStart(bytes[index]) {
        try skipValue()
        throw failure("expected an array")
      }
      throw syntax("expected an array")
    }
    index += 1
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return
    }
    var n = 0
    while true {
      skipSpace()
      try element(&self, n)
      n += 1
      skipSpace()
      guard index < bytes.count else { throw syntax("unexpected end of file") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect(UInt8(ascii: "]"))
      return
    }
  }

  private func isValueStart(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default: return false
    }
  }

  /// Skips `null` if it is next.
  private mutating func skipNull() -> Bool {
    guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
      bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
    else { return false }
    index += 4
    return true
  }

  /// Skips any one JSON value, checking its syntax; nesting is bounded.
  private mutating func skipValue(depth: Int = 0) throws {
    guard depth < 512 else { throw syntax("nested too deeply") }
    guard index < bytes.count else { throw syntax("unexpected end of file") }
    switch bytes[index] {
    case UInt8(ascii: "\""): _ = try string()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try number()
    case UInt8(ascii: "["):
      let saved = path
      try array { reader, _ in try reader.skipValue(depth: depth + 1) }
      path = saved
    case UInt8(ascii: "{"):
      let saved = path
      try object { reader, _ in try reader.skipValue(depth: depth + 1) }
      path = saved
    default: throw syntax("unexpected character")
    }
  }

  // MARK: Tokens

  private mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func expect(_ byte: UInt8) throws {
    guard index < bytes.count, bytes[index] == byte else {
      throw syntax("expected '\(Character(Unicode.Scalar(byte)))'")
    }
    index += 1
  }

  private mutating func literal(_ word: StaticString) throws {
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw syntax("unexpected end of file") }
    for k in 0..<count where bytes[index + k] != word.utf8Start[k] {
      throw syntax("unexpected character")
    }
    index += count
  }

  /// A JSON string (the opening quote is next), escapes decoded; refuses
  /// control characters, bad escapes and invalid UTF-8.
  private mutating func string() throws -> String {
    index += 1
    let start = index
    var plain = true
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let range = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        if plain { return try text(range) }
        return try unescape(range)
      }
      if byte == UInt8(ascii: "\\") {
        plain = false
        index += 2
        continue
      }
      guard byte >= 0x20 else { throw syntax("control character in a string") }
      index += 1
    }
    throw syntax("unterminated string")
  }

  private func text(_ range: UnsafeBufferPointer<UInt8>) throws -> String {
    guard let s = String(validating: range, as: UTF8.self) else { throw syntax("invalid UTF-8 in a string") }
    return s
  }

  private func unescape(_ range: UnsafeBufferPointer<UInt8>) throws -> String {
    var out: [UInt8] = []
    out.reserveCapacity(range.count)
    var k = 0
    func hex4(_ at: Int) throws -> UInt32 {
      guard at + 4 <= range.count else { throw syntax("bad \\u escape") }
      var value: UInt32 = 0
      for byte in range[at..<(at + 4)] {
        let digit: UInt32
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
        default: throw syntax("bad \\u escape")
        }
        value = value << 4 | digit
      }
      return value
    }
    while k < range.count {
      let byte = range[k]
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        k += 1
        continue
      }
      guard k + 1 < range.count else { throw syntax("bad escape") }
      let code = range[k + 1]
      k += 2
      switch code {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4(k)
        k += 4
        if (0xD800..<0xDC00).contains(scalar) {
          guard k + 6 <= range.count, range[k] == UInt8(ascii: "\\"), range[k + 1] == UInt8(ascii: "u") else {
            throw syntax("unpaired surrogate in a \\u escape")
          }
          let low = try hex4(k + 2)
          guard (0xDC00..<0xE000).contains(low) else { throw syntax("unpaired surrogate in a \\u escape") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          k += 6
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw syntax("unpaired surrogate in a \\u escape") }
        out.append(contentsOf: Array(String(Character(unicode)).utf8))
      default: throw syntax("bad escape")
      }
    }
    guard let s = String(validating: out, as: UTF8.self) else { throw syntax("invalid UTF-8 in a string") }
    return s
  }

  /// A JSON number; its value when it is an integer that fits in Int
  /// (exactly: `2.50e1` is 25), nil otherwise.
  private mutating func number() throws -> Int? {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    var digits: [UInt8] = []
    func readDigits() -> Int {
      var n = 0
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        digits.append(bytes[index])
        index += 1
        n += 1
      }
      return n
    }
    guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
      throw syntax("bad number")
    }
    if bytes[index] == UInt8(ascii: "0") {
      digits.append(bytes[index])
      index += 1
    } else {
      _ = readDigits()
    }
    var scale = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let fraction = readDigits()
      guard fraction > 0 else { throw syntax("bad number") }
      scale -= fraction
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      var negative = false
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        negative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      var exponent = 0
      var count = 0
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        exponent = min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000_000)
        index += 1
        count += 1
      }
      guard count > 0 else { throw syntax("bad number") }
      scale += negative ? -exponent : exponent
    }
    // The value is digits × 10^scale: an integer when the trailing zeros cover a negative scale.
    while scale < 0, digits.count > 1, digits.last == UInt8(ascii: "0") {
      digits.removeLast()
      scale += 1
    }
    if digits.allSatisfy({ $0 == UInt8(ascii: "0") }) { return 0 }
    while digits.first == UInt8(ascii: "0") { digits.removeFirst() }
    guard scale >= 0 else { return nil }
    guard digits.count + scale <= 19 else { return nil }
    digits += Array(repeating: UInt8(ascii: "0"), count: scale)
    let negative = bytes[start] == UInt8(ascii: "-")
    return Int(String(decoding: (negative ? [UInt8(ascii: "-")] : []) + digits, as: UTF8.self))
  }

  private func syntax(_ what: String) -> Failure {
    var line = 1
    var column = 1
    for byte in bytes[0..<min(index, bytes.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return Failure(message: "not JSON: \(what) at line \(line), column \(column)")
  }
}
