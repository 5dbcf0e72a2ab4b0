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
  ]
}
