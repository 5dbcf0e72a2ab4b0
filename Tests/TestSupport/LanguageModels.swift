import ExactArithmetic
import Transformer

/// Small seeded language models with exact next-token distributions, and
/// the brute-force reference every search is compared with.
public enum LanguageModels {
  /// A random one-layer model over t0…t(V−1) with a softmax readout: a head
  /// with random integer scores between tokens (and a recency term) copies
  /// the attended token into `prev:`, an MLP maps (token, prev) pairs to
  /// random integer logits. With `halfScale`, the logits are written doubled
  /// and the readout declares scale 1/2. With `causal == false` the head
  /// sees every position (the search then runs the model whole at each prefix).
  public static func random(vocabularySize v: Int, maxLength: Int, seed: UInt64, halfScale: Bool = false, causal: Bool = true) throws -> Model {
    var rng = SplitMix64(seed: seed)
    let tokens = (0..<v).map { "t\($0)" }
    var builder = ModelBuilder(
      name: "random-\(seed)", vocabulary: tokens, maxLength: maxLength,
      positions: .entries { ["pos": Rational($0)] })
    var scores: [(query: String, key: String, weight: Rational)] = [("one", "pos", Rational(rng.int(in: -1...1)))]
    for a in tokens {
      for b in tokens + ["BOS"] {
        scores.append(("tokens:\(a)", "tokens:\(b)", Rational(4 * rng.int(in: -2...2))))
      }
    }
    let head = AttentionHead(
      name: "look", scores: scores, moves: tokens.map { ("tokens:\($0)", "prev:\($0)", Rational.one) },
      semantics: .uniqueHard(rng.chance(0.5) ? .rightmost : .leftmost), mask: causal ? .causal : .none)
    let factor = halfScale ? 2 : 1
    var units: [MLP.Unit] = []
    for a in tokens {
      for b in tokens {
        units.append(MLP.Unit(
          inputs: [("tokens:\(a)", 1), ("prev:\(b)", 1)], bias: -1,
          outputs: tokens.map { ("logit:\($0)", Rational(factor * rng.int(in: -3...3))) }))
      }
    }
    let bias = tokens.map { ("logit:\($0)", Rational(factor * rng.int(in: -1...1))) }
    try builder.appendLayer(heads: [head], mlp: MLP(name: "logits", units: units, outputBias: bias))
    return try builder.build(readout: .softmax(
      directions: tokens.map { "logit:\($0)" }, labels: tokens.map { .text($0) }, scale: halfScale ? Rational(1, 2) : 1))
  }

  /// A model whose every logit is 0: uniform next tokens.
  public static func uniform(vocabularySize v: Int, maxLength: Int) throws -> Model {
    let tokens = (0..<v).map { "t\($0)" }
    var builder = ModelBuilder(name: "uniform", vocabulary: tokens, maxLength: maxLength)
    builder.declare(tokens.map { "logit:\($0)" })
    return try builder.build(readout: .softmax(
      directions: tokens.map { "logit:\($0)" }, labels: tokens.map { .text($0) }, scale: 1))
  }

  /// Every completion of `n` tokens with its probability, from whole runs
  /// of the model on each prefix (``PreparedModel/run(_:)``: no incremental
  /// pass, no search), most probable first, ties in label order.
  public static func bruteForce(_ model: PreparedModel, prompt: [String], n: Int) throws -> [(tokens: [String], probability: Rational)] {
    let labels = model.model.readout.labels!.map(\.description)
    var memo: [[String]: [Rational]] = [:]
    func next(_ prefix: [String]) throws -> [Rational] {
      if let known = memo[prefix] { return known }
      let run = try model.run(prompt + prefix)
      let q = try model.probabilities(of: run).last!.get()
      memo[prefix] = q
      return q
    }
    var out: [(tokens: [String], probability: Rational, code: [Int])] = []
    func walk(_ prefix: [String], _ code: [Int], _ p: Rational) throws {
      if prefix.count == n {
        out.append((prefix, p, code))
        return
      }
      for (v, q) in try next(prefix).enumerated() where !q.isZero {
        try walk(prefix + [labels[v]], code + [v], p * q)
      }
    }
    try walk([], [], .one)
    out.sort { $0.probability != $1.probability ? $1.probability < $0.probability : $0.code.lexicographicallyPrecedes($1.code) }
    return out.map { ($0.tokens, $0.probability) }
  }
}
