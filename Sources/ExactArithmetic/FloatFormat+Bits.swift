// IEEE bit patterns: sign | biased exponent | fraction, for formats of at most 64 bits.

extension FloatFormat {
  /// The exponent bias, emax.
  var bias: Int { maximumExponent }

  /// The bit pattern of the value nearest to `value` (rounded first, ties to even);
  /// NaN is the quiet NaN with only the leading fraction bit set.
  ///
  /// - Precondition: ``bitWidth`` ≤ 64.
  public func bitPattern(of value: FormatValue) -> UInt64 {
    precondition(bitWidth <= 64, "bit patterns need a format of at most 64 bits")
    let exponentMask = (UInt64(1) << exponentBits) - 1
    let signBit = UInt64(1) << (exponentBits + fractionBits)
    let rounded: FormatValue
    if case .finite(let exact) = value { rounded = round(exact) } else { rounded = value }
    switch rounded {
    case .notANumber:
      return (exponentMask << fractionBits) | (UInt64(1) << (fractionBits - 1))
    case .infinity(let negative):
      return (negative ? signBit : 0) | (exponentMask << fractionBits)
    case .negativeZero:
      return signBit
    case .finite(let exact):
      if exact.isZero { return 0 }
      let sign = exact.signum < 0 ? signBit : 0
      let exponent = exact.binaryExponent
      if exponent < minimumExponent {
        let fraction = exact.roundedScaledMagnitude(shift: fractionBits - minimumExponent)!
        return sign | fraction
      }
      let significand = exact.roundedScaledMagnitude(shift: fractionBits - exponent)!
      let biased = UInt64(exponent + bias)
      return sign | (biased << fractionBits) | (significand & ((1 << fractionBits) - 1))
    }
  }

  /// The value a bit pattern encodes (bits above ``bitWidth`` ignored).
  ///
  /// - Precondition: ``bitWidth`` ≤ 64.
  public func value(bitPattern bits: UInt64) -> FormatValue {
    precondition(bitWidth <= 64, "bit patterns need a format of at most 64 bits")
    let fractionMask = (UInt64(1) << fractionBits) - 1
    let exponentMask = (UInt64(1) << exponentBits) - 1
    let negative = (bits >> (exponentBits + fractionBits)) & 1 == 1
    let biased = (bits >> fractionBits) & exponentMask
    let fraction = bits & fractionMask
    if biased == exponentMask {
      return fraction == 0 ? .infinity(negative: negative) : .notANumber
    }
    if biased == 0 {
      if fraction == 0 { return .zero(negative: negative) }
      return .finite(
        Rational.dyadic(significand: fraction, exponent: minimumExponent - fractionBits, negative: negative))
    }
    let significand = fraction | (UInt64(1) << fractionBits)
    return .finite(
      Rational.dyadic(significand: significand, exponent: Int(biased) - bias - fractionBits, negative: negative))
  }
}

extension FormatValue {
  /// The exact value of a `Double` (−0, ±∞ and NaN kept).
  public init(_ value: Double) {
    self = FloatFormat.binary64.value(bitPattern: value.bitPattern)
  }

  /// The exact value of a `Float`.
  public init(_ value: Float) {
    self = FloatFormat.binary32.value(bitPattern: UInt64(value.bitPattern))
  }
}

extension Rational {
  /// The `Double` nearest to the value, ties to even (the IEEE conversion,
  /// unlike ``doubleValue``, which may truncate).
  public var nearestDouble: Double {
    Double(bitPattern: FloatFormat.binary64.bitPattern(of: .finite(self)))
  }

  /// The `Float` nearest to the value, ties to even.
  public var nearestFloat: Float {
    Float(bitPattern: UInt32(FloatFormat.binary32.bitPattern(of: .finite(self))))
  }
}
