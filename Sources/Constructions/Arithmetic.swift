import ExactArithmetic

/// Arithmetic(n, p) of Feng et al. 2023: the reference both arithmetic
/// constructions are checked against. This file holds the fully
/// parenthesised subset — `( E op E )` or a number 0…p−1 (one token), with
/// op one of `+ - * /` over F_p — its parsing, the value of every
/// sub-expression and its instances; `Arithmetic+Precedence.swift` holds
/// the expressions with precedence and optional parentheses, and the chain
/// of thought for both.
public enum Arithmetic {
  /// The operator tokens.
  public static let operators = ["+", "-", "*", "/"]

  /// The number tokens of F_p.
  public static func numbers(prime p: Int) -> [String] { (0..<p).map(String.init) }

  /// Checks that p is a prime the constructions accept (2…97).
  public static func checkPrime(_ p: Int, family: String) throws {
    guard (2...97).contains(p), (2..<p).allSatisfy({ p % $0 != 0 }) else {
      throw ConstructionError.badParameter("\(family): p must be a prime from 2 to 97, got \(p)")
    }
  }

  /// `a op b` in F_p, or nil for a division by zero.
  public static func apply(_ a: Int, _ op: String, _ b: Int, prime p: Int) -> Int? {
    switch op {
    case "+": return (a + b) % p
    case "-": return ((a - b) % p + p) % p
    case "*": return (a * b) % p
    case "/":
      guard b % p != 0 else { return nil }
      // b^(p−2) is b's inverse (Fermat).
      var inverse = 1
      for _ in 0..<(p - 2) { inverse = inverse * b % p }
      return a * inverse % p
    default: return nil
    }
  }

  /// The value at the end of every sub-expression: position i holds the
  /// value of the number or `( … )` ending there, `_` elsewhere.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` when `tokens` is not a
  ///   fully parenthesised expression over F_p, or divides by zero.
  public static func valuesAtEnds(_ tokens: [String], prime p: Int) throws -> [String] {
    var outputs = Array(repeating: "_", count: tokens.count)
    var index = 0
    func expression() throws -> Int {
      guard index < tokens.count else { throw malformed(tokens, "ends early") }
      let token = tokens[index]
      if let value = Int(token), (0..<p).contains(value), String(value) == token {
        outputs[index] = token
        index += 1
        return value
      }
      guard token == "(" else { throw malformed(tokens, "expected a number or '(' at token \(index + 1), got '\(token)'") }
      index += 1
      let left = try expression()
      guard index < tokens.count, operators.contains(tokens[index]) else {
        throw malformed(tokens, "expected an operator at token \(index + 1)")
      }
      let op = tokens[index]
      index += 1
      let right = try expression()
      guard index < tokens.count, tokens[index] == ")" else { throw malformed(tokens, "expected ')' at token \(index + 1)") }
      guard let value = apply(left, op, right, prime: p) else { throw malformed(tokens, "divides by zero") }
      outputs[index] = String(value)
      index += 1
      return value
    }
    _ = try expression()
    guard index == tokens.count else { throw malformed(tokens, "has tokens after the expression") }
    return outputs
  }

  /// The value of a fully parenthesised expression over F_p.
  public static func value(_ tokens: [String], prime p: Int) throws -> Int {
    Int(try valuesAtEnds(tokens, prime: p).last!)!
  }

  /// The deepest nesting of parentheses (0 for a number).
  public static func nesting(_ tokens: [String]) -> Int {
    var depth = 0
    var deepest = 0
    for token in tokens {
      if token == "(" { depth += 1; deepest = max(deepest, depth) }
      if token == ")" { depth -= 1 }
    }
    return deepest
  }

