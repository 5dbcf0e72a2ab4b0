import ExactArithmetic
import RASP

/// Shared steps: a target of a numerical coordinate and categorical inputs
/// in O(values of the coordinate) hidden units instead of one table per
/// combination of the categorical inputs.
///
/// Every group's coordinate must be c_g + a_g·L for one linear form L of
/// the numerical stream values (integer coefficients, a_g ≠ 0 or the group
/// has one point). At each group the values ℓ₀ < ℓ₁ < … of L that occur are
/// sorted and the output changes by Δ between some neighbours ℓ_j, ℓ_{j+1}.
/// One categorical input y (the threshold input) is chosen; a pair of units
///
///     Δ · (relu(s·L − T_y) − relu(s·L − T_y − 1))
///
/// is an exact 0 → 1 step between ℓ_j and ℓ_{j+1} when T_y ∈ [s·ℓ_j, s·ℓ_{j+1} − 1]
/// and s ≥ 1/(ℓ_{j+1} − ℓ_j); it never fires when T_y ≥ s·max|L|. T_y is the
/// unit's bias plus its weight on y's one-hot direction, so one pair (a
/// slot) serves every y value whose step has the same Δ: the slots for one
/// Δ are as many as the most steps with that Δ at one y value. The slope s
/// is one integer for all steps (1/(the smallest gap at a step), doubled
/// when needed so that every T_y is an integer). When y's value does not
/// determine the group, each slot also serves one combination of the other
/// categorical inputs and is gated by their one-hots. Each group's steps
/// start from a reference point (its first, its last, or the one nearest
/// L = 0: whichever costs least); steps below it descend, as the pair
/// −Δ · (relu(T_y − s·L) − relu(T_y − s·L − 1)) with T_y ∈ [s·ℓ_j + 1, s·ℓ_{j+1}].
/// The output at each group's reference point is the most common value in
/// the output bias and a lookup unit per group that differs.
extension LookupMLPBuilder {
  /// One output change of a group's table along L: between neighbouring values low < high.
  struct Step {
    var low: Rational
    var high: Rational
    var jump: [String: Rational]
    /// `jump`'s number among the distinct jumps of its lines (equal
    /// canonical strings `name=value,…`, the slot key, get one number).
    var jumpID: Int
    /// The index of `low` among the group's points.
    var index: Int
  }

  /// The linear form L (integer coefficients with no common factor, the
  /// first in stream order positive) and each table's a_g (its coordinate
  /// is c_g + a_g·L), or nil when the tables' coordinates are not all of
  /// that shape or L is zero.
  func sharedDirection(_ tables: [GroupTable]) -> (direction: [StreamValue: Rational], scales: [Rational])? {
    guard let first = tables.first(where: { !$0.term.coefficients.isEmpty })?.term.coefficients else { return nil }
    let keys = first.keys.sorted { ProgramPlan.precedes($0, $1) }
    guard let d = Rational.commonDenominator(Array(first.values)) else { return nil }
    var integers: [Int] = []
    for k in keys {
      guard let n = (first[k]! * Rational(d)).intValue else { return nil }
      integers.append(n)
    }
    var g = 0
    for n in integers { g = Rational.gcd(g, n) }
    if integers[0] < 0 { g = -g }
    var direction: [StreamValue: Rational] = [:]
    for (k, n) in zip(keys, integers) { direction[k] = Rational(n / g) }
    let pivot = keys[0]
    var scales: [Rational] = []
    for table in tables {
      let c = table.term.coefficients
      if c.isEmpty {
        guard table.points.count == 1 else { return nil }
        scales.append(.zero)
        continue
      }
      guard c.count == direction.count, let x = c[pivot] else { return nil }
      let a = x / direction[pivot]!
      for (k, v) in direction where c[k] != a * v { return nil }
      scales.append(a)
    }
    return (direction, scales)
  }

  /// Each table's points along L (ℓ = (t − c_g)/a_g), sorted, the tables in group order.
  func stepLines(_ tables: [GroupTable], scales: [Rational]) -> [(group: [Atom], points: [(Rational, [String: Rational])])] {
    var lines: [(group: [Atom], points: [(Rational, [String: Rational])])] = []
    for (table, a) in zip(tables, scales) {
      if a.isZero {
        lines.append((table.group, table.points))
      } else {
        let points = table.points.map { (($0.0 - table.term.constant) / a, $0.1) }.sorted { $0.0 < $1.0 }
        lines.append((table.group, points))
      }
    }
    lines.sort { ProgramPlan.lexicographic($0.group, $1.group) }
    return lines
  }

