import ExactArithmetic

/// The rounded pass's arithmetic on native `Double`s, for the float formats
/// whose every operation Double computes correctly rounded: fp16, bf16,
/// fp32 and `float:E,M` with E ≤ 8 and M ≤ 24, and fp64 (Double's own
/// arithmetic), with an accumulator that holds the format's values.
///
/// Why it is exact: every stored value is a value of the format, so it is an
/// exact Double. A sum, difference, product or quotient of two values of a
/// p-bit format, computed in Double (53 bits) and rounded again to p bits, is
/// the correctly rounded result whenever 53 ≥ 2p + 2 (Figueroa, "When is
/// double rounding innocuous?", 1995), and the exponent bound keeps every
/// such result inside Double's normal range; the second rounding
/// (``NativeRounding``) is itself exact in Double, ties to even, with the
/// format's subnormals and overflow to ±∞. fp64 accumulation is Double's
/// own arithmetic. Nothing throws: floats overflow to ±∞.
struct NativeFloatArithmetic: RoundedArithmetic {
  let settings: PrecisionSettings
  let format: NativeRounding
  let wide: NativeRounding
  let ln2: Double

  init?(_ pass: RoundedPass) {
    guard let format = NativeRounding(pass.settings.format), let wide = NativeRounding(pass.settings.accumulator),
      wide.holds(format)
    else { return nil }
    self.settings = pass.settings
    self.format = format
    self.wide = wide
    ln2 = pass.ln2.double
  }

  func value(_ x: FormatValue) -> Double { x.double }
  func formatValue(_ x: Double) -> FormatValue { FormatValue(x) }
  func stage(label: String, layer: Int?, rows: [[Double]]) -> RoundedRun.Stage {
    RoundedRun.Stage(label: label, layer: layer, doubles: rows)
  }

  @inline(__always) func wideProduct(_ a: Double, _ b: Double) -> Double { wide(a * b) }
  @inline(__always) func wideSum(_ a: Double, _ b: Double) -> Double { wide(a + b) }
  @inline(__always) func narrow(_ a: Double) -> Double { format(a) }
  @inline(__always) func sum(_ a: Double, _ b: Double) -> Double { format(a + b) }
  @inline(__always) func difference(_ a: Double, _ b: Double) -> Double { format(a - b) }
  @inline(__always) func quotient(_ a: Double, _ b: Double) -> Double { format(a / b) }
  func count(_ n: Int) -> Double { format(Double(n)) }

  func relu(_ x: Double) -> Double {
    if x.isNaN { return x }
    return x.sign == .minus || x == 0 ? 0 : x
  }

  func isNaN(_ x: Double) -> Bool { x.isNaN }

  /// A softmax weight for d = s − max (≤ 0), by the exact exponential.
  func exponential(_ d: Double) throws -> Double {
    if d.isNaN { return d }
    if d.isInfinite { return d < 0 ? 0 : d }
    switch settings.exponentialBase {
    case .two: return try settings.format.exponential(FormatValue(d).rational!, base: .two).double
    case .e:
      let t = format(d * ln2)
      if !t.isFinite { return try exponential(t) }
      return try settings.format.exponential(FormatValue(t).rational!, base: .e).double
    }
  }
}

extension FormatValue {
  /// The value as a Double (exact for every value of a format ``NativeRounding`` accepts).
  var double: Double {
    switch self {
    case .finite(let value): return value.nearestDouble
    case .negativeZero: return -0.0
    case .infinity(let negative): return negative ? -.infinity : .infinity
    case .notANumber: return .nan
    }
  }
}
