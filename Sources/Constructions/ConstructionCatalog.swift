import Automata
import ExactArithmetic
import Transformer

extension ConstructionFamily {
  static let vocabularyParameter = Parameter(name: "vocab", example: "a,b,c", help: "comma-separated input tokens")
  static let vocabularySizeParameter = Parameter(
    name: "vocab_size", example: "3", help: "instead of vocab: N tokens t0...t(N-1)")
  static let lengthParameter = Parameter(name: "max_len", example: "8", help: "longest input")
  static let automatonParameter = Parameter(
    name: "automaton", example: "Circuits/automata/s5.toml", help: "a transition table (TOML)")

  /// Every family, in the order `construct --list` shows them.
  public static let all: [ConstructionFamily] = [
    ConstructionFamily(
      name: "automaton-scan",
      summary: "any semiautomaton by parallel prefix in ceil(log2 T) layers (Liu et al. 2022, Thm 1)",
      parameters: [
        automatonParameter, Parameter(name: "length", example: "16", help: "T, the longest input"),
        Parameter(name: "layers", example: "4", help: "scan steps (default ceil(log2 T); fewer for ablations)"),
        Parameter(name: "mode", example: "layers", help: "layers, or looped: one layer run ceil(log2 T) times (run with --loop)"),
      ],
      build: { p in
        let layers = try p.read("layers").map { _ in try p.int("layers", default: 0, range: 0...64) }
        return try AutomatonScan.model(
          for: p.automaton(), maxLength: p.int("length", default: 16), layers: layers, looped: scanLooped(p))
      },
      reference: { p in
        let automaton = try p.automaton()
        return Reference(
          alphabet: automaton.alphabet, lengths: 1...(try p.int("length", default: 16)),
          mode: try scanLooped(p) ? .looped : nil
        ) {
          try automaton.run($0)
        }
      }),
    ConstructionFamily(
      name: "automaton-cot",
      summary: "any DFA by chain of thought: 2 layers, n+1 steps, same weights for every n (Merrill & Sabharwal 2023, Thm 1); run with --cot",
      parameters: [automatonParameter, Parameter(name: "max_input", example: "32", help: "longest prompt")],
      mode: .chainOfThought,
      build: { p in
        try AutomatonChainOfThought.model(for: p.automaton(), maxInput: p.int("max_input", default: 32))
      },
      reference: { p in
        let automaton = try p.automaton()
        return Reference(alphabet: automaton.alphabet, lengths: 1...(try p.int("max_input", default: 32))) { word in
          let verdict = try automaton.accepts(word).map { $0 ? "accept" : "reject" } ?? "halt"
          return try automaton.run(word).map(AutomatonChainOfThought.stateToken) + [verdict]
        }
      }),
    ConstructionFamily(
      name: "parity-softmax",
      summary: "PARITY with base-2 softmax, margin Theta(1/n^2) (Chiang & Cholak 2022); inputs of exactly `length` bits",
      parameters: [Parameter(name: "length", example: "16", help: "the input length n")],
      build: { p in try SoftmaxCounting.parity(length: p.int("length", default: 16)) },
      reference: { p in
        let n = try p.int("length", default: 16)
        var reference = Reference(alphabet: ["0", "1"], lengths: n...n) { word in
          let logit = SoftmaxCounting.parityLogit(positions: n + 1, ones: word.filter { $0 == "1" }.count)
          return Array(repeating: logit.description, count: word.count)
        }
        let zeros = Array(repeating: "0", count: n)
        reference.marginFamily = (
          [zeros, ["1"] + zeros.dropLast()],
          "the output depends on the input only through the parity of its number k of ones (layer 1 averages uniformly and its bump is nonzero only at position k; layer 2's scores read positions only), so the all-zeros input (k even) and 10...0 (k odd) take both of its values, and as every single flip changes the parity of k, every flip changes the output by exactly the difference of those two"
        )
        return reference
      }),
    ConstructionFamily(
      name: "first-softmax",
      summary: "FIRST with base-2 softmax, margin Theta(1/n) (Chiang & Cholak 2022)",
      parameters: [lengthParameter],
      build: { p in try SoftmaxCounting.first(maxLength: p.int("max_len", default: 64)) },
      reference: { p in
        let n = try p.int("max_len", default: 64)
        var reference = Reference(alphabet: ["0", "1"], lengths: 1...n) { word in
          let value = SoftmaxCounting.firstOutput(positions: word.count + 1, firstIsOne: word[0] == "1")
          return Array(repeating: value.description, count: word.count)
        }
        let zeros = Array(repeating: "0", count: n)
        reference.marginFamily = (
          [zeros, ["1"] + zeros.dropLast()],
          "the output is ±(1/2)·2^10/(2^10 + length) with the sign of the first bit: it depends on the first bit and the length only and shrinks with the length, so 0...0 and 10...0 of the longest length take its least magnitudes, and a flip changes the output only at the first bit, by exactly their difference"
        )
        return reference
      }),
    ConstructionFamily(
      name: "previous-token",
      summary: "one layer, one head: outputs the token before each position",
      parameters: [vocabularyParameter, lengthParameter],
      build: { p in
        try Induction.previousTokenCopier(
          vocabulary: p.list("vocab", default: ["a", "b", "c"]), maxLength: p.int("max_len", default: 8))
      },
      reference: { p in
        Reference(alphabet: try p.list("vocab", default: ["a", "b", "c"]), lengths: 1...(try p.int("max_len", default: 8))) {
          ["BOS"] + $0.dropLast()
        }
      }),
    ConstructionFamily(
      name: "induction",
      summary: "two-layer induction head (associative recall; Olsson et al. 2022, Wen et al. 2024)",
      parameters: [vocabularyParameter, lengthParameter, vocabularySizeParameter],
      build: { p in
        try Induction.associativeRecall(
          vocabulary: p.vocabulary(default: ["a", "b", "c"]), maxLength: p.int("max_len", default: 8))
      },
      reference: { p in
        Reference(alphabet: try p.vocabulary(default: ["a", "b", "c"]), lengths: 1...(try p.int("max_len", default: 8))) {
          RecurrentRecall.recall($0)
        }
      }),
    ConstructionFamily(
      name: "index",
      summary: "Index (Wen et al. 2024): n bits then @k, answer the k-th bit; one head, width 10 for every n",
      parameters: [Parameter(name: "bits", example: "8", help: "n, the bits before the query")],
      build: { p in try IndexRecall.model(bits: try p.int("bits", default: 8, range: 1...4096)) },
      reference: { p in
        let n = try p.int("bits", default: 8, range: 1...4096)
        let limit = 4096
        var reference = Reference(
          alphabet: IndexRecall.vocabulary(bits: n), lengths: (n + 1)...(n + 1),
          instances: selection(radices: Array(repeating: 2, count: n) + [n], limit: limit, seed: UInt64(n)) { digits in
            digits.dropLast().map(String.init) + ["@\(digits.last! + 1)"]
          }) { IndexRecall.outputs(bits: n, $0) }
        if n > 12 || n << n > limit { reference.instanceSpace = "\(n)·2^\(n)" }
        return reference
      }),
    ConstructionFamily(
      name: "recurrent-recall",
      summary: "associative recall by a finite-state recurrent model run as a looped transformer (Wen et al. 2024); run with --loop",
      parameters: [
        vocabularyParameter, lengthParameter, vocabularySizeParameter,
        Parameter(name: "machine", example: "exact", help: "exact (right at every length) or minimal (fewest states right up to max_len, by search)"),
      ],
      mode: .looped,
      build: { p in
        let vocabulary = try p.vocabulary(default: ["a", "b"])
        let length = try p.int("max_len", default: 6)
        let machine: RecurrentMachine
        switch p.string("machine") ?? "exact" {
        case "exact":
          // The looped model's MLP has a unit per (state, token) writing a direction per state.
          let budget = RecurrentRecall.exactStateBudget
          guard let exact = RecurrentRecall.exactMachine(vocabulary: vocabulary, maxStates: budget) else {
            throw ConstructionError.badParameter(
              "recurrent-recall: the exact machine for \(vocabulary.count) tokens has more than \(budget) states (the state budget; its model would need about (states × tokens) × 2·states MLP weights); use at most 4 tokens")
          }
          machine = exact
        case "minimal":
          switch RecurrentRecall.search(
            vocabulary: vocabulary, maxLength: length, maxStates: 64, budget: .standard, progress: p.progress) {
          case .found(let found): machine = found
          case .none:
            throw ConstructionError.badParameter("recurrent-recall: no machine with at most 64 states found for max_len \(length)")
          case .overBudget(let why):
            throw ConstructionError.badParameter(
              "recurrent-recall: the minimal-machine search is over its budget: \(why); use fewer tokens or a smaller max_len")
          }
        case let other:
          throw ConstructionError.usage("recurrent-recall: machine must be exact or minimal, got '\(other)'")
        }
        return try LoopedRecurrence.model(for: machine, maxLength: length)
      },
      reference: { p in
        Reference(alphabet: try p.vocabulary(default: ["a", "b"]), lengths: 1...(try p.int("max_len", default: 6))) {
          RecurrentRecall.recall($0)
        }
      }),
  ] + constructionsII + constructionsIII
}
