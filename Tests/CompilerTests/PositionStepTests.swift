import Compiler
import ExactArithmetic
import Foundation
import Testing
import Transformer

/// Boolean combinations of threshold tests on two numerical anchors (issue
/// 13): `indicator(rnd < 0 or crl < 0)` over prefix fractions. One table
/// along s = rnd + r·crl needs a step up and down for each value crl ≥ 0
/// takes anywhere (all fractions with denominators up to N + 1: O(N²)
/// units); at one position crl takes O(N) values, so shared steps with the
/// position one-hot setting each position's thresholds serve every position
/// with O(N) units. The form with fewer hidden units is kept and shown in
/// `compile --layout`.
@Suite struct PositionStepTests {
  static let source = """
    prevs = select(indices, indices, <=);
    ro = aggregate(prevs, indicator(tokens == "("));
    rc = aggregate(prevs, indicator(tokens == ")"));
    co = aggregate(prevs, indicator(tokens == "{"));
    cc = aggregate(prevs, indicator(tokens == "}"));
    rnd = ro - rc;
    crl = co - cc;
    either_neg = indicator(rnd < 0 or crl < 0);
    """

  static let brackets = ["(", ")", "{", "}"]

  /// At length 3, along L = rnd + 13·crl (13: rnd's span 2 over crl's
  /// smallest gap 1/6, between 1/3 and 1/2, plus 1) with slope 3 (one over
  /// the smallest gap at a step, 1/3): 7 step pairs (14 units) whose
  /// thresholds each position sets through its weight on the position
  /// one-hot (a pair that some position does not use gets a threshold
  /// past every value of L there), against 18 units for one table along
  /// the joint coordinate. Every input up to length 3 agrees with the
  /// program.
  @Test func disjunctionIsStepsPerPosition() throws {
    let compiled = try compile(Self.source, "either_neg", vocabulary: Self.brackets, maxLength: 3, maxValues: 100_000)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-13·indices:1 + -39·cc + -3·rc + -59·indices:0 + 39·co + 3·ro + -25) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-13·indices:1 + -39·cc + -3·rc + -59·indices:0 + 39·co + 3·ro + -26) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-24·indices:0 + -39·cc + -3·rc + -6·indices:1 + 39·co + 3·ro + -12) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-24·indices:0 + -39·cc + -3·rc + -6·indices:1 + 39·co + 3·ro + -13) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-39·cc + -3·rc + -68·indices:0 + -7·indices:1 + 39·co + 3·ro + -16) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-39·cc + -3·rc + -68·indices:0 + -7·indices:1 + 39·co + 3·ro + -17) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-39·cc + -3·rc + 2·indices:0 + 39·co + 3·ro + 0) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-39·cc + -3·rc + 2·indices:0 + 39·co + 3·ro + 1) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-39·cc + -3·rc + 39·co + 3·ro + -3) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-39·cc + -3·rc + 39·co + 3·ro + -4) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-39·cc + -3·rc + 39·co + 3·ro + 46·indices:2 + -84) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-39·cc + -3·rc + 39·co + 3·ro + 46·indices:2 + -85) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-39·cc + -3·rc + 39·co + 3·ro + 55·indices:2 + -84) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-39·cc + -3·rc + 39·co + 3·ro + 55·indices:2 + -85) → -1·either_neg:1 + 1·either_neg:0",
    ])
    #expect(outputBias(mlp) == ["either_neg:1": 1])
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.form == .factored)
    #expect(choice.factored == MapCompilation.Cost(units: 14, weights: 115))
    #expect(choice.positionSteps == PositionStepsNote(stepsChosen: true, tableUnits: 18, stepsUnits: 14, stepsWeights: 115, stepPairs: 7, count: .written))
    let verdict = compiled.verify()
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    #expect(verdict.checked == inputCount(4, 3))
  }

  /// Exact on every input up to length 5 (1,364 inputs): 22 units against
  /// 42 for one table.
  @Test func exactOnEveryInputToLength5() throws {
    let compiled = try compile(Self.source, "either_neg", vocabulary: Self.brackets, maxLength: 5, maxValues: 100_000)
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.positionSteps?.stepsChosen == true)
    #expect(choice.positionSteps?.stepsUnits == 22)
    #expect(choice.positionSteps?.tableUnits == 42)
    let verdict = compiled.verify()
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    #expect(verdict.checked == inputCount(4, 5))
  }

  /// At length 2 the one table (10 units) is not larger than the steps
  /// per position: the table is kept (a tie keeps it too), decided by a
  /// lower bound on the steps without building them.
  @Test func tableKeptWhenNotLarger() throws {
    let compiled = try compile(Self.source, "either_neg", vocabulary: Self.brackets, maxLength: 2, maxValues: 100_000)
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.factored?.units == 10)
    #expect(choice.positionSteps?.stepsChosen == false)
    #expect(choice.positionSteps?.tableUnits == 10)
    // Not built: five output changes at one position already need 10 units.
    #expect(choice.positionSteps?.count == .atLeast)
    #expect(choice.positionSteps?.stepsUnits == 10)
    #expect(compiled.mapChoices == [
      "layer 1 mlp: either_neg (categorical): factored; factored along (rnd, crl) 10 units, 69 weights; along (crl, rnd) 10 units, 69 weights (as one table along the joint coordinate 10 units; shared steps per position (thresholds from indices) at least 10 units); fused over (ro, rc, co, cc) 47 units, 329 weights"
    ])
  }

  /// At length 12 with --max-values 40 each position's differences take at
  /// most 27 values (multiples of 1/(i + 1)) but 93 over all positions:
  /// listed as per-cell grids (up to 50 × --max-values in all; before,
  /// described, and the table over (rnd, crl) refused), so the
  /// disjunction compiles as steps per position: 50 units against 186.
  @Test func gridsListedPastMaxValuesInAll() throws {
    let compiled = try compile(Self.source, "either_neg", vocabulary: Self.brackets, maxLength: 12, maxValues: 40)
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.factored == MapCompilation.Cost(units: 50, weights: 652))
    #expect(choice.positionSteps == PositionStepsNote(stepsChosen: true, tableUnits: 186, stepsUnits: 50, stepsWeights: 652, stepPairs: 25, count: .written))
    let verdict = compiled.verify(lengths: 1...5)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    #expect(verdict.checked == inputCount(4, 5))
    let sampled = compiled.verify(samples: 200, seed: 41)
    #expect(sampled.passed, "\(sampled.mismatch ?? "")")
  }
}
