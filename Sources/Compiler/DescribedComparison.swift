import ExactArithmetic
import RASP

/// A numerical `==` (``NumericalComparison``) between a described s-op (its
/// values too many to list, see ``NumericSummary``) and a listed one whose
/// values are integers.
///
/// The described side's square is written as h(x), the piecewise-linear
/// interpolation of x² through the integers (``interpolatedSquare(_:)``):
/// h(x) ≥ x², with equality exactly at integers. At the key, the score
/// 2c·a·b − c·h(b) ≤ c·a² − c·(a − b)² is c·a² where b = a (an integer)
/// and at most c·a² − 1 elsewhere, since c = 1/g² for g an exact lower
/// bound on |a − b| ≠ 0 (the summary's gap bound to every listed value:
/// a fraction with denominators at most D lies at least 1/D from an
/// integer). At the query, BOS scores c·h(a) − 1/2 ≥ c·a² − 1/2: above
/// every key that does not match, below a match (a is then an integer and
/// h(a) = a²). So a key value that is no integer, or lies out of range,
/// matches nothing and the aggregate takes its default.
enum DescribedComparison {
  /// The scale 1/g² when exactly one side is described and the other's
  /// values are all integers (nil otherwise, or when a gap bound is not known).
  static func scale(keys: NodeID, queries: NodeID, sets: PositionValueSets) -> Rational? {
    let keySummary = sets.summaries[keys]
    let querySummary = sets.summaries[queries]
    guard (keySummary == nil) != (querySummary == nil) else { return nil }
    let summary = keySummary ?? querySummary!
    let listed = keySummary == nil ? keys : queries
    let values = sets.values[listed] ?? []
    guard !values.isEmpty else { return nil }
    var gap: Rational?
    for v in values {
      guard !v.isBool, !v.isString, let x = v.numericValue, x.isInteger,
        let g = summary.gapBound(toConstant: x)
      else { return nil }
      gap = gap.map { Rational.minimum($0, g) } ?? g
    }
    guard let g = gap else { return nil }
    return .one / (g * g)
  }

  /// h(x): x² at integers, linear between them ((2j + 1)·x − j(j + 1) for j = ⌊x⌋).
  static func interpolatedSquare(_ x: Rational) -> Rational {
    let j = x.floor
    return (2 * j + .one) * x - j * (j + .one)
  }
}
