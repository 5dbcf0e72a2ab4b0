import ExactArithmetic

/// The rounded pass's arithmetic in fixed point on integers: a value k·2^−S
/// is the `Int64` k, where S is the larger of the format's and the
/// accumulator's fraction bits, so every value of either is an integer.
///
/// It applies when the format is `fixed:I.F` and the accumulator
/// `fixed:I'.F'` (by default the format itself) with
/// max(I, I') + max(F, F') ≤ 62 (``FixedFormat/maximumBits``), which every
/// fixed format with its own accumulator meets; a float accumulator, or a
/// fixed accumulator with that sum above 62, keeps the exact kernel.
///
/// Why it is exact: every value has |k| ≤ 2^(max(I, I') + S) ≤ 2^62, so the
/// sum or difference of two is exact in `Int64` (the wrapping `&+` and `&-`
/// never wrap) and their product exact in `Int128` (at most 2^124, with 2S
/// fraction bits; in `Int64` when it fits). Each result is rounded to the
/// target format's F fraction bits to nearest, ties to even, on the integer
/// (a floor shift, then the dropped bits against one half), and then checked
/// against the range [−2^(I+F), 2^(I+F) − 1] in units of 2^−F: saturated to
/// the nearer end, or, under the `error` rule, the
/// ``FormatError/fixedOverflow(value:format:)`` that ``FixedFormat/round(_:)``
/// throws, naming the same exact value (rounding first and checking after is
/// that rounding's rule too). A quotient a/b is k_a·2^F / k_b rounded to
/// nearest even by integer division (k_a·2^F is at most 2^124); b = 0 throws
/// ``FormatError/fixedDivisionByZero(format:)`` as ``NumberFormat/quotient(_:_:)``
/// does. Softmax's exponentials are the exact
/// ``NumberFormat/exponential(_:base:)`` itself.
struct NativeFixedArithmetic: RoundedArithmetic {
  /// One fixed format as seen from the common scale S.
  struct Target: Sendable {
    let format: FixedFormat
    /// F.
    let fractionBits: Int
    /// S − F: a value of this format at scale S is its k shifted left this far.
    let shift: Int
    /// −2^(I+F): the smallest value in units of 2^−F.
    let lowest: Int64
    /// 2^(I+F) − 1: the largest value in units of 2^−F.
    let highest: Int64
    /// Whether a value past the range saturates (else it is an error).
    let saturates: Bool

    init(_ format: FixedFormat, scale: Int) {
      self.format = format
      fractionBits = format.fractionBits
      shift = scale - format.fractionBits
      lowest = -(Int64(1) << (format.integerBits + format.fractionBits))
      highest = (Int64(1) << (format.integerBits + format.fractionBits)) - 1
      saturates = format.overflow == .saturate
    }
  }

  /// S: fraction bits of every stored integer.
  let scale: Int
  let format: Target
  let wide: Target
  let settings: PrecisionSettings
  let ln2: Int64

  init?(_ pass: RoundedPass) {
    guard case .fixed(let f) = pass.settings.format, case .fixed(let w) = pass.settings.accumulator else { return nil }
    let scale = max(f.fractionBits, w.fractionBits)
    guard max(f.integerBits, w.integerBits) + scale <= FixedFormat.maximumBits else { return nil }
    self.scale = scale
    format = Target(f, scale: scale)
    wide = Target(w, scale: scale)
    settings = pass.settings
    ln2 = Self.integer(pass.ln2, scale: scale)
  }

  /// The integer k with x = k·2^−scale (x a finite multiple of 2^−scale).
  static func integer(_ x: FormatValue, scale: Int) -> Int64 {
    let r = x.rational!
    let k = Int64(r.roundedScaledMagnitude(shift: scale)!)
    return r.signum < 0 ? -k : k
  }

  /// k·2^−scale, exactly.
  static func rational(_ k: Int64, scale: Int) -> Rational {
    Rational.dyadic(significand: k.magnitude, exponent: -scale, negative: k < 0)
  }

  func value(_ x: FormatValue) -> Int64 { Self.integer(x, scale: scale) }
  func formatValue(_ x: Int64) -> FormatValue { .finite(Self.rational(x, scale: scale)) }
  func stage(label: String, layer: Int?, rows: [[Int64]]) -> RoundedRun.Stage {
    RoundedRun.Stage(label: label, layer: layer, integers: rows, fractionBits: scale)
  }

  /// m·2^−`bits` to the nearest multiple of 2^−(bits − cut), ties to even,
  /// in those units (0 ≤ cut < T's bit width).
  @inline(__always)
  static func nearestEven<T: FixedWidthInteger & SignedInteger>(_ m: T, dropping cut: Int) -> T {
    guard cut > 0 else { return m }
    let q = m &>> cut  // the floor
    let rest = m &- (q &<< cut)  // 0 ≤ rest < 2^cut
    let half = T(1) &<< (cut - 1)
    return rest > half || (rest == half && q & 1 != 0) ? q &+ 1 : q
  }

