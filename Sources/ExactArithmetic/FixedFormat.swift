/// A two's-complement fixed-point format: a sign, I integer bits and F
/// fraction bits, so values k·2^−F with −2^(I+F) ≤ k ≤ 2^(I+F) − 1.
///
/// Rounding is round-to-nearest, ties to even; a value outside the range
/// saturates to the nearest end or is an error (``Overflow``).
public struct FixedFormat: Hashable, Sendable {
  /// What a value outside the range becomes.
  public enum Overflow: String, Hashable, Sendable {
    /// The nearest end of the range.
    case saturate
    /// ``FormatError/fixedOverflow(value:format:)``.
    case error
  }

  /// Integer bits I (the sign bit not counted).
  public let integerBits: Int
  /// Fraction bits F.
  public let fractionBits: Int
  /// What overflow does.
  public let overflow: Overflow

  /// The most bits I + F accepted (a value k·2^−F with |k| < 2^62 fits a word).
  public static let maximumBits = 62

  /// A format with I integer and F fraction bits.
  ///
  /// - Precondition: 1 ≤ I + F ≤ ``maximumBits``, both non-negative; use
  ///   ``NumberFormat/init(parsing:)`` for user input.
  public init(integerBits: Int, fractionBits: Int, overflow: Overflow = .saturate) {
    precondition(integerBits >= 0 && fractionBits >= 0, "negative fixed-point widths")
    precondition((1...Self.maximumBits).contains(integerBits + fractionBits), "fixed-point width out of range")
    self.integerBits = integerBits
    self.fractionBits = fractionBits
    self.overflow = overflow
  }

  /// The spacing of values, 2^−F.
  public var resolution: Rational { Rational.dyadic(significand: 1, exponent: -fractionBits) }
  /// The largest value, 2^I − 2^−F.
  public var largest: Rational {
    Rational.dyadic(significand: (1 << (integerBits + fractionBits)) - 1, exponent: -fractionBits)
  }
  /// The smallest value, −2^I.
  public var smallest: Rational { Rational.dyadic(significand: 1, exponent: integerBits, negative: true) }

  /// The format value nearest to `value`, ties to even, saturated or refused past the range.
  ///
  /// - Throws: ``FormatError/fixedOverflow(value:format:)`` under ``Overflow/error``.
  public func round(_ value: Rational) throws -> Rational {
    if value.isZero { return .zero }
    let negative = value.signum < 0
    // Past 2^(I+1) in magnitude the value overflows whatever its rounding.
    let limit = UInt64(1) << (integerBits + fractionBits)
    var steps: UInt64? = nil
    if value.binaryExponent <= integerBits {
      steps = value.roundedScaledMagnitude(shift: fractionBits)
    }
    if let k = steps, negative ? k <= limit : k < limit {
      return Rational.dyadic(significand: k, exponent: -fractionBits, negative: negative)
    }
    switch overflow {
    case .saturate: return negative ? smallest : largest
    case .error: throw FormatError.fixedOverflow(value: value.description, format: description)
    }
  }
}

extension FixedFormat: CustomStringConvertible {
  /// `fixed:I.F`, with `:error` when overflow is an error.
  public var description: String {
    "fixed:\(integerBits).\(fractionBits)" + (overflow == .error ? ":error" : "")
  }
}
