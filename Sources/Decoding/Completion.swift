import ExactArithmetic

/// One complete continuation of a prompt and its exact probability: the
/// product of the model's next-token probabilities along it.
public struct Completion: Sendable, Hashable, CustomStringConvertible {
  /// The generated tokens (labels of the readout), in order.
  public var tokens: [String]
  /// The exact joint probability, or nil for a readout without probabilities
  /// (greedy on a categorical readout).
  public var probability: Rational?

  public init(tokens: [String], probability: Rational?) {
    self.tokens = tokens
    self.probability = probability
  }

  /// Whether the completion is one token repeated (every completion of one
  /// token is).
  public var isRepetition: Bool { tokens.dropFirst().allSatisfy { $0 == tokens.first } }

  public var description: String {
    tokens.joined(separator: " ") + (probability.map { "  p = \($0)" } ?? "")
  }
}

/// A completion drawn `count` times among a strategy's samples.
public struct SampledCompletion: Sendable, Hashable {
  public var completion: Completion
  public var count: Int
}

/// The strings `mass:F` returns: the most probable completions, in order,
/// until together they hold at least the fraction asked for.
public struct MassSelection: Sendable {
  public var fraction: Rational
  public var completions: [Completion]
  /// The mass they hold (at least `fraction`, exactly summed).
  public var mass: Rational
}

/// The whole distribution over complete continuations (small V^n only).
public struct ExactDistribution: Sendable {
  /// Every completion of positive probability, most probable first (ties in
  /// readout-label order).
  public var completions: [Completion]
  /// The sum of their probabilities (exactly 1 for a correct model; the
  /// report shows the sum, it does not assume it).
  public var total: Rational
  /// The entropy in bits, −Σ p·log2 p, exactly (by the chain rule over the
  /// tree of prefixes).
  public var entropy: Log2Expression
  /// How many of the most probable completions ``topMass`` covers.
  public var topCount: Int
  /// The mass of the `topCount` most probable completions: the probability
  /// that a sample is one of them.
  public var topMass: Rational
  /// The most probable completion.
  public var mode: Completion { completions[0] }
}

/// Work done by a search: nodes of the prefix tree whose next-token
/// distribution was computed, and positions the forward pass computed.
public struct SearchStatistics: Sendable, Hashable {
  /// Prefixes (beyond the prompt) whose next-token distribution was computed.
  public var nodesExpanded = 0
  /// Positions the forward pass computed (the prompt's included); with the
  /// incremental pass this is the prompt length plus one per node expanded.
  public var positionsComputed = 0
  /// Kept positions appended again instead of computed (returning to a prefix).
  public var positionsRestored = 0
}
