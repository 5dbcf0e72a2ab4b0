/// Reads TOML 1.0 text into a ``TOMLTable``, one Unicode scalar at a time.
///
/// Written for this project so that no byte sequence can stop the process:
/// every problem is a ``TOMLError`` with a line and column, recursion is
/// bounded by ``maximumDepth``, and integers that do not fit in `Int` are
/// refused. Dates and times are refused (no project file uses them).
struct TOMLParser {
  /// The deepest nesting of arrays, inline tables and key paths accepted.
  static let maximumDepth = 128

  private let scalars: [Unicode.Scalar]
  private var index = 0
  /// The offset at which each line starts.
  private let lineStarts: [Int]

  init(_ text: String) {
    scalars = Array(text.unicodeScalars)
    var starts = [0]
    for (i, c) in scalars.enumerated() where c == "\n" { starts.append(i + 1) }
    lineStarts = starts
  }

  // MARK: Tree under construction

  /// A table while the document is read, with what the format needs to know
  /// to refuse redefinitions.
  private final class Node {
    enum Child {
      case table(Node)
      case tableArray([Node])
      case value(TOMLValue)
    }
    var keys: [String] = []
    var children: [String: Child] = [:]
    /// Where each key was first named (a scalar offset into the text).
    var offsets: [String: Int] = [:]
    /// Where each key's value starts (a scalar offset), for `key = value` entries.
    var valueOffsets: [String: Int] = [:]
    /// Where the table is opened: the last key of its `[a.b]` header or the `{` of an inline table.
    var openedAt: Int?
    /// Defined by a `[header]`.
    var explicit = false
    /// Created by a dotted key (`a.b = 1`).
    var dotted = false
    /// An inline table: closed to every later addition.
    var sealed = false
    let depth: Int

    init(depth: Int) { self.depth = depth }

    func set(_ key: String, _ child: Child, at offset: Int) {
      if children.updateValue(child, forKey: key) == nil {
        keys.append(key)
        offsets[key] = offset
      }
    }

    func seal() {
      sealed = true
      for child in children.values {
        if case .table(let node) = child { node.seal() }
      }
    }

    /// The finished table, each key with the line and column `locate` gives its offset.
    func table(_ locate: (Int) -> TOMLLocation) -> TOMLTable {
      var table = TOMLTable()
      for key in keys {
        switch children[key]! {
        case .table(let node): table[key] = .table(node.table(locate))
        case .tableArray(let nodes): table[key] = .array(nodes.map { .table($0.table(locate)) })
        case .value(let v): table[key] = v
        }
        if let offset = offsets[key] { table.locations[key] = locate(offset) }
        if let offset = valueOffsets[key] { table.valueLocations[key] = locate(offset) }
      }
      table.headerLocation = openedAt.map(locate)
      return table
    }
  }

  // MARK: Document

  mutating func parseDocument() throws -> TOMLTable {
    let root = Node(depth: 0)
    var current = root
    while true {
      skipSpaces()
      guard let c = peek() else { break }
      if c == "#" || c == "\n" || c == "\r" {
        try endOfLine()
        continue
      }
      if c == "[" {
        let start = index
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        skipSpaces()
        let path = try keyPath()
        skipSpaces()
        try expect("]", "expected ']' to close the table header")
        if isArray { try expect("]", "expected ']]' to close the array-of-tables header") }
        current = try openHeader(path, array: isArray, in: root, at: start)
      } else {
        try keyValue(into: current, depth: current.depth)
      }
      try endOfLine()
    }
    return root.table(locate)
  }

  /// The table a `[path]` or `[[path]]` header opens.
  private mutating func openHeader(_ path: [(key: String, at: Int)], array: Bool, in root: Node, at start: Int) throws -> Node {
    var node = root
    for (i, step) in path.enumerated() {
      let last = i == path.count - 1
      let name = quoted(path[0...i].map(\.key))
      switch node.children[step.key] {
      case nil:
        let depth = node.depth + 1
        if last && array {
          let element = Node(depth: depth)
          element.explicit = true
          element.openedAt = step.at
          node.set(step.key, .tableArray([element]), at: step.at)
          return element
        }
        let child = Node(depth: depth)
        child.explicit = last
        if last { child.openedAt = step.at }
        node.set(step.key, .table(child), at: step.at)
        node = child
      case .table(let child):
        if child.sealed { throw error(at: step.at, "\(name) is an inline table and cannot be extended") }
        if last {
          if array { throw error(at: step.at, "\(name) is already a table, not an array of tables") }
          if child.explicit { throw error(at: start, "table \(name) is defined twice") }
          if child.dotted { throw error(at: start, "table \(name) was already defined by dotted keys") }
          child.explicit = true
          child.openedAt = step.at
        }
        node = child
      case .tableArray(let elements):
        if last {
          guard array else { throw error(at: start, "\(name) is an array of tables; use [[\(path.map { quotedKey($0.key) }.joined(separator: "."))]]") }
          let element = Node(depth: node.depth + 1)
          element.explicit = true
          element.openedAt = step.at
          node.set(step.key, .tableArray(elements + [element]), at: step.at)
          return element
        }
        node = elements[elements.count - 1]
      case .value:
        throw error(at: step.at, "\(name) already holds a value, not a table")
      }
    }
    return node
  }