  /// One step on a fully parenthesised expression: the leftmost innermost
  /// `( a op b )` replaced by its value (the step ``reduceOnce(_:prime:)``
  /// takes on these expressions).
  public static func reduceInnermost(_ tokens: [String], prime p: Int) throws -> [String] {
    _ = try valuesAtEnds(tokens, prime: p)
    guard tokens.count >= 5,
      let start = (0...(tokens.count - 5)).first(where: { i in
        tokens[i] == "(" && Int(tokens[i + 1]) != nil && Int(tokens[i + 3]) != nil
      })
    else { throw malformed(tokens, "has no operator") }
    let value = apply(Int(tokens[start + 1])!, tokens[start + 2], Int(tokens[start + 3])!, prime: p)!
    return Array(tokens[..<start]) + [String(value)] + Array(tokens[(start + 5)...])
  }

  /// The tokens the chain-of-thought model emits after the prompt
  /// `E =`: each rewritten expression (``reduceOnce(_:prime:)``: the
  /// leftmost reducible operation evaluated) followed by `=`, the last (a
  /// number) by `eos`.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` for a prompt that is
  ///   not an expression (with precedence and optional parentheses) of more
  ///   than one token followed by `=`, or that divides by zero.
  public static func chainOfThought(_ prompt: [String], prime p: Int) throws -> [String] {
    guard prompt.last == "=" else { throw malformedPrecedence(prompt, "must end with '='") }
    var expression = Array(prompt.dropLast())
    _ = try evaluate(expression, prime: p)
    guard expression.count > 1 else { throw malformedPrecedence(prompt, "has no operator") }
    var emitted: [String] = []
    while expression.count > 1 {
      expression = try reduceOnce(expression, prime: p)
      emitted += expression + [expression.count == 1 ? "eos" : "="]
    }
    return emitted
  }

  /// Tokens in the longest chain-of-thought run for expressions of at most
  /// `length` tokens: the prompt and its `=`, then the rewrites with their
  /// `=` (the last with `eos`). A fully parenthesised step removes 4 tokens
  /// (m = (n − 1)/4 steps); with precedence a step may remove only 2
  /// (m = (n − 1)/2 steps).
  public static func chainLength(expressionLength n: Int, family: ArithmeticFamily = .parenthesised) -> Int {
    let removed = family == .parenthesised ? 4 : 2
    var total = n + 1
    for k in stride(from: 1, through: (n - 1) / removed, by: 1) { total += n - removed * k + 1 }
    return total
  }

  /// Every fully parenthesised expression over F_p with exactly `count`
  /// operators (and nesting at most `nesting`, when given) that never
  /// divides by zero, in a fixed order.
  public static func expressions(operators count: Int, prime p: Int, nesting: Int? = nil) -> [[String]] {
    var memo: [[Int]: [([String], Int)]] = [:]
    func build(_ k: Int, _ h: Int) -> [([String], Int)] {
      if k == 0 { return numbers(prime: p).enumerated().map { ([$0.element], $0.offset) } }
      if h == 0 { return [] }
      if let known = memo[[k, h]] { return known }
      var level: [([String], Int)] = []
      for left in 0..<k {
        let lefts = build(left, h - 1)
        let rights = build(k - 1 - left, h - 1)
        for (l, a) in lefts {
          for op in operators {
            for (r, b) in rights {
              if let v = apply(a, op, b, prime: p) { level.append((["("] + l + [op] + r + [")"], v)) }
            }
          }
        }
      }
      memo[[k, h]] = level
      return level
    }
    return build(count, nesting ?? count).map(\.0)
  }

