import Compiler
import ExactArithmetic
import Testing
import Transformer

/// Numerical s-ops too large to list (issue 13): a mean over an arbitrary
/// selection is described by a ``NumericSummary`` (range, denominator bound,
/// common denominator) instead of its values, and a prefix mean whose cells
/// are small but whose union is over `--max-values` stays listed per cell;
/// both compile when no consumer needs a one-hot or a table of them, and
/// the model is exact on every input.
@Suite struct NumericSummaryTests {
  /// {1/2, 1/3, 2}: range [1/3, 2], denominators ≤ 3, multiples of 1/6;
  /// two different members differ by ≥ max(1/3², 1/6) = 1/6 (1/2 − 1/3 = 1/6
  /// attains it); a member differs from 0 by ≥ max(1/(3·1), 1/6) = 1/3.
  @Test func summaryOfListedNumbers() throws {
    let s = try #require(NumericSummary(numbers: [Rational(1, 2), Rational(1, 3), Rational(2)]))
    #expect(s.lower == Rational(1, 3))
    #expect(s.upper == Rational(2))
    #expect(s.denominatorBound == 3)
    #expect(s.commonDenominator == 6)
    #expect(s.gapBound(to: s) == Rational(1, 6))
    #expect(s.gapBound(toConstant: .zero) == Rational(1, 3))
    #expect(s.gapBound(toConstant: Rational(1, 4)) == Rational(1, 12))
    #expect(s.magnitudeBound == Rational(2))
    #expect(s.admits(Rational(2, 3)))
    #expect(!s.admits(Rational(1, 4)))
    #expect(!s.admits(Rational(3)))
  }

  /// The means of 1…3 of {1, 2, 3, 4}: range [1, 4], denominators ≤ 3,
  /// multiples of 1/lcm(1, 2, 3) = 1/6; every such mean is admitted, and the
  /// gap bounds hold for every pair of them (checked exhaustively).
  @Test func meansOfIntegers() throws {
    let base = try #require(NumericSummary(numbers: (1...4).map { Rational($0) }))
    let s = try #require(base.means(counts: 1...3))
    #expect(s.lower == Rational(1))
    #expect(s.upper == Rational(4))
    #expect(s.denominatorBound == 3)
    #expect(s.commonDenominator == 6)
    var means = Set<Rational>()
    for a in 1...4 {
      means.insert(Rational(a))
      for b in 1...4 {
        means.insert(Rational(a + b, 2))
        for c in 1...4 { means.insert(Rational(a + b + c, 3)) }
      }
    }
    #expect(means.count == 13)
    #expect(means.allSatisfy(s.admits))
    let gap = s.gapBound(to: s)
    #expect(gap == Rational(1, 6))
    for x in means { for y in means where x != y { #expect((x - y).magnitude >= gap) } }
    let toTwo = try #require(s.gapBound(toConstant: Rational(2)))
    #expect(toTwo == Rational(1, 3))
    for x in means where x != 2 { #expect((x - 2).magnitude >= toTwo) }
  }

  /// Without a common denominator a mean has no small denominator bound:
  /// no summary (the values must be listed); an overflowing lcm drops the
  /// common denominator but keeps the bound k·L.
  @Test func meansNeedACommonDenominator() throws {
    let loose = NumericSummary(lower: .zero, upper: .one, denominatorBound: 7, commonDenominator: nil)
    #expect(loose.means(counts: 1...2) == nil)
    #expect(loose.gapBound(to: loose) == Rational(1, 49))
    let bits = try #require(NumericSummary(numbers: [Rational(0), Rational(1)]))
    let wide = try #require(bits.means(counts: 1...200))
    #expect(wide.commonDenominator == nil)
    #expect(wide.denominatorBound == 200)
    #expect(wide.gapBound(toConstant: Rational.zero) == Rational(1, 200))
  }

  /// Tracr's sort_unique, whose fetch the analysis cannot prove selects one
  /// key: at most 8 values per position, its means are described, not
  /// listed (values {1, 2, 3}, up to 5 keys, default 0): it compiles to a
  /// numerical readout, exact on every input up to length 5 (duplicates
  /// averaged like the evaluator).
  static let sortUnique = """
    smaller = select(tokens_int, tokens_int, <);
    target = selector_width(smaller);
    s = aggregate(select(target, indices, ==), tokens_int);
    is_two = s == 2;
    doubled = s * 2;
    """

  @Test func describedMeanCompilesExactly() throws {
    let compiled = try compile(
      Self.sortUnique, "s", vocabulary: ["1", "2", "3"], maxLength: 5, maxValues: 8, enumerationLimit: 0)
    #expect(compiled.model.readout == .numerical(direction: "s"))
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 363)
  }

  /// A comparison of the described mean with a constant is tabulated at
  /// 2 − g, 2, 2 + g (g = 1/5: denominators ≤ 5) and is exact on every
  /// input; any other map of it needs its values listed: the error names
  /// the s-op, its description and the reader.
  @Test func mapsOfDescribedMean() throws {
    let compiled = try compile(
      Self.sortUnique, "is_two", vocabulary: ["1", "2", "3"], maxLength: 5, maxValues: 8, enumerationLimit: 0)
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 363)
    let message = compileError(
      Self.sortUnique, "doubled", vocabulary: ["1", "2", "3"], maxLength: 5, maxValues: 8, enumerationLimit: 0)
    #expect(message == "s-op 's' (test.rasp:3): takes more than 8 values at one position (numbers in [0, 3] with denominators at most 5, multiples of 1/60), but s-op 'doubled' (test.rasp:5) needs them listed (raise --max-values)")
  }

  /// The prefix fraction of "a" at length 6: at most 7 values per position
  /// but 13 in all (the fractions k/m, m ≤ 6, in [0, 1]). Over a limit of 8
  /// it compiles all the same (numerical; the union was refused before),
  /// exact on all 126 inputs; a select comparing it cannot have its one-hot
  /// and compares it numerically instead, exact on every input too.
  static let fraction = """
    frac = aggregate(select(indices, indices, <=), indicator(tokens == "a"));
    same = selector_width(select(frac, frac, ==));
    """

  @Test func prefixMeanOverTheUnionLimitCompiles() throws {
    let compiled = try compile(
      Self.fraction, "frac", vocabulary: ["a", "b"], maxLength: 6, maxValues: 8, enumerationLimit: 0)
    #expect(compiled.model.readout == .numerical(direction: "frac"))
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 126)
    // Its one-hot cannot be listed, so the select compares it numerically (exact).
    let same = try compile(
      Self.fraction, "same", vocabulary: ["a", "b"], maxLength: 6, maxValues: 8, enumerationLimit: 0)
    let sameReport = same.verify()
    #expect(sameReport.passed, "\(sameReport.mismatch ?? "")")
    #expect(sameReport.checked == 126)
  }
}

