import ExactArithmetic

/// One rounded run: outputs per input position and the rounded stream after every stage.
public struct RoundedRun: Sendable {
  /// One stage's rounded stream (positions × residual directions).
  public struct Stage: Sendable {
    /// `embedding`, `layer L attention` or `layer L mlp`.
    public var label: String
    /// Layer index, or nil for the embedding.
    public var layer: Int?
    /// Rows by position (BOS included), entries by residual direction.
    public var stream: [[FormatValue]]
  }

  /// The decoded output at each input position (BOS left out), or why there is none.
  public var outputs: [Result<OutputValue, RoundedFailure>]
  /// Every stage reached (a fixed-point overflow ends the run early).
  public var stages: [Stage]
  /// Stream row of the first input token.
  public var firstInputRow: Int
  /// How the run rounded.
  public var settings: PrecisionSettings
}
