/// A number-format string that names no format, or a fixed-point overflow
/// under ``FixedFormat/Overflow/error``.
public enum FormatError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Text that is not a format name, `float:E,M` or `fixed:I.F`.
  case unknownFormat(String)
  /// `float:E,M` with E outside ``FloatFormat/exponentBitRange``.
  case exponentBitsOutOfRange(String)
  /// `float:E,M` with M outside ``FloatFormat/fractionBitRange``.
  case fractionBitsOutOfRange(String)
  /// `fixed:I.F` with no bits, or more than ``FixedFormat/maximumBits``.
  case fixedBitsOutOfRange(String)
  /// A value outside a fixed-point format's range under the `error` overflow rule.
  case fixedOverflow(value: String, format: String)
  /// A fixed-point division by zero (fixed point has no infinities).
  case fixedDivisionByZero(format: String)

  public var description: String {
    switch self {
    case .unknownFormat(let text):
      return "unknown number format \"\(text)\" (expected fp16, bf16, fp32, fp64, float:E,M or fixed:I.F[:saturate|:error])"
    case .exponentBitsOutOfRange(let text):
      let range = FloatFormat.exponentBitRange
      return "\"\(text)\": exponent bits must be in \(range.lowerBound)...\(range.upperBound)"
    case .fractionBitsOutOfRange(let text):
      let range = FloatFormat.fractionBitRange
      return "\"\(text)\": fraction (mantissa) bits must be in \(range.lowerBound)...\(range.upperBound)"
    case .fixedBitsOutOfRange(let text):
      return "\"\(text)\": a fixed-point format needs 1...\(FixedFormat.maximumBits) integer plus fraction bits"
    case .fixedOverflow(let value, let format):
      return "\(value) overflows \(format)"
    case .fixedDivisionByZero(let format):
      return "division by zero in \(format)"
    }
  }
}
