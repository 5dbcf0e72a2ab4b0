import Compiler
import ExactArithmetic
import Foundation
import Testing
import Transformer
import Verification

/// Numerical comparisons in attention (issue 13 item 4): a selector's
/// `select(b, a, ==)` over two numerically encoded s-ops is scored
/// 2c·a·b − c·b² (= c·a² − c·(a − b)²) from one direction each and their
/// squares, instead of through one-hots of both; c = 1/g² for g the
/// smallest non-zero gap between a query and a key value, so a non-match
/// scores at least 1 below a match, and BOS gets c·a² − 1 from the query's
/// a² so it keeps its place against a full match. The compiler builds the
/// one-hot and the numerical compilation and keeps the one with fewer
/// parameters (then the narrower), shown in `compile --layout`.
@Suite struct NumericalSelectorTests {
  static let source = """
    count = selector_width(select(tokens, tokens, ==));
    same_count = selector_width(select(count, count, ==));
    frac = aggregate(select(indices, indices, <=), indicator(tokens == "a"));
    same_frac = aggregate(select(frac, frac, ==), indicator(tokens == "b"));
    next_count = aggregate(select(count, count + 1, ==), indicator(tokens == "a"), 5);
    """

  static func compile(_ sop: String, maxLength n: Int, numerical: Bool?) throws -> CompiledProgram {
    var options = CompileOptions(vocabulary: ["a", "b", "c"], maxLength: n)
    options.numericalComparisons = numerical
    return try RASPProgram.parse(source, name: "test.rasp").compile(sop: sop, options: options)
  }

