import Automata
import ExactArithmetic
import Transformer

/// Any semiautomaton simulated by parallel prefix composition in
/// ⌈log2 T⌉ layers (Liu et al. 2022, "Transformers Learn Shortcuts to
/// Automata", Theorem 1: depth O(log T)).
///
/// Every position holds a transition function F: Q → Q as a one-hot table
/// (`f:q:r` = 1 iff F(q) = r); the token embeds δ_σ and BOS the identity.
/// Layer ℓ is a Hillis–Steele scan step: one head fetches the table of
/// position t − 2^ℓ (BOS when that is before the start) into scratch
/// directions `g:q:s`, and the MLP replaces F_t by F_t ∘ G exactly:
/// `new(q, r) = Σ_s relu(g(q, s) + f(s, r) − 1)` (|Q|³ units), writing
/// `new − old` and clearing the scratch. After the last layer F_t is the
/// composition of δ over tokens 1..t, and the readout gives F_t(q₀).
///
/// Positions are encoded as the numbers t and t² (not one-hot), so the
/// score of key j for query t is `2j(t − 2^ℓ) − j² = (t − 2^ℓ)² − (j − (t − 2^ℓ))²`,
/// an integer maximal exactly at j = t − 2^ℓ (at j = 0 when that is
/// negative): the integer-score variant of the paper's position matching.
/// The width is 2|Q|² + |Σ| + 4, independent of T.
///
/// Looped (Xu & Sato 2025's latent-thought view): one layer applied
/// ⌈log2 T⌉ times with the same weights; the span 2^ℓ is the residual
/// direction `span` (1 from the embedding, doubled by the perceptron after
/// each step), so the score `2j(t − span) − j²` is bilinear in the stream.
public enum AutomatonScan {
  /// The number of layers for inputs up to length `maxLength`: ⌈log2 T⌉.
  public static func depth(forLength maxLength: Int) -> Int {
    var layers = 0
    while (1 << layers) < maxLength { layers += 1 }
    return layers
  }

  /// The scan transformer for `automaton` on inputs up to `maxLength`, with
  /// `layers` scan steps (default ⌈log2 maxLength⌉; fewer layers give a
  /// model that is wrong on long enough inputs, for ablations).
  public static func model(
    for automaton: Automaton, maxLength: Int, layers: Int? = nil, looped: Bool = false
  ) throws -> Model {
    let n = automaton.states.count
    // The composition MLP has |Q|³ units over 2|Q|² inputs, stored densely.
    guard n * n * n <= 27_000 else {
      throw ConstructionError.badParameter(
        "automaton-scan: \(automaton.name) has \(n) states; the composition MLP would need \(n * n * n) units (the limit is 30 states)")
    }
    // Directions are named by state (f:q:r) unless a name contains ':', which
    // could make two names collide; then by index.
    let readable = !automaton.states.contains { $0.contains(":") }
    let q = readable ? automaton.states : automaton.states.indices.map { "q\($0)" }
    var builder = ModelBuilder(
      name: "automaton-scan-\(automaton.name)", vocabulary: automaton.alphabet,
      maxLength: maxLength,
      positions: .entries { t in ["pos": Rational(t), "pos_sq": Rational(t * t)] })
    func f(_ a: Int, _ b: Int) -> String { "f:\(q[a]):\(q[b])" }
    func g(_ a: Int, _ b: Int) -> String { "g:\(q[a]):\(q[b])" }
    let bos = builder.bos!
    builder.declare((0..<n).flatMap { a in (0..<n).map { f(a, $0) } })
    var tokenRows: [String: [String: Rational]] = [:]
    for (a, symbol) in automaton.alphabet.enumerated() {
      var row: [String: Rational] = ["tokens:\(symbol)": 1]
      for s in 0..<n { row[f(s, automaton.transitions[s][a])] = 1 }
      tokenRows[symbol] = row
    }
    var bosRow: [String: Rational] = ["tokens:\(bos)": 1]
    for s in 0..<n { bosRow[f(s, s)] = 1 }
    tokenRows[bos] = bosRow
    builder.embedding.tokens = tokenRows
    builder.declare((0..<n).flatMap { a in (0..<n).map { g(a, $0) } })
    let steps = layers ?? depth(forLength: maxLength)
    if looped { builder.embedding.constant["span"] = 1 }
    for l in 0..<(looped ? 1 : steps) {
      let shift = Rational(1 << l)
      let fetch = AttentionHead(
        name: looped ? "scan" : "scan-\(l)",
        scores: [("pos", "pos", 2), looped ? ("span", "pos", -2) : ("one", "pos", -2 * shift), ("one", "pos_sq", -1)],
        moves: (0..<n).flatMap { a in (0..<n).map { (f(a, $0), g(a, $0), Rational.one) } },
        semantics: .uniqueHard(.leftmost), mask: .causal)
      var units: [MLP.Unit] = []
      for a in 0..<n {
        for r in 0..<n {
          for s in 0..<n {
            units.append(MLP.Unit(inputs: [(g(a, s), 1), (f(s, r), 1)], bias: -1, outputs: [(f(a, r), 1)]))
          }
        }
      }
      for a in 0..<n {
        for b in 0..<n {
          units.append(MLP.Unit(inputs: [(f(a, b), 1)], outputs: [(f(a, b), -1)]))
          units.append(MLP.Unit(inputs: [(g(a, b), 1)], outputs: [(g(a, b), -1)]))
        }
      }
      if looped { units.append(MLP.Unit(inputs: [("span", 1)], outputs: [("span", 1)])) }
      try builder.appendLayer(heads: [fetch], mlp: MLP(name: looped ? "compose" : "compose-\(l)", units: units))
    }
    if looped { builder.loop = Loop(start: 0, end: 1, iterations: steps, maxIterations: steps) }
    builder.metadata = [
      "construction": "automaton-scan", "automaton": automaton.name,
      "source": "Liu et al. 2022, Theorem 1 (parallel prefix, Hillis-Steele scan)",
    ]
    return try builder.build(
      readout: .categorical(
        directions: (0..<n).map { f(automaton.start, $0) }, labels: automaton.states.map { .text($0) }))
  }
}
