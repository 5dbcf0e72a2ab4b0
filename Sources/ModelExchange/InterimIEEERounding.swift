import ExactArithmetic

// INTERIM: to be replaced by ExactArithmetic's IEEE formats (FloatFormat,
// `Double(roundingToNearestEven:)`, `Rational(Double)`) when they land on
// main. Everything the exporter and importer need from IEEE rounding goes
// through this one file.

/// Exact conversions between rationals and binary64/binary32.
enum InterimIEEERounding {
  /// The nearest value with a `precision`-bit significand and exponents in
  /// `minimumExponent...maximumExponent` (subnormals below), ties to even;
  /// nil when it overflows the largest finite value.
  static func round(_ x: Rational, precision p: Int, minimumExponent: Int, maximumExponent: Int) -> Rational? {
    if x.isZero { return .zero }
    let a = x.magnitude
    let approximate = a.doubleValue
    var e = approximate.isFinite && approximate > 0 ? Int(approximate.exponent) : (approximate > 0 ? 1100 : -1100)
    while a < power(e) { e -= 1 }
    while power(e + 1) <= a { e += 1 }
    let quantum = max(e, minimumExponent) - (p - 1)
    let scale = power(quantum)
    let rounded = (a / scale).rounded * scale
    let largest = (Rational(2) - power(1 - p)) * power(maximumExponent)
    guard rounded <= largest else { return nil }
    return x.signum < 0 ? -rounded : rounded
  }

  /// The nearest binary64 (ties to even), or nil on overflow.
  static func double(_ x: Rational) -> Double? {
    guard let r = round(x, precision: 53, minimumExponent: -1022, maximumExponent: 1023) else { return nil }
    return doubleExactly(r)
  }

  /// The nearest binary32 (ties to even), or nil on overflow.
  static func float(_ x: Rational) -> Float? {
    guard let r = round(x, precision: 24, minimumExponent: -126, maximumExponent: 127) else { return nil }
    return Float(doubleExactly(r))
  }

  /// A rational that binary64 holds exactly, as a Double.
  private static func doubleExactly(_ r: Rational) -> Double {
    if r.isZero { return 0 }
    // r = m · 2^k with |m| < 2^53: find k from the denominator's power of two.
    var k = 0
    var m = r
    while !m.isInteger { m = m * 2; k -= 1 }
    while m.magnitude >= power(53) { m = m / 2; k += 1 }
    return Double(sign: .plus, exponent: k, significand: Double(m.intValue!))
  }

  /// The exact value of a finite Double.
  static func rational(_ d: Double) -> Rational {
    if d == 0 { return .zero }
    let e = Int(d.exponent)
    let m = Int(Double(sign: .plus, exponent: 52, significand: d.significand))
    let magnitude = Rational(m) * power(e - 52)
    return d < 0 ? -magnitude : magnitude
  }

  private static func power(_ e: Int) -> Rational { try! Rational(2).power(e) }
}
