import Compiler
import ExactArithmetic
import Foundation
import Testing
import Transformer
import Verification

/// Maps over several numerical anchors (issue 13 item 1): a map whose
/// numerical inputs reach it through several s-ops that are each affine in
/// numerically encoded stream values (`rnd = ro - rc`, `crl = co - cc`) is
/// factored along its expression tree: interpolated along an injective
/// combination of those anchors (`rnd + R·crl`) instead of along one of
/// the raw stream values it reads (`ro + R₁·rc + R₂·co + R₃·cc`, fused),
/// or, when it is a sum of one function of each anchor, as one table per
/// anchor.
/// The MLP builds both when the fused one tabulates at most --max-values
/// combinations and keeps the one with fewer hidden units (then fewer
/// non-zero weights); the choice is in `CompiledProgram.mapCompilations`
/// and `compile --layout`.
@Suite struct FactoredMapTests {
  static let source = """
    prevs = select(indices, indices, <=);
    ro = aggregate(prevs, indicator(tokens == "("));
    rc = aggregate(prevs, indicator(tokens == ")"));
    co = aggregate(prevs, indicator(tokens == "{"));
    cc = aggregate(prevs, indicator(tokens == "}"));
    rnd = ro - rc;
    crl = co - cc;
    both_zero = rnd == 0 and crl == 0;
    either_neg = indicator(rnd < 0 or crl < 0);
    total = ro + rc;
    net = ro - rc;
    closed_any = total > net;
    zero_and_neg = rnd == 0 and crl < 0;
    # @numerical negatives
    negatives = indicator(rnd < 0) + indicator(crl < 0);
    """

  static let brackets = ["(", ")", "{", "}"]