  /// m·2^−`bits` (bits ≥ the target's F) rounded into `target`, at scale S:
  /// saturated past its range, or nil there under the `error` rule.
  @inline(__always)
  func round<T: FixedWidthInteger & SignedInteger>(_ m: T, bits: Int, into target: Target) -> Int64? {
    let q = Self.nearestEven(m, dropping: bits - target.fractionBits)
    if q < T(target.lowest) { return target.saturates ? target.lowest &<< target.shift : nil }
    if q > T(target.highest) { return target.saturates ? target.highest &<< target.shift : nil }
    return Int64(truncatingIfNeeded: q) &<< target.shift
  }

  /// The exact rounding's error for `exact` overflowing `target`.
  func overflow(_ exact: Rational, _ target: Target) -> FormatError {
    .fixedOverflow(value: exact.description, format: target.format.description)
  }

  /// The exact value k·2^−S.
  func exact(_ k: Int64) -> Rational { Self.rational(k, scale: scale) }

  /// a · b rounded into `target` (in `Int64` when the product and the shift fit it, else in `Int128`).
  @inline(__always)
  func product(_ a: Int64, _ b: Int64, into target: Target) throws -> Int64 {
    let (word, overflows) = a.multipliedReportingOverflow(by: b)
    let k =
      !overflows && 2 * scale - target.fractionBits < 64
      ? round(word, bits: 2 * scale, into: target) : round(Int128(a) * Int128(b), bits: 2 * scale, into: target)
    guard let k else { throw overflow(exact(a) * exact(b), target) }
    return k
  }

  @inline(__always)
  func wideProduct(_ a: Int64, _ b: Int64) throws -> Int64 { try product(a, b, into: wide) }

  @inline(__always)
  func wideSum(_ a: Int64, _ b: Int64) throws -> Int64 {
    guard let k = round(a &+ b, bits: scale, into: wide) else { throw overflow(exact(a) + exact(b), wide) }
    return k
  }

  @inline(__always)
  func narrow(_ a: Int64) throws -> Int64 {
    guard let k = round(a, bits: scale, into: format) else { throw overflow(exact(a), format) }
    return k
  }

  @inline(__always)
  func sum(_ a: Int64, _ b: Int64) throws -> Int64 {
    guard let k = round(a &+ b, bits: scale, into: format) else { throw overflow(exact(a) + exact(b), format) }
    return k
  }

  func difference(_ a: Int64, _ b: Int64) throws -> Int64 {
    guard let k = round(a &- b, bits: scale, into: format) else { throw overflow(exact(a) - exact(b), format) }
    return k
  }

  func quotient(_ a: Int64, _ b: Int64) throws -> Int64 {
    guard b != 0 else { throw FormatError.fixedDivisionByZero(format: settings.format.description) }
    if a == 0 { return 0 }
    let (word, overflows) = a.multipliedReportingOverflow(by: Int64(1) << format.fractionBits)
    // Int64 when k_a·2^F fits it (Int64.min / −1 would trap).
    let k =
      overflows || word == .min
      ? round(Self.nearestEvenQuotient(Int128(a) << format.fractionBits, Int128(b)), bits: format.fractionBits, into: format)
      : round(Self.nearestEvenQuotient(word, b), bits: format.fractionBits, into: format)
    guard let k else { throw overflow(exact(a) / exact(b), format) }
    return k
  }

  /// n/d rounded to the nearest integer, ties to even (d ≠ 0, and not n = T.min with d = −1).
  @inline(__always)
  static func nearestEvenQuotient<T: FixedWidthInteger & SignedInteger>(_ n: T, _ d: T) -> T {
    let q = n / d  // toward zero; the remainder has n's sign
    let twice = (n &- q &* d).magnitude << 1  // |remainder| < |d| ≤ 2^62
    if twice > d.magnitude || (twice == d.magnitude && q & 1 != 0) { return q + ((n < 0) == (d < 0) ? 1 : -1) }
    return q
  }

  func count(_ n: Int) throws -> Int64 {
    guard let k = round(Int128(n) << format.fractionBits, bits: format.fractionBits, into: format) else {
      throw overflow(Rational(n), format)
    }
    return k
  }

  func relu(_ x: Int64) -> Int64 { max(x, 0) }

  func isNaN(_ x: Int64) -> Bool { false }

  /// A softmax weight for d = s − max, as ``RoundedPass/exponential(_:)``:
  /// 2^d, or e^t for t = d·ln 2 rounded to the format, by the exact exponential.
  func exponential(_ d: Int64) throws -> Int64 {
    switch settings.exponentialBase {
    case .two: return value(try settings.format.exponential(exact(d), base: .two))
    case .e:
      let t = try product(d, ln2, into: format)
      return value(try settings.format.exponential(exact(t), base: .e))
    }
  }
}