  /// Reads `key.path = value` into `table`.
  private mutating func keyValue(into table: Node, depth: Int) throws {
    let path = try keyPath()
    skipSpaces()
    try expect("=", "expected '=' after the key")
    skipSpaces()
    var node = table
    for (i, step) in path.dropLast().enumerated() {
      let name = quoted(path[0...i].map(\.key))
      switch node.children[step.key] {
      case nil:
        let child = Node(depth: node.depth + 1)
        child.dotted = true
        node.set(step.key, .table(child), at: step.at)
        node = child
      case .table(let child):
        if child.sealed { throw error(at: step.at, "\(name) is an inline table and cannot be extended") }
        if child.explicit || !child.dotted { throw error(at: step.at, "table \(name) is already defined elsewhere") }
        node = child
      case .tableArray, .value:
        throw error(at: step.at, "\(name) already holds a value, not a table")
      }
    }
    let last = path[path.count - 1]
    if node.children[last.key] != nil {
      throw error(at: last.at, "duplicate key \(quoted(path.map(\.key)))")
    }
    if node.depth + 1 > Self.maximumDepth { throw error(at: last.at, "nesting deeper than \(Self.maximumDepth) levels") }
    let valueStart = index
    switch try value(depth: node.depth + 1) {
    case .plain(let v): node.set(last.key, .value(v), at: last.at)
    // An inline table stays a (sealed) node, so later keys cannot extend it.
    case .inline(let table): node.set(last.key, .table(table), at: last.at)
    }
    node.valueOffsets[last.key] = valueStart
  }

  /// A value just read: a finished value, or an inline table still as a node.
  private enum Parsed {
    case plain(TOMLValue)
    case inline(Node)
  }

  /// A dotted key: bare and quoted parts separated by dots.
  private mutating func keyPath() throws -> [(key: String, at: Int)] {
    var path: [(key: String, at: Int)] = []
    while true {
      let start = index
      path.append((try simpleKey(), start))
      if path.count > Self.maximumDepth { throw error(at: start, "key with more than \(Self.maximumDepth) parts") }
      skipSpaces()
      if peek() == "." {
        advance()
        skipSpaces()
      } else {
        return path
      }
    }
  }

  private mutating func simpleKey() throws -> String {
    guard let c = peek() else { throw error("expected a key, found the end of the file") }
    if c == "\"" {
      if lookingAt("\"\"\"") { throw error("a key cannot be a multi-line string") }
      return try basicString()
    }
    if c == "'" {
      if lookingAt("'''") { throw error("a key cannot be a multi-line string") }
      return try literalString()
    }
    var key = ""
    while let c = peek(), isBareKey(c) {
      key.unicodeScalars.append(c)
      advance()
    }
    guard !key.isEmpty else { throw error("expected a key, found \(describe(c))") }
    return key
  }

  // MARK: Values

  private mutating func value(depth: Int) throws -> Parsed {
    guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    guard let c = peek() else { throw error("expected a value, found the end of the file") }
    switch c {
    case "\"":
      return .plain(.string(lookingAt("\"\"\"") ? try multilineBasicString() : try basicString()))
    case "'":
      return .plain(.string(lookingAt("'''") ? try multilineLiteralString() : try literalString()))
    case "[":
      return .plain(.array(try array(depth: depth)))
    case "{":
      return .inline(try inlineTable(depth: depth))
    default:
      return .plain(try scalarValue())
    }
  }

  /// A value inside an array: inline tables become plain values at once.
  private mutating func element(depth: Int) throws -> TOMLValue {
    switch try value(depth: depth) {
    case .plain(let v): return v
    case .inline(let node): return .table(node.table(locate))
    }
  }

