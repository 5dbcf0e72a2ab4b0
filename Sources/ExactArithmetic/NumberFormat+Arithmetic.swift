// IEEE 754 operations in a format: the exact result of the operands, rounded
// once. Special operands follow IEEE (NaN propagates, ∞ − ∞ and 0·∞ and 0/0
// and ∞/∞ are NaN, x/0 is a signed ∞); an exact zero sum is +0 unless both
// operands are −0; a zero product or quotient takes the sign of the operands.

extension NumberFormat {
  /// a + b, rounded.
  public func sum(_ a: FormatValue, _ b: FormatValue) throws -> FormatValue {
    switch (a, b) {
    case (.notANumber, _), (_, .notANumber): return .notANumber
    case (.infinity(let x), .infinity(let y)): return x == y ? a : .notANumber
    case (.infinity, _): return a
    case (_, .infinity): return b
    case (.negativeZero, .negativeZero): return .negativeZero
    default:
      if let fast = native(a.rational!, b.rational!, +) { return fast }  // an exact zero sum is +0 in Double too
      let exact = a.rational! + b.rational!
      return try round(exact)  // an exact zero rounds to +0
    }
  }

  /// a − b, rounded.
  public func difference(_ a: FormatValue, _ b: FormatValue) throws -> FormatValue {
    try sum(a, b.negated)
  }

  /// a · b, rounded.
  public func product(_ a: FormatValue, _ b: FormatValue) throws -> FormatValue {
    let negative = a.isNegative != b.isNegative
    switch (a, b) {
    case (.notANumber, _), (_, .notANumber): return .notANumber
    case (.infinity, _), (_, .infinity):
      return a.isZero || b.isZero ? .notANumber : .infinity(negative: negative)
    default:
      if a.isZero || b.isZero { return hasSpecialValues ? .zero(negative: negative) : .finite(.zero) }
      if let fast = native(a.rational!, b.rational!, *) { return fast }
      return try round(a.rational! * b.rational!)
    }
  }

  /// a / b, rounded.
  ///
  /// - Throws: ``FormatError/fixedDivisionByZero(format:)`` in fixed point when b is 0.
  public func quotient(_ a: FormatValue, _ b: FormatValue) throws -> FormatValue {
    let negative = a.isNegative != b.isNegative
    switch (a, b) {
    case (.notANumber, _), (_, .notANumber): return .notANumber
    case (.infinity, .infinity): return .notANumber
    case (.infinity, _): return .infinity(negative: negative)
    case (_, .infinity): return .zero(negative: negative)
    default:
      if b.isZero {
        guard hasSpecialValues else { throw FormatError.fixedDivisionByZero(format: description) }
        return a.isZero ? .notANumber : .infinity(negative: negative)
      }
      if a.isZero { return hasSpecialValues ? .zero(negative: negative) : .finite(.zero) }
      if let fast = native(a.rational!, b.rational!, /) { return fast }
      return try round(a.rational! / b.rational!)
    }
  }
}

extension FormatValue {
  /// The value with its sign flipped (exact in every format; NaN stays NaN).
  public var negated: FormatValue {
    switch self {
    case .finite(let value): return value.isZero ? .negativeZero : .finite(-value)
    case .negativeZero: return .finite(.zero)
    case .infinity(let negative): return .infinity(negative: !negative)
    case .notANumber: return .notANumber
    }
  }
}
