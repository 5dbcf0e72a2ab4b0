/// A binary floating-point format in the IEEE 754 style: a sign, E exponent
/// bits and M fraction bits (precision M + 1 with the hidden bit), gradual
/// underflow through subnormals, ±∞ and NaN.
///
/// Rounding is round-to-nearest, ties to even, computed exactly from the
/// exact rational (``round(_:)``), so a result is the true IEEE result.
///
///     FloatFormat.binary16.round(Rational(1, 3))   // 1365/4096
public struct FloatFormat: Hashable, Sendable {
  /// Exponent field width E.
  public let exponentBits: Int
  /// Fraction (trailing significand) field width M.
  public let fractionBits: Int

  /// Exponent widths accepted (an exponent of 30 bits already spans 2^±(2^29)).
  public static let exponentBitRange = 2...30
  /// Fraction widths accepted (a significand of M + 1 ≤ 63 bits fits one machine word).
  public static let fractionBitRange = 1...62

  /// A format with `exponentBits` E and `fractionBits` M.
  ///
  /// - Precondition: E and M lie in ``exponentBitRange`` and ``fractionBitRange``;
  ///   use ``NumberFormat/init(parsing:)`` for user input.
  public init(exponentBits: Int, fractionBits: Int) {
    precondition(Self.exponentBitRange.contains(exponentBits), "exponent bits out of range")
    precondition(Self.fractionBitRange.contains(fractionBits), "fraction bits out of range")
    self.exponentBits = exponentBits
    self.fractionBits = fractionBits
  }

  /// IEEE binary16 (half precision): E = 5, M = 10.
  public static let binary16 = FloatFormat(exponentBits: 5, fractionBits: 10)
  /// bfloat16: binary32's exponent with 7 fraction bits (E = 8, M = 7).
  public static let bfloat16 = FloatFormat(exponentBits: 8, fractionBits: 7)
  /// IEEE binary32 (single precision): E = 8, M = 23.
  public static let binary32 = FloatFormat(exponentBits: 8, fractionBits: 23)
  /// IEEE binary64 (double precision): E = 11, M = 52.
  public static let binary64 = FloatFormat(exponentBits: 11, fractionBits: 52)

  /// Significand bits including the hidden bit, p = M + 1.
  public var precision: Int { fractionBits + 1 }
  /// The largest exponent of a finite value, 2^(E−1) − 1.
  public var maximumExponent: Int { (1 << (exponentBits - 1)) - 1 }
  /// The exponent of the smallest normal value, 1 − emax.
  public var minimumExponent: Int { 1 - maximumExponent }
  /// Total width in bits, 1 + E + M.
  public var bitWidth: Int { 1 + exponentBits + fractionBits }

  /// The largest finite value, (2 − 2^(1−p))·2^emax.
  public var largestFinite: Rational {
    Rational.dyadic(significand: (1 << precision) - 1, exponent: maximumExponent - fractionBits)
  }
  /// The smallest positive normal value, 2^emin.
  public var smallestNormal: Rational { Rational.dyadic(significand: 1, exponent: minimumExponent) }
  /// The smallest positive subnormal value, 2^(emin − M).
  public var smallestSubnormal: Rational {
    Rational.dyadic(significand: 1, exponent: minimumExponent - fractionBits)
  }
  /// The gap between 1 and the next value, 2^−M (machine epsilon).
  public var epsilon: Rational { Rational.dyadic(significand: 1, exponent: -fractionBits) }

  /// The format value nearest to `value`, ties to even; ±∞ past the largest
  /// finite value's rounding boundary, a signed zero below half the smallest subnormal.
  ///
  /// - Complexity: one bit-length comparison and one division of integers of
  ///   about the operand's size plus p bits.
  public func round(_ value: Rational) -> FormatValue {
    if value.isZero { return .finite(.zero) }
    let negative = value.signum < 0
    let exponent = value.binaryExponent
    if exponent > maximumExponent { return .infinity(negative: negative) }
    // Below half the smallest subnormal, 2^(emin − p): rounds to zero.
    if exponent < minimumExponent - precision { return .zero(negative: negative) }
    var scale = Swift.max(exponent, minimumExponent)
    guard var significand = value.roundedScaledMagnitude(shift: fractionBits - scale) else {
      preconditionFailure("a rounded significand of at most p + 1 bits fits a word")
    }
    if significand == 1 << precision {
      significand = 1 << fractionBits
      scale += 1
      if scale > maximumExponent { return .infinity(negative: negative) }
    }
    if significand == 0 { return .zero(negative: negative) }
    return .finite(Rational.dyadic(significand: significand, exponent: scale - fractionBits, negative: negative))
  }

  /// Whether `value` is exactly a finite value of this format.
  public func represents(_ value: Rational) -> Bool { round(value).rational == value }
}

extension FloatFormat: CustomStringConvertible {
  /// `fp16`, `bf16`, `fp32`, `fp64` for the standard formats, else `float:E,M`.
  public var description: String {
    switch self {
    case .binary16: return "fp16"
    case .bfloat16: return "bf16"
    case .binary32: return "fp32"
    case .binary64: return "fp64"
    default: return "float:\(exponentBits),\(fractionBits)"
    }
  }
}