  private mutating func array(depth: Int) throws -> [TOMLValue] {
    let start = index
    advance()  // [
    var elements: [TOMLValue] = []
    while true {
      try skipBlank()
      guard peek() != nil else { throw error(at: start, "unterminated array: no closing ']'") }
      if peek() == "]" {
        advance()
        return elements
      }
      elements.append(try element(depth: depth + 1))
      try skipBlank()
      guard let c = peek() else { throw error(at: start, "unterminated array: no closing ']'") }
      if c == "," {
        advance()
      } else if c == "]" {
        advance()
        return elements
      } else {
        throw error("expected ',' or ']' in the array, found \(describe(c))")
      }
    }
  }

  private mutating func inlineTable(depth: Int) throws -> Node {
    let node = Node(depth: depth)
    node.openedAt = index
    advance()  // {
    skipSpaces()
    if peek() == "}" {
      advance()
      node.seal()
      return node
    }
    while true {
      skipSpaces()
      try keyValue(into: node, depth: depth)
      skipSpaces()
      guard let c = peek() else { throw error("unterminated inline table: expected ',' or '}'") }
      if c == "," {
        advance()
        skipSpaces()
        if peek() == "}" { throw error("trailing comma in an inline table") }
      } else if c == "}" {
        advance()
        node.seal()
        return node
      } else {
        throw error("expected ',' or '}' in the inline table, found \(describe(c))")
      }
    }
  }

  /// A boolean, integer, float or (refused) date: one run of value characters.
  private mutating func scalarValue() throws -> TOMLValue {
    let start = index
    var text = ""
    while let c = peek(), isValueCharacter(c) {
      text.unicodeScalars.append(c)
      advance()
    }
    guard !text.isEmpty else { throw error(at: start, "expected a value, found \(describe(peek()!))") }
    if text == "true" { return .boolean(true) }
    if text == "false" { return .boolean(false) }
    if let v = try number(text, at: start) { return v }
    throw error(at: start, "invalid value '\(text)'")
  }

