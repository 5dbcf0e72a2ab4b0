import ExactArithmetic

/// Arithmetic(n, p) as Feng et al. 2023 state it: expressions over F_p
/// with the usual precedence (`*` and `/` bind tighter than `+` and `-`,
/// all four left-associative) and optional parentheses,
///
///     E → E + T | E - T | T,   T → T * F | T / F | F,   F → ( E ) | number,
///
/// numbers 0…p−1 one token each. The fully parenthesised expressions are a
/// subset. Division by zero follows the rule of the parenthesised reference:
/// an expression whose parse divides by zero (the divisor's value, a
/// sub-expression, is 0) is not an instance — it is refused with an error
/// and never generated.
///
/// One chain-of-thought step evaluates exactly one operation, the leftmost
/// reducible one (ordered by its central token: the operator, or the number
/// of `( n )`):
/// - `a * b` or `a / b` (a, b numbers) whose left operand is not preceded by
///   `*` or `/`;
/// - `a + b` or `a - b` (a, b numbers) preceded by `(` or the start, and
///   followed by `)`, `+`, `-` or the end;
/// - `( n )`, which becomes n.
/// A binary operation in parentheses of its own, `( a op b )`, drops them in
/// the same step, so on a fully parenthesised expression the chain is the
/// leftmost-innermost reduction of ``reduceInnermost(_:prime:)``.
extension Arithmetic {
  /// The value of a number token of F_p, or nil.
  public static func number(_ token: String, prime p: Int) -> Int? {
    guard let value = Int(token), (0..<p).contains(value), String(value) == token else { return nil }
    return value
  }

  /// The value in F_p of an expression with precedence and optional parentheses.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` when `tokens` is not an
  ///   expression over F_p, or its parse divides by zero.
  public static func evaluate(_ tokens: [String], prime p: Int) throws -> Int {
    var index = 0
    func peek() -> String? { index < tokens.count ? tokens[index] : nil }
    func factor() throws -> Int {
      guard let token = peek() else { throw malformedPrecedence(tokens, "ends early") }
      if let value = number(token, prime: p) {
        index += 1
        return value
      }
      guard token == "(" else {
        throw malformedPrecedence(tokens, "expected a number or '(' at token \(index + 1), got '\(token)'")
      }
      index += 1
      let value = try expression()
      guard peek() == ")" else { throw malformedPrecedence(tokens, "expected ')' at token \(index + 1)") }
      index += 1
      return value
    }
    func chain(_ operators: Set<String>, _ operand: () throws -> Int) throws -> Int {
      var value = try operand()
      while let op = peek(), operators.contains(op) {
        index += 1
        let right = try operand()
        guard let combined = apply(value, op, right, prime: p) else { throw malformedPrecedence(tokens, "divides by zero") }
        value = combined
      }
      return value
    }
    func term() throws -> Int { try chain(["*", "/"], factor) }
    func expression() throws -> Int { try chain(["+", "-"], term) }
    let value = try expression()
    guard index == tokens.count else {
      throw malformedPrecedence(tokens, "has '\(tokens[index])' after the expression at token \(index + 1)")
    }
    return value
  }

  /// The height of the parse tree: 0 for a number, one more than the
  /// higher operand for a binary operation, one more than the inside for
  /// `( E )`. An expression of n tokens has height at most (n − 1)/2.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` when `tokens` is not an
  ///   expression over F_p, or its parse divides by zero.
  public static func height(_ tokens: [String], prime p: Int) throws -> Int {
    _ = try evaluate(tokens, prime: p)
    var index = 0
    func factor() -> Int {
      if tokens[index] == "(" {
        index += 1
        let inside = expression()
        index += 1
        return inside + 1
      }
      index += 1
      return 0
    }
    func chain(_ operators: Set<String>, _ operand: () -> Int) -> Int {
      var height = operand()
      while index < tokens.count, operators.contains(tokens[index]) {
        index += 1
        height = max(height, operand()) + 1
      }
      return height
    }
    func term() -> Int { chain(["*", "/"], factor) }
    func expression() -> Int { chain(["+", "-"], term) }
    return expression()
  }

