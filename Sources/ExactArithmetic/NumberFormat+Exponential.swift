// Correctly rounded exponentials: 2^x and e^x of an exact rational, rounded
// to a format from certified rational enclosures that are narrowed until
// both ends round alike.

/// The base of an exponential.
public enum ExponentialBase: String, Hashable, Sendable {
  /// 2^x.
  case two = "2"
  /// e^x.
  case e = "e"
}

extension NumberFormat {
  /// base^x rounded to nearest (ties to even) in this format.
  ///
  /// 2^x is exact for an integer x; otherwise 2^x (x non-integer) and e^x
  /// (x ≠ 0) are irrational, so they are never a rounding tie, and the
  /// enclosure [lo, hi] of the true value (Taylor series of exp with a
  /// remainder bound, ln 2 from Σ 1/(k·2^k) with a tail bound) is narrowed
  /// by doubling the working precision until `round(lo) == round(hi)`:
  /// the common value is the correctly rounded result.
  ///
  /// - Throws: ``FormatError/fixedOverflow(value:format:)`` for fixed point under `error` overflow.
  /// - Complexity: O(w²)-bit arithmetic for a working precision w of about
  ///   the format's precision plus 32 bits, rarely more.
  public func exponential(_ x: Rational, base: ExponentialBase) throws -> FormatValue {
    if base == .two, x.isInteger, let k = x.intValue {
      return try round(powerOfTwo(clamping: k))
    }
    if base == .e, x.isZero { return try round(.one) }  // 1 overflows fixed:0.F
    // Far outside the range, the result is certainly 0 or overflow: decide
    // from a power of two that rounds the same way.
    let estimate = base == .two ? x : x * Rational(3, 2)  // |log2 e| < 3/2
    let (low, high) = exponentRange
    if estimate.floor > Rational(high + 2) { return try round(powerOfTwo(clamping: high + 4)) }
    if base == .two, x.ceiling < Rational(low - 2) { return try round(powerOfTwo(clamping: low - 4)) }
    if base == .e, (x * Rational(2, 3)).ceiling < Rational(low - 2) {  // e^x < 2^(2x/3)
      return try round(powerOfTwo(clamping: low - 4))
    }
    var bits = precisionBits + 32
    while true {
      let (lo, hi) = Exponential.enclosure(x, base: base, bits: bits)
      let a = try round(lo)
      let b = try round(hi)
      if a == b { return a }
      bits *= 2
      precondition(bits <= 1 << 20, "an exponential enclosure failed to narrow")
    }
  }

  /// ln 2 rounded to nearest in this format (from a certified enclosure, narrowed until both ends round alike).
  public func naturalLogarithmOfTwo() throws -> FormatValue {
    var bits = precisionBits + 32
    while true {
      let (lo, hi) = Exponential.ln2(bits: bits)
      let a = try round(lo)
      if try round(hi) == a { return a }
      bits *= 2
    }
  }

  /// 2^k as an exact rational, k clamped to ±2^20 (far past every format's range).
  func powerOfTwo(clamping k: Int) -> Rational {
    Rational.dyadic(significand: 1, exponent: Swift.min(Swift.max(k, -(1 << 20)), 1 << 20))
  }

  /// Significand bits (floats) or total bits (fixed point): the working precision's start.
  var precisionBits: Int {
    switch self {
    case .float(let f): return f.precision
    case .fixed(let f): return f.integerBits + f.fractionBits
    }
  }

  /// Binary exponents beyond which every value rounds to zero (below `low`)
  /// or overflows (above `high`).
  var exponentRange: (low: Int, high: Int) {
    switch self {
    case .float(let f): return (f.minimumExponent - f.precision, f.maximumExponent + 1)
    case .fixed(let f): return (-f.fractionBits - 1, f.integerBits + 1)
    }
  }
}

/// Certified rational enclosures of exp, 2^x and ln 2.
enum Exponential {
  /// [lo, hi] ∋ base^x, each end a dyadic rational, of relative width about 2^−bits.
  static func enclosure(_ x: Rational, base: ExponentialBase, bits: Int) -> (Rational, Rational) {
    let (ln2Low, ln2High) = ln2(bits: bits + 8)
    // base^x = 2^k · exp(r): for 2^x, k = ⌊x⌋ and r = (x − k)·ln 2 ∈ [0, ln 2);
    // for e^x, k = ⌊x / ln 2⌋ (any k close to it serves) and r = x − k·ln 2.
    let k: Rational
    var rLow: Rational
    var rHigh: Rational
    switch base {
    case .two:
      k = x.floor
      let f = x - k
      (rLow, rHigh) = (f * ln2Low, f * ln2High)
    case .e:
      k = (x / ln2High).floor
      (rLow, rHigh) = k.signum >= 0 ? (x - k * ln2High, x - k * ln2Low) : (x - k * ln2Low, x - k * ln2High)
    }
    rLow = truncate(rLow, bits: bits + 8, up: false)
    rHigh = truncate(rHigh, bits: bits + 8, up: true)
    let lo = exp(rLow, bits: bits + 4, up: false)
    let hi = exp(rHigh, bits: bits + 4, up: true)
    let scale = Rational.dyadic(significand: 1, exponent: k.intValue!)
    return (lo * scale, hi * scale)
  }

  /// A lower (`up` false) or upper bound of e^r for |r| ≤ 1, within 2^−bits.
  static func exp(_ r: Rational, bits: Int, up: Bool) -> Rational {
    // Σ_{i≤N} r^i/i! with remainder |R| ≤ |r|^(N+1)/(N+1)! · e ≤ 3/(N+1)!.
    var term = Rational.one
    var sum = Rational.one
    var factorial = Rational.one
    var i = 0
    while true {
      i += 1
      term = truncate(term * r / Rational(i), bits: bits + 16, up: nil)
      sum += term
      factorial *= Rational(i + 1)
      if factorial.binaryExponent > bits + 4 { break }
    }
    // Each truncation errs by at most 2^−(bits+16) and carries into later terms at most e-fold.
    let slack = Rational(3) / factorial + Rational(3 * i) * Rational.dyadic(significand: 1, exponent: -(bits + 16))
    return truncate(up ? sum + slack : sum - slack, bits: bits, up: up)
  }

  /// [lo, hi] ∋ ln 2 = Σ_{k≥1} 1/(k·2^k), the tail after K terms below 1/((K+1)·2^K).
  static func ln2(bits: Int) -> (Rational, Rational) {
    var sum = Rational.zero
    let terms = bits + 2
    for k in 1...terms {
      sum += truncate(Rational.dyadic(significand: 1, exponent: -k) / Rational(k), bits: bits + 8, up: false)
    }
    let tail = Rational.dyadic(significand: 1, exponent: -terms) / Rational(terms + 1)
    let truncation = Rational(terms) * Rational.dyadic(significand: 1, exponent: -(bits + 8))
    return (
      truncate(sum, bits: bits, up: false), truncate(sum + tail + truncation, bits: bits, up: true)
    )
  }

  /// The multiple of 2^−bits below (`up` false), above (`up` true) or toward zero (nil) of `value`.
  static func truncate(_ value: Rational, bits: Int, up: Bool?) -> Rational {
    let scale = Rational.dyadic(significand: 1, exponent: bits)
    let scaled = value * scale
    let whole: Rational
    switch up {
    case .some(true): whole = scaled.ceiling
    case .some(false): whole = scaled.floor
    case .none: whole = scaled.truncated
    }
    return whole / scale
  }
}