  private func number(_ text: String, at start: Int) throws -> TOMLValue? {
    var body = Substring(text)
    var sign = ""
    if let first = body.first, first == "+" || first == "-" {
      sign = String(first)
      body = body.dropFirst()
    }
    if body == "inf" { return .float(sign == "-" ? -.infinity : .infinity) }
    if body == "nan" { return .float(.nan) }
    let isDigit = { (c: Character) in c.isASCII && c.isNumber }
    guard let first = body.first, isDigit(first) else { return nil }
    if body.contains(":") || (body.count >= 10 && body.dropFirst(4).first == "-" && body.prefix(4).allSatisfy(isDigit)) {
      throw error(at: start, "dates and times are not supported in this file")
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
      guard sign.isEmpty else { throw error(at: start, "a \(prefix) integer cannot have a sign") }
      let digits = try underscored(body.dropFirst(2), radix: radix, at: start)
      guard let v = Int(digits, radix: radix) else { throw error(at: start, "integer '\(text)' does not fit in 64 bits") }
      return .integer(v)
    }
    // Decimal: split into integer part, fraction and exponent.
    var intPart = body
    var fraction: Substring?
    var exponent: Substring?
    if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = body[body.index(after: e)...]
      intPart = body[..<e]
    }
    if let dot = intPart.firstIndex(of: ".") {
      fraction = intPart[intPart.index(after: dot)...]
      intPart = intPart[..<dot]
    }
    let integerDigits = try underscored(intPart, radix: 10, at: start)
    if integerDigits.count > 1 && integerDigits.first == "0" { throw error(at: start, "leading zeros in '\(text)'") }
    if fraction == nil && exponent == nil {
      guard let v = Int(sign + integerDigits) else { throw error(at: start, "integer '\(text)' does not fit in 64 bits") }
      return .integer(v)
    }
    var literal = sign + integerDigits
    if let fraction { literal += "." + (try underscored(fraction, radix: 10, at: start)) }
    if var exponent {
      var expSign = ""
      if let first = exponent.first, first == "+" || first == "-" {
        expSign = String(first)
        exponent = exponent.dropFirst()
      }
      literal += "e" + expSign + (try underscored(exponent, radix: 10, at: start))
    }
    guard let v = Double(literal) else { throw error(at: start, "invalid number '\(text)'") }
    return .float(v)
  }

  /// The digits of `text` with single underscores between digits removed.
  private func underscored(_ text: Substring, radix: Int, at start: Int) throws -> String {
    var digits = ""
    var previousWasDigit = false
    for c in text {
      if c == "_" {
        guard previousWasDigit else { throw error(at: start, "an underscore in a number must sit between digits") }
        previousWasDigit = false
      } else if c.isHexDigit, let d = c.hexDigitValue, d < radix {
        digits.append(c)
        previousWasDigit = true
      } else {
        throw error(at: start, "unexpected '\(c)' in a number")
      }
    }
    guard previousWasDigit else {
      throw error(at: start, digits.isEmpty ? "expected digits" : "an underscore in a number must sit between digits")
    }
    return digits
  }

  // MARK: Strings

  private mutating func basicString() throws -> String {
    let start = index
    advance()  // "
    var s = ""
    while true {
      guard let c = peek() else { throw error(at: start, "unterminated string") }
      if c == "\"" {
        advance()
        return s
      }
      if c == "\n" || c == "\r" { throw error(at: start, "unterminated string (a basic string ends on its line)") }
      if c == "\\" {
        s.unicodeScalars.append(try escape())
        continue
      }
      try checkAllowed(c)
      s.unicodeScalars.append(c)
      advance()
    }
  }

  private mutating func multilineBasicString() throws -> String {
    let start = index
    index += 3
    skipNewline()
    var s = ""
    while true {
      guard let c = peek() else { throw error(at: start, "unterminated multi-line string") }
      if c == "\"" && lookingAt("\"\"\"") {
        var quotes = 0
        while peek() == "\"" {
          quotes += 1
          advance()
        }
        if quotes > 5 { throw error("too many quotes closing a multi-line string") }
        s += String(repeating: "\"", count: quotes - 3)
        return s
      }
      if c == "\\" {
        // A backslash ending a line trims the newline and the blank space after it.
        var probe = index + 1
        while probe < scalars.count, scalars[probe] == " " || scalars[probe] == "\t" { probe += 1 }
        if probe < scalars.count, scalars[probe] == "\n" || (scalars[probe] == "\r" && probe + 1 < scalars.count && scalars[probe + 1] == "\n") {
          index = probe
          while let w = peek(), w == " " || w == "\t" || w == "\n" || (w == "\r" && peekNext() == "\n") { advance() }
          continue
        }
        s.unicodeScalars.append(try escape())
        continue
      }
      if c == "\r" {
        guard peekNext() == "\n" else { throw error("a carriage return must be followed by a newline") }
        advance()
        continue
      }
      if c != "\n" { try checkAllowed(c) }
      s.unicodeScalars.append(c)
      advance()
    }
  }

  private mutating func literalString() throws -> String {
    let start = index
    advance()  // '
    var s = ""
    while true {
      guard let c = peek() else { throw error(at: start, "unterminated literal string") }
      if c == "'" {
        advance()
        return s
      }
      if c == "\n" || c == "\r" { throw error(at: start, "unterminated literal string (it ends on its line)") }
      try checkAllowed(c)
      s.unicodeScalars.append(c)
      advance()
    }
  }

  private mutating func multilineLiteralString() throws -> String {
    let start = index
    index += 3
    skipNewline()
    var s = ""
    while true {
      guard let c = peek() else { throw error(at: start, "unterminated multi-line literal string") }
      if c == "'" && lookingAt("'''") {
        var quotes = 0
        while peek() == "'" {
          quotes += 1
          advance()
        }
        if quotes > 5 { throw error("too many quotes closing a multi-line literal string") }
        s += String(repeating: "'", count: quotes - 3)
        return s
      }
      if c == "\r" {
        guard peekNext() == "\n" else { throw error("a carriage return must be followed by a newline") }
        advance()
        continue
      }
      if c != "\n" { try checkAllowed(c) }
      s.unicodeScalars.append(c)
      advance()
    }
  }

  private mutating func escape() throws -> Unicode.Scalar {
    let start = index
    advance()  // backslash
    guard let c = peek() else { throw error(at: start, "unterminated escape") }
    advance()
    switch c {
    case "b": return "\u{08}"
    case "t": return "\t"
    case "n": return "\n"
    case "f": return "\u{0C}"
    case "r": return "\r"
    case "e": return "\u{1B}"
    case "\"": return "\""
    case "\\": return "\\"
    case "u", "U":
      let count = c == "u" ? 4 : 8
      var hex = ""
      for _ in 0..<count {
        guard let h = peek(), h.properties.isASCIIHexDigit else {
          throw error(at: start, "\\\(c) needs \(count) hexadecimal digits")
        }
        hex.unicodeScalars.append(h)
        advance()
      }
      guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
        throw error(at: start, "\\\(c)\(hex) is not a Unicode scalar value")
      }
      return scalar
    default:
      throw error(at: start, "unknown escape '\\\(c)'")
    }
  }

  private func checkAllowed(_ c: Unicode.Scalar) throws {
    if (c.value < 0x20 && c != "\t") || c.value == 0x7F {
      throw error("control character U+\(String(c.value, radix: 16, uppercase: true)) must be escaped")
    }
  }

  // MARK: Layout

  /// Spaces and tabs.
  private mutating func skipSpaces() {
    while let c = peek(), c == " " || c == "\t" { advance() }
  }

  /// Spaces, newlines and comments (inside arrays).
  private mutating func skipBlank() throws {
    while let c = peek() {
      if c == " " || c == "\t" || c == "\n" {
        advance()
      } else if c == "\r" {
        guard peekNext() == "\n" else { throw error("a carriage return must be followed by a newline") }
        advance()
      } else if c == "#" {
        try comment()
      } else {
        return
      }
    }
  }

  /// Optional spaces and comment, then a newline or the end of the file.
  private mutating func endOfLine() throws {
    skipSpaces()
    if peek() == "#" { try comment() }
    guard let c = peek() else { return }
    if c == "\n" {
      advance()
    } else if c == "\r" && peekNext() == "\n" {
      index += 2
    } else {
      throw error("expected the end of the line, found \(describe(c))")
    }
  }

  private mutating func comment() throws {
    while let c = peek(), c != "\n" {
      if c == "\r" && peekNext() == "\n" { return }
      if c != "\t" && (c.value < 0x20 || c.value == 0x7F) {
        throw error("control character U+\(String(c.value, radix: 16, uppercase: true)) in a comment")
      }
      advance()
    }
  }

  private mutating func skipNewline() {
    if peek() == "\n" {
      advance()
    } else if peek() == "\r" && peekNext() == "\n" {
      index += 2
    }
  }

  private mutating func expect(_ c: Unicode.Scalar, _ message: String) throws {
    guard peek() == c else {
      throw error(peek().map { "\(message), found \(describe($0))" } ?? "\(message), found the end of the file")
    }
    advance()
  }

  private func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
  private func peekNext() -> Unicode.Scalar? { index + 1 < scalars.count ? scalars[index + 1] : nil }
  private mutating func advance() { index += 1 }

  private func lookingAt(_ text: String) -> Bool {
    var i = index
    for c in text.unicodeScalars {
      guard i < scalars.count, scalars[i] == c else { return false }
      i += 1
    }
    return true
  }

  private func isBareKey(_ c: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
  }

  private func isValueCharacter(_ c: Unicode.Scalar) -> Bool {
    isBareKey(c) || c == "+" || c == "." || c == ":"
  }

  private func describe(_ c: Unicode.Scalar) -> String {
    switch c {
    case "\n", "\r": return "the end of the line"
    case _ where c.value < 0x20 || c.value == 0x7F: return "control character U+\(String(c.value, radix: 16, uppercase: true))"
    default: return "'\(c)'"
    }
  }

  private func quotedKey(_ key: String) -> String {
    !key.isEmpty && key.unicodeScalars.allSatisfy(isBareKey) ? key : "\"\(key)\""
  }

  private func quoted(_ path: [String]) -> String {
    "'" + path.map(quotedKey).joined(separator: ".") + "'"
  }

  // MARK: Errors

  /// The 1-based line and column of scalar offset `offset` (a binary search
  /// over the line starts).
  private func locate(_ offset: Int) -> TOMLLocation {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return TOMLLocation(line: low + 1, column: offset - lineStarts[low] + 1)
  }

  private func error(_ message: String) -> TOMLError { error(at: index, message) }

  /// An error at scalar offset `at`, with its 1-based line and column.
  private func error(at offset: Int, _ message: String) -> TOMLError {
    var line = 1
    var column = 1
    var i = 0
    let end = min(offset, scalars.count)
    while i < end {
      if scalars[i] == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      i += 1
    }
    return TOMLError(line: line, column: column, message: message)
  }
}
