/// A value of a rounded number format: a finite exact rational, a negative
/// zero, a signed infinity, or not-a-number.
///
/// Finite values are exact rationals (every float and fixed-point value is a
/// dyadic rational), so comparing a rounded run with the exact one is exact.
/// Positive zero is `.finite(0)`; IEEE's negative zero is kept apart because
/// it decides the sign of later infinities and zeros.
public enum FormatValue: Hashable, Sendable {
  /// A finite value (positive zero included).
  case finite(Rational)
  /// IEEE −0.
  case negativeZero
  /// +∞ or −∞.
  case infinity(negative: Bool)
  /// Not a number.
  case notANumber

  /// The exact value when finite (−0 as 0); nil for infinities and NaN.
  public var rational: Rational? {
    switch self {
    case .finite(let value): return value
    case .negativeZero: return .zero
    case .infinity, .notANumber: return nil
    }
  }

  /// Whether the sign bit is set (−0, negative values and −∞; NaN reports false).
  public var isNegative: Bool {
    switch self {
    case .finite(let value): return value.signum < 0
    case .negativeZero: return true
    case .infinity(let negative): return negative
    case .notANumber: return false
    }
  }

  /// Whether the value is ±0.
  public var isZero: Bool {
    switch self {
    case .finite(let value): return value.isZero
    case .negativeZero: return true
    default: return false
    }
  }

  /// Whether the value is NaN.
  public var isNaN: Bool { self == .notANumber }

  /// Whether the value is finite (zeros included).
  public var isFinite: Bool { rational != nil }

  /// Zero with the given sign.
  public static func zero(negative: Bool) -> FormatValue {
    negative ? .negativeZero : .finite(.zero)
  }

  /// IEEE's order: −∞ < finite values < +∞, −0 equal to +0; false whenever NaN is involved.
  public func isLess(than other: FormatValue) -> Bool {
    switch (self, other) {
    case (.notANumber, _), (_, .notANumber): return false
    case (.infinity(let a), .infinity(let b)): return a && !b
    case (.infinity(let a), _): return a
    case (_, .infinity(let b)): return !b
    default: return rational! < other.rational!
    }
  }

  /// IEEE equality: −0 equals +0, NaN equals nothing.
  public func isEqual(to other: FormatValue) -> Bool {
    switch (self, other) {
    case (.notANumber, _), (_, .notANumber): return false
    case (.infinity(let a), .infinity(let b)): return a == b
    default:
      guard let a = rational, let b = other.rational else { return false }
      return a == b
    }
  }
}

extension FormatValue: CustomStringConvertible {
  /// `p/q` for finite values, `-0`, `inf`, `-inf` or `nan`.
  public var description: String {
    switch self {
    case .finite(let value): return value.description
    case .negativeZero: return "-0"
    case .infinity(let negative): return negative ? "-inf" : "inf"
    case .notANumber: return "nan"
    }
  }
}