  /// `rnd == 0 and crl == 0` at length 2 (rnd, crl ∈ {−1, −½, 0, ½, 1}):
  /// along s = rnd + 5·crl (5 = span 2 over gap ½, plus 1) the output is
  /// True only at s = 0, a hat of three units with slope 2 (one over the
  /// gap ½). Fused over the four prefix fractions it takes 24 units.
  @Test func conjunctionOfEqualitiesIsAHat() throws {
    let compiled = try compile(Self.source, "both_zero", vocabulary: Self.brackets, maxLength: 2, maxValues: 100_000)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-10·cc + -2·rc + 10·co + 2·ro + -1) → -1·both_zero:False + 1·both_zero:True",
      "relu(-10·cc + -2·rc + 10·co + 2·ro + 1) → -1·both_zero:False + 1·both_zero:True",
      "relu(-1·rc + -5·cc + 1·ro + 5·co + 0) → -4·both_zero:True + 4·both_zero:False",
    ])
    #expect(outputBias(mlp) == ["both_zero:False": 1])
    let choice = try #require(compiled.mapCompilations.first)
    #expect(compiled.mapCompilations.count == 1)
    #expect(choice.form == .factored)
    #expect(choice.anchors == ["rnd", "crl"])
    #expect(choice.fusedInputs == ["ro", "rc", "co", "cc"])
    #expect(choice.factored == MapCompilation.Cost(units: 3, weights: 20))
    #expect(choice.fused == MapCompilation.Cost(units: 24, weights: 167))
    let verdict = compiled.verify(samples: 200, seed: 31)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// `indicator(rnd < 0 or crl < 0)` at length 2: the OR of two
  /// thresholds is not a sum of functions of one anchor each, so along
  /// s = rnd + 5·crl it steps up and down once per value of crl ≥ 0
  /// (10 units; fused over the four fractions: 47).
  @Test func disjunctionOfThresholdsIsFactored() throws {
    let compiled = try compile(Self.source, "either_neg", vocabulary: Self.brackets, maxLength: 2, maxValues: 100_000)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-10·cc + -2·rc + 10·co + 2·ro + -3) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-10·cc + -2·rc + 10·co + 2·ro + -5) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-10·cc + -2·rc + 10·co + 2·ro + -7) → -1·either_neg:0 + 1·either_neg:1",
      "relu(-10·cc + -2·rc + 10·co + 2·ro + -9) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-10·cc + -2·rc + 10·co + 2·ro + 1) → -1·either_neg:1 + 1·either_neg:0",
      "relu(-1·rc + -5·cc + 1·ro + 5·co + -1) → -2·either_neg:0 + 2·either_neg:1",
      "relu(-1·rc + -5·cc + 1·ro + 5·co + -2) → -2·either_neg:1 + 2·either_neg:0",
      "relu(-1·rc + -5·cc + 1·ro + 5·co + -4) → -2·either_neg:1 + 2·either_neg:0",
      "relu(-1·rc + -5·cc + 1·ro + 5·co + -5) → -2·either_neg:0 + 2·either_neg:1",
      "relu(-1·rc + -5·cc + 1·ro + 5·co + 0) → -2·either_neg:0 + 2·either_neg:1",
    ])
    #expect(outputBias(mlp) == ["either_neg:1": 1])
    #expect(compiled.mapCompilations.map(\.form) == [.factored])
    #expect(compiled.mapCompilations.first?.factored == MapCompilation.Cost(units: 10, weights: 69))
    #expect(compiled.mapCompilations.first?.fused == MapCompilation.Cost(units: 47, weights: 329))
    let verdict = compiled.verify(samples: 200, seed: 32)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// `total > net` (= rc > 0) at length 3: factored along (total, net) it
  /// takes 17 units, fused over (ro, rc) two: the fused form is kept.
  @Test func fusedWhenCheaper() throws {
    let compiled = try compile(Self.source, "closed_any", vocabulary: Self.brackets, maxLength: 3, maxValues: 100_000)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(1·ro + 7·rc + -1) → -1·closed_any:False + 1·closed_any:True",
      "relu(1·ro + 7·rc + -2) → -1·closed_any:True + 1·closed_any:False",
    ])
    #expect(outputBias(mlp) == ["closed_any:False": 1])
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.form == .fused)
    #expect(choice.fused == MapCompilation.Cost(units: 2, weights: 10))
    #expect(choice.factored == MapCompilation.Cost(units: 14, weights: 85))
    let verdict = compiled.verify(samples: 300, seed: 33)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// The fused form is not built when it would tabulate more than
  /// --max-values combinations: at length 8 with --max-values 2000 (with
  /// 20,000 it is built: 3,544 units against 34). Factored, it is shared
  /// steps per position (34 units) rather than one table along the joint
  /// coordinate (90; PositionStepTests).
  @Test func fusedNotBuiltOverTheLimit() throws {
    let compiled = try compile(Self.source, "either_neg", vocabulary: Self.brackets, maxLength: 8, maxValues: 2000)
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.form == .factored)
    #expect(choice.fused == nil)
    #expect(choice.factored == MapCompilation.Cost(units: 34, weights: 374))
    #expect(compiled.mapChoices == [
      "layer 1 mlp: either_neg (categorical): factored; factored along (rnd, crl) 34 units, 374 weights; along (crl, rnd) 34 units, 374 weights (as shared steps per position (thresholds from indices) 34 units, 17 step pairs, 374 weights; one table along the joint coordinate 90 units); fused over (ro, rc, co, cc) not built (more than 2000 combinations)"
    ])
    let verdict = compiled.verify(samples: 200, seed: 34)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// `rnd == 0 and crl < 0` at length 8: with crl varying fastest
  /// (s = crl + 113·rnd) only the block rnd = 0 is not constant: four
  /// units, two steps of slope 8 (one over crl's gap 1/8) at crl = −1/8 … 0
  /// inside that block, the others at the block's ends (rnd's gap 1/8
  /// times 113 is 113/8 past crl's span 2). With rnd fastest every block
  /// crl < 0 needs its own hat: 66 units as one table, 32 as shared steps
  /// per position; fused over the four fractions
  /// 2,198.
  @Test func fasterAnchorChosenByCost() throws {
    let compiled = try compile(Self.source, "zero_and_neg", vocabulary: Self.brackets, maxLength: 8)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-8·cc + -904·rc + 8·co + 904·ro + 0) → -1·zero_and_neg:False + 1·zero_and_neg:True",
      "relu(-8·cc + -904·rc + 8·co + 904·ro + 1) → -1·zero_and_neg:True + 1·zero_and_neg:False",
      "relu(-8·cc + -904·rc + 8·co + 904·ro + 104) → -1·zero_and_neg:True + 1·zero_and_neg:False",
      "relu(-8·cc + -904·rc + 8·co + 904·ro + 105) → -1·zero_and_neg:False + 1·zero_and_neg:True",
    ])
    #expect(outputBias(mlp) == ["zero_and_neg:False": 1])
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.form == .factored)
    #expect(choice.anchors == ["crl", "rnd"])
    #expect(choice.factored == MapCompilation.Cost(units: 4, weights: 27))
    #expect(choice.swapped == MapCompilation.Cost(units: 32, weights: 346))
    #expect(choice.fused == MapCompilation.Cost(units: 2198, weights: 15386))
    let verdict = compiled.verify(samples: 300, seed: 36)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// `indicator(rnd < 0) + indicator(crl < 0)` (numerical) at length 8 is
  /// a sum of one function of each anchor (checked on every pair of
  /// classes), so it is two one-anchor tables whose units add up: two
  /// units per threshold, slope 8 (one over the gap 1/8),
  /// 2 − relu(8·rnd + 1) + 8·relu(rnd) − relu(8·crl + 1) + 8·relu(crl);
  /// along one joint coordinate of both anchors 64 units (shared steps per
  /// position; one table: 176), fused over the
  /// four fractions 6,220.
  @Test func sumOfThresholdsIsSeparable() throws {
    let compiled = try compile(Self.source, "negatives", vocabulary: Self.brackets, maxLength: 8)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-1·cc + 1·co + 0) → 8·negatives",
      "relu(-1·rc + 1·ro + 0) → 8·negatives",
      "relu(-8·cc + 8·co + 1) → -1·negatives",
      "relu(-8·rc + 8·ro + 1) → -1·negatives",
    ])
    #expect(outputBias(mlp) == ["negatives": 2])
    let choice = try #require(compiled.mapCompilations.first)
    #expect(choice.form == .factored)
    #expect(choice.sumChosen)
    #expect(choice.sum == MapCompilation.Cost(units: 4, weights: 14))
    #expect(choice.factored == MapCompilation.Cost(units: 64, weights: 648))
    #expect(choice.fused == MapCompilation.Cost(units: 6220, weights: 37320))
    #expect(compiled.mapChoices == [
      "layer 1 mlp: negatives (numerical): factored; as a sum of one table per anchor; factored along (rnd, crl) 64 units, 648 weights; along (crl, rnd) 64 units, 648 weights; sum of one table per anchor 4 units, 14 weights; fused over (ro, rc, co, cc) 6220 units, 37320 weights"
    ])
    let verdict = compiled.verify(samples: 300, seed: 38)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// Tracr's shuffle-Dyck-2 written in RASP (`Circuits/tracr_tasks.rasp`)
  /// at length 32 (before: fails, more than 1,000,000 combinations to
  /// tabulate): both maps over (_round, _curly) factored, the analyser's
  /// depth, and no wider and no larger than Tracr's model (136 wide,
  /// 17,891,192 parameters, reference/tracr.md); agrees with the program.
  @Test func shuffleDyck2CompilesAtLength32() throws {
    let source = try String(contentsOfFile: circuits + "/tracr_tasks.rasp", encoding: .utf8)
    let compiled = try compile(source, "shuffle_dyck2", vocabulary: Self.brackets, maxLength: 32)
    let model = compiled.model
    // The layer-2 MLP is shared steps from the last point: 2 units (its
    // two tables: 3). In layer 1, `I(_round < 0 or _curly < 0)` is shared
    // steps per position (130 units; one table along the joint coordinate:
    // 1,298, the MLP then 1,332 wide and 17,972 parameters).
    #expect(model.mlpWidths == [165, 2])
    // 84 wide, 17,805 parameters with one-hot comparisons of positions; by
    // cost the compiler scores them numerically (NumericalComparison).
    #expect(model.residual.dimension == 55)
    #expect(model.parameterCount == 10_415)
    #expect(model.residual.dimension <= 136 && model.parameterCount <= 17_891_192)
    #expect(compiled.attentionLayers == compiled.analyser.layers)
    #expect(compiled.mapCompilations.map(\.form) == [.factored, .factored])
    #expect(compiled.mapCompilations.map(\.anchors) == [["_round", "_curly"], ["_round", "_curly"]])
    #expect(compiled.mapCompilations.map { $0.factored?.units } == [130, 3])
    let verdict = compiled.verify(samples: 100, seed: 35)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    #expect(verdict.checked == 100)
    // Random strings are rarely balanced: also seeded shuffles of balanced
    // ones (True) and of ones with one bracket flipped (mostly False).
    let inputs = Self.shuffledDyckInputs(count: 60, maxLength: 32, seed: 37)
    #expect(inputs.filter(Self.isShuffleDyck2).count == 30)
    let balanced = compiled.verify(inputs: inputs)
    #expect(balanced.passed, "\(balanced.mismatch ?? "")")
    #expect(balanced.checked == 60)
  }

  /// Seeded inputs over ( ) { }: even ones interleave balanced round and
  /// curly strings (each kind never negative, closed at the end); odd ones
  /// are the same with one bracket turned into another kind's.
  static func shuffledDyckInputs(count: Int, maxLength: Int, seed: UInt64) -> [[String]] {
    var state = seed
    func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    var inputs: [[String]] = []
    for k in 0..<count {
      let pairs = 1 + next(maxLength / 2)
      var open = ["(": 0, "{": 0]
      var remaining = ["(": 0, "{": 0]
      for _ in 0..<pairs { remaining[next(2) == 0 ? "(" : "{"]! += 1 }
      var input: [String] = []
      while input.count < 2 * pairs {
        var choices: [String] = []
        for (opener, closer) in [("(", ")"), ("{", "}")] {
          if remaining[opener]! > 0 { choices.append(opener) }
          if open[opener]! > 0 { choices.append(closer) }
        }
        let c = choices[next(choices.count)]
        input.append(c)
        switch c {
        case "(", "{":
          remaining[c]! -= 1
          open[c]! += 1
        case ")": open["("]! -= 1
        default: open["{"]! -= 1
        }
      }
      if k % 2 == 1 {
        let i = next(input.count)
        let others = ["(", ")", "{", "}"].filter { $0 != input[i] }
        input[i] = others[next(3)]
      }
      inputs.append(input)
    }
    return inputs
  }

  /// Shuffle-Dyck-2 by hand: neither kind's balance is ever negative, and both are 0 at the end.
  static func isShuffleDyck2(_ input: [String]) -> Bool {
    var round = 0
    var curly = 0
    for c in input {
      switch c {
      case "(": round += 1
      case ")": round -= 1
      case "{": curly += 1
      default: curly -= 1
      }
      if round < 0 || curly < 0 { return false }
    }
    return round == 0 && curly == 0
  }
}

extension CompiledProgram {
  /// The compiled model against its program on the given inputs, by the verification engine.
  func verify(inputs: [[String]]) -> ProgramVerdict {
    do {
      let space = try InputSpace.explicit(inputs, vocabulary: options.vocabulary)
      let specification = RASPSpecification(compiled: self, name: "program", source: "")
      return ProgramVerdict(verdict: try Verifier(model: model).verifyBlocking(specification, over: space))
    } catch {
      return ProgramVerdict(verdict: nil, error: "\(error)")
    }
  }
}