  /// How many expressions `expressions(operators:prime:nesting:)` lists
  /// (nil past 2^63).
  public static func count(operators count: Int, prime p: Int, nesting: Int? = nil) -> Int? {
    // ways[k][h][v]: expressions with k operators, nesting at most h, value v.
    let top = nesting ?? count
    var ways = Array(repeating: Array(repeating: [Int?](repeating: 0, count: p), count: top + 1), count: count + 1)
    for h in 0...top { ways[0][h] = Array(repeating: 1, count: p) }
    if count > 0 && top > 0 {
      for k in 1...count {
        for h in 1...top {
          var row = [Int?](repeating: 0, count: p)
          for left in 0..<k {
            for a in 0..<p {
              for b in 0..<p {
                guard let x = ways[left][h - 1][a], let y = ways[k - 1 - left][h - 1][b] else {
                  row = row.map { _ in nil }
                  continue
                }
                for op in operators {
                  guard let v = apply(a, op, b, prime: p), let old = row[v] else { continue }
                  let (product, o1) = x.multipliedReportingOverflow(by: y)
                  let (sum, o2) = old.addingReportingOverflow(product)
                  row[v] = o1 || o2 ? nil : sum
                }
              }
            }
          }
          ways[k][h] = row
        }
      }
    }
    var total = 0
    for v in ways[count][top] {
      guard let v, case let (sum, false) = total.addingReportingOverflow(v) else { return nil }
      total = sum
    }
    return total
  }

  /// The number of expressions with `first` to `last` operators, in words.
  public static func count(upTo last: Int, from first: Int, prime p: Int, nesting: Int?) -> String {
    var total = 0
    for k in first...max(first, last) {
      guard let c = count(operators: k, prime: p, nesting: nesting), case let (sum, false) = total.addingReportingOverflow(c)
      else { return "more than 2^63" }
      total = sum
    }
    return String(total)
  }

  /// A seeded random expression with `count` operators that never divides
  /// by zero (a random tree shape, operators and numbers).
  public static func randomExpression(operators count: Int, prime p: Int, sampler: inout ExactSampler) -> [String] {
    while true {
      var valid = true
      func build(_ k: Int) -> ([String], Int) {
        if k == 0 {
          let v = Int(sampler.below(UInt64(p)))
          return ([String(v)], v)
        }
        let left = Int(sampler.below(UInt64(k)))
        let (l, a) = build(left)
        let op = operators[Int(sampler.below(4))]
        let (r, b) = build(k - 1 - left)
        guard let v = apply(a, op, b, prime: p) else {
          valid = false
          return (["("] + l + [op] + r + [")"], 0)
        }
        return (["("] + l + [op] + r + [")"], v)
      }
      let (tokens, _) = build(count)
      if valid { return tokens }
    }
  }

  /// A seeded random expression of nesting exactly `depth` with at most
  /// `length` tokens (a spine of `depth` operators, numbers elsewhere).
  public static func randomNested(depth: Int, prime p: Int, sampler: inout ExactSampler) -> [String] {
    while true {
      func number() -> [String] { [String(sampler.below(UInt64(p)))] }
      var tokens = number()
      for _ in 0..<depth {
        let op = operators[Int(sampler.below(4))]
        tokens = sampler.below(2) == 0 ? ["("] + tokens + [op] + number() + [")"] : ["("] + number() + [op] + tokens + [")"]
      }
      if (try? valuesAtEnds(tokens, prime: p)) != nil { return tokens }
    }
  }

  /// A seeded random full tree of nesting `depth`: 2^depth − 1 operators,
  /// 4(2^depth − 1) + 1 tokens, never dividing by zero.
  public static func randomFull(depth: Int, prime p: Int, sampler: inout ExactSampler) -> [String] {
    while true {
      func build(_ h: Int) -> [String] {
        if h == 0 { return [String(sampler.below(UInt64(p)))] }
        let left = build(h - 1)
        let op = operators[Int(sampler.below(4))]
        return ["("] + left + [op] + build(h - 1) + [")"]
      }
      let tokens = build(depth)
      if (try? valuesAtEnds(tokens, prime: p)) != nil { return tokens }
    }
  }

  static func malformed(_ tokens: [String], _ why: String) -> ConstructionError {
    .badParameter("arithmetic: '\(tokens.joined(separator: " "))' \(why) (expressions are a number 0...p-1 or ( E op E ), op one of + - * /)")
  }
}
