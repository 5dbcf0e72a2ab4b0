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
public enum DescribedComparison {
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
  public static func interpolatedSquare(_ x: Rational) -> Rational {
    let j = x.floor
    return (2 * j + .one) * x - j * (j + .one)
  }

  /// A lower bound on the parameters of the compilation through one-hots
  /// when some head compares two s-ops that a numerical `==` could score:
  /// the largest product of their value counts (a one-hot head's query–key
  /// matrix is at least that large); nil when no such comparison exists, or
  /// the bound is small (at most ``Planner/smallValueSet``² — then both are built).
  static func oneHotLowerBound(
    _ graph: ProgramGraph, output: NodeID, options: CompileOptions, sets: PositionValueSets,
    annotations: [NodeID: Encoding]
  ) -> Int? {
    var numerical = options
    numerical.numericalComparisons = true
    let planner = Planner(graph: graph, output: output, options: numerical, sets: sets, annotations: annotations)
    guard let plan = try? planner.make() else { return nil }
    var bound = 0
    for head in plan.heads {
      for component in head.components {
        guard let comparison = component.numerical else { continue }
        let counts = [comparison.key, comparison.query].map { id -> Int in
          sets.summaries[id] != nil ? Int.max : (sets.values[id]?.count ?? 0)
        }
        let (product, overflow) = counts[0].multipliedReportingOverflow(by: counts[1])
        bound = max(bound, overflow ? Int.max : product)
      }
    }
    return bound > Planner.smallValueSet * Planner.smallValueSet ? bound : nil
  }
}
