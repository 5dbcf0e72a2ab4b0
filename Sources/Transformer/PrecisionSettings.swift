import ExactArithmetic

/// How a rounded forward pass rounds (``RoundedPass``): the number format of
/// every stored value, the format products and partial sums accumulate in,
/// and how softmax heads take their exponentials.
public struct PrecisionSettings: Sendable, Hashable {
  /// Weights, activations, scores, attention weights: every stored value.
  public var format: NumberFormat
  /// Products and running sums inside a dot product or weighted sum (bf16
  /// inputs with fp32 accumulation, as tensor cores do); the finished sum is
  /// rounded to ``format``.
  public var accumulator: NumberFormat
  /// A softmax head's weight 2^(s − max): `.two` evaluates exp2 of the rounded
  /// difference; `.e` evaluates exp of the difference times ln 2 rounded (each
  /// rounded), as a framework computing base-2 softmax through `exp` does.
  public var exponentialBase: ExponentialBase

  public init(format: NumberFormat, accumulator: NumberFormat? = nil, exponentialBase: ExponentialBase = .two) {
    self.format = format
    self.accumulator = accumulator ?? format
    self.exponentialBase = exponentialBase
  }
}

extension PrecisionSettings: CustomStringConvertible {
  /// `bf16`, or `bf16 (fp32 accumulation, exp base e)` when those differ from the defaults.
  public var description: String {
    var notes: [String] = []
    if accumulator != format { notes.append("\(accumulator) accumulation") }
    if exponentialBase == .e { notes.append("softmax through exp") }
    return notes.isEmpty ? format.description : "\(format) (\(notes.joined(separator: ", ")))"
  }
}
