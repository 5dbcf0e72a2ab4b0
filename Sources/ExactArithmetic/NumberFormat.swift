/// A rounded number format: a binary float (``FloatFormat``) or fixed point
/// (``FixedFormat``). Every operation rounds its exact result once
/// (round-to-nearest, ties to even), as IEEE 754 prescribes.
///
///     let bf16 = try NumberFormat(parsing: "bf16")
///     try bf16.sum(.finite(1), .finite(Rational(1, 512)))   // .finite(1): the tie goes to even
public enum NumberFormat: Hashable, Sendable {
  case float(FloatFormat)
  case fixed(FixedFormat)

  /// IEEE binary16.
  public static let fp16 = NumberFormat.float(.binary16)
  /// bfloat16.
  public static let bf16 = NumberFormat.float(.bfloat16)
  /// IEEE binary32.
  public static let fp32 = NumberFormat.float(.binary32)
  /// IEEE binary64.
  public static let fp64 = NumberFormat.float(.binary64)

  /// The format value nearest to an exact rational (ties to even).
  ///
  /// - Throws: ``FormatError/fixedOverflow(value:format:)`` for fixed point under `error` overflow.
  public func round(_ value: Rational) throws -> FormatValue {
    switch self {
    case .float(let format): return format.round(value)
    case .fixed(let format): return .finite(try format.round(value))
    }
  }

  /// A format value rounded again into this format (NaN, ±∞ and −0 kept by
  /// floats; fixed point saturates or refuses infinities and maps NaN to an error).
  public func round(_ value: FormatValue) throws -> FormatValue {
    switch (self, value) {
    case (_, .finite(let exact)): return try round(exact)
    case (.float, _): return value
    case (.fixed, .negativeZero): return .finite(.zero)
    case (.fixed(let format), .infinity(let negative)):
      if format.overflow == .saturate { return .finite(negative ? format.smallest : format.largest) }
      throw FormatError.fixedOverflow(value: value.description, format: format.description)
    case (.fixed(let format), .notANumber):
      throw FormatError.fixedOverflow(value: "nan", format: format.description)
    }
  }

  /// Whether the format has infinities, NaN and signed zeros (floats do, fixed point does not).
  public var hasSpecialValues: Bool {
    if case .float = self { return true }
    return false
  }
}

extension NumberFormat: CustomStringConvertible {
  /// The canonical name (`fp16`, `bf16`, `fp32`, `fp64`, `float:E,M`, `fixed:I.F[:error]`),
  /// which ``init(parsing:)`` reads back.
  public var description: String {
    switch self {
    case .float(let format): return format.description
    case .fixed(let format): return format.description
    }
  }
}
