import ExactArithmetic
import Transformer

/// A question whose right answer is the most probable whole answer, while
/// greedy decoding's first token (the most probable first token) leads into
/// a garden path of many continuations, none of them likely.
///
/// Tokens: the question `Q`, the answer chain `R1 … Rn`, the lure `L` and
/// m filler words `W1 … Wm`. A bigram model (no layers: each token's
/// embedding writes the logits of the next, base-2 softmax, scale 1), with
/// a confidence h: after `Q`, `L` has logit h + d and `R1` has h (the lure
/// leads by d); after `R_k`, `R_(k+1)` has h; after `L` or a filler, every
/// filler has h; every other logit is 0. With V = n + m + 1 labels,
///
///     P(R1 … Rn)        = 2^h / Z_Q · (2^h / (2^h + V − 1))^(n−1)
///     P(greedy: L W1 …) = 2^(h+d) / Z_Q · (2^h / (m·2^h + V − m))^(n−1)
///
/// (Z_Q = 2^(h+d) + 2^h + V − 2): greedy takes `L`, then spreads over m
/// fillers, so its answer is about 2^d·m^−(n−1) times the first token's
/// share, while the joint argmax is the right chain once m^(n−1) > 2^d.
public enum GardenPath {
  /// A family member's parameters.
  public struct Spec: Sendable, Hashable {
    /// n, the answer length.
    public var answerLength: Int
    /// m, the fillers after the lure.
    public var branches: Int
    /// d, the lure's lead over the right first token.
    public var lead: Int
    /// h, the logit of every preferred continuation.
    public var confidence: Int

    public init(answerLength: Int, branches: Int, lead: Int, confidence: Int) {
      self.answerLength = answerLength
      self.branches = branches
      self.lead = lead
      self.confidence = confidence
    }

    /// The answer tokens: the lure, the chain, the fillers (the readout's labels, in order).
    public var labels: [String] { ["L"] + answer + (1...branches).map { "W\($0)" } }
    /// The right answer, R1 … Rn.
    public var answer: [String] { (1...answerLength).map { "R\($0)" } }

    func validate() throws {
      guard answerLength >= 1, branches >= 1, lead >= 0, confidence >= 0, confidence + lead <= 62 else {
        throw ConstructionError.badParameter(
          "garden-path: need answer_len >= 1, branches >= 1, lead >= 0, confidence >= 0 and confidence + lead <= 62")
      }
    }
  }

  /// The question token.
  public static let question = "Q"

  /// Builds the model.
  public static func model(_ spec: Spec) throws -> Model {
    try spec.validate()
    let labels = spec.labels
    var builder = ModelBuilder(name: "garden-path", vocabulary: [question] + labels, maxLength: spec.answerLength)
    builder.declare(labels.map { "logit:\($0)" })
    // One assignment: each change of the builder's embedding re-reads all its directions.
    var tokens = builder.embedding.tokens
    for (token, row) in logits(spec) {
      tokens[token]!.merge(row.mapValues { Rational($0) }) { $0 + $1 }
    }
    builder.embedding.tokens = tokens
    builder.metadata = ["construction": "garden-path", "answer_len": String(spec.answerLength)]
    return try builder.build(readout: .softmax(
      directions: labels.map { "logit:\($0)" }, labels: labels.map { .text($0) }, scale: 1))
  }

  /// The non-zero logits each token writes for the next.
  static func logits(_ spec: Spec) -> [String: [String: Int]] {
    let (h, d) = (spec.confidence, spec.lead)
    let fillers = (1...spec.branches).map { "W\($0)" }
    var out: [String: [String: Int]] = [question: ["logit:L": h + d, "logit:R1": h]]
    for k in 1..<spec.answerLength { out["R\(k)"] = ["logit:R\(k + 1)": h] }
    for from in ["L"] + fillers {
      out[from] = Dictionary(uniqueKeysWithValues: fillers.map { ("logit:\($0)", h) })
    }
    return out
  }

  /// The next-token distribution over ``Spec/labels`` after `tokens`, from the definition.
  public static func probabilities(_ spec: Spec, after tokens: [String]) -> [Rational] {
    let row = logits(spec)[tokens.last ?? ""] ?? [:]
    let weights = spec.labels.map { Rational(1 << (row["logit:\($0)"] ?? 0)) }
    let total = weights.reduce(Rational.zero, +)
    return weights.map { $0 / total }
  }
}
