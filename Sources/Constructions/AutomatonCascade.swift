import Automata
import ExactArithmetic
import Transformer

/// A solvable semiautomaton simulated at a depth that does not depend on the
/// input length (Liu et al. 2022, "Transformers Learn Shortcuts to
/// Automata", Theorem 2, the transformer Krohn–Rhodes theorem).
///
/// The automaton's transformation monoid is computed first; if it holds a
/// group that is not solvable (S5, A5, …) the construction is refused with
/// that group's order as the witness. Otherwise the letters are decomposed
/// level by level (``CascadeAssembly``): prefix products in a solvable group
/// by a composition series whose prime factors are counters mod p (a prefix
/// sum by one averaging head, reduced mod p by perceptrons of width O(T)),
/// resets found by hard attention to the last non-permutation letter, and
/// non-permutation letters renamed by their place in the image of the last
/// such letter, which leaves fewer states for the level below. Each level
/// reads the levels above through the residual stream.
///
/// Depth and heads depend on the automaton only; the residual width is
/// independent of T; the perceptrons that reduce counts mod p have
/// 2(p − 1)T + 1 units each, so the MLP width grows linearly in T (the
/// paper's MLP width is O(T) as well).
public enum AutomatonCascade {
  /// The cascade for `automaton` on inputs up to `maxLength`.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` naming a non-solvable
  ///   group of the monoid, or when the monoid is too large to compute.
  public static func model(for automaton: Automaton, maxLength: Int) throws -> Model {
    let n = automaton.states.count
    guard let monoid = TransformationMonoid(automaton: automaton) else {
      throw ConstructionError.badParameter(
        "automaton-cascade: \(automaton.name)'s transformation monoid has more than 100000 elements")
    }
    if let witness = monoid.nonSolvableSubgroup() {
      let states = witness.states.map { automaton.states[$0] }.joined(separator: ", ")
      throw ConstructionError.badParameter(
        "automaton-cascade: \(automaton.name) is not solvable: its transformation monoid contains a group of order \(witness.order) permuting {\(states)} whose derived series stops at a perfect subgroup of order \(witness.perfectCoreOrder) (the smallest such group, A5, has order 60), so no cascade of counters and resets exists (Liu et al. 2022, Theorem 2 needs solvable groups); automaton-scan simulates it in ceil(log2 T) layers")
    }
    var letters = [Transformation.identity(n)]
    var symbolLetter: [Int] = []
    for map in monoid.letters {
      if let i = letters.firstIndex(of: map) {
        symbolLetter.append(i)
      } else {
        symbolLetter.append(letters.count)
        letters.append(map)
      }
    }
    var builder = ModelBuilder(
      name: "automaton-cascade-\(automaton.name)", vocabulary: automaton.alphabet, maxLength: maxLength,
      positions: .entries { t in ["pos": Rational(t)] })
    let bos = builder.bos!
    var tokens: [String: [String: Rational]] = ["\(bos)": ["tokens:\(bos)": 1, "letter:0": 1]]
    for (a, symbol) in automaton.alphabet.enumerated() {
      tokens[symbol] = ["tokens:\(symbol)": 1, "letter:\(symbolLetter[a])": 1]
    }
    builder.declare(letters.indices.map { "letter:\($0)" })
    builder.embedding.tokens = tokens
    var assembly = CascadeAssembly(builder: builder, maxLength: maxLength)
    let state = try assembly.solve(
      states: n, letters: letters, view: .block("letter", count: letters.count), start: automaton.start)
    builder = assembly.builder
    let directions: [String]
    if state.values.allSatisfy({ $0.count == 1 && $0[0].1 == .one }) {
      directions = state.values.map { $0[0].0 }
    } else {
      directions = (0..<n).map { "state:\($0)" }
      builder.declare(directions)
      try builder.appendLayer(mlp: MLP(
        name: "state", units: (0..<n).compactMap { q in
          state[q].isEmpty ? nil : MLP.Unit(inputs: state[q], outputs: [(directions[q], 1)])
        }))
    }
    builder.metadata = [
      "construction": "automaton-cascade", "automaton": automaton.name,
      "source": "Liu et al. 2022, Theorem 2 (transformer Krohn-Rhodes)",
      "monoid_order": "\(monoid.elements.count)",
      "levels": assembly.levels.joined(separator: "; "),
    ]
    return try builder.build(
      readout: .categorical(directions: directions, labels: automaton.states.map { .text($0) }))
  }
}
