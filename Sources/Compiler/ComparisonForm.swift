/// How a selector's `==` of two numerically encodable s-ops is compiled
/// (``CompileOptions/comparisons``): by exact cost, always through one-hots
/// of both, or always scored numerically (``NumericalComparison``) where it
/// can be.
///
/// The numerical score 2c·a·b − c·b² is exact, but its gap (1 against
/// c·a², which grows with the values squared) is lost sooner in a short
/// mantissa than the one-hot score's: forcing `oneHot` keeps a model's
/// rounded behaviour that of the one-hot construction.
public enum ComparisonForm: String, Sendable, Hashable, CaseIterable {
  /// The model with fewer parameters (then the narrower one) of the two compilations.
  case auto
  /// Through one-hots of both s-ops (the RASP construction).
  case oneHot = "one-hot"
  /// Scored numerically wherever the comparison can be.
  case numerical

  /// The form a command-line or claim value names (`auto`, `one-hot`,
  /// `numerical`), or nil.
  public init?(argument: String) { self.init(rawValue: argument) }

  /// The accepted values, for messages: "auto, one-hot or numerical".
  public static var accepted: String { "auto, one-hot or numerical" }
}
