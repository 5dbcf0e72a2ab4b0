import ExactArithmetic
import RASP
import Transformer

/// Builds the MLP of one layer: every value the plan writes at that MLP,
/// each an exact function of what the stream holds before it.
///
/// For each target the inputs split into categorical ones (one-hot blocks)
/// and numerical ones. Over each combination g of categorical values (a
/// group) the target is a function of one coordinate s: the anchor (an
/// affine function of the numerical inputs), a selector-width share, or an
/// injective combination of several numerical inputs. Through the finite,
/// sorted points t₁ < … < t_m of s it is interpolated exactly:
///
///     y(s) = y(t₁)·[g] + Σ_j (slope_j − slope_{j−1}) · relu(s − t_j + B·(Σ_{b∈g} onehot_b − |g|))
///
/// where `[g] = relu(Σ_{b∈g} onehot_b − |g| + 1)` is 1 exactly in group g
/// and B is large enough that a unit of another group stays at 0. With no
/// numerical input, this is one lookup unit per group. The most common
/// value of y(t₁) goes into the output bias instead of a unit. Units shared
/// between targets (same inputs and bias) are merged.
final class LookupMLPBuilder {
  let graph: ProgramGraph
  let plan: ProgramPlan
  let sets: PositionValueSets
  let layout: ResidualLayout
  let options: CompileOptions
  let layer: Int
  var tracer: Tracer
  var evaluator: PointEvaluator
  let domain: CellDomain
  let vocabulary: [Atom]

  var dependence: [NodeID: NumericDependence] = [:]
  var forms: [NodeID: AffineForm] = [:]
  var categoricalBases: [NodeID: Set<StreamValue>] = [:]
  /// Comparisons `x OP y` of numbers read along their difference (see ``RelationAnchor``).
  var relations: [NodeID: RelationAnchor] = [:]

  /// Accumulated units: (sorted inputs, bias) → outputs.
  var units: [UnitKey: [String: Rational]] = [:]
  /// How each map over several anchors was compiled (fused or factored), in build order.
  var choices: [MapCompilation] = []
  /// Whether a factored target that is a sum of one function of each anchor
  /// is written as one table per anchor (else along one joint coordinate).
  var sumsAllowed = false
  /// Whether the last factored target was written as one table per anchor.
  var wroteSum = false
  var unitOrder: [UnitKey] = []
  /// How each target with categorical inputs and a shared numerical
  /// direction was compiled (tables or shared steps), by target.
  var stepChoices: [StreamValue: StepCompilation] = [:]
  /// The targets of `stepChoices` in build order.
  var stepOrder: [StreamValue] = []
  var outputBias: [String: Rational] = [:]
  /// When not nil (tests), every shared-steps variant's counted cost and
  /// its cost when built alone, appended as the variants are tried.
  var stepAudit: [(counted: MapCompilation.Cost, built: MapCompilation.Cost)]?
  /// The last two-anchor target's comparison of one table along the joint
  /// coordinate with shared steps per position (nil when not compared).
  var positionStepsOutcome: PositionStepsOutcome?
  /// The per-position tables `factoredTables` found with its single table
  /// (one per position, along the same coordinate), or nil.
  var positionTables: [GroupTable]?

  struct UnitKey: Hashable {
    var inputs: [InputWeight]
    var bias: Rational
  }

  struct InputWeight: Hashable, Comparable {
    var direction: String
    var weight: Rational
    static func < (a: InputWeight, b: InputWeight) -> Bool { a.direction < b.direction }
  }

  init(
    graph: ProgramGraph, plan: ProgramPlan, sets: PositionValueSets, layout: ResidualLayout,
    options: CompileOptions, layer: Int, domain: CellDomain
  ) {
    self.graph = graph
    self.plan = plan
    self.sets = sets
    self.layout = layout
    self.options = options
    self.layer = layer
    self.domain = domain
    vocabulary = options.vocabulary.map { Atom.string($0) }
    tracer = Tracer(graph: graph, plan: plan, layer: layer)
    evaluator = PointEvaluator(graph: graph, tracer: tracer, vocabulary: vocabulary)
  }