  /// The value of each prefix that is itself an expression (the tokens up
  /// to a number or `)` outside every parenthesis), `_` at the other positions.
  public static func prefixValues(_ tokens: [String], prime p: Int) throws -> [String] {
    _ = try evaluate(tokens, prime: p)
    var depth = 0
    return try tokens.indices.map { i in
      if tokens[i] == "(" { depth += 1 }
      if tokens[i] == ")" { depth -= 1 }
      guard depth == 0, tokens[i] == ")" || number(tokens[i], prime: p) != nil else { return "_" }
      return String(try evaluate(Array(tokens[...i]), prime: p))
    }
  }

  /// The leftmost reducible operation (the rule above): the tokens
  /// `start...end` it replaces and its value, nil for a lone number.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` when `tokens` is not
  ///   an expression over F_p or divides by zero.
  public static func reduction(_ tokens: [String], prime p: Int) throws -> (start: Int, end: Int, value: Int)? {
    _ = try evaluate(tokens, prime: p)
    func token(_ i: Int) -> String? { tokens.indices.contains(i) ? tokens[i] : nil }
    for c in tokens.indices {
      if let n = number(tokens[c], prime: p), token(c - 1) == "(", token(c + 1) == ")" { return (c - 1, c + 1, n) }
      guard operators.contains(tokens[c]), let a = token(c - 1).flatMap({ number($0, prime: p) }),
        let b = token(c + 1).flatMap({ number($0, prime: p) })
      else { continue }
      let before = token(c - 2)
      let after = token(c + 2)
      let reducible =
        ["*", "/"].contains(tokens[c])
        ? before != "*" && before != "/"
        : (before == nil || before == "(") && (after == nil || [")", "+", "-"].contains(after!))
      guard reducible else { continue }
      guard let value = apply(a, tokens[c], b, prime: p) else { throw malformedPrecedence(tokens, "divides by zero") }
      return before == "(" && after == ")" ? (c - 2, c + 2, value) : (c - 1, c + 1, value)
    }
    return nil
  }

  /// One chain-of-thought step: the leftmost reducible operation replaced by its value.
  public static func reduceOnce(_ tokens: [String], prime p: Int) throws -> [String] {
    guard let (start, end, value) = try reduction(tokens, prime: p) else { throw malformedPrecedence(tokens, "has no operator") }
    return Array(tokens[..<start]) + [String(value)] + Array(tokens[(end + 1)...])
  }

  /// Every expression of exactly `length` tokens with precedence and
  /// optional parentheses (and parse-tree height at most `height`, when
  /// given) whose parse never divides by zero, in a fixed order.
  public static func precedenceExpressions(length: Int, prime p: Int, height: Int? = nil) -> [[String]] {
    let top = height ?? (length - 1) / 2
    guard length >= 1, length % 2 == 1, top >= 0 else { return [] }
    // lists[[symbol, n, k]]: (tokens, value) for E (0), T (1), F (2) of n tokens and height at most k.
    var lists: [[Int]: [([String], Int)]] = [:]
    func build(_ symbol: Int, _ n: Int, _ k: Int) -> [([String], Int)] {
      if n < 1 || n % 2 == 0 || k < 0 { return [] }
      if let known = lists[[symbol, n, k]] { return known }
      var list: [([String], Int)] = []
      switch symbol {
      case 2:
        list =
          n == 1
          ? numbers(prime: p).enumerated().map { ([$0.element], $0.offset) }
          : build(0, n - 2, k - 1).map { (["("] + $0.0 + [")"], $0.1) }
      default:
        list = build(symbol + 1, n, k)
        let ops = symbol == 0 ? ["+", "-"] : ["*", "/"]
        for a in stride(from: 1, to: n - 1, by: 2) {
          let rights = build(symbol + 1, n - 1 - a, k - 1)
          for (l, x) in build(symbol, a, k - 1) {
            for op in ops {
              for (r, y) in rights {
                if let v = apply(x, op, y, prime: p) { list.append((l + [op] + r, v)) }
              }
            }
          }
        }
      }
      lists[[symbol, n, k]] = list
      return list
    }
    return build(0, length, top).map(\.0)
  }

