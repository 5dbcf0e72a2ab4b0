import ExactArithmetic
import RASP

/// Boolean combinations of threshold tests on two numerical anchors (e.g.
/// `I(rnd < 0 or crl < 0)`) as shared steps with the position as the
/// threshold input, instead of one table along the joint coordinate.
///
/// Along s = a₀ + r·a₁ one table needs a step wherever the output changes
/// over the union of every position's values of a₁: O(N²) for fractions
/// with denominators up to N. At one position a₁ takes O(N) values, so the
/// table of each position has O(N) steps; shared steps (see
/// ``LookupMLPBuilder/emitSteps(_:allSteps:categorical:thresholdInput:direction:reference:record:countOnly:)``)
/// serve every position with one pair of units per step of the position
/// with the most, each position's threshold set by its weight on the
/// position one-hot: O(N) units in all. The form with fewer hidden units
/// is kept (the single table on a tie); the single table's unit count is
/// worked out from its points without writing its units.
extension LookupMLPBuilder {
  /// What the last two-anchor table compared: the position-steps form's
  /// cost, the single table's hidden units, and whether the steps were kept.
  struct PositionStepsOutcome {
    var steps: MapCompilation.Cost
    var singleUnits: Int
    var chosen: Bool
    var pairs: Int
    var count: PositionStepsNote.Count
  }

  /// Writes `positionTables` (one table per position, all along the
  /// single table's coordinate) as shared steps thresholded by the
  /// position one-hot when that costs fewer hidden units than `single`
  /// (the one table along the joint coordinate), and reports whether it did.
  func emitPositionStepsIfCheaper(_ target: StreamValue, single: [GroupTable], positionTables: [GroupTable]) -> Bool {
    positionStepsOutcome = nil
    guard single.count == 1, positionTables.count >= 2,
      positionTables.allSatisfy({ layout.direction(.index, category: [$0.group[0]]) != nil }),
      let (direction, scales) = sharedDirection(positionTables)
    else { return false }
    let singleUnits = rampUnitCount(single[0].points, term: single[0].term)
    // A lower bound without building the steps: each output change at one
    // position is a pair of its own (a slot serves one change per position).
    var most = 0
    for table in positionTables {
      var changes = 0
      for j in 0..<(table.points.count - 1) where table.points[j].1 != table.points[j + 1].1 { changes += 1 }
      most = max(most, changes)
    }
    if 2 * most >= singleUnits {
      positionStepsOutcome = PositionStepsOutcome(
        steps: MapCompilation.Cost(units: 2 * most, weights: 0), singleUnits: singleUnits, chosen: false, pairs: 0,
        count: .atLeast)
      return false
    }
    let lines = stepLines(positionTables, scales: scales)
    let allSteps = stepsOf(lines)
    var fewest: (reference: StepCompilation.Reference, units: Int)?
    for reference in StepCompilation.Reference.allCases {
      let (_, _, c) = emitSteps(
        lines, allSteps: allSteps, categorical: [.index], thresholdInput: 0, direction: direction, reference: reference,
        record: false, countOnly: true)
      if fewest == nil || c.units < fewest!.units { fewest = (reference, c.units) }
    }
    guard let kept = fewest, kept.units < singleUnits else {
      positionStepsOutcome = PositionStepsOutcome(
        steps: MapCompilation.Cost(units: fewest?.units ?? 0, weights: 0), singleUnits: singleUnits, chosen: false, pairs: 0,
        count: .beforeMerging)
      return false
    }
    let saved = (units, unitOrder, outputBias)
    let (_, pairs, _) = emitSteps(
      lines, allSteps: allSteps, categorical: [.index], thresholdInput: 0, direction: direction, reference: kept.reference,
      record: true)
    let written = cost(since: saved.1.count)
    guard written.units < singleUnits else {
      (units, unitOrder, outputBias) = saved
      positionStepsOutcome = PositionStepsOutcome(
        steps: written, singleUnits: singleUnits, chosen: false, pairs: pairs, count: .written)
      return false
    }
    positionStepsOutcome = PositionStepsOutcome(
      steps: written, singleUnits: singleUnits, chosen: true, pairs: pairs, count: .written)
    return true
  }

  /// The hidden units ``addRamps(_:term:gate:bounds:)`` writes for one
  /// ungated table (before merging with units already written): one per
  /// slope change when it interpolates linearly, two per output change
  /// when it writes unit steps (the same rule as there).
  func rampUnitCount(_ points: [(Rational, [String: Rational])], term: AffineTerm) -> Int {
    func inputScale(_ t: Rational) -> Rational? {
      guard let d = Rational.commonDenominator(Array(term.coefficients.values) + [term.constant - t]) else { return nil }
      return Rational(d)
    }
    var linear = 0
    var changes = 0
    var integral = true
    var previousSlope: [String: Rational] = [:]
    var scaleMissing = false
    for j in 0..<max(points.count - 1, 0) {
      let (t0, y0) = points[j]
      let (t1, y1) = points[j + 1]
      let jump = subtract(y1, y0)
      if !jump.isEmpty { changes += 1 }
      var slope: [String: Rational] = [:]
      for (d, v) in jump { slope[d] = v / (t1 - t0) }
      let change = subtract(slope, previousSlope)
      previousSlope = slope
      if change.isEmpty { continue }
      linear += 1
      guard let c = inputScale(t0) else {
        integral = false
        scaleMissing = true
        continue
      }
      if change.values.contains(where: { !($0 / c).isInteger }) { integral = false }
    }
    let integerOutputs = points.allSatisfy { $0.1.values.allSatisfy(\.isInteger) }
    if integral || linear == 0 || !integerOutputs || scaleMissing { return linear }
    return 2 * changes
  }
}

extension LookupMLPBuilder.PositionStepsOutcome {
  /// The comparison as `--layout` shows it.
  var note: PositionStepsNote {
    PositionStepsNote(
      stepsChosen: chosen, tableUnits: singleUnits, stepsUnits: steps.units, stepsWeights: steps.weights, stepPairs: pairs,
      count: count)
  }
}