  /// The hidden units and output bias computing `targets`.
  func build(_ targets: [StreamValue]) throws(CompileError) -> (units: [MLP.Unit], bias: [(String, Rational)]) {
    for target in targets { try add(target) }
    let built = unitOrder.map { key in
      MLP.Unit(
        inputs: key.inputs.map { ($0.direction, $0.weight) }, bias: key.bias,
        outputs: units[key]!.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }.filter { !$0.outputs.isEmpty }
    let bias = outputBias.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    return (built, bias)
  }

  // MARK: - Targets

  func isCategorical(_ value: StreamValue) -> Bool {
    switch value {
    case .token, .index, .tuple, .node(_, .categorical): return true
    case .node(_, .numerical), .share, .sum, .square: return false
    }
  }

  /// The node whose failure an error names.
  func blame(_ target: StreamValue) -> Node {
    switch target {
    case .node(let id, _), .share(let id, _), .sum(let id, _), .square(let id): return graph[id]
    case .tuple(let ids): return graph[ids[0]]
    default: return graph[plan.output]
    }
  }

  /// Writes one target. Where it reads a function of the position that the
  /// embedding also writes as a number, it is built both ways, reading that
  /// number (an anchor) and reading the one-hot (when the stream has it),
  /// and the one with fewer hidden units (then fewer non-zero weights) is
  /// kept, the numerical one on a tie.
  func add(_ target: StreamValue) throws(CompileError) {
    let numerical = Tracer(graph: graph, plan: plan, layer: layer, target: target)
    let oneHot = Tracer(graph: graph, plan: plan, layer: layer, target: target, numericalPositions: false)
    // A listed value (or square) with a large input: as a sum first (see ``readsAsDescribed(_:)``).
    switch target {
    case .square(let id) where readsAsDescribed(id) && squareMayInterpolate(id),
      .node(let id, .numerical) where readsAsDescribed(id):
      let saved = (units, unitOrder, outputBias, choices)
      do {
        try prepare(numerical)
        return try addDescribedSum(target, of: id)
      } catch {
        (units, unitOrder, outputBias, choices) = saved
      }
    default: break
    }
    guard numerical.folded != oneHot.folded, oneHot.folded.values.allSatisfy(oneHot.isAvailable),
      !readsDescribedSum(target)
    else {
      return try add(target, tracer: numerical)
    }
    let saved = (units, unitOrder, outputBias, choices)
    try add(target, tracer: numerical)
    let numericalCost = cost(since: saved.1.count)
    let built = (units, unitOrder, outputBias, choices)
    (units, unitOrder, outputBias, choices) = saved
    do {
      try add(target, tracer: oneHot)
      if cost(since: saved.1.count) < numericalCost { return }
    } catch {}
    (units, unitOrder, outputBias, choices) = built
  }

  func add(_ target: StreamValue, tracer: Tracer) throws(CompileError) {
    // A described value (or its square) as a sum of functions of one stream value each.
    switch target {
    case .square(let id) where sets.summaries[id] != nil:
      try prepare(tracer)
      return try addDescribedSum(target, of: id)
    case .node(let id, .numerical) where sets.summaries[id] != nil:
      // The general forms first (e.g. x ± y of two anchors: one linear unit).
      let saved = (units, unitOrder, outputBias, choices)
      do {
        try addGeneral(target, tracer: tracer)
      } catch {
        (units, unitOrder, outputBias, choices) = saved
        try prepare(tracer)
        guard (try? addDescribedSum(target, of: id)) != nil else { throw error }
      }
    default:
      try addGeneral(target, tracer: tracer)
    }
  }

  /// Resets the per-target state for `tracer`.
  func prepare(_ tracer: Tracer) throws(CompileError) {
    self.tracer = tracer
    evaluator = PointEvaluator(graph: graph, tracer: tracer, vocabulary: vocabulary)
    dependence = [:]
    forms = [:]
    categoricalBases = [:]
    relations = [:]
  }

  func addGeneral(_ target: StreamValue, tracer: Tracer) throws(CompileError) {
    try prepare(tracer)
    var missing: [NodeID] = []
    let bases = tracer.dependencies(of: target, missing: &missing)
    precondition(missing.isEmpty, "the plan left \(missing) unwritten before layer \(layer)'s MLP")
    let categorical = bases.filter(isCategorical)
    let dependence: NumericDependence
    switch target {
    case .node(let id, _), .square(let id): dependence = try self.dependence(of: id, target: id)
    case .tuple(let ids):
      var parts: [NumericDependence] = []
      for id in ids { parts.append(try self.dependence(of: id, target: nil)) }
      dependence = combine(parts)
    default: preconditionFailure("not an MLP target")
    }
    if case .anchors(let anchors) = dependence {
      try chooseFactoring(target, categorical: categorical, anchors: anchors)
    } else {
      try tabulate(target, categorical: categorical, dependence: dependence)
    }
  }

  /// Writes a map over several anchors factored or fused, whichever costs
  /// fewer hidden units (then fewer non-zero weights); the fused form (one
  /// coordinate over the joint values of the anchors' stream inputs) is
  /// built only when it tabulates at most `maxValues` combinations.
  func chooseFactoring(_ target: StreamValue, categorical: [StreamValue], anchors: [AnchorReference])
    throws(CompileError)
  {
    var bases = Set<StreamValue>()
    for a in anchors { bases.formUnion(numericBases(of: a)) }
    let fusedInputs = bases.sorted { ProgramPlan.precedes($0, $1) }
    let fused = NumericDependence.joint(fusedInputs)
    let saved = (units, unitOrder, outputBias)
    func restore() { (units, unitOrder, outputBias) = saved }
    let fusedReferences = categorical.map { CellDomain.Reference.value($0) } + fusedInputs.map { .value($0) }
    var fusedCost: MapCompilation.Cost?
    let fusedPoints = domain.tuples(fusedReferences, limit: options.maxValues)?.count
    if fusedPoints != nil {
      try tabulate(target, categorical: categorical, dependence: fused)
      fusedCost = cost(since: saved.1.count)
      restore()
    }
    // Two anchors: either may vary fastest along the coordinate; the cheaper
    // order is kept (ties: by s-op id). An order whose table is too large is
    // left out; so is the factored form when both are (then fused, if built).
    var orders = [anchors]
    if anchors.count == 2 { orders.append([anchors[1], anchors[0]]) }
    var costs: [MapCompilation.Cost?] = []
    var firstError: CompileError?
    // Each order's build, kept to restore the one chosen without building it again.
    typealias Build = (
      units: [UnitKey: [String: Rational]], unitOrder: [UnitKey], outputBias: [String: Rational],
      step: StepCompilation?, stepOrder: [StreamValue], positionSteps: PositionStepsOutcome?
    )
    var builds: [Build?] = []
    for candidate in orders {
      do {
        try tabulate(target, categorical: categorical, dependence: .anchors(candidate))
        costs.append(cost(since: saved.1.count))
        builds.append((units, unitOrder, outputBias, stepChoices[target], stepOrder, positionStepsOutcome))
      } catch {
        builds.append(nil)
        costs.append(nil)
        if firstError == nil { firstError = error }
      }
      restore()
    }
    // A sum of one function of each anchor: one table per anchor (two
    // anchors, no categorical input: the shape `factoredTables` reads).
    var sumCost: MapCompilation.Cost?
    if anchors.count == 2, categorical.isEmpty {
      sumsAllowed = true
      wroteSum = false
      if (try? tabulate(target, categorical: categorical, dependence: .anchors(anchors))) != nil, wroteSum {
        sumCost = cost(since: saved.1.count)
      }
      restore()
      sumsAllowed = false
    }
    var best: Int?
    for (k, c) in costs.enumerated() {
      guard let c else { continue }
      if let b = best, !(c < costs[b]!) { continue }
      best = k
    }
    if let sumCost, best.map({ sumCost < costs[$0]! }) ?? true {
      var chosen = MapCompilation.Form.factored
      if let fusedCost, fusedCost < sumCost {
        try tabulate(target, categorical: categorical, dependence: fused)
        chosen = .fused
      } else {
        sumsAllowed = true
        try tabulate(target, categorical: categorical, dependence: .anchors(anchors))
        sumsAllowed = false
      }
      choices.append(MapCompilation(
        value: target, layer: layer, form: chosen, anchors: (best.map { orders[$0] } ?? anchors).map(anchorName),
        fusedInputs: fusedInputs.map(valueName), factored: best.flatMap { costs[$0] },
        swapped: orders.count == 2 && best != nil ? costs[1 - best!] : nil, sum: sumCost, sumChosen: chosen == .factored,
        fused: fusedCost, fusedLimit: options.maxValues))
      return
    }
    guard let best else {
      guard fusedCost != nil else { throw firstError! }
      try tabulate(target, categorical: categorical, dependence: fused)
      choices.append(MapCompilation(
        value: target, layer: layer, form: .fused, anchors: anchors.map(anchorName),
        fusedInputs: fusedInputs.map(valueName), factored: nil, swapped: nil, sum: nil, sumChosen: false,
        fused: fusedCost, fusedLimit: options.maxValues))
      return
    }
    let order = orders[best]
    let factoredCost = costs[best]!
    let swappedCost = orders.count == 2 ? costs[1 - best] : nil
    var chosen = MapCompilation.Form.factored
    if let fusedCost, fusedCost < factoredCost {
      try tabulate(target, categorical: categorical, dependence: fused)
      chosen = .fused
    } else if let build = builds[best] {
      (units, unitOrder, outputBias) = (build.units, build.unitOrder, build.outputBias)
      (stepChoices[target], stepOrder, positionStepsOutcome) = (build.step, build.stepOrder, build.positionSteps)
    } else {
      try tabulate(target, categorical: categorical, dependence: .anchors(order))
    }
    choices.append(MapCompilation(
      value: target, layer: layer, form: chosen,
      anchors: order.map(anchorName), fusedInputs: fusedInputs.map(valueName),
      factored: factoredCost, swapped: swappedCost, sum: sumCost, sumChosen: false, fused: fusedCost,
      fusedLimit: options.maxValues, positionSteps: positionStepsOutcome.map(\.note)))
  }

  /// The hidden units added since the unit order had `count` entries, and their non-zero weights.
  func cost(since count: Int) -> MapCompilation.Cost {
    var weights = 0
    var added = 0
    for key in unitOrder[count...] {
      let outputs = units[key]!.filter { !$0.value.isZero }.count
      guard outputs > 0 else { continue }
      added += 1
      weights += key.inputs.filter { !$0.weight.isZero }.count + (key.bias.isZero ? 0 : 1) + outputs
    }
    return MapCompilation.Cost(units: added, weights: weights)
  }

  func anchorName(_ anchor: AnchorReference) -> String {
    switch anchor {
    case .node(let id): return layout.names[id] ?? "s-op #\(id.index)"
    case .share(let s): return valueName(s)
    }
  }

  func valueName(_ value: StreamValue) -> String {
    switch value {
    case .node(let id, _): return layout.names[id] ?? "s-op #\(id.index)"
    case .share(let id, let t): return "\(layout.names[id] ?? "s-op #\(id.index)") (term \(t + 1) share)"
    case .sum(let id, let t): return "\(layout.names[id] ?? "s-op #\(id.index)") (term \(t + 1) sum)"
    default: return layout.scalar(value)
    }
  }

  /// The units computing `target` from its categorical inputs and the
  /// numerical coordinate `dependence` names: one table per group of
  /// categorical values, interpolated along the coordinate.
  func tabulate(_ target: StreamValue, categorical: [StreamValue], dependence: NumericDependence)
    throws(CompileError)
  {
    // Only the last build of a target (the form kept) records a steps choice.
    stepChoices[target] = nil
    positionStepsOutcome = nil
    if case .anchors(let anchors) = dependence, categorical.isEmpty,
      let tables = factoredTables(target, anchors: anchors)
    {
      if let byPosition = positionTables,
        emitPositionStepsIfCheaper(target, single: tables, positionTables: byPosition)
      {
        return
      }
      emit(tables, categorical: [])
      return
    }
    var references = categorical.map { CellDomain.Reference.value($0) }
    var numerical: [StreamValue] = []
    switch dependence {
    case .none: break
    case .anchor(.node(let id)): references.append(.node(id))
    case .anchor(.share(let s)): references.append(.value(s))
    case .anchors(let anchors):
      for anchor in anchors {
        switch anchor {
        case .node(let id): references.append(.node(id))
        case .share(let s): references.append(.value(s))
        }
      }
    case .joint(let values):
      numerical = values
      references += values.map { .value($0) }
    }
    // The work bound: points examined (the MLP itself needs units only where the output changes).
    let pointLimit = options.maxValues.multipliedReportingOverflow(by: 50).overflow ? Int.max : options.maxValues * 50
    var described: Set<[Atom]>?
    if case .anchor(.node(let id)) = dependence, let summary = sets.summaries[id] {
      described = try representativePoints(target, anchor: id, summary: summary, categorical: categorical, limit: pointLimit)
    } else if case .anchor(.node(let id)) = dependence, let relation = relations[id] {
      described = try relationPoints(target, relation: relation, categorical: categorical, limit: pointLimit)
    }
    for reference in references where described == nil {
      switch reference {
      case .node(let id), .value(.node(let id, _)):
        try sets.requireListed(id, in: graph, for: "the MLP computing \(valueName(target))", countingUnion: false)
      case .value(.sum(let id, _)):
        if case .aggregate(_, let valuesID, _) = graph[id].kind {
          try sets.requireListed(valuesID, in: graph, for: "the MLP computing \(valueName(target))", countingUnion: false)
        }
      default: break
      }
    }
    guard let points = described ?? domain.tuples(references, limit: pointLimit) else {
      throw CompileError(
        blame(target),
        "the MLP computing it would have to tabulate more than \(pointLimit) combinations of its inputs (50 × --max-values; raise --max-values)")
    }
    let p = categorical.count
    // Groups: categorical values → the numeric coordinate's points.
    var groups: [[Atom]: [[Atom]]] = [:]
    for point in points { groups[Array(point[0..<p]), default: []].append(Array(point[p...])) }
    var radix = jointRadix(numerical, points: points, offset: p)
    if case .anchors(let anchors) = dependence { radix = jointRadix(count: anchors.count, points: points, offset: p) }

    var tables: [GroupTable] = []
    for (group, rest) in groups {
      var baseValues: [StreamValue: Atom] = [:]
      for (k, b) in categorical.enumerated() { baseValues[b] = group[k] }
      var term = AffineTerm(constant: .zero, coefficients: [:])
      switch dependence {
      case .none: break
      case .anchor(.node(let id)):
        guard let form = forms[id] else { preconditionFailure("anchor without a form") }
        let key = form.categorical.map { baseValues[$0]! }
        guard let t = form.terms[key] else { continue }
        term = t
      case .anchor(.share(let s)):
        term = AffineTerm(constant: .zero, coefficients: [s: .one])
      case .anchors(let anchors):
        var ok = true
        for (k, anchor) in anchors.enumerated() {
          switch anchor {
          case .node(let id):
            guard let form = forms[id] else { preconditionFailure("anchor without a form") }
            guard let t = form.terms[form.categorical.map { baseValues[$0]! }] else {
              ok = false
              break
            }
            term = term + radix[k] * t
          case .share(let s):
            term = term + AffineTerm(constant: .zero, coefficients: [s: radix[k]])
          }
        }
        if !ok { continue }
      case .joint(let values):
        var c: [StreamValue: Rational] = [:]
        for (k, v) in values.enumerated() { c[v] = radix[k] }
        term = AffineTerm(constant: .zero, coefficients: c)
      }
      var tablePoints: [Rational: [String: Rational]] = [:]
      for numbers in rest {
        var assignment = baseValues
        var overrides: [NodeID: Atom] = [:]
        var coordinate = Rational.zero
        switch dependence {
        case .none: break
        case .anchor(.node(let id)):
          guard let v = numbers[0].numericValue else { continue }
          // A relation's anchor is its difference: the node itself holds the comparison.
          overrides[id] = relations[id].map { .bool(MapShape.holds($0.comparison, difference: v)) } ?? numbers[0]
          coordinate = v
        case .anchor(.share(let s)):
          assignment[s] = numbers[0]
          coordinate = numbers[0].numericValue!
        case .anchors(let anchors):
          var ok = true
          for (k, anchor) in anchors.enumerated() {
            guard let v = numbers[k].numericValue else {
              ok = false
              break
            }
            switch anchor {
            case .node(let id): overrides[id] = numbers[k]
            case .share(let s): assignment[s] = numbers[k]
            }
            coordinate += radix[k] * v
          }
          if !ok { continue }
        case .joint(let values):
          for (k, v) in values.enumerated() {
            assignment[v] = numbers[k]
            coordinate += radix[k] * (numbers[k].numericValue ?? .zero)
          }
        }
        guard let y = output(of: target, bases: assignment, overrides: overrides) else { continue }
        if let previous = tablePoints[coordinate], previous != y {
          // Two inputs the plan deems possible give different outputs at one
          // coordinate: the coordinate is not injective (a compiler bug).
          preconditionFailure("non-injective coordinate for \(target) at \(coordinate)")
        }
        tablePoints[coordinate] = y
      }
      if tablePoints.isEmpty { continue }
      tables.append(GroupTable(
        group: group, term: term, points: tablePoints.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }
    emitCheapest(target, tables, categorical: categorical)
  }

  /// The points to tabulate a target along a described anchor (see
  /// ``NumericSummary``) at, with every combination of its categorical
  /// inputs that occurs: the anchor's range ends when the target is the
  /// anchor itself (the identity is linear between them); else, when every
  /// map reading the anchor compares it with one constant c, the points
  /// c − g, c, c + g within the range (g the summary's gap bound at c: no
  /// member lies strictly between them, so the steps between them are exact
  /// on every member). Otherwise the anchor must be listed: the error.
  func representativePoints(
    _ target: StreamValue, anchor: NodeID, summary: NumericSummary, categorical: [StreamValue], limit: Int
  ) throws(CompileError) -> Set<[Atom]> {
    let use = "the MLP computing \(valueName(target))"
    var numbers: [Rational]
    if target == .node(anchor, .numerical) {
      numbers = summary.lower == summary.upper ? [summary.lower] : [summary.lower, summary.upper]
    } else if case .square = target {
      // Not piecewise constant, not linear: only a listing would do.
      try sets.requireListed(anchor, in: graph, for: use, countingUnion: false)
      return []
    } else {
      var constants = Set<Rational>()
      for id in plan.order where graph[id].kind.operands.contains(anchor) {
        switch graph[id].kind {
        case .map:
          guard case .comparison(_, let c)? = MapShape(graph[id].kind) else {
            try sets.requireListed(anchor, in: graph, for: use, countingUnion: false)
            continue
          }
          constants.insert(c)
        case .sequenceMap:
          try sets.requireListed(anchor, in: graph, for: use, countingUnion: false)
        default: continue
        }
      }
      guard constants.count == 1, let points = MapShape.points(summary, around: constants.first!, nearest: true) else {
        try sets.requireListed(anchor, in: graph, for: use, countingUnion: false)
        return []
      }
      numbers = points
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

  /// One group's table: its categorical values, the coordinate, and the
  /// output at each point of the coordinate (sorted).
  struct GroupTable {
    var group: [Atom]
    var term: AffineTerm
    var points: [(Rational, [String: Rational])]
  }

  /// The units interpolating each group's table, gated by its group, with
  /// the most common first output in the output bias.
  func emit(_ tables: [GroupTable], categorical: [StreamValue]) {
    let p = categorical.count
    // The most common value at the first point goes into the bias.
    var counts: [[String: Rational]: Int] = [:]
    for t in tables { counts[t.points[0].1, default: 0] += 1 }
    // Ties go to the first in a canonical order, so the same program always gives the same weights.
    func canonical(_ v: [String: Rational]) -> String {
      v.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
    let common = counts.max { a, b in
      a.value != b.value ? a.value < b.value : canonical(a.key) > canonical(b.key)
    }?.key ?? [:]
    if p > 0 { add(common, to: &outputBias) }
    let bounds = numericBounds()
    for table in tables.sorted(by: { ProgramPlan.lexicographic($0.group, $1.group) }) {
      let gate = zip(categorical, table.group).map { layout.direction($0.0, category: [$0.1])! }
      let first = table.points[0].1
      if p == 0 {
        add(first, to: &outputBias)
      } else {
        let delta = subtract(first, common)
        if !delta.isEmpty {
          addUnit(inputs: gate.map { InputWeight(direction: $0, weight: .one) }, bias: Rational(1 - p), outputs: delta)
        }
      }
      addRamps(table.points, term: table.term, gate: gate, bounds: bounds)
    }
  }

  /// The units that interpolate `points` (coordinate, output) along the
  /// coordinate `term`, inside the group whose one-hot directions are `gate`.
  ///
  /// Linear interpolation (one unit where the slope changes) when every
  /// weight comes out an integer after scaling each unit, or when some
  /// output is not an integer; otherwise unit steps: for consecutive points t_j < t_{j+1} whose outputs differ,
  /// `Δy · (relu(c·(s − t_j)) − relu(c·(s − t_j) − 1))` with c ≥ 1/(t_{j+1} − t_j)
  /// chosen so that c·(coefficients, t_j) are integers: exact at every point,
  /// and every weight an integer for integer-valued outputs, which keeps
  /// the exact forward pass on its integer path.
  func addRamps(
    _ points: [(Rational, [String: Rational])], term: AffineTerm, gate: [String],
    bounds: [StreamValue: Rational]
  ) {
    let p = gate.count
    // A gate weight large enough to silence the unit outside its group.
    var bound = Rational.one
    for (v, c) in term.coefficients { bound += c.magnitude * (bounds[v] ?? .one) }
    let extremes = points.map { (term.constant - $0.0).magnitude }.max() ?? .zero
    let gateWeight = (bound + extremes).ceiling
    func unit(threshold t: Rational, scale c: Rational, shift: Rational, outputs: [String: Rational]) {
      var inputs: [InputWeight] = []
      for (v, w) in term.coefficients { inputs.append(InputWeight(direction: layout.scalar(v), weight: c * w)) }
      var bias = c * (term.constant - t) - shift
      if p > 0 {
        for d in gate { inputs.append(InputWeight(direction: d, weight: c * gateWeight)) }
        bias -= c * gateWeight * Rational(p)
      }
      addUnit(inputs: inputs, bias: bias, outputs: outputs)
    }
    // The scale that makes a unit's inputs integers at threshold t.
    func inputScale(_ t: Rational) -> Rational? {
      guard let d = Rational.commonDenominator(Array(term.coefficients.values) + [term.constant - t]) else { return nil }
      return Rational(d)
    }
    // Linear interpolation, if integral.
    var linear: [(Rational, Rational, [String: Rational])] = []
    var integral = true
    var previousSlope: [String: Rational] = [:]
    for j in 0..<(points.count - 1) {
      let (t0, y0) = points[j]
      let (t1, y1) = points[j + 1]
      let width = t1 - t0
      var slope: [String: Rational] = [:]
      for (d, v) in subtract(y1, y0) { slope[d] = v / width }
      let change = subtract(slope, previousSlope)
      previousSlope = slope
      if change.isEmpty { continue }
      guard let c = inputScale(t0) else {
        integral = false
        linear.append((t0, .one, change))
        continue
      }
      let scaled = change.mapValues { $0 / c }
      if scaled.values.contains(where: { !$0.isInteger }) { integral = false }
      linear.append((t0, c, scaled))
    }
    // Unit steps keep weights integral only for integer outputs; otherwise
    // they would cost two units per value for nothing.
    let integerOutputs = points.allSatisfy { $0.1.values.allSatisfy(\.isInteger) }
    if integral || linear.isEmpty || !integerOutputs {
      for (t, c, outputs) in linear { unit(threshold: t, scale: c, shift: .zero, outputs: outputs) }
      return
    }
    // Unit steps.
    var steps: [(Rational, Rational, [String: Rational])] = []
    for j in 0..<(points.count - 1) {
      let (t0, y0) = points[j]
      let (t1, y1) = points[j + 1]
      let jump = subtract(y1, y0)
      if jump.isEmpty { continue }
      let needed = Rational.one / (t1 - t0)
      guard let base = inputScale(t0) else {
        // Coefficients too large to clear: keep linear interpolation (exact, rational path).
        for (t, c, outputs) in linear { unit(threshold: t, scale: c, shift: .zero, outputs: outputs) }
        return
      }
      let multiple = (needed / base).ceiling
      let c = base * (multiple.signum > 0 ? multiple : .one)
      steps.append((t0, c, jump))
    }
    for (t, c, jump) in steps {
      unit(threshold: t, scale: c, shift: .zero, outputs: jump)
      unit(threshold: t, scale: c, shift: .one, outputs: jump.mapValues { -$0 })
    }
  }

  /// The sparse output vector of a target at one point, or nil (no input reaches it).
  func output(of target: StreamValue, bases: [StreamValue: Atom], overrides: [NodeID: Atom]) -> [String: Rational]? {
    switch target {
    case .node(let id, .categorical):
      guard let v = evaluator.value(id, target: id, bases: bases, overrides: overrides),
        let d = layout.direction(target, category: [v])
      else { return nil }
      return [d: .one]
    case .node(let id, .numerical):
      guard let v = evaluator.value(id, target: id, bases: bases, overrides: overrides)?.numericValue else {
        return nil
      }
      return v.isZero ? [:] : [layout.scalar(target): v]
    case .square(let id):
      guard let v = evaluator.value(id, target: id, bases: bases, overrides: overrides)?.numericValue else {
        return nil
      }
      return v.isZero ? [:] : [layout.scalar(target): v * v]
    case .tuple(let ids):
      var tuple: [Atom] = []
      for id in ids {
        guard let v = evaluator.value(id, target: nil, bases: bases, overrides: overrides) else { return nil }
        tuple.append(v)
      }
      guard let d = layout.direction(target, category: tuple) else { return nil }
      return [d: .one]
    default:
      return nil
    }
  }

  func add(_ vector: [String: Rational], to sum: inout [String: Rational]) {
    for (d, v) in vector { sum[d, default: .zero] += v }
  }

  func subtract(_ a: [String: Rational], _ b: [String: Rational]) -> [String: Rational] {
    var out = a
    for (d, v) in b { out[d, default: .zero] -= v }
    return out.filter { !$0.value.isZero }
  }

  func addUnit(inputs: [InputWeight], bias: Rational, outputs: [String: Rational]) {
    let key = UnitKey(inputs: inputs.sorted(), bias: bias)
    // One lookup for a unit already there, two for a new one (the key hashes every input).
    if let index = units.index(forKey: key) {
      add(outputs, to: &units.values[index])
    } else {
      var sum: [String: Rational] = [:]
      add(outputs, to: &sum)
      units[key] = sum
      unitOrder.append(key)
    }
  }

  /// max |value| of each numerical stream value (1 for shares).
  func numericBounds() -> [StreamValue: Rational] {
    var bounds: [StreamValue: Rational] = [:]
    for (value, _) in plan.stages {
      switch value {
      case .node(let id, .numerical):
        bounds[value] = sets.magnitudeBound(id) ?? .one
      case .share:
        bounds[value] = .one
      case .square(let id):
        let m = sets.magnitudeBound(id) ?? .one
        bounds[value] = m * m
      case .sum(let id, _):
        var bound = Rational.one
        if case .aggregate(_, let valuesID, _) = graph[id].kind {
          bound = sets.magnitudeBound(valuesID) ?? .one
        }
        bounds[value] = bound
      default: break
      }
    }
    return bounds
  }

  /// Coefficients r_k making Σ r_k x_k injective on the points (mixed radix).
  func jointRadix(_ values: [StreamValue], points: Set<[Atom]>, offset: Int) -> [Rational] {
    jointRadix(count: values.count, points: points, offset: offset)
  }

  /// Coefficients r_k making Σ r_k x_k injective on the points' `count`
  /// numbers from `offset` on (mixed radix: each r_k exceeds the span of
  /// the earlier terms over x_k's smallest gap).
  func jointRadix(count: Int, points: Set<[Atom]>, offset: Int) -> [Rational] {
    var radix: [Rational] = []
    var span = Rational.zero
    for k in 0..<count {
      let numbers = Set(points.compactMap { $0[offset + k].numericValue }).sorted()
      var gap = Rational.one
      if numbers.count >= 2 {
        gap = zip(numbers, numbers.dropFirst()).map { $1 - $0 }.min()!
      }
      let r = k == 0 ? Rational.one : span / gap + .one
      radix.append(r)
      if let lo = numbers.first, let hi = numbers.last { span += r * (hi - lo) }
    }
    return radix
  }

  // MARK: - Numerical dependence

  func combine(_ parts: [NumericDependence]) -> NumericDependence {
    // A relation read along its difference only alone; with other numerical
    // inputs it is read through its operands' dependences, as before.
    let combined = combineParts(parts)
    if case .anchor = combined { return combined }
    var expanded: [NumericDependence] = []
    var any = false
    for part in parts {
      if case .anchor(.node(let a)) = part, let relation = relations[a] {
        expanded += relation.parts
        any = true
      } else {
        expanded.append(part)
      }
    }
    return any ? combine(expanded) : combined
  }

  func combineParts(_ parts: [NumericDependence]) -> NumericDependence {
    var anchors = Set<AnchorReference>()
    var joint = Set<StreamValue>()
    var any = false
    for part in parts {
      switch part {
      case .none: break
      case .anchor(let a):
        anchors.insert(a)
        any = true
      case .anchors(let xs):
        anchors.formUnion(xs)
        any = true
      case .joint(let xs):
        joint.formUnion(xs)
        any = true
      }
    }
    if !any { return .none }
    if joint.isEmpty && anchors.count == 1 { return .anchor(anchors.first!) }
    if joint.isEmpty { return .anchors(anchors.sorted(by: LookupMLPBuilder.precedes)) }
    for a in anchors { joint.formUnion(numericBases(of: a)) }
    return .joint(joint.sorted { ProgramPlan.precedes($0, $1) })
  }

  /// A fixed order on anchors: s-ops by id, then shares.
  static func precedes(_ a: AnchorReference, _ b: AnchorReference) -> Bool {
    switch (a, b) {
    case (.node(let x), .node(let y)): return x.index < y.index
    case (.node, .share): return true
    case (.share, .node): return false
    case (.share(let x), .share(let y)): return ProgramPlan.precedes(x, y)
    }
  }

  func numericBases(of anchor: AnchorReference) -> [StreamValue] {
    switch anchor {
    case .share(let s): return [s]
    case .node(let id):
      var missing: [NodeID] = []
      return tracer.dependencies(of: .node(id, .numerical), missing: &missing).filter { !isCategorical($0) }
    }
  }

  func dependence(of id: NodeID, target: NodeID?) throws(CompileError) -> NumericDependence {
    if id != target, let known = dependence[id] { return known }
    let result: NumericDependence
    switch evaluator.step(id, target: target) {
    case .base(let b):
      if isCategorical(b) {
        result = .none
        categoricalBases[id] = [b]
      } else {
        forms[id] = AffineForm(categorical: [], terms: [[]: AffineTerm(constant: .zero, coefficients: [b: .one])])
        categoricalBases[id] = []
        result = .anchor(.node(id))
      }
    case .fromToken:
      categoricalBases[id] = [.token]
      result = .none
    case .fromIndex:
      categoricalBases[id] = [.index]
      result = .none
    case .constant:
      categoricalBases[id] = []
      result = .none
    case .terms(_, let shares):
      categoricalBases[id] = []
      if shares.isEmpty {
        result = .none
      } else {
        result = shares.count == 1 ? .anchor(.share(shares[0])) : .joint(shares)
      }
    case .missing:
      categoricalBases[id] = []
      result = .none
    case .operands(let operands):
      var parts: [NumericDependence] = []
      var cats = Set<StreamValue>()
      for operand in operands {
        parts.append(try dependence(of: operand, target: target == id ? nil : target))
        cats.formUnion(categoricalBases[operand] ?? [])
      }
      categoricalBases[id] = cats
      if parts.allSatisfy({ if case .none = $0 { return true } else { return false } }) {
        result = .none
      } else if let relation = relationAnchor(id, operands: operands, parts: parts) {
        relations[id] = relation
        forms[id] = relation.form
        result = .anchor(.node(id))
      } else if let form = affine(id, operands: operands, parts: parts) {
        forms[id] = form
        result = .anchor(.node(id))
      } else {
        result = combine(parts)
      }
    }
    if id != target { dependence[id] = result }
    return result
  }

  /// The node's affine form when every numerically dependent operand is
  /// affine and the node's function is affine in them (for each value of
  /// its other operands), checked exactly on every combination of operand
  /// values that occurs at some cell.
  func affine(_ id: NodeID, operands: [NodeID], parts: [NumericDependence]) -> AffineForm? {
    let f: ([Atom]) -> Atom?
    switch graph[id].kind {
    case .map(_, let m): f = { try? m($0[0]) }
    case .sequenceMap(_, let m): f = { try? m($0) }
    default: return nil
    }
    var numeric: [Int] = []
    for (k, part) in parts.enumerated() {
      switch part {
      case .none: continue
      case .anchor(.node(let a)) where a == operands[k] && forms[a] != nil && relations[a] == nil: numeric.append(k)
      default: return nil
      }
    }
    let others = operands.indices.filter { !numeric.contains($0) }
    // The operands' values that occur together at some cell (a sound
    // superset of what the MLP meets): the fit is checked on exactly these,
    // so a map affine where it is used is found affine even when the
    // product of its operands' value sets is far larger.
    let pointLimit = options.maxValues.multipliedReportingOverflow(by: 50).overflow ? Int.max : options.maxValues * 50
    var fits: [[Atom]: (coefficients: [Rational], constant: Rational)] = [:]
    var byContext: [[Atom]: [[Atom]]] = [:]
    if case .affine(let coefficients)? = MapShape(graph[id].kind), others.isEmpty {
      // `x ± y` of numbers: affine by construction (no fit over the
      // operands' joint values, which grow as the square of each's).
      fits[[]] = (coefficients, .zero)
    } else {
      guard let occurring = domain.tuples(operands.map { .node($0) }, limit: pointLimit) else { return nil }
      for point in occurring {
        byContext[others.map { point[$0] }, default: []].append(numeric.map { point[$0] })
      }
    }
    for (context, points) in byContext {
      let fit = LookupMLPBuilder.fit(points: points) { numbers in
        var arguments = [Atom](repeating: .int(0), count: operands.count)
        for (j, k) in numeric.enumerated() { arguments[k] = numbers[j] }
        for (j, k) in others.enumerated() { arguments[k] = context[j] }
        return f(arguments)
      }
      guard let fit else { return nil }
      fits[context] = fit
    }
    // The form: one term per combination of the categorical inputs.
    var categorical = Set<StreamValue>()
    for k in numeric { categorical.formUnion(forms[operands[k]]!.categorical) }
    for k in others { categorical.formUnion(categoricalBases[operands[k]] ?? []) }
    let ordered = categorical.sorted { ProgramPlan.precedes($0, $1) }
    guard let groups = domain.tuples(ordered.map { .value($0) }, limit: options.maxValues) else { return nil }
    var terms: [[Atom]: AffineTerm] = [:]
    for group in groups {
      var bases: [StreamValue: Atom] = [:]
      for (k, b) in ordered.enumerated() { bases[b] = group[k] }
      var context: [Atom] = []
      var ok = true
      for k in others {
        guard let v = evaluator.value(operands[k], target: nil, bases: bases) else { ok = false; break }
        context.append(v)
      }
      guard ok, let fit = fits[context] else { continue }
      var term = AffineTerm(constant: fit.constant, coefficients: [:])
      for (j, k) in numeric.enumerated() {
        let form = forms[operands[k]]!
        guard let inner = form.terms[form.categorical.map { bases[$0]! }] else { ok = false; break }
        term = term + fit.coefficients[j] * inner
      }
      if ok { terms[group] = term }
    }
    return AffineForm(categorical: ordered, terms: terms)
  }

  /// Coefficients and constant with f(x) = c + Σ a_k x_k at every one of
  /// `points` (tuples of numbers) where f is defined, or nil when f is not
  /// affine on them.
  ///
  /// The coefficients come from the smallest point (in canonical order)
  /// and, per coordinate, that point moved to the next value the coordinate
  /// takes among the points (f is evaluated there even if that tuple does not
  /// occur); then every point is checked exactly.
  static func fit(points: [[Atom]], _ f: ([Atom]) -> Atom?) -> (coefficients: [Rational], constant: Rational)? {
    guard let base = points.min(by: ProgramPlan.lexicographic) else { return nil }
    guard let f0 = f(base)?.numericValue else { return nil }
    var coefficients: [Rational] = []
    for k in base.indices {
      guard let x0 = base[k].numericValue else { return nil }
      let other = points.map { $0[k] }.filter { $0.numericValue != nil && $0.numericValue != x0 }
        .min { $0.numericValue! < $1.numericValue! }
      guard let next = other, let x1 = next.numericValue else {
        coefficients.append(.zero)
        continue
      }
      var moved = base
      moved[k] = next
      guard let fk = f(moved)?.numericValue else { return nil }
      coefficients.append((fk - f0) / (x1 - x0))
    }
    var constant = f0
    for k in base.indices { constant -= coefficients[k] * base[k].numericValue! }
    // Points where f fails are skipped: the MLP leaves them out too.
    for point in points {
      guard let y = f(point) else { continue }
      guard point.allSatisfy({ $0.numericValue != nil }) else { return nil }
      var expected = constant
      for k in point.indices { expected += coefficients[k] * point[k].numericValue! }
      guard y.numericValue == expected else { return nil }
    }
    return (coefficients, constant)
  }
}

extension LookupMLPBuilder {
  /// The table of a target over two anchors with no categorical input,
  /// found along its expression tree without tabulating the anchors' joint
  /// values: the target is a function of its parts (the largest
  /// sub-expressions that read one anchor each, e.g. `rnd < 0` and
  /// `crl < 0`), so each anchor value falls into a class (its parts'
  /// values). Along s = a₀ + r·a₁ (a₁ major), inside the block of one
  /// value of a₁ the output changes only where a₀'s class does; of each
  /// run of a₀ values in one class only the smallest and largest that
  /// occur with that a₁ value at some cell are kept, which leaves the
  /// interpolant unchanged at every dropped point (it is constant between
  /// the two). Nil when the target is not of this shape (then the joint
  /// values are tabulated).
  ///
  /// When the target is a sum of one function of each anchor (checked
  /// exactly on every pair of classes: F(c, d) = F(c, d₀) + F(c₀, d) −
  /// F(c₀, d₀)), it is two tables instead, one along each anchor (each
  /// run of one class kept by its ends), whose units add up.
  func factoredTables(_ target: StreamValue, anchors: [AnchorReference]) -> [GroupTable]? {
    positionTables = nil
    guard case .node(let targetID, _) = target, anchors.count == 2,
      case .node(let minor) = anchors[0], case .node(let major) = anchors[1],
      let minorForm = forms[minor]?.terms[[]], let majorForm = forms[major]?.terms[[]],
      sets.isListed(minor), sets.isListed(major)
    else { return nil }
    // The parts of each anchor.
    var parts: [NodeID: [NodeID]] = [minor: [], major: []]
    var seen = Set<NodeID>()
    func collect(_ id: NodeID) -> Bool {
      guard case .operands(let operands) = evaluator.step(id, target: targetID) else { return false }
      for o in operands where seen.insert(o).inserted {
        switch dependence[o] {
        case .none?: continue
        case .anchor(.node(let a))? where a == minor || a == major: parts[a]!.append(o)
        case .anchors?: if !collect(o) { return false }
        default: return false
        }
      }
      return true
    }
    guard collect(targetID) else { return nil }
    // Each anchor's values (numbers), sorted, with their classes.
    func classes(_ anchor: NodeID) -> [Rational: [Atom]]? {
      var result: [Rational: [Atom]] = [:]
      for v in sets.values[anchor] ?? [] {
        guard let x = v.numericValue else { return nil }
        var values: [Atom] = []
        for part in parts[anchor]! {
          guard let y = evaluator.value(part, target: targetID, bases: [:], overrides: [anchor: v]) else { break }
          values.append(y)
        }
        if values.count == parts[anchor]!.count { result[x] = values }
      }
      return result
    }
    guard let minorClasses = classes(minor), let majorClasses = classes(major) else { return nil }
    // Outputs per class pair.
    var memo: [[Atom]: [String: Rational]?] = [:]
    func output(_ minorClass: [Atom], _ majorClass: [Atom]) -> [String: Rational]? {
      let key = minorClass + [.string("|")] + majorClass
      if let hit = memo[key] { return hit }
      var overrides: [NodeID: Atom] = [:]
      for (part, v) in zip(parts[minor]!, minorClass) { overrides[part] = v }
      for (part, v) in zip(parts[major]!, majorClass) { overrides[part] = v }
      let y = self.output(of: target, bases: [:], overrides: overrides)
      memo[key] = .some(y)
      return y
    }
    if sumsAllowed, let tables = separableTables(minorClasses, majorClasses, minorForm, majorForm, output) {
      wroteSum = true
      return tables
    }
    let minorSorted = minorClasses.keys.sorted()
    // Runs: maximal intervals of consecutive minor values in one class.
    var run: [Rational: Int] = [:]
    var runCount = 0
    for (k, x) in minorSorted.enumerated() {
      if k > 0, minorClasses[minorSorted[k - 1]]! != minorClasses[x]! { runCount += 1 }
      run[x] = runCount
    }
    runCount += 1
    // Per cell: the smallest and largest minor value in each run; then per
    // major value, over all cells and at each position.
    var seenCells = Set<[Int]>()
    var byMajor: [Rational: [Int: (Rational, Rational)]] = [:]
    var majorValues = Set<Rational>()
    var seenAtPosition = Set<[Int]>()
    var byPosition = [[Rational: [Int: (Rational, Rational)]]](repeating: [:], count: sets.maximumLength)
    var extremesBySet: [Int: [Int: (Rational, Rational)]] = [:]
    var majorsBySet: [Int: [Rational]] = [:]
    for n in 1...sets.maximumLength {
      for i in 0..<n {
        let cell = sets.cell(n, i)
        let signature = [sets.setIndex(of: minor, cell: cell), sets.setIndex(of: major, cell: cell)]
        let newAtPosition = seenAtPosition.insert([i] + signature).inserted
        guard seenCells.insert(signature).inserted || newAtPosition else { continue }
        // Per interned set (equal indices: equal sets), worked out once.
        let extremes: [Int: (Rational, Rational)]
        if let known = extremesBySet[signature[0]] {
          extremes = known
        } else {
          var found: [Int: (Rational, Rational)] = [:]
          for v in sets.values(of: minor, length: n, position: i) {
            guard let x = v.numericValue, let r = run[x] else { continue }
            if let (lo, hi) = found[r] { found[r] = (min(lo, x), max(hi, x)) } else { found[r] = (x, x) }
          }
          extremesBySet[signature[0]] = found
          extremes = found
        }
        let ys: [Rational]
        if let known = majorsBySet[signature[1]] {
          ys = known
        } else {
          ys = sets.values(of: major, length: n, position: i).compactMap { v in
            guard let y = v.numericValue, majorClasses[y] != nil else { return nil }
            return y
          }
          majorsBySet[signature[1]] = ys
        }
        for y in ys {
          majorValues.insert(y)
          for (r, (lo, hi)) in extremes {
            if let (a, b) = byMajor[y]?[r] { byMajor[y]![r] = (min(a, lo), max(b, hi)) } else { byMajor[y, default: [:]][r] = (lo, hi) }
            guard newAtPosition else { continue }
            if let (a, b) = byPosition[i][y]?[r] {
              byPosition[i][y]![r] = (min(a, lo), max(b, hi))
            } else {
              byPosition[i][y, default: [:]][r] = (lo, hi)
            }
          }
        }
      }
    }
    guard !byMajor.isEmpty else { return nil }
    // The coordinate: a₀ + r·a₁ with r above the span of a₀ over a₁'s smallest gap (injective).
    let usedMinor = Set(byMajor.values.flatMap { $0.values.flatMap { [$0.0, $0.1] } })
    let lo = usedMinor.min()!, hi = usedMinor.max()!
    let majors = majorValues.sorted()
    var gap = Rational.one
    if majors.count >= 2 { gap = zip(majors, majors.dropFirst()).map { $1 - $0 }.min()! }
    let r = (hi - lo) / gap + .one
    var points: [(Rational, [String: Rational])] = []
    for y in majors {
      let majorClass = majorClasses[y]!
      for (_, (a, b)) in byMajor[y]!.sorted(by: { $0.key < $1.key }) {
        guard let out = output(minorClasses[a]!, majorClass) else { continue }
        points.append((a + r * y, out))
        if b != a { points.append((b + r * y, out)) }
      }
    }
    guard !points.isEmpty else { return nil }
    let term = minorForm + r * majorForm
    // The same coordinate at each position (r keeps it injective there too).
    var tables: [GroupTable] = []
    for (i, blocks) in byPosition.enumerated() where !blocks.isEmpty {
      var here: [(Rational, [String: Rational])] = []
      for (y, runs) in blocks {
        let majorClass = majorClasses[y]!
        for (_, (a, b)) in runs {
          guard let out = output(minorClasses[a]!, majorClass) else { continue }
          here.append((a + r * y, out))
          if b != a { here.append((b + r * y, out)) }
        }
      }
      if !here.isEmpty { tables.append(GroupTable(group: [.int(i)], term: term, points: here.sorted { $0.0 < $1.0 })) }
    }
    positionTables = tables
    return [GroupTable(group: [], term: term, points: points)]
  }

  /// The two one-anchor tables of a target that is a sum of one function of
  /// each anchor, or nil when it is not (or some output is undefined).
  func separableTables(
    _ minorClasses: [Rational: [Atom]], _ majorClasses: [Rational: [Atom]], _ minorForm: AffineTerm,
    _ majorForm: AffineTerm, _ output: ([Atom], [Atom]) -> [String: Rational]?
  ) -> [GroupTable]? {
    let minorSorted = minorClasses.keys.sorted()
    let majorSorted = majorClasses.keys.sorted()
    guard let v0 = minorSorted.first, let w0 = majorSorted.first else { return nil }
    let c0 = minorClasses[v0]!
    let d0 = majorClasses[w0]!
    guard let base = output(c0, d0) else { return nil }
    let cs = Set(minorClasses.values)
    let ds = Set(majorClasses.values)
    for c in cs {
      guard let fc = output(c, d0) else { return nil }
      for d in ds {
        guard let fcd = output(c, d), let gd = output(c0, d) else { return nil }
        var sum = fc
        add(subtract(gd, base), to: &sum)
        guard subtract(fcd, sum).isEmpty else { return nil }
      }
    }
    // One table per anchor: f(v) = F(class v, d₀) and g(w) = F(c₀, class w) − F(c₀, d₀).
    func ends(_ sorted: [Rational], _ classes: [Rational: [Atom]], _ value: ([Atom]) -> [String: Rational])
      -> [(Rational, [String: Rational])]
    {
      var points: [(Rational, [String: Rational])] = []
      for (k, x) in sorted.enumerated() {
        let c = classes[x]!
        let first = k == 0 || classes[sorted[k - 1]]! != c
        let last = k == sorted.count - 1 || classes[sorted[k + 1]]! != c
        if first || last { points.append((x, value(c))) }
      }
      return points
    }
    let f = ends(minorSorted, minorClasses) { output($0, d0)! }
    let g = ends(majorSorted, majorClasses) { self.subtract(output(c0, $0)!, base) }
    return [GroupTable(group: [], term: minorForm, points: f), GroupTable(group: [], term: majorForm, points: g)]
  }
}
