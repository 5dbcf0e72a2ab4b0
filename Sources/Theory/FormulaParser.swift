import ExactArithmetic

/// Recursive-descent parser for ``Formula`` (precedence: unary minus,
/// then `* /`, then `+ -`; calls and parentheses bind tightest).
struct FormulaParser {
  let text: String
  let chars: [Character]
  var at = 0

  init(_ text: String) {
    self.text = text
    chars = Array(text)
  }

  static let functions: [String: ClosedRange<Int>] = [
    "ceil": 1...1, "floor": 1...1, "log2": 1...1, "min": 2...16, "max": 2...16,
  ]

  mutating func parse() throws -> Formula.Node {
    let node = try sum()
    skipSpaces()
    if at < chars.count { throw error("unexpected '\(chars[at])'") }
    return node
  }

  func error(_ why: String) -> FormulaError {
    .syntax(why, column: at + 1, text: text)
  }

  mutating func skipSpaces() {
    while at < chars.count, chars[at] == " " || chars[at] == "\t" { at += 1 }
  }

  mutating func sum() throws -> Formula.Node {
    var node = try product()
    while true {
      skipSpaces()
      guard at < chars.count, chars[at] == "+" || chars[at] == "-" else { return node }
      let op = chars[at]
      at += 1
      node = .binary(op, node, try product())
    }
  }

  mutating func product() throws -> Formula.Node {
    var node = try unary()
    while true {
      skipSpaces()
      guard at < chars.count, chars[at] == "*" || chars[at] == "/" || chars[at] == "×" || chars[at] == "÷"
      else { return node }
      let op: Character = chars[at] == "*" || chars[at] == "×" ? "*" : "/"
      at += 1
      node = .binary(op, node, try unary())
    }
  }

  mutating func unary() throws -> Formula.Node {
    skipSpaces()
    if at < chars.count, chars[at] == "-" || chars[at] == "−" {
      at += 1
      return .negate(try unary())
    }
    return try power()
  }

  /// `a ^ b`, right-associative, binding tighter than unary minus on its left.
  mutating func power() throws -> Formula.Node {
    let base = try atom()
    skipSpaces()
    guard at < chars.count, chars[at] == "^" else { return base }
    at += 1
    return .binary("^", base, try unary())
  }

  mutating func atom() throws -> Formula.Node {
    skipSpaces()
    guard at < chars.count else { throw error("expected a number, a name or '('") }
    let c = chars[at]
    if c == "(" {
      at += 1
      let inner = try sum()
      skipSpaces()
      guard at < chars.count, chars[at] == ")" else { throw error("expected ')'") }
      at += 1
      return inner
    }
    if c.isNumber || c == "." {
      let start = at
      while at < chars.count, chars[at].isNumber || chars[at] == "." { at += 1 }
      let literal = String(chars[start..<at])
      guard let value = Rational(literal) else {
        at = start
        throw error("'\(literal)' is not a number")
      }
      return .number(value)
    }
    if c.isLetter || c == "_" {
      let start = at
      // `setting.resource` names a resource measured for another setting.
      while at < chars.count,
        chars[at].isLetter || chars[at].isNumber || chars[at] == "_"
          || (chars[at] == "." && at + 1 < chars.count && (chars[at + 1].isLetter || chars[at + 1] == "_"))
      { at += 1 }
      let name = String(chars[start..<at])
      skipSpaces()
      guard at < chars.count, chars[at] == "(" else { return .variable(name) }
      guard let arity = FormulaParser.functions[name] else {
        at = start
        throw error("unknown function '\(name)' (known: ceil, floor, log2, min, max)")
      }
      at += 1
      var args = [try sum()]
      skipSpaces()
      while at < chars.count, chars[at] == "," {
        at += 1
        args.append(try sum())
        skipSpaces()
      }
      guard at < chars.count, chars[at] == ")" else { throw error("expected ',' or ')'") }
      guard arity.contains(args.count) else {
        at = start
        throw error("\(name) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or more") argument\(arity.upperBound == 1 ? "" : "s"), got \(args.count)")
      }
      at += 1
      return .call(name, args)
    }
    throw error("unexpected '\(c)'")
  }
}
