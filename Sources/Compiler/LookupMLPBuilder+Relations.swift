import ExactArithmetic
import RASP

/// Comparisons of two numerical s-ops read along their difference
/// (``RelationAnchor``): `indices > plus_at` with `plus_at` a mean of
/// positions is a step of indices − plus_at at 0, whatever the number of
/// values plus_at takes.
extension LookupMLPBuilder {
  /// The comparison `id` = x OP y as an anchor along x − y, or nil when it
  /// is not a comparison of numbers, an operand is neither categorical
  /// (a number per combination of the categorical inputs) nor an affine
  /// anchor, or no operand is described instead of listed (a listed
  /// comparison is tabulated as before).
  func relationAnchor(_ id: NodeID, operands: [NodeID], parts: [NumericDependence]) -> RelationAnchor? {
    guard case .relation(let comparison)? = MapShape(graph[id].kind), operands.count == 2,
      operands.contains(where: { !sets.isListed($0) || readsAsDescribed($0) })
    else { return nil }
    var operandSummaries: [NumericSummary] = []
    var categorical = Set<StreamValue>()
    for (k, operand) in operands.enumerated() {
      if let described = sets.summaries[operand] {
        operandSummaries.append(described)
      } else {
        let values = sets.values[operand] ?? []
        guard !values.contains(where: { $0.isString || $0.isBool }) else { return nil }
        guard let listed = NumericSummary(numbers: values.compactMap(\.numericValue)) else { return nil }
        operandSummaries.append(listed)
      }
      switch parts[k] {
      case .none: categorical.formUnion(categoricalBases[operand] ?? [])
      case .anchor(.node(let a)) where a == operand && relations[a] == nil:
        guard let form = forms[a] else { return nil }
        categorical.formUnion(form.categorical)
      default: return nil
      }
    }
    guard let negated = operandSummaries[1].scaled(by: -Rational.one),
      let summary = operandSummaries[0].adding(negated)
    else { return nil }
    let ordered = categorical.sorted { ProgramPlan.precedes($0, $1) }
    guard let groups = domain.tuples(ordered.map { .value($0) }, limit: options.maxValues) else { return nil }
    var terms: [[Atom]: AffineTerm] = [:]
    for group in groups {
      var bases: [StreamValue: Atom] = [:]
      for (k, b) in ordered.enumerated() { bases[b] = group[k] }
      var term = AffineTerm(constant: .zero, coefficients: [:])
      var ok = true
      for (k, operand) in operands.enumerated() where ok {
        let sign: Rational = k == 0 ? .one : -Rational.one
        switch parts[k] {
        case .none:
          guard let v = evaluator.value(operand, target: nil, bases: bases), !v.isBool, let x = v.numericValue else {
            ok = false
            break
          }
          term = term + AffineTerm(constant: sign * x, coefficients: [:])
        case .anchor(.node(let a)):
          let form = forms[a]!
          guard let t = form.terms[form.categorical.map { bases[$0]! }] else {
            ok = false
            break
          }
          term = term + sign * t
        default:
          ok = false
        }
      }
      if ok { terms[group] = term }
    }
    return RelationAnchor(
      comparison: comparison, form: AffineForm(categorical: ordered, terms: terms), summary: summary, parts: parts)
  }

  /// Whether a listed numerical s-op has so many values (more than
  /// ``Planner/smallValueSet``) that an MLP reads it as if described (by
  /// its range and exact gap bounds, ``NumericSummary``) where it can:
  /// tables over its values cost O(values) units, the described forms
  /// O(1) (a relation) or O(range) (a sum).
  func readsAsDescribed(_ id: NodeID) -> Bool {
    guard sets.summaries[id] == nil, let values = sets.values[id], values.count > Planner.smallValueSet else {
      return false
    }
    return !values.contains { $0.isBool || $0.isString }
  }

  /// Whether every numerical `==` that reads `id`'s square compares it with
  /// integers only, so that the square may be written as the interpolation
  /// h through the integers (``DescribedComparison``): the score's bound
  /// c·a² − c·(a − b)² holds for any h ≥ x², and a match b = a is an integer.
  func squareMayInterpolate(_ id: NodeID) -> Bool {
    for head in plan.heads {
      for component in head.components {
        guard let numerical = component.numerical, numerical.key == id || numerical.query == id else { continue }
        let other = numerical.key == id ? numerical.query : numerical.key
        guard sets.summaries[other] == nil, let values = sets.values[other], !values.isEmpty,
          values.allSatisfy({ !$0.isBool && !$0.isString && $0.numericValue?.isInteger == true })
        else { return false }
      }
    }
    return true
  }

  /// The points to tabulate a target that reads a relation (and
  /// categorical inputs) at: along the difference d, the ends of its
  /// range and −g, 0, g inside it (``MapShape/points(_:around:nearest:)``),
  /// with every combination of the categorical inputs that occurs. The
  /// relation is constant from each end to ∓g and no value of d lies
  /// strictly between −g and g but 0, so interpolating between the points
  /// is exact at every value d takes.
  func relationPoints(
    _ target: StreamValue, relation: RelationAnchor, categorical: [StreamValue], limit: Int
  ) throws(CompileError) -> Set<[Atom]> {
    guard let numbers = MapShape.points(relation.summary, around: .zero, nearest: true) else {
      throw CompileError(blame(target), "the MLP computing it compares numbers whose difference has no small denominator bound")
    }
    var groups: Set<[Atom]> = [[]]
    if !categorical.isEmpty {
      guard let occurring = domain.tuples(categorical.map { .value($0) }, limit: limit) else {
        throw CompileError(
          blame(target),
          "the MLP computing it would have to tabulate more than \(limit) combinations of its inputs (50 × --max-values; raise --max-values)")
      }
      groups = occurring
    }
    var result = Set<[Atom]>()
    for g in groups { for x in numbers { result.insert(g + [.number(x)]) } }
    return result
  }
}
