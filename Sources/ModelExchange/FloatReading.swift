import ExactArithmetic

/// How an import turns a stored float into a rational.
public enum FloatReading: String, Sendable, CaseIterable {
  /// The simplest rational (smallest denominator, then smallest numerator)
  /// strictly between the midpoints to the neighbouring floats of the
  /// stored format: the simplest number that rounds to the stored float.
  /// A model whose weights all have small denominators comes back exactly.
  case simplest
  /// The float's exact binary value (a dyadic rational).
  case exact

  /// The rational this rule reads from `value`, stored as binary64 or
  /// binary32 (`single`); nil for an infinity or NaN.
  public func rational(_ value: Double, single: Bool) -> Rational? {
    guard value.isFinite, let x = FormatValue(value).rational else { return nil }
    func exact(_ d: Double) -> Rational { FormatValue(d).rational! }
    if self == .exact || value == 0 { return x }
    let below = single ? Double(Float(value).nextDown) : value.nextDown
    let above = single ? Double(Float(value).nextUp) : value.nextUp
    // The largest finite value's upper neighbour is infinite: half an ulp above it.
    let up = above.isFinite ? exact(above) : x + (x - exact(below))
    let down = below.isFinite ? exact(below) : x - (up - x)
    return Self.simplest(between: (x + down) / 2, and: (x + up) / 2)
  }

  /// The simplest rational in the open interval (low, high), low < high.
  /// - Complexity: one step per continued-fraction term of the endpoints.
  public static func simplest(between low: Rational, and high: Rational) -> Rational {
    if low.signum < 0 && high.signum > 0 { return .zero }
    if high.signum <= 0 { return -simplest(between: -high, and: -low) }
    let whole = low.floor
    if whole + .one < high { return whole + .one }
    // No integer inside: low lies in [whole, whole + 1) and high ≤ whole + 1.
    let lowFraction = low - whole
    let reciprocalLow = Rational.one / (high - whole)
    if lowFraction.isZero { return whole + .one / (reciprocalLow.floor + .one) }
    return whole + .one / simplest(between: reciprocalLow, and: .one / lowFraction)
  }
}