  /// Each line's steps (all ascending), and the largest 1/(high − low).
  func stepsOf(_ lines: [(group: [Atom], points: [(Rational, [String: Rational])])])
    -> (steps: [[Step]], largestInverseGap: Rational)
  {
    var steps: [[Step]] = []
    var largestInverseGap = Rational.zero
    var jumpIDs: [String: Int] = [:]
    for line in lines {
      var groupSteps: [Step] = []
      for j in 0..<(line.points.count - 1) {
        let jump = subtract(line.points[j + 1].1, line.points[j].1)
        if jump.isEmpty { continue }
        let (low, high) = (line.points[j].0, line.points[j + 1].0)
        let key = jump.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let id: Int
        if let known = jumpIDs[key] {
          id = known
        } else {
          id = jumpIDs.count
          jumpIDs[key] = id
        }
        groupSteps.append(Step(low: low, high: high, jump: jump, jumpID: id, index: j))
        largestInverseGap = Rational.maximum(largestInverseGap, .one / (high - low))
      }
      steps.append(groupSteps)
    }
    return (steps, largestInverseGap)
  }

  /// Writes the steps of `lines` (see ``stepLines(_:scales:)``; their steps `allSteps`) with the
  /// categorical input number `thresholdInput` setting the thresholds, or
  /// with `record` false only counts them (hidden units and non-zero
  /// weights, units with equal inputs and bias merged, as ``cost(since:)``
  /// counts them but without the units already written); returns the
  /// slope, the number of step pairs and that count. With `countOnly`,
  /// nothing is built: the count is 2 units per pair plus the lookup units,
  /// with no weights.
  ///
  /// Counting builds no unit: a step unit's inputs and bias are fixed by
  /// its direction (ascending or descending), its context, its gate weight,
  /// the offsets common − T_y of its thresholds and its bias, so units are
  /// merged by those; lookup units never merge (each is gated by its own
  /// group, and none reads L).
  func emitSteps(
    _ lines: [(group: [Atom], points: [(Rational, [String: Rational])])],
    allSteps: (steps: [[Step]], largestInverseGap: Rational), categorical: [StreamValue], thresholdInput k: Int, direction: [StreamValue: Rational], reference: StepCompilation.Reference, record: Bool,
    countOnly: Bool = false
  ) -> (slope: Rational, pairs: Int, cost: MapCompilation.Cost) {
    let p = categorical.count
    // The context: the other categorical inputs whose value the threshold
    // input's value does not determine (e.g. `indices + 1` is determined by
    // `indices`); empty when the threshold input determines the group.
    var contextInputs: [Int] = []
    for j in 0..<p where j != k {
      var seen: [StrictAtom: StrictAtom] = [:]
      var functional = true
      for line in lines {
        let y = StrictAtom(atom: line.group[k])
        let v = StrictAtom(atom: line.group[j])
        if let known = seen[y], known != v {
          functional = false
          break
        }
        seen[y] = v
      }
      if !functional { contextInputs.append(j) }
    }
    let determined = contextInputs.isEmpty
    // Each line's threshold-input value and context by number (values
    // compared as `StrictAtom`s), each context's values, and its
    // threshold-input values in line order (a value and a context fix the
    // line, so a value meets a slot at one line only).
    var yNumbers: [StrictAtom: Int] = [:]
    var contextNumbers: [[StrictAtom]: Int] = [:]
    var lineY: [Int] = []
    var lineContext: [Int] = []
    var contexts: [[Atom]] = []
    var valuesInContext: [[(atom: Atom, number: Int)]] = []
    for line in lines {
      let y = StrictAtom(atom: line.group[k])
      let yNumber: Int
      if let known = yNumbers[y] {
        yNumber = known
      } else {
        yNumber = yNumbers.count
        yNumbers[y] = yNumber
      }
      let c = contextInputs.map { line.group[$0] }
      let cKey = c.map { StrictAtom(atom: $0) }
      let cNumber: Int
      if let known = contextNumbers[cKey] {
        cNumber = known
      } else {
        cNumber = contexts.count
        contextNumbers[cKey] = cNumber
        contexts.append(c)
        valuesInContext.append([])
      }
      valuesInContext[cNumber].append((line.group[k], yNumber))
      lineY.append(yNumber)
      lineContext.append(cNumber)
    }
    // Each group's reference point (the first, the one nearest L = 0, or
    // the last) and its steps: ascending above the reference (0 → 1 as L rises past
    // them), descending below it (1 → 0), each with the output change Δ
    // from the lower point to the higher.
    let references = lines.map { line -> Int in
      if reference == .first { return 0 }
      if reference == .last { return line.points.count - 1 }
      var best = 0
      for (j, point) in line.points.enumerated() where point.0.magnitude < line.points[best].0.magnitude { best = j }
      return best
    }
    // A step is descending when it lies below its group's reference point
    // (worked out in place: the steps are not copied).
    let steps = allSteps.steps
    let largestInverseGap = allSteps.largestInverseGap
    // The slope: the smallest integer that makes every step complete; doubled
    // when some step's threshold interval ([s·low, s·high − 1] ascending,
    // [s·low + 1, s·high] descending) holds no integer.
    var slope = Rational.maximum(largestInverseGap.ceiling, .one)
    let integral = zip(steps, references).allSatisfy { groupSteps, reference in
      groupSteps.allSatisfy { step in
        step.index < reference
          ? (slope * step.high).floor >= slope * step.low + .one
          : (slope * step.low).ceiling <= slope * step.high - .one
      }
    }
    if !integral { slope = Rational.maximum((2 * largestInverseGap).ceiling, .one) }
    // Slots: (direction, context, jump) → per threshold-input value, the thresholds of its steps in order.
    struct SlotKey: Hashable {
      var descending: Bool
      var context: Int
      var jump: Int
    }
    func canonical(_ v: [String: Rational]) -> String {
      v.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
    var slotIndex: [SlotKey: Int] = [:]
    var slotOrder: [SlotKey] = []
    var slotJumps: [[String: Rational]] = []
    // Per slot: the most of its steps at one threshold-input value (pairs).
    var slotPairs: [Int] = []
    // Per slot, in its own array entry (mutated in place): each value's
    // thresholds (by the value's number); not kept when only counting.
    var slotThresholds: [[Int: [Rational]]] = []
    // The current line's steps per slot, and the slots it met.
    var lineSteps: [Int] = []
    var met: [Int] = []
    for g in lines.indices {
      let reference = references[g]
      met.removeAll(keepingCapacity: true)
      for step in steps[g] {
        let descending = step.index < reference
        let key = SlotKey(descending: descending, context: lineContext[g], jump: step.jumpID)
        let index: Int
        if let known = slotIndex[key] {
          index = known
        } else {
          index = slotOrder.count
          slotIndex[key] = index
          slotOrder.append(key)
          slotJumps.append(step.jump)
          slotPairs.append(0)
          lineSteps.append(0)
          if !countOnly { slotThresholds.append([:]) }
        }
        if lineSteps[index] == 0 { met.append(index) }
        lineSteps[index] += 1
        if !countOnly {
          // Ascending: relu(s·L − T) with T = ⌈s·low⌉; descending: relu(T − s·L) with T = ⌊s·high⌋.
          let t = descending ? (slope * step.high).floor : (slope * step.low).ceiling
          slotThresholds[index][lineY[g], default: []].append(t)
        }
      }
      for index in met {
        slotPairs[index] = max(slotPairs[index], lineSteps[index])
        lineSteps[index] = 0
      }
    }
    // The output at each group's reference point: the most common in the bias, a lookup unit per other group.
    let bases = zip(lines, references).map { $0.0.points[$0.1].1 }
    var counts: [String: (Int, [String: Rational])] = [:]
    for base in bases {
      let key = canonical(base)
      counts[key] = ((counts[key]?.0 ?? 0) + 1, base)
    }
    let common = counts.max { a, b in a.value.0 != b.value.0 ? a.value.0 < b.value.0 : a.key > b.key }?.value.1 ?? [:]
    if countOnly {
      let pairs = slotPairs.reduce(0, +)
      let lookups = bases.filter { !subtract($0, common).isEmpty }.count
      return (slope, pairs, MapCompilation.Cost(units: 2 * pairs + lookups, weights: 0))
    }
    // Beyond every value of L that can occur: thresholds that never fire.
    let bounds = numericBounds()
    var bound = Rational.zero
    for (v, w) in direction { bound += w.magnitude * (bounds[v] ?? .one) }
    let never = (slope * bound).ceiling
    // Counting: the step units by what fixes their inputs and bias (see above).
    struct TrialKey: Hashable {
      var descending: Bool
      var context: Int
      var offsets: [Rational]
      var gate: Rational
      var bias: Rational
    }
    var trial: [TrialKey: [String: Rational]] = [:]
    var pairs = 0
    for (index, key) in slotOrder.enumerated() {
      let thresholdLists = slotThresholds[index]
      let ys = valuesInContext[key.context]
      let count = slotPairs[index]
      let sign: Rational = key.descending ? -1 : 1
      let L = record ? direction.map { InputWeight(direction: layout.scalar($0.key), weight: sign * slope * $0.value) } : []
      let jump = key.descending ? slotJumps[index].mapValues { -$0 } : slotJumps[index]
      let negated = jump.mapValues { -$0 }
      // Each value's thresholds, in the order of `ys`; past its own, never.
      let lists = ys.map { thresholdLists[$0.number] ?? [] }
      let unused = sign * never
      for r in 0..<count {
        var thresholds: [Rational] = []
        thresholds.reserveCapacity(lists.count)
        for i in lists.indices { thresholds.append(r < lists[i].count ? lists[i][r] : unused) }
        // The most common threshold goes into the bias (ties: the smaller);
        // the pre-activation is sign·(s·L − T).
        var counts: [Rational: Int] = [:]
        for t in thresholds { counts[t, default: 0] += 1 }
        let common = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
        var bias = -sign * common
        var gate = Rational.zero
        if !determined {
          // Gate by the other categorical inputs: outside the context the unit stays at 0.
          let extreme = key.descending ? (thresholds + [common]).max()! : -(thresholds + [common]).min()!
          gate = Rational.maximum((slope * bound + extreme).ceiling, .one)
          bias -= gate * Rational(contextInputs.count)
        }
        if record {
          var inputs = L
          for (y, t) in zip(ys, thresholds) where t != common {
            inputs.append(InputWeight(direction: layout.direction(categorical[k], category: [y.atom])!, weight: sign * (common - t)))
          }
          if !determined {
            for (o, j) in contextInputs.enumerated() {
              inputs.append(InputWeight(direction: layout.direction(categorical[j], category: [contexts[key.context][o]])!, weight: gate))
            }
          }
          addUnit(inputs: inputs, bias: bias, outputs: jump)
          addUnit(inputs: inputs, bias: bias - .one, outputs: negated)
        } else {
          let offsets = thresholds.map { common - $0 }
          add(jump, to: &trial[TrialKey(descending: key.descending, context: key.context, offsets: offsets, gate: gate, bias: bias), default: [:]])
          add(negated, to: &trial[TrialKey(descending: key.descending, context: key.context, offsets: offsets, gate: gate, bias: bias - .one), default: [:]])
        }
        pairs += 1
      }
    }
    if record { add(common, to: &outputBias) }
    var counted = MapCompilation.Cost(units: 0, weights: 0)
    for (line, base) in zip(lines, bases) {
      let delta = subtract(base, common)
      if delta.isEmpty { continue }
      if !record {
        // One input per gate direction (weight 1), a bias 1 − (gate inputs) unless that is 0, and Δ's non-zero outputs.
        counted.units += 1
        counted.weights += 1 + contextInputs.count + (determined ? 0 : 1) + delta.count
      } else if determined {
        let d = layout.direction(categorical[k], category: [line.group[k]])!
        addUnit(inputs: [InputWeight(direction: d, weight: .one)], bias: .zero, outputs: delta)
      } else {
        let gate = ([k] + contextInputs).map { layout.direction(categorical[$0], category: [line.group[$0]])! }
        addUnit(inputs: gate.map { InputWeight(direction: $0, weight: .one) }, bias: Rational(1 - gate.count), outputs: delta)
      }
    }
    let directionWeights = direction.values.filter { !$0.isZero }.count
    for (key, outputs) in trial {
      let nonzero = outputs.filter { !$0.value.isZero }.count
      guard nonzero > 0 else { continue }
      counted.units += 1
      counted.weights += directionWeights + key.offsets.filter { !$0.isZero }.count + (determined ? 0 : contextInputs.count)
        + (key.bias.isZero ? 0 : 1) + nonzero
    }
    return (slope, pairs, counted)
  }

  /// Whether the value of categorical input `k` determines the group (no two tables share it).
  func determines(_ k: Int, _ tables: [GroupTable]) -> Bool {
    var seen = Set<StrictAtom>()
    return tables.allSatisfy { seen.insert(StrictAtom(atom: $0.group[k])).inserted }
  }

  /// A categorical input's name as `--layout` shows it.
  func categoricalName(_ value: StreamValue) -> String {
    switch value {
    case .token: return "tokens"
    case .index: return "indices"
    default: return valueName(value)
    }
  }

  /// Writes `tables` (one per combination of `categorical`) as one table
  /// per combination or as shared steps, whichever costs fewer hidden
  /// units (then fewer non-zero weights; tables on a tie), and records the
  /// choice when the steps apply.
  func emitCheapest(_ target: StreamValue, _ tables: [GroupTable], categorical: [StreamValue]) {
    guard !categorical.isEmpty, !tables.isEmpty, let (direction, scales) = sharedDirection(tables) else {
      emit(tables, categorical: categorical)
      return
    }
    let saved = (units, unitOrder, outputBias)
    func restore() { (units, unitOrder, outputBias) = saved }
    emit(tables, categorical: categorical)
    let tablesCost = cost(since: saved.1.count)
    // Kept to go back to when the tables win (emitting them again gives the same).
    let tablesBuilt = (units, unitOrder, outputBias)
    restore()
    // Every threshold input, each with every reference point; the first
    // cheapest is kept. An input whose value determines the group is never
    // worse than one that needs a context (as many pairs as the most steps
    // of one kind at one group, against the sum of that over contexts; no
    // gate weights), and two such inputs cost the same (their values are
    // in one-to-one correspondence): then only the first is tried.
    var candidates = Array(categorical.indices)
    if let k = candidates.first(where: { determines($0, tables) }) { candidates = [k] }
    // Variants are compared by their own units (not merged with each other
    // or with units already written); the one kept is then written and its exact cost
    // (with merges) compared with the tables'.
    let lines = stepLines(tables, scales: scales)
    let allSteps = stepsOf(lines)
    // The variants with the fewest units (2 per pair plus lookups) are
    // built to compare their weights.
    var variants: [(input: Int, reference: StepCompilation.Reference, units: Int)] = []
    for k in candidates {
      for reference in StepCompilation.Reference.allCases {
        let (_, _, c) = emitSteps(
          lines, allSteps: allSteps, categorical: categorical, thresholdInput: k, direction: direction, reference: reference, record: false,
          countOnly: true)
        variants.append((k, reference, c.units))
      }
    }
    if stepAudit != nil {
      // Every variant counted and built alone (no unit written before it).
      for variant in variants {
        let (_, _, counted) = emitSteps(
          lines, allSteps: allSteps, categorical: categorical, thresholdInput: variant.input, direction: direction,
          reference: variant.reference, record: false)
        (units, unitOrder, outputBias) = ([:], [], [:])
        _ = emitSteps(
          lines, allSteps: allSteps, categorical: categorical, thresholdInput: variant.input, direction: direction,
          reference: variant.reference, record: true)
        stepAudit!.append((counted, cost(since: 0)))
        restore()
      }
    }
    let fewest = variants.map(\.units).min()!
    let tied = variants.filter { $0.units == fewest }
    // With one variant at the fewest units it is kept without counting its
    // weights (that count only breaks ties).
    var best: (input: Int, reference: StepCompilation.Reference, cost: MapCompilation.Cost)?
    if tied.count == 1 {
      best = (tied[0].input, tied[0].reference, MapCompilation.Cost(units: 0, weights: 0))
    } else {
      for variant in tied {
        let (_, _, c) = emitSteps(
          lines, allSteps: allSteps, categorical: categorical, thresholdInput: variant.input, direction: direction,
          reference: variant.reference, record: false)
        if best == nil || c < best!.cost { best = (variant.input, variant.reference, c) }
      }
    }
    let kept = best!
    let (slope, pairs, _) = emitSteps(
      lines, allSteps: allSteps, categorical: categorical, thresholdInput: kept.input, direction: direction, reference: kept.reference,
      record: true)
    let chosen = (input: kept.input, reference: kept.reference, cost: cost(since: saved.1.count), slope: slope, pairs: pairs)
    let form: StepCompilation.Form = chosen.cost < tablesCost ? .steps : .tables
    if form == .tables { (units, unitOrder, outputBias) = tablesBuilt }
    let directionText = direction.sorted { ProgramPlan.precedes($0.key, $1.key) }
      .map { $0.value == .one ? valueName($0.key) : "\($0.value)·\(valueName($0.key))" }.joined(separator: " + ")
    if !stepOrder.contains(target) { stepOrder.append(target) }
    stepChoices[target] = StepCompilation(
      value: target, layer: layer, form: form, tables: tablesCost, steps: chosen.cost,
      thresholdInput: categoricalName(categorical[chosen.input]), direction: directionText, slope: chosen.slope,
      stepPairs: chosen.pairs, reference: chosen.reference)
  }
}
