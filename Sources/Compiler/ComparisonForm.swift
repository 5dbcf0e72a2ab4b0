/// How a selector's `==` of two numerically encodable s-ops is compiled
/// (``CompileOptions/comparisons``): by exact cost, always through one-hots
/// of both, or always scored numerically (``NumericalComparison``) where it
/// can be.
///
/// The numerical score 2c·a·b − c·b² is exact, but its gap (1 against
/// c·a², which grows with the values squared) is lost sooner in a short
/// mantissa than the one-hot score's: forcing `oneHot` keeps a model's
/// rounded behaviour that of the one-hot construction.
///
/// Only `==` has a numerical form. For `<` (and `<=`, `>`, `>=`) no narrow
/// bilinear score exists: over key values v₁ < … < v_V, the query a = vⱼ
/// must score every key below vⱼ alike (any of them may be the ones
/// present) and every other key lower, so the score minus its maximum,
/// as a function of the key, is zero below vⱼ and non-zero at vⱼ. These V
/// functions form a triangular matrix with a non-zero diagonal, hence are
/// independent, while a head whose keys have d dimensions spans at most
/// d + 1 of them (with the constant): d ≥ V − 1. The one-hot construction
/// (d = V) is therefore within one dimension of the least any single
/// hard-attention head can use, and order comparisons always go through it.
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
