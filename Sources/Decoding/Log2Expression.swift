import ExactArithmetic
import Foundation

/// An exact real number `c_0 + Σ_k c_k·log2(b_k)`: rational coefficients
/// over the base-2 logarithms of integers, as entropies of exact
/// distributions are.
///
/// Terms are added for any positive rationals (``add(_:log2Of:)``); the
/// value is kept in a canonical form: powers of two go into the rational
/// part `c_0` (log2 2 = 1), small primes are split off, and what remains is
/// refined into pairwise coprime integers by gcds alone (factor refinement),
/// so no large number is ever factored and two equal expressions have equal
/// terms. `log2(3)`, `log2(5)`, … are independent over the rationals (unique
/// factorisation), so the form is the value.
public struct Log2Expression: Sendable, Hashable, CustomStringConvertible {
  /// The rational part: the coefficient of log2(2).
  public private(set) var constant: Rational = .zero
  /// The other terms: coefficient by integer base (> 2, odd), before the
  /// bases are made coprime by ``canonical``.
  private var raw: [Rational: Rational] = [:]

  public init() {}

  /// An expression with a rational value.
  public init(_ value: Rational) { constant = value }

  /// Adds `coefficient · log2(x)` for a positive rational `x`.
  ///
  /// - Precondition: `x > 0`.
  public mutating func add(_ coefficient: Rational, log2Of x: Rational) {
    precondition(x.signum > 0, "log2 of a non-positive number")
    if coefficient.isZero { return }
    let (n, d) = Self.components(x)
    addInteger(coefficient, n)
    addInteger(-coefficient, d)
  }

  /// Adds another expression.
  public mutating func add(_ other: Log2Expression) {
    constant += other.constant
    for (base, c) in other.raw { raw[base, default: .zero] += c }
  }

  private mutating func addInteger(_ c: Rational, _ m: Rational) {
    var m = m
    var twos = 0
    // Powers of two: log2(2^k) = k.
    while let q = Self.exactQuotient(m, 2) {
      m = q
      twos += 1
    }
    if twos > 0 { constant += c * Rational(twos) }
    if m != .one { raw[m, default: .zero] += c }
  }

  /// The terms over pairwise coprime bases (ascending), each coefficient non-zero.
  public var terms: [(base: Rational, coefficient: Rational)] {
    canonical.raw.filter { !$0.value.isZero }.map { ($0.key, $0.value) }.sorted { $0.base < $1.base }
  }

  /// The same value with pairwise coprime bases.
  public var canonical: Log2Expression {
    let bases = raw.filter { !$0.value.isZero }.keys.sorted()
    var basis: [Rational] = []
    // Small primes first, so common factors print as primes.
    var rest: [Rational] = []
    for b in bases {
      var m = b
      for p in Self.smallPrimes {
        let prime = Rational(p)
        var found = false
        while let q = Self.exactQuotient(m, p) {
          m = q
          found = true
        }
        if found && !basis.contains(prime) { basis.append(prime) }
      }
      if m != .one { rest.append(m) }
    }
    for m in rest { Self.refine(&basis, inserting: m) }
    basis.sort()
    var out = Log2Expression(constant)
    for (b, c) in raw where !c.isZero {
      var m = b
      for base in basis {
        var e = 0
        while let q = Self.exactQuotient(m, base) {
          m = q
          e += 1
        }
        if e > 0 { out.raw[base, default: .zero] += c * Rational(e) }
      }
      precondition(m == .one, "factor refinement left \(m) of \(b)")
    }
    out.raw = out.raw.filter { !$0.value.isZero }
    return out
  }

  /// Inserts `m` into a pairwise coprime basis, splitting elements by gcds
  /// until the basis is coprime again and generates `m`.
  static func refine(_ basis: inout [Rational], inserting m: Rational) {
    var pending = [m]
    while let x = pending.popLast() {
      if x == .one { continue }
      var placed = false
      for (i, b) in basis.enumerated() {
        let g = gcd(x, b)
        if g == .one { continue }
        placed = true
        if g == b && x == b { break }
        basis.remove(at: i)
        pending += [g, b / g, x / g]
        break
      }
      if !placed { basis.append(x) }
    }
  }

  static let smallPrimes = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]

  /// The numerator and denominator of a rational, as integers.
  static func components(_ x: Rational) -> (Rational, Rational) {
    if let (n, d) = x.smallComponents { return (Rational(Int(n)), Rational(Int(d))) }
    let (n, d) = x.componentDescriptions
    return (Rational(n)!, Rational(d)!)
  }

  /// `m / k` when k divides m (positive integers), else nil.
  static func exactQuotient(_ m: Rational, _ k: Int) -> Rational? {
    exactQuotient(m, Rational(k))
  }

  /// `m / b` when b divides m (positive integers), else nil.
  static func exactQuotient(_ m: Rational, _ b: Rational) -> Rational? {
    if let x = m.intValue, let y = b.intValue { return x % y == 0 ? Rational(x / y) : nil }
    let q = m / b
    return q.isInteger ? q : nil
  }

  /// The gcd of two positive integers.
  static func gcd(_ a: Rational, _ b: Rational) -> Rational {
    if let x = a.intValue, let y = b.intValue {
      var (u, v) = (x, y)
      while v != 0 { (u, v) = (v, u % v) }
      return Rational(u)
    }
    var (u, v) = (a, b)
    while !v.isZero { (u, v) = (v, try! u.modulo(v)) }
    return u
  }

  /// The value as a `Double` (for display; never for a decision).
  public var approximateValue: Double {
    canonical.raw.reduce(constant.doubleValue) { $0 + $1.value.doubleValue * Self.log2Approximation($1.key) }
  }

  /// log2 of a positive integer, as a `Double` (any size).
  static func log2Approximation(_ m: Rational) -> Double {
    if let (n, _) = m.smallComponents { return Foundation.log2(Double(n)) }
    let digits = m.componentDescriptions.numerator
    let lead = Double(digits.prefix(17))!
    return Foundation.log2(lead) + Double(digits.count - 17) * Foundation.log2(10.0)
  }

  /// `3/2 + 3/4·log2(3) − 1/2·log2(5)`; `0` for zero.
  public var description: String {
    var parts: [(Bool, String)] = []
    if !constant.isZero { parts.append((constant.signum < 0, constant.magnitude.description)) }
    for (base, c) in terms {
      let m = c.magnitude
      parts.append((c.signum < 0, (m == .one ? "" : "\(m)·") + "log2(\(base))"))
    }
    guard let first = parts.first else { return "0" }
    var text = (first.0 ? "−" : "") + first.1
    for (negative, term) in parts.dropFirst() { text += (negative ? " − " : " + ") + term }
    return text
  }

  public static func == (lhs: Log2Expression, rhs: Log2Expression) -> Bool {
    let (a, b) = (lhs.canonical, rhs.canonical)
    return a.constant == b.constant && a.raw == b.raw
  }

  public func hash(into hasher: inout Hasher) {
    let c = canonical
    hasher.combine(c.constant)
    hasher.combine(c.raw)
  }
}
