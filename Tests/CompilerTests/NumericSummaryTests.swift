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
    """

  @Test func describedMeanCompilesExactly() throws {
    let compiled = try compile(
      Self.sortUnique, "s", vocabulary: ["1", "2", "3"], maxLength: 5, maxValues: 8, enumerationLimit: 0)
    #expect(compiled.model.readout == .numerical(direction: "s"))
    let report = compiled.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == 363)
  }

  /// A map of the described mean needs its values listed: the error names
  /// the s-op, its description and the reader.
  @Test func mapOfDescribedMeanIsRefused() {
    let message = compileError(
      Self.sortUnique, "is_two", vocabulary: ["1", "2", "3"], maxLength: 5, maxValues: 8, enumerationLimit: 0)
    #expect(message == "s-op 's' (test.rasp:3): takes more than 8 values at one position (numbers in [0, 3] with denominators at most 5, multiples of 1/60), but s-op 'is_two' (test.rasp:4) needs them listed (raise --max-values)")
  }

  /// The prefix fraction of "a" at length 6: at most 7 values per position
  /// but 13 in all (the fractions k/m, m ≤ 6, in [0, 1]). Over a limit of 8
  /// it compiles all the same (numerical; the union was refused before),
  /// exact on all 126 inputs; a select comparing it needs its one-hot and
  /// is refused with the count.
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
    let message = compileError(
      Self.fraction, "same", vocabulary: ["a", "b"], maxLength: 6, maxValues: 8, enumerationLimit: 0)
    #expect(message == "s-op 'frac' (test.rasp:1): takes 13 values, over the limit of 8 (raise --max-values); its one-hot needs them listed")
  }
}
