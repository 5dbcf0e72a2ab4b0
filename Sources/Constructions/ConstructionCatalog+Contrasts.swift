import Automata
import ExactArithmetic
import Transformer

/// Constructions III: the literature's contrasts — solvable automata at
/// constant depth, gridworld, k-hop by pointer doubling, arithmetic,
/// knapsack by doubling.
extension ConstructionFamily {
  static let constructionsIII: [ConstructionFamily] = [
    ConstructionFamily(
      name: "automaton-cascade",
      summary: "any automaton whose monoid has only solvable groups at a depth independent of T (Krohn-Rhodes cascade; Liu et al. 2022, Thm 2); refuses S5/A5",
      parameters: [automatonParameter, Parameter(name: "length", example: "16", help: "T, the longest input")],
      build: { p in try AutomatonCascade.model(for: p.automaton(), maxLength: p.int("length", default: 16)) },
      reference: { p in
        let automaton = try p.automaton()
        return Reference(alphabet: automaton.alphabet, lengths: 1...(try p.int("length", default: 16))) {
          try automaton.run($0)
        }
      }),
    ConstructionFamily(
      name: "hop-k",
      summary: "k-hop induction heads: follow 'the token after the previous occurrence' k times; pointer doubling in ceil(log2 k) + 2 layers, or layout=chain in k + 1 (Sanford, Hsu & Telgarsky 2024)",
      parameters: [
        vocabularyParameter, vocabularySizeParameter, lengthParameter,
        Parameter(name: "k", example: "4", help: "hops"),
        Parameter(name: "layout", example: "doubling", help: "doubling (ceil(log2 k) + 2 layers) or chain (k + 1 layers)"),
      ],
      build: { p in
        try HopInduction.model(
          vocabulary: p.vocabulary(default: ["a", "b", "c"]), maxLength: p.int("max_len", default: 16),
          hops: p.int("k", default: 2, range: 1...1024), layout: hopLayout(p))
      },
      reference: { p in
        _ = try hopLayout(p)
        let hops = try p.int("k", default: 2, range: 1...1024)
        return Reference(alphabet: try p.vocabulary(default: ["a", "b", "c"]), lengths: 1...(try p.int("max_len", default: 16))) {
          HopInduction.reference($0, hops: hops)
        }
      }),
  ]

  static func hopLayout(_ p: ParameterValues) throws -> HopInduction.Layout {
    let text = p.string("layout") ?? "doubling"
    guard let layout = HopInduction.Layout(rawValue: text) else {
      throw ConstructionError.badParameter("hop-k: layout must be doubling or chain, got '\(text)'")
    }
    return layout
  }
}