/// A difference of two prefix means (Tracr's pair balance), described when
/// its operands' combinations at one position exceed --max-values: affine
/// by construction (one unit), and compared with 0 by two units whose slope
/// comes from the summary's gap bound at 0 (denominators ≤ 8 at length 8:
/// g = 1/8), exact on every input.
@Suite struct DescribedDifferenceTests {
  static let balance = """
    prevs = select(indices, indices, <=);
    opens = aggregate(prevs, indicator(tokens == "("));
    closes = aggregate(prevs, indicator(tokens == ")"));
    bal = opens - closes;
    neg = indicator(bal < 0);
    last = select(indices, length - 1, ==);
    all = select(1, 1, ==);
    ever_neg = aggregate(all, indicator(bal < 0)) > 0;
    shuffle_dyck1 = (not ever_neg) and aggregate(last, bal == 0);
    twice = round(bal * 2);
    """

  @Test func differenceIsOneUnit() throws {
    let compiled = try compile(
      Self.balance, "bal", vocabulary: ["(", ")"], maxLength: 8, maxValues: 10, enumerationLimit: 0)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == ["relu(-1·closes + 1·opens + 1) → 1·bal"])
    #expect(outputBias(mlp) == ["bal": -1])
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 510)
  }

  @Test func comparisonStepsComeFromTheGapBound() throws {
    let compiled = try compile(
      Self.balance, "neg", vocabulary: ["(", ")"], maxLength: 8, maxValues: 10, enumerationLimit: 0)
    let mlp = try #require(compiled.model.layers[0].mlp)
    // neg:1 = 1 − relu(8·bal + 1) + 8·relu(bal): 1 at bal ≤ −1/8, 0 at bal ≥ 0,
    // and no value of bal lies strictly between (denominators ≤ 8).
    #expect(units(mlp) == [
      "relu(-8·closes + 8·opens + 1) → -1·neg:1 + 1·neg:0",
      "relu(-1·closes + 1·opens + 0) → -8·neg:0 + 8·neg:1",
    ])
    #expect(outputBias(mlp) == ["neg:1": 1])
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 510)
  }

  @Test func shuffleDyckIsExact() throws {
    let compiled = try compile(
      Self.balance, "shuffle_dyck1", vocabulary: ["(", ")"], maxLength: 8, maxValues: 10, enumerationLimit: 0)
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 510)
  }

  /// A sum whose operands combine past `maxValues` at a cell but whose
  /// grid of integers fits is listed (so a select can read it), and the
  /// model is the one compiled without the limit.
  @Test func integerDepthOverTheCombinationLimitIsListed() throws {
    let source = """
      prevs = select(indices, indices, <=);
      opened = round((indices + 1) * aggregate(prevs, indicator(tokens == "(")));
      closed = round((indices + 1) * aggregate(prevs, indicator(tokens == ")")));
      depth = opened - closed;
      rank = selector_width(select(depth, depth, ==) and prevs);
      """
    let limited = try compile(source, "rank", vocabulary: ["(", ")"], maxLength: 8, maxValues: 20, enumerationLimit: 0)
    let free = try compile(source, "rank", vocabulary: ["(", ")"], maxLength: 8, enumerationLimit: 0)
    #expect(limited.model.parameterCount == free.model.parameterCount)
    #expect(limited.model.residual.dimension == free.model.residual.dimension)
    let report = limited.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 510)
  }

  /// A map that is not a comparison with a constant needs the values listed.
  @Test func otherMapsOfTheDifferenceAreRefused() {
    let message = compileError(
      Self.balance, "twice", vocabulary: ["(", ")"], maxLength: 8, maxValues: 10, enumerationLimit: 0)
    #expect(message == "s-op 'bal' (test.rasp:4): takes more than 10 values at one position (numbers in [-1, 1] with denominators at most 8, multiples of 1/840), but s-op '( bal * 2 )' (test.rasp:10) needs them listed (raise --max-values)")
  }
}
