import ExactArithmetic
import Transformer

/// A small language model whose single most probable completion is
/// degenerate (one token repeated) while a sample is rarely degenerate: the
/// mode and the typical set part ways, exactly.
///
/// Over V tokens t0…t(V−1), the next token after an input whose last token
/// has been repeated `run` times in a row (BOS breaks a run) has base-2
/// softmax logits `r·run` for repeating that token and 0 for each of the
/// V − 1 others (r, the repetition strength, a positive integer). So every
/// fluent continuation is individually rare (probability 1/(2^(r·run) + V − 1)
/// per step) but together they are likely, and repetition reinforces itself:
/// each repeat raises the next repeat's logit by r. The mode of n tokens
/// after a prompt ending in t is t…t (each repeat is the most probable step,
/// and it makes the next one more probable), its probability stays bounded
/// away from 0 as n grows, while a typical completion's probability falls
/// like (V + 1)^−n: the gap between the mode and the typical set grows
/// exponentially in n (Holtzman et al. 2020, "The Curious Case of Neural
/// Text Degeneration"; Meister, Cotterell & Vieira 2020, "If beam search is
/// the answer, what was the question?").
///
/// **Layers.** One: a unique-hard head finds the last position whose token
/// differs from the current one (score `M·[token_j ≠ token_i] + j`, M above
/// every position, BOS differing from every token) and copies its position;
/// an MLP writes `logit:v = relu(r·(i − j) + B·[token_i = v] − B) = r·run·[token_i = v]`
/// with B = r·max_len (one unit per token). Readout: base-2 softmax over
/// `logit:`, scale 1.
public enum DegenerateMode {
  /// A family member's parameters.
  public struct Spec: Sendable, Hashable {
    /// V, the number of tokens t0…t(V−1).
    public var vocabularySize: Int
    /// r, the logit added per repeat.
    public var strength: Int
    /// The longest input.
    public var maxLength: Int

    public init(vocabularySize: Int, strength: Int, maxLength: Int) {
      self.vocabularySize = vocabularySize
      self.strength = strength
      self.maxLength = maxLength
    }

    public var tokens: [String] { (0..<vocabularySize).map { "t\($0)" } }

    func validate() throws {
      guard vocabularySize >= 2, strength >= 1, maxLength >= 1 else {
        throw ConstructionError.badParameter("degenerate-mode: need vocab_size >= 2, strength >= 1, max_len >= 1")
      }
      guard strength * (maxLength + 1) <= Readout.softmaxSpreadLimit else {
        throw ConstructionError.badParameter(
          "degenerate-mode: strength × (max_len + 1) = \(strength * (maxLength + 1)) is over the softmax logit spread limit \(Readout.softmaxSpreadLimit)")
      }
    }
  }

  /// Builds the model.
  public static func model(_ spec: Spec) throws -> Model {
    try spec.validate()
    let tokens = spec.tokens
    var builder = ModelBuilder(
      name: "degenerate-mode-\(spec.vocabularySize)", vocabulary: tokens, maxLength: spec.maxLength,
      positions: .entries { ["pos": Rational($0)] })
    let m = Rational(spec.maxLength + 1)
    let lastChange = AttentionHead(
      name: "last-change",
      scores: [("one", "one", m), ("one", "pos", 1)] + tokens.map { ("tokens:\($0)", "tokens:\($0)", -m) },
      moves: [("pos", "changed_at", 1)], semantics: .uniqueHard(.rightmost), mask: .causal)
    let r = Rational(spec.strength)
    let b = Rational(spec.strength * spec.maxLength)
    let units = tokens.map { t in
      MLP.Unit(inputs: [("pos", r), ("changed_at", -r), ("tokens:\(t)", b)], bias: -b, outputs: [("logit:\(t)", 1)])
    }
    builder.declare(tokens.map { "logit:\($0)" })
    try builder.appendLayer(heads: [lastChange], mlp: MLP(name: "repeat-logits", units: units))
    builder.metadata = [
      "construction": "degenerate-mode", "vocab_size": String(spec.vocabularySize), "strength": String(spec.strength),
    ]
    return try builder.build(readout: .softmax(
      directions: tokens.map { "logit:\($0)" }, labels: tokens.map { .text($0) }, scale: 1))
  }

  /// How many times the last token is repeated at the end of `tokens`.
  public static func run(_ tokens: [String]) -> Int {
    guard let last = tokens.last else { return 0 }
    return tokens.reversed().prefix { $0 == last }.count
  }

  /// The next-token distribution after `tokens`, from the definition:
  /// 2^(r·run) for repeating the last token, 1 for each other, normalised.
  public static func probabilities(_ spec: Spec, after tokens: [String]) -> [Rational] {
    let last = tokens.last
    let repeatWeight = try! Rational(2).power(spec.strength * run(tokens))
    let weights = spec.tokens.map { $0 == last ? repeatWeight : Rational.one }
    let total = weights.reduce(Rational.zero, +)
    return weights.map { $0 / total }
  }

  /// The greedy label at each position (the most probable next token: the
  /// token itself, whose logit r·run is the only positive one).
  public static func expectedOutputs(_ tokens: [String]) -> [String] { tokens }
}
