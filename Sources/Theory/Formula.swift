import ExactArithmetic

/// A predicted resource as a formula over the swept parameters, evaluated
/// exactly: `ceil(log2(T)) + 1`, `2*k + 3`, `min(n, W) - 1`.
///
/// The language: integer and decimal literals (exact), variables (`n`,
/// `recurrent.states`), `+ - * /`
/// (exact rational division), `^` with an integer exponent, unary minus,
/// parentheses, and the functions
/// `ceil`, `floor`, `log2`, `min`, `max`. `log2(x)` is exact when x is a
/// power of two; anywhere else it must sit directly inside `ceil` or
/// `floor`, which are computed exactly (the least k with 2^k ≥ x, the
/// greatest k with 2^k ≤ x) — so no float ever decides a prediction.
public struct Formula: Sendable, Hashable, CustomStringConvertible {
  indirect enum Node: Sendable, Hashable {
    case number(Rational)
    case variable(String)
    case negate(Node)
    case binary(Character, Node, Node)
    case call(String, [Node])
  }

  let root: Node
  /// The text the formula was parsed from.
  public let text: String

  /// Parses a formula.
  ///
  /// - Throws: ``FormulaError/syntax(_:column:text:)`` with the column of the problem.
  public init(_ text: String) throws {
    var parser = FormulaParser(text)
    root = try parser.parse()
    self.text = text
  }

  public var description: String { text }

  /// The variables the formula uses, sorted.
  public var variables: [String] {
    var names: Set<String> = []
    func walk(_ n: Node) {
      switch n {
      case .number: break
      case .variable(let v): names.insert(v)
      case .negate(let a): walk(a)
      case .binary(_, let a, let b): walk(a); walk(b)
      case .call(_, let args): args.forEach(walk)
      }
    }
    walk(root)
    return names.sorted()
  }

  /// The exact value for the given variable values.
  ///
  /// - Throws: ``FormulaError`` for an unbound variable, a division by
  ///   zero, or a `log2` with no exact value.
  public func evaluate(_ values: [String: Rational]) throws -> Rational {
    try Formula.evaluate(root, values)
  }

  static func evaluate(_ node: Node, _ values: [String: Rational]) throws -> Rational {
    switch node {
    case .number(let r): return r
    case .variable(let name):
      guard let v = values[name] else { throw FormulaError.unboundVariable(name) }
      return v
    case .negate(let a): return -(try evaluate(a, values))
    case .binary(let op, let a, let b):
      let x = try evaluate(a, values)
      let y = try evaluate(b, values)
      switch op {
      case "+": return x + y
      case "-": return x - y
      case "*": return x * y
      case "^":
        guard let e = y.intValue, y.isInteger, abs(e) <= 4096 else { throw FormulaError.badExponent(y.description) }
        guard !(x.isZero && e < 0) else { throw FormulaError.divisionByZero }
        return try x.power(e)
      default:
        guard !y.isZero else { throw FormulaError.divisionByZero }
        return x / y
      }
    case .call(let name, let args):
      if name == "ceil" || name == "floor", case .call("log2", let inner) = args[0] {
        let x = try evaluate(inner[0], values)
        return Rational(try exactLog2(x, roundingUp: name == "ceil"))
      }
      let xs = try args.map { try evaluate($0, values) }
      switch name {
      case "ceil": return xs[0].ceiling
      case "floor": return xs[0].floor
      case "min": return xs.dropFirst().reduce(xs[0]) { Rational.minimum($0, $1) }
      case "max": return xs.dropFirst().reduce(xs[0]) { Rational.maximum($0, $1) }
      default:  // log2 outside ceil/floor: exact only at powers of two
        let up = try exactLog2(xs[0], roundingUp: true)
        let down = try exactLog2(xs[0], roundingUp: false)
        guard up == down else { throw FormulaError.inexactLog2(xs[0].description) }
        return Rational(up)
    }
    }
  }

  /// ⌈log2 x⌉ or ⌊log2 x⌋ for a positive rational, exactly.
  static func exactLog2(_ x: Rational, roundingUp: Bool) throws -> Int {
    guard x.signum > 0 else { throw FormulaError.logOfNonPositive(x.description) }
    // Find k with 2^k ≤ x < 2^(k+1), walking by doubling (x is small in practice).
    var k = 0
    var power = Rational.one
    if x >= 1 {
      while power * 2 <= x { power *= 2; k += 1 }
    } else {
      while power > x { power /= 2; k -= 1 }
    }
    // Now 2^k ≤ x < 2^(k+1).
    if roundingUp && power != x { return k + 1 }
    return k
  }
}
