import Compiler
import ExactArithmetic
import Testing
import Transformer

/// Shared steps (`LookupMLPBuilder+Steps.swift`): a map of a prefix count
/// and the position in O(N) hidden units instead of one table per position
/// (≈ N²/2 units), exact.
@Suite struct SharedStepTests {
  /// Parity at length 3, derived by hand. x = the prefix mean of
  /// `tokens == "1"` is k/n at n = indices + 1 ∈ {1, 2, 3}; parity changes at
  /// every step: Δ⁺ = e₁ − e₀ (k even → odd), Δ⁻ = e₀ − e₁. The smallest gap
  /// is 1/3, so the slope is 3, and every threshold ⌈3·low⌉ lies in
  /// [3·low, 3·high − 1]: n = 1: Δ⁺ at 0; n = 2: Δ⁺ at 0, Δ⁻ at 2; n = 3: Δ⁺ at
  /// 0, Δ⁻ at 1, Δ⁺ at 2. Δ⁺ needs two pairs (n = 3 has two Δ⁺ steps), Δ⁻ one;
  /// a pair not used at some n gets the threshold ⌈3·max|x|⌉ = 3 (never
  /// fires). Each pair's most common threshold is its bias (ties: the
  /// smaller), the others are weights on the (indices+1) one-hot. The output
  /// at x = 0 is parity 0 everywhere: the output bias.
  @Test func parityWeightsByHand() throws {
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/parity.rasp", sop: "parity", options: CompileOptions(vocabulary: ["0", "1"], maxLength: 3))
    let mlp = try #require(compiled.model.layers.first?.mlp)
    #expect(units(mlp) == [
      "relu(3·s-op + 0) → -1·parity:0 + 1·parity:1",
      "relu(3·s-op + -1) → -1·parity:1 + 1·parity:0",
      "relu(1·(indices+1):3 + 3·s-op + -3) → -1·parity:0 + 1·parity:1",
      "relu(1·(indices+1):3 + 3·s-op + -4) → -1·parity:1 + 1·parity:0",
      "relu(-1·(indices+1):2 + -2·(indices+1):1 + 3·s-op + -1) → -1·parity:1 + 1·parity:0",
      "relu(-1·(indices+1):2 + -2·(indices+1):1 + 3·s-op + -2) → -1·parity:0 + 1·parity:1",
    ])
    #expect(outputBias(mlp) == ["parity:0": 1])
    #expect(compiled.stepCompilations.map(\.form) == [.steps])
    #expect(compiled.stepCompilations.first?.slope == 3)
    #expect(compiled.stepCompilations.first?.stepPairs == 3)
    #expect(compiled.verify().passed)
  }

  /// Unit counts at N = 64, derived from the step counts. count_mod (m = 3):
  /// the count k → k + 1 changes the output by one of 3 vectors (by k mod 3);
  /// at n = 64 the steps k = 0…63 hold 22, 21, 21 of them: 64 pairs, 128
  /// units; the output at count 0 is 0 everywhere (bias). Parity likewise: 32
  /// + 32 pairs. Cycle navigation (5 states, total t ∈ [−n, n]): the steps
  /// start from t = 0 (state 0 at every n: the bias, no lookup unit); the
  /// step t → t + 1 changes the state by one of 5 vectors (by t mod 5),
  /// ascending for t ≥ 0 and descending for t < 0; at n = 64 the ascending
  /// steps t = 0…63 hold 13, 13, 13, 13, 12 of the five kinds and the
  /// descending t = −64…−1 likewise: 128 pairs, 256 units. One table per
  /// position needs 2,080, 2,080 and 4,211 units.
  @Test(arguments: [
    ("count_mod", "count_mod", ["a", "b"], 128, 2080),
    ("parity", "parity", ["0", "1"], 128, 2080),
    ("cycle_navigation", "position", ["+", "-", "="], 256, 4211),
  ])
  func unitsAtLength64(file: String, sop: String, vocabulary: [String], units: Int, tables: Int) throws {
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/\(file).rasp", sop: sop, options: CompileOptions(vocabulary: vocabulary, maxLength: 64))
    #expect(compiled.model.mlpWidths == [units])
    let choice = try #require(compiled.stepCompilations.first)
    #expect(choice.form == .steps)
    #expect(choice.steps.units == units)
    #expect(choice.tables.units == tables)
    #expect(compiled.attentionLayers == compiled.analyser.layers)
    #expect(compiled.verify(samples: 200, seed: 61).passed)
  }

  /// Exact on every input up to a small length (the model against the RASP
  /// evaluator), with shared steps chosen for the target named.
  @Test(arguments: [
    ("count_mod", "count_mod", ["a", "b"], 10, "count_mod"),
    ("parity", "parity", ["0", "1"], 10, "parity"),
    ("cycle_navigation", "position", ["+", "-", "="], 6, "position"),
    ("dyck_k", "dyck2", ["(", ")", "{", "}"], 5, "(depth<0)"),
  ])
  func exactOnEveryInput(file: String, sop: String, vocabulary: [String], length: Int, stepped: String) throws {
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/\(file).rasp", sop: sop, options: CompileOptions(vocabulary: vocabulary, maxLength: length))
    #expect(compiled.stepChoices.contains { $0.contains(" \(stepped)") && $0.contains(": steps;") })
    let report = compiled.verify()
    #expect(report.passed, "\(String(describing: report.mismatch))")
  }
}
