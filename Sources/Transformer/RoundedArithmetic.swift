import ExactArithmetic

/// The operations of ``RoundedPass`` on a machine representation of a
/// format's values, each giving bit for bit the value the exact operation
/// of ``NumberFormat`` gives: what ``NativeRoundedKernel`` computes with.
///
/// "Format" is the settings' number format, "accumulator" the format
/// products and running sums are kept in (``PrecisionSettings``). A
/// `Value` holds a value of either; an operation that throws throws the
/// ``FormatError`` the exact operation throws.
protocol RoundedArithmetic: Sendable {
  /// A value of the format or of the accumulator.
  associatedtype Value: Hashable, Comparable, AdditiveArithmetic, Sendable

  /// The arithmetic for `pass`'s settings, or nil when its formats are not ones it computes exactly.
  init?(_ pass: RoundedPass)

  /// A value of the format (a weight, an embedded entry) in this representation.
  func value(_ x: FormatValue) -> Value
  /// The format value `x` holds.
  func formatValue(_ x: Value) -> FormatValue
  /// A stage of a ``RoundedRun`` holding `rows` (converted when read).
  func stage(label: String, layer: Int?, rows: [[Value]]) -> RoundedRun.Stage

  /// a · b rounded to the accumulator.
  func wideProduct(_ a: Value, _ b: Value) throws -> Value
  /// a + b rounded to the accumulator.
  func wideSum(_ a: Value, _ b: Value) throws -> Value
  /// An accumulator value rounded to the format.
  func narrow(_ a: Value) throws -> Value
  /// a + b rounded to the format.
  func sum(_ a: Value, _ b: Value) throws -> Value
  /// a − b rounded to the format.
  func difference(_ a: Value, _ b: Value) throws -> Value
  /// a / b rounded to the format.
  func quotient(_ a: Value, _ b: Value) throws -> Value
  /// The integer `n` rounded to the format (an averaging head's count).
  func count(_ n: Int) throws -> Value
  /// A softmax weight for the rounded difference d = s − max (≤ 0), as ``RoundedPass/exponential(_:)``.
  func exponential(_ d: Value) throws -> Value
  /// max(x, 0), a NaN kept.
  func relu(_ x: Value) -> Value
  /// Whether `x` is NaN.
  func isNaN(_ x: Value) -> Bool
}
