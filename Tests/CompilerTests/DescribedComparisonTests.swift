import Compiler
import ExactArithmetic
import Testing
import Transformer

/// Comparisons that read a mean of positions too large to list (issue 13,
/// `Circuits/addition.rasp`): `plus_at`, the mean of the positions holding
/// "+", takes a value for every non-empty set of such positions, so with a
/// small `--max-values` it is described (range, denominators), never listed.
/// `indices > plus_at` is a step of indices − plus_at at 0 (two units whose
/// slope comes from the exact gap bound: denominators ≤ n, so a non-zero
/// difference is at least 1/n), and `select(_source, indices, ==)` with
/// `_source = indices + (length - plus_at)` is a numerical `==` whose key
/// square is the interpolation of x² through the integers, built from
/// tables of single stream values and exact gated products. Every input
/// up to the length is checked, those with no "+" and with several among
/// them.
@Suite struct DescribedComparisonTests {
  static let second = """
    digits = {"0": 0, "1": 1, "+": 0}[tokens];
    plus_at = aggregate(select(tokens, "+", ==), indices);
    second = digits if indices > plus_at else 0;
    """

  static let first = """
    digits = {"0": 0, "1": 1, "+": 0}[tokens];
    plus_at = aggregate(select(tokens, "+", ==), indices);
    _source = indices + (length - plus_at);
    first = aggregate(select(_source, indices, ==), digits, 0);
    """

  @Test func relationWithADescribedMeanIsAStep() throws {
    let compiled = try compile(
      Self.second, "second", vocabulary: ["0", "1", "+"], maxLength: 6, maxValues: 10, enumerationLimit: 0)
    let mlp = try #require(compiled.model.layers[0].mlp)
    // second:1 − second:0 steps from 0 to 1 as 6·(indices − plus_at) rises
    // from 0 to 1: no difference lies strictly between 0 and 1/6 (plus_at's
    // denominators are at most 6); digits 0 holds the units off (−60).
    #expect(units(mlp) == [
      "relu(-60·digits:0 + -6·plus_at + 6·indices + 0) → -1·second:0 + 1·second:1",
      "relu(-60·digits:0 + -6·plus_at + 6·indices + -1) → -1·second:1 + 1·second:0",
    ])
    #expect(outputBias(mlp) == ["second:0": 1])
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == inputCount(3, 6))
  }

  @Test func equalityWithADescribedKeyIsExact() throws {
    let compiled = try compile(
      Self.first, "first", vocabulary: ["0", "1", "+"], maxLength: 6, maxValues: 10, enumerationLimit: 0)
    let head = try #require(compiled.model.layers[1].heads.first)
    // c = 36 = 1/g², g = 1/6: a key value other than the query's integer is at least 1/6 from it.
    #expect(scores(head) == [
      "indices × _source": 72, "one × _source²": -36, "indices² × bos": 36, "one × bos": Rational(-1, 2),
      "bos × bos": 2,
    ])
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(mlp.hiddenWidth == 36)
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == inputCount(3, 6))
  }

  /// h interpolates x² through the integers: equal at integers, above
  /// between them; the scale is 1/g² for the gap bound g of the described
  /// side to the integers it is compared with.
  @Test func interpolatedSquare() {
    #expect(DescribedComparison.interpolatedSquare(Rational(3)) == 9)
    #expect(DescribedComparison.interpolatedSquare(Rational(-2)) == 4)
    #expect(DescribedComparison.interpolatedSquare(Rational(1, 2)) == Rational(1, 2))
    #expect(DescribedComparison.interpolatedSquare(Rational(-1, 3)) == Rational(1, 3))
    #expect(DescribedComparison.interpolatedSquare(Rational(5, 2)) == Rational(13, 2))
  }
}