  /// How many expressions ``precedenceExpressions(length:prime:)`` lists
  /// (those of parse-tree height at most `height`, when given; nil past 2^63).
  public static func precedenceCount(length: Int, prime p: Int, height: Int? = nil) -> Int? {
    guard length >= 1, length % 2 == 1 else { return 0 }
    let top = height ?? (length - 1) / 2
    guard top >= 0 else { return 0 }
    func add(_ a: Int?, _ b: Int?) -> Int? {
      guard let a, let b, case let (s, false) = a.addingReportingOverflow(b) else { return nil }
      return s
    }
    func times(_ a: Int?, _ b: Int?) -> Int? {
      guard let a, let b, case let (s, false) = a.multipliedReportingOverflow(by: b) else { return nil }
      return s
    }
    // ways[symbol][n][k][v]: E (0), T (1), F (2) of n tokens, height at most k, value v.
    let zero = [Int?](repeating: 0, count: p)
    var ways = Array(repeating: Array(repeating: Array(repeating: zero, count: top + 1), count: length + 1), count: 3)
    for n in stride(from: 1, through: length, by: 2) {
      for k in 0...top {
        ways[2][n][k] = n == 1 ? Array(repeating: 1, count: p) : k == 0 ? zero : ways[0][n - 2][k - 1]
        for symbol in [1, 0] {
          var row = ways[symbol + 1][n][k]
          let ops = symbol == 0 ? ["+", "-"] : ["*", "/"]
          if k > 0 {
            for a in stride(from: 1, to: n - 1, by: 2) {
              for x in 0..<p where ways[symbol][a][k - 1][x] != 0 {
                for y in 0..<p where ways[symbol + 1][n - 1 - a][k - 1][y] != 0 {
                  let product = times(ways[symbol][a][k - 1][x], ways[symbol + 1][n - 1 - a][k - 1][y])
                  for op in ops {
                    if let v = apply(x, op, y, prime: p) { row[v] = add(row[v], product) }
                  }
                }
              }
            }
          }
          ways[symbol][n][k] = row
        }
      }
    }
    return ways[0][length][top].reduce(Int?(0), add)
  }

  /// A seeded random expression of exactly `length` tokens (odd, at least
  /// 1) with precedence and optional parentheses: each derivation of the
  /// grammar drawn with probability proportional to the number of token
  /// strings it leads to (uniform over the strings of that length, up to the
  /// rounding of the counts to Double), redrawn until its parse never
  /// divides by zero (which keeps it uniform over the instances).
  public static func randomPrecedence(length: Int, prime p: Int, sampler: inout ExactSampler) -> [String] {
    precondition(length >= 1 && length % 2 == 1, "expressions have an odd number of tokens")
    // weights[symbol][n]: the number of token strings (ignoring division by zero).
    var weights = Array(repeating: Array(repeating: 0.0, count: length + 1), count: 3)
    for n in stride(from: 1, through: length, by: 2) {
      weights[2][n] = n == 1 ? Double(p) : weights[0][n - 2]
      for symbol in [1, 0] {
        weights[symbol][n] = weights[symbol + 1][n]
        for a in stride(from: 1, to: n - 1, by: 2) { weights[symbol][n] += 2 * weights[symbol][a] * weights[symbol + 1][n - 1 - a] }
      }
    }
    func uniform() -> Double { Double(sampler.next() >> 11) / Double(1 << 53) }
    func draw(_ symbol: Int, _ n: Int) -> [String] {
      if symbol == 2 {
        return n == 1 ? [String(sampler.below(UInt64(p)))] : ["("] + draw(0, n - 2) + [")"]
      }
      var u = uniform() * weights[symbol][n] - weights[symbol + 1][n]
      if u < 0 { return draw(symbol + 1, n) }
      var split = 1
      while split + 2 < n - 1 {
        u -= 2 * weights[symbol][split] * weights[symbol + 1][n - 1 - split]
        if u < 0 { break }
        split += 2
      }
      let ops = symbol == 0 ? ["+", "-"] : ["*", "/"]
      let left = draw(symbol, split)
      return left + [ops[Int(sampler.below(2))]] + draw(symbol + 1, n - 1 - split)
    }
    while true {
      let tokens = draw(0, length)
      if (try? evaluate(tokens, prime: p)) != nil { return tokens }
    }
  }

  static func malformedPrecedence(_ tokens: [String], _ why: String) -> ConstructionError {
    .badParameter(
      "arithmetic: '\(tokens.joined(separator: " "))' \(why) (expressions: numbers 0...p-1, + - * / with * and / binding tighter, left-associative, and parentheses)"
    )
  }
}