  /// `select(count, count, ==)` at length 4 (count ∈ 1…4, gap 1, c = 1):
  /// the head reads count at the query and count, count² at the key
  /// (2·a·b − b²), and count² at the query for BOS (+a²; a selector width's
  /// BOS score 1 less 1 is 0). The MLP of layer 1 writes count and count²
  /// from count's share 1/(w+1) with the same four units.
  @Test func exactWeightsOfCountEqualsCount() throws {
    let compiled = try Self.compile("same_count", maxLength: 4, numerical: true)
    let head = try #require(compiled.model.layers[1].heads.first)
    #expect(scores(head) == ["count × count": 2, "one × count²": -1, "count² × bos": 1, "bos × bos": 2])
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(2·count.share + -1) → 2·count + 8·count²",
      "relu(3·count.share + -1) → 14·count² + 2·count",
      "relu(4·count.share + -1) → 20·count² + 2·count",
      "relu(5·count.share + -1) → -28·count² + -4·count",
      "relu(1·bos + 0) → -1·count.share",
    ])
    #expect(compiled.numericalComparisons == ["layer 2 head of same_count: count == count scored 2c·a·b − c·b², c = 1"])
    let verdict = compiled.verify()
    #expect(verdict.passed && verdict.checked == 120, "\(verdict.mismatch ?? "")")
  }

  /// Fractions: at length 4 the prefix fraction takes 0, 1/4, 1/3, 1/2,
  /// 2/3, 3/4, 1, whose smallest gap is 1/3 − 1/4 = 1/12, so c = 144; an
  /// averaging aggregate's BOS score 1/2 less 1 is −1/2.
  @Test func exactScaleFromTheSmallestGap() throws {
    let compiled = try Self.compile("same_frac", maxLength: 4, numerical: true)
    let head = try #require(compiled.model.layers[1].heads.first)
    #expect(scores(head) == [
      "frac × frac": 288, "one × frac²": -144, "frac² × bos": 144, "one × bos": Rational(-1, 2), "bos × bos": 2,
    ])
    let verdict = compiled.verify()
    #expect(verdict.passed && verdict.checked == 120, "\(verdict.mismatch ?? "")")
  }

  /// A query no key matches (no key's count is one more than the query's)
  /// lands on BOS and reads the default 5, as the evaluator says.
  @Test func noMatchGivesTheDefault() throws {
    let compiled = try Self.compile("next_count", maxLength: 5, numerical: true)
    #expect(compiled.numericalComparisons.count == 1)
    let verdict = compiled.verify()
    #expect(verdict.passed && verdict.checked == 363, "\(verdict.mismatch ?? "")")
    // Counts 1, 2, 2: position 0 looks for count 2 (the two b's, no a: 0),
    // positions 1 and 2 for count 3 (none: the default).
    #expect(try compiled.model.run(["a", "b", "b"]).outputs.map(\.description) == ["0", "5", "5"])
  }

  /// `select(indices, mirror, ==)` (reverse) at length 4: the selection is
  /// never empty, so BOS only has to score below the full match and needs
  /// no mirror² (BOS: 1/2 − 1); indices and indices² are in the position
  /// embedding.
  @Test func neverEmptySelectionNeedsNoQuerySquare() throws {
    let source = """
      mirror = length - indices - 1;
      reverse = aggregate(select(indices, mirror, ==), tokens);
      """
    var options = CompileOptions(vocabulary: ["a", "b", "c"], maxLength: 4)
    options.numericalComparisons = true
    let compiled = try RASPProgram.parse(source, name: "test.rasp").compile(sop: "reverse", options: options)
    let head = try #require(compiled.model.layers[1].heads.first)
    #expect(scores(head) == [
      "mirror × indices": 2, "one × indices²": -1, "one × bos": Rational(-1, 2), "bos × bos": 2,
    ])
    #expect(compiled.model.embedding.positions[1 + 3]["indices²"] == 9)
    #expect(!compiled.writtenValues.contains { $0.description.hasPrefix("mirror²") })
    let verdict = compiled.verify()
    #expect(verdict.passed && verdict.checked == 120, "\(verdict.mismatch ?? "")")
  }

  /// Reverse's `mirror = length − indices − 1`, when `indices` is in the
  /// position embedding as a number (for the numerical `indices == mirror`),
  /// reads it as an anchor beside the length head's output s (the mean of
  /// I(indices == 0) over BOS and the input, 1/n at length n), so mirror is
  /// a sum of one table per anchor: N units along s and indices read
  /// linearly, not one table along s per position (N(N+1)/2 units). At
  /// length 4: 4 units and one for BOS (output 3 − indices − 3·relu(4s − 1)
  /// + 2·relu(3s − 1) + 2·relu(2s − 1)); at length 16, 17 units, width 13
  /// (the one-hot compilation: 42 wide, 5,882 parameters). Every input up
  /// to length 6 agrees with the evaluator.
  @Test func reverseMirrorIsOneTablePerAnchor() throws {
    let file = "\(circuits)/reverse.rasp"
    let small = try RASPCompiler.compile(
      file: file, sop: "reverse", options: CompileOptions(vocabulary: ["a", "b", "c"], maxLength: 4))
    let mlp = try #require(small.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(1·indices + 0) → -1·mirror", "relu(4·s-op + -1) → -3·mirror", "relu(3·s-op + -1) → 2·mirror",
      "relu(2·s-op + -1) → 2·mirror", "relu(1·bos + 0) → -3·mirror",
    ])
    #expect(outputBias(mlp) == ["mirror": 3])
    let choice = try #require(small.mapCompilations.first)
    #expect(choice.sumChosen && choice.anchors == ["s-op", "indices"])
    #expect(choice.sum == MapCompilation.Cost(units: 4, weights: 11))
    #expect(choice.fused == MapCompilation.Cost(units: 16, weights: 64))
    let large = try RASPCompiler.compile(
      file: file, sop: "reverse", options: CompileOptions(vocabulary: ["a", "b", "c"], maxLength: 16))
    #expect(large.model.mlpWidths == [17, 0])
    #expect(large.model.residual.dimension == 13)
    #expect(large.model.parameterCount == 393)
    #expect(large.headsPerAttentionLayer == [1, 1])
    #expect(large.comparisonChoice?.oneHotParameters == 5_882 && large.comparisonChoice?.oneHotWidth == 42)
    let exact = try RASPCompiler.compile(
      file: file, sop: "reverse", options: CompileOptions(vocabulary: ["a", "b"], maxLength: 6))
    let verdict = exact.verify()
    #expect(verdict.passed && verdict.checked == 126, "\(verdict.mismatch ?? "")")
  }

  /// Exact outputs against the evaluator on every input up to length 6,
  /// in both forms, and the choice by cost.
  @Test func bothFormsExactAndTheCheaperKept() throws {
    for (sop, n, inputs) in [("same_count", 6, 1092), ("same_frac", 6, 1092), ("same_count", 2, 12)] {
      let oneHot = try Self.compile(sop, maxLength: n, numerical: false)
      let numerical = try Self.compile(sop, maxLength: n, numerical: true)
      let chosen = try Self.compile(sop, maxLength: n, numerical: nil)
      for compiled in [oneHot, numerical] {
        let verdict = compiled.verify()
        #expect(verdict.passed && verdict.checked == inputs, "\(sop): \(verdict.mismatch ?? "")")
      }
      #expect(oneHot.numericalComparisons.isEmpty)
      #expect(numerical.numericalComparisons.count == 1)
      let choice = try #require(chosen.comparisonChoice)
      #expect(choice.oneHotParameters == oneHot.model.parameterCount)
      #expect(choice.numericalParameters == numerical.model.parameterCount)
      let keepNumerical = (numerical.model.parameterCount, numerical.model.residual.dimension)
        < (oneHot.model.parameterCount, oneHot.model.residual.dimension)
      #expect(choice.numericalChosen == keepNumerical)
      #expect(chosen.model.parameterCount == (keepNumerical ? numerical : oneHot).model.parameterCount)
      // At length 2 count takes 1 and 2 only: its two one-hot directions are cheaper.
      #expect(choice.numericalChosen == (n != 2))
    }
  }

  /// Dyck-2 at N = 32: `level == level` (twice) and `nth_at_level ==
  /// nth_at_level − 1` are scored numerically (the one-hot of level had 66
  /// directions), the model has the analyser's 4 layers and agrees with the
  /// evaluator on 100 seeded random inputs and on 30 seeded well-nested
  /// strings of even random lengths up to 32 with, for each, a copy whose
  /// one bracket is changed (most random inputs fail early; these reach
  /// the matching).
  @Test func dyck2AtLength32() throws {
    let program = try RASPProgram.load(circuits + "/dyck_k.rasp")
    let compiled = try program.compile(
      sop: "dyck2", options: CompileOptions(vocabulary: ["(", ")", "{", "}"], maxLength: 32))
    let choice = try #require(compiled.comparisonChoice)
    #expect(choice.numericalChosen)
    #expect(compiled.numericalComparisons.count == 3)
    #expect(compiled.attentionLayers == 4)
    let verdict = compiled.verify(samples: 100, seed: 41)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    let nested = Self.nestedDyck2(count: 30, maxLength: 32, seed: 43)
    var seed: UInt64 = 47
    let corrupted = nested.map { input -> [String] in
      seed = seed &* 6364136223846793005 &+ 1442695040888963407
      var copy = input
      let i = Int((seed >> 33) % UInt64(copy.count))
      let brackets = ["(", ")", "{", "}"]
      copy[i] = brackets[(brackets.firstIndex(of: copy[i])! + 1 + Int((seed >> 20) % 3)) % 4]
      return copy
    }
    let checked = compiled.verify(inputs: nested + corrupted)
    #expect(checked.passed && checked.checked == 60, "\(checked.mismatch ?? "")")
  }

  /// Seeded well-nested strings over ( ) { } of even random lengths 2…maxLength.
  static func nestedDyck2(count: Int, maxLength: Int, seed: UInt64) -> [[String]] {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int((state >> 33) % UInt64(bound))
    }
    return (0..<count).map { _ in
      let length = 2 * (1 + next(maxLength / 2))
      var result: [String] = []
      var stack: [String] = []
      while result.count < length {
        let remaining = length - result.count
        if !stack.isEmpty && (remaining == stack.count || next(2) == 0) {
          result.append(stack.removeLast() == "(" ? ")" : "}")
        } else {
          let opener = next(2) == 0 ? "(" : "{"
          stack.append(opener)
          result.append(opener)
        }
      }
      return result
    }
  }
}
