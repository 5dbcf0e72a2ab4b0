/// What a compilation is for: the input alphabet, the longest input, BOS,
/// and the limits and choices a user can set.
public struct CompileOptions: Sendable {
  /// The input tokens (as `tokens` reads them: strings).
  public var vocabulary: [String]
  /// The longest input the model must handle (≥ 1).
  public var maxLength: Int
  /// Whether the model prepends a beginning-of-sequence position (needed for
  /// aggregate defaults and selector widths).
  public var bos: Bool
  /// The most values the compiler lists: an s-op's values where a one-hot
  /// needs them, a selector's joint key or query tuples, one position's
  /// values (numbers past it — means, sums of means — are described by a
  /// ``NumericSummary`` instead, read only as numbers, by sums and by
  /// comparisons with constants); MLP tables may examine 50 times as many.
  public var maxValues: Int
  /// Encodings chosen by the user, by s-op name (overriding the automatic choice).
  public var encodings: [String: Encoding]
  /// When the input space has at most this many inputs, value sets are
  /// found by the RASP module's enumeration of every input (exact) and
  /// intersected with the per-position analysis; above it, the analysis alone.
  public var enumerationLimit: Int
  /// The name of the BOS token in the model (must not be in the vocabulary).
  public var bosToken: String
  /// Whether the embedding may be any function of the token and its
  /// position (a joint table), so that maps of tokens and indices together
  /// are folded into it; when false the embedding is token + position, and
  /// such maps take an MLP before the first attention layer.
  public var jointEmbedding: Bool
  /// The most directions of joint one-hots the compiler adds to keep a
  /// selector that compares several s-ops jointly in one head (the fewest
  /// heads); above it such a selector is split into disjoint terms with a
  /// narrow head each, where it can be. 0 always splits. Nil (the default):
  /// chosen by exact cost, the model with fewer parameters (then the
  /// narrower one) of the joint and the split compilation, among those with
  /// no more heads in any layer than the reference analyser counts.
  public var jointLimit: Int?
  /// Whether a selector's `==` of two numerically encodable s-ops (numbers,
  /// not booleans, not constant; functions of the position included)
  /// is scored by −(a − b)² over one direction each and their squares
  /// (``NumericalComparison``) instead of through one-hots of both. Nil
  /// (the default): by exact cost, the model with fewer parameters (then
  /// the narrower one) of the two compilations.
  public var numericalComparisons: Bool?

  /// ``numericalComparisons`` as a ``ComparisonForm``: `auto` (nil),
  /// `oneHot` (false) or `numerical` (true).
  public var comparisons: ComparisonForm {
    get {
      switch numericalComparisons {
      case nil: return .auto
      case false?: return .oneHot
      case true?: return .numerical
      }
    }
    set {
      switch newValue {
      case .auto: numericalComparisons = nil
      case .oneHot: numericalComparisons = false
      case .numerical: numericalComparisons = true
      }
    }
  }

  public init(
    vocabulary: [String], maxLength: Int, bos: Bool = true, maxValues: Int = 20_000,
    encodings: [String: Encoding] = [:], enumerationLimit: Int = 20_000, bosToken: String = "<bos>",
    jointEmbedding: Bool = true, jointLimit: Int? = nil, comparisons: ComparisonForm = .auto
  ) {
    self.jointEmbedding = jointEmbedding
    self.jointLimit = jointLimit
    self.vocabulary = vocabulary
    self.maxLength = maxLength
    self.bos = bos
    self.maxValues = maxValues
    self.encodings = encodings
    self.enumerationLimit = enumerationLimit
    self.bosToken = bosToken
    self.comparisons = comparisons
  }

  /// The number of inputs of length 1...maxLength (saturating).
  public var inputCount: Int {
    var total = 0
    var power = 1
    for _ in 0..<max(0, maxLength) {
      let (next, overflow) = power.multipliedReportingOverflow(by: vocabulary.count)
      power = overflow ? Int.max : next
      total = total > Int.max - power ? Int.max : total + power
    }
    return total
  }
}
