import ExactArithmetic
import RASP

/// Computes ``PositionValueSets`` by abstract interpretation of the program
/// graph over cells (length n, position i), sound for every input.
///
/// Transfer rules, per cell: tokens take every (converted) vocabulary value;
/// indices take `{i}`; maps apply their function to every value (or every
/// combination of operand values at the same cell); a select compares the
/// key cell's and query cell's sets (never / maybe / always); an aggregate
/// takes the values of the keys it may select, the default when it may
/// select nothing, and the exact means of every possible multiset of two or
/// more selected values; a selector width takes sure...sure+possible.
/// Results are interned so equal sets are computed once.
final class PositionValueInference {
  let graph: ProgramGraph
  let maximumLength: Int
  let vocabulary: [Atom]
  let exact: ValueSets?
  let maxValues: Int

  var sets: [Set<Atom>] = []
  var index: [Set<StrictAtom>: Int32] = [:]
  var cells: [NodeID: [Int32]] = [:]
  var selections: [NodeID: [UInt8]] = [:]
  var atMostOneCells: [NodeID: [Bool]] = [:]
  var mayAverage: [NodeID: Bool] = [:]
  /// S-ops too large to list at some cell, described instead (see ``NumericSummary``).
  var summaries: [NodeID: NumericSummary] = [:]
  /// k-fold sums of an interned numeric set: (set, k) → sums.
  var foldedSums: [Int64: Set<Rational>] = [:]
  /// S-ops with the same value at every position of an input.
  var invariant: [NodeID: Bool] = [:]
  /// S-ops whose values at different positions of one input always differ.
  var injective: [NodeID: Bool] = [:]
  /// Told how many nodes of the order are done, after each one.
  var progress: ((Int) -> Void)?

  init(graph: ProgramGraph, maximumLength: Int, vocabulary: [Atom], exact: ValueSets?, maxValues: Int) {
    self.graph = graph
    self.maximumLength = maximumLength
    self.vocabulary = vocabulary
    self.exact = exact
    self.maxValues = maxValues
  }

  var cellCount: Int { maximumLength * (maximumLength + 1) / 2 }

  func intern(_ set: Set<Atom>) -> Int32 {
    let key = Set(set.map(StrictAtom.init))
    if let i = index[key] { return i }
    let i = Int32(sets.count)
    sets.append(set)
    index[key] = i
    return i
  }

  /// Runs the inference over `order` (ascending ids, closed under operands).
  func run(_ order: [NodeID]) throws(CompileError) -> PositionValueSets {
    for (done, id) in order.enumerated() {
      let node = graph[id]
      defer {
        if !node.isSelector { classify(id) }
        progress?(done + 1)
      }
      switch node.kind {
      case .tokens:
        // The evaluator's own conversion, on a one-token input.
        var out = Set<Atom>()
        for token in vocabulary {
          if let v = try? graph.evaluate(sop: id, on: [token]).first { out.insert(v) }
        }
        try fill(id) { _, _ in out }
      case .indices:
        try fill(id) { _, i in [Atom.int(i)] }
      case .constant(let value):
        try fill(id) { _, _ in [value] }
      case .map(let operand, let function):
        if let summary = summaries[operand] {
          // A comparison with a constant: one point of each side stands for all.
          guard case .comparison(_, let constant)? = MapShape(node.kind),
            let points = MapShape.points(summary, around: constant, nearest: false)
          else { try requireListed(operand, by: id); break }
          var out = Set<Atom>()
          for p in points { if let r = try? function(Atom.number(p)) { out.insert(r) } }
          try fill(id) { _, _ in out }
          break
        }
        let source = cells[operand]!
        try fillByCell(id, key: { source[$0] }) { (c: Int) -> Set<Atom> in
          var out = Set<Atom>()
          for v in sets[Int(source[c])] {
            if let r = try? function(v) { out.insert(r) }
          }
          return out
        }
      case .sequenceMap(let operands, let function):
        if case .affine(let coefficients)? = MapShape(node.kind),
          try summariseAffine(id, operands: operands, coefficients: coefficients)
        {
          break
        }
        if case .relation(let comparison)? = MapShape(node.kind),
          try summariseRelation(id, operands: operands, comparison: comparison)
        {
          break
        }
        for operand in operands { try requireListed(operand, by: id) }
        let sources = operands.map { cells[$0]! }
        let limit = max(maxValues, 1) * 50
        var failures: [[Int32]: CompileError] = [:]
        try fillByCell(id, key: { c in sources.map { $0[c] } }) { (c: Int) -> Set<Atom> in
          let key = sources.map { $0[c] }
          let choices = key.map { Array(sets[Int($0)]) }
          let total = choices.reduce(1) { $0.multipliedReportingOverflow(by: $1.count).overflow ? Int.max : $0 * $1.count }
          if total > limit {
            failures[key] = CompileError(node, "its operands take \(total) combinations of values at one position, over the limit of \(limit) (raise --max-values)")
            return []
          }
          var out = Set<Atom>()
          Combinations.forEach(choices) { arguments in
            if let r = try? function(arguments) { out.insert(r) }
          }
          return out
        }
        // The error of the last cell over the limit.
        if !failures.isEmpty {
          for c in (0..<cellCount).reversed() {
            if let failure = failures[sources.map { $0[c] }] { throw failure }
          }
        }
      case .select(let keys, let queries, let predicate):
        if summaries[keys] != nil || summaries[queries] != nil, predicate == .equal {
          selectDescribed(id, keys: keys, queries: queries)
          break
        }
        try requireListed(keys, by: id)
        try requireListed(queries, by: id)
        select(id, keys: keys, queries: queries, predicate: predicate)
      case .selectAnd(let a, let b):
        combine(id, a, b) { x, y in min(x, y) }
        let ma = atMostOneCells[a]!, mb = atMostOneCells[b]!
        var one = countBasedAtMostOne(id)
        for c in one.indices { one[c] = one[c] || ma[c] || mb[c] }
        atMostOneCells[id] = one
      case .selectOr(let a, let b):
        combine(id, a, b) { x, y in max(x, y) }
        atMostOneCells[id] = countBasedAtMostOne(id)
      case .selectNot(let a):
        selections[id] = selections[a]!.map { 2 - $0 }
        atMostOneCells[id] = countBasedAtMostOne(id)
      case .aggregate(let selector, let values, let defaultValue):
        try aggregate(id, selector: selector, values: values, defaultValue: defaultValue)
      case .selectorWidth(let selector):
        let one = exact?.selectsAtMostOne[selector] == true
        var ranges: [Int: Int32] = [:]
        var column: [Int32] = []
        column.reserveCapacity(cellCount)
        let all = selections[selector]!
        let single = atMostOneCells[selector]!
        for n in 1...maximumLength {
          let start = PositionValueSets.selectionOffset(n)
          for q in 0..<n {
            var sure = 0
            var possible = 0
            for x in all[(start + q * n)..<(start + q * n + n)] {
              if x == 2 { sure += 1 } else if x == 1 { possible += 1 }
            }
            let atMostOne = one || single[n * (n - 1) / 2 + q]
            let top = atMostOne ? min(sure + possible, max(sure, 1)) : sure + possible
            if let hit = ranges[sure * 1_000_003 + top] {
              column.append(hit)
              continue
            }
            let interned = try internChecked(id, restrict(id, Set((sure...top).map { Atom.int($0) })))
            ranges[sure * 1_000_003 + top] = interned
            column.append(interned)
          }
        }
        cells[id] = column
      }
    }
    var values: [NodeID: Set<Atom>] = [:]
    var atMostOne: [NodeID: Bool] = [:]
    // The union may exceed --max-values: only a one-hot or a table over it
    // needs it listed, and those check (``PositionValueSets/requireListed``).
    // Past 50 × --max-values (the table bound) it is refused here.
    let unionLimit = maxValues.multipliedReportingOverflow(by: 50).overflow ? Int.max : maxValues * 50
    for id in order {
      if summaries[id] != nil { continue }
      if let column = cells[id] {
        var union = Set<Atom>()
        for s in Set(column) { union.formUnion(sets[Int(s)]) }
        if union.count > unionLimit {
          throw CompileError(
            graph[id], "takes \(union.count) values, over the limit of \(unionLimit) (50 × --max-values; raise --max-values)")
        }
        values[id] = union
      } else {
        atMostOne[id] = exact?.selectsAtMostOne[id] == true || atMostOneCells[id]!.allSatisfy { $0 }
      }
    }
    var result = PositionValueSets(
      maximumLength: maximumLength, sets: sets, cells: cells, selections: selections,
      atMostOneCells: atMostOneCells, values: values, atMostOne: atMostOne, mayAverage: mayAverage)
    result.summaries = summaries
    result.maxValues = maxValues
    return result
  }

  /// Describes `x + y` or `x - y` (``MapShape/affine``) of numbers instead
  /// of listing it when an operand is described or some cell would combine
  /// more than `maxValues` operand values: per cell, the sum of the
  /// operands' cell summaries (so a difference of two prefix means at
  /// position i keeps the common denominator i + 1), joined over the cells.
  /// False (list it) when neither holds or a value is not a number.
  func summariseAffine(_ id: NodeID, operands: [NodeID], coefficients: [Rational]) throws(CompileError) -> Bool {
    let described = operands.contains { summaries[$0] != nil }
    if !described {
      var large = false
      let columns = operands.map { cells[$0]! }
      for c in 0..<cellCount {
        var total = 1
        for column in columns { total = total.multipliedReportingOverflow(by: sets[Int(column[c])].count).overflow ? Int.max : total * sets[Int(column[c])].count }
        if total > maxValues { large = true; break }
      }
      if !large { return false }
    }
    var setSummaries: [Int32: NumericSummary] = [:]
    func summary(of set: Int32) -> NumericSummary? {
      if let hit = setSummaries[set] { return hit }
      var numbers: [Rational] = []
      for v in sets[Int(set)] {
        guard !v.isString, !v.isBool, let x = v.numericValue else { return nil }
        numbers.append(x)
      }
      guard let made = NumericSummary(numbers: numbers) else { return nil }
      setSummaries[set] = made
      return made
    }
    var byKey: [[Int32]: NumericSummary] = [:]
    var joined: NumericSummary?
    for c in 0..<cellCount {
      let key = operands.map { cells[$0]?[c] ?? -1 }
      if byKey[key] != nil { continue }
      var total: NumericSummary?
      for (k, operand) in operands.enumerated() {
        guard let part = summaries[operand] ?? summary(of: key[k]), let term = part.scaled(by: coefficients[k]) else {
          return false
        }
        if let sum = total {
          guard let next = sum.adding(term) else { return false }
          total = next
        } else {
          total = term
        }
      }
      byKey[key] = total!
      joined = joined.map { $0.union(total!) } ?? total!
    }
    guard let joined else { return false }
    if !described, try listGrid(id, operands: operands, sums: byKey) { return true }
    summaries[id] = joined
    return true
  }

  /// Lists a sum of listed operands as the grid of its cell summaries —
  /// every multiple of the common denominator between the ends, fewer than
  /// `maxValues` at one cell and at most 50 × `maxValues` in all (the bound
  /// tables and listed s-ops have; a one-hot of it is refused past
  /// `maxValues` where it is needed) — instead of describing it, so that a reader that
  /// needs the values listed (a select, a table) can still take it. The grid
  /// holds every value that occurs (a superset where the sums skip grid
  /// points; for integer sums such as a depth `opens - closes` it is exact)
  /// and costs O(grid) per distinct cell instead of the operands' product.
  /// False when a cell's sum has no common denominator or the grids have
  /// more than 50 × `maxValues` points in all (then the sum stays described).
  /// (A difference of two prefix fractions at N = 256 has at most 513
  /// values at one position but about 40,000 over all positions: listed,
  /// a map of it and another such difference can be built per position.)
  func listGrid(_ id: NodeID, operands: [NodeID], sums: [[Int32]: NumericSummary]) throws(CompileError) -> Bool {
    let tableLimit = maxValues.multipliedReportingOverflow(by: 50).overflow ? Int.max : maxValues * 50
    var grids: [[Int32]: Set<Atom>] = [:]
    var union = Set<Atom>()
    for (key, total) in sums {
      guard let unit = total.commonDenominator else { return false }
      let step = Rational(1, unit)
      guard let lo = (total.lower * Rational(unit)).ceiling.intValue,
        let hi = (total.upper * Rational(unit)).floor.intValue, lo <= hi, hi - lo < maxValues
      else { return false }
      let grid = Set((lo...hi).map { Atom.number(Rational($0) * step) })
      union.formUnion(grid)
      if union.count > tableLimit { return false }
      grids[key] = grid
    }
    let columns = operands.map { cells[$0]! }
    try fillByCell(id, key: { c in columns.map { $0[c] } }) { (c: Int) -> Set<Atom> in
      grids[columns.map { $0[c] }]!
    }
    return true
  }

  /// Fails when `operand` is described instead of listed: `consumer` (a map
  /// or a select) needs its values.
  func requireListed(_ operand: NodeID, by consumer: NodeID) throws(CompileError) {
    guard let summary = summaries[operand] else { return }
    throw CompileError(
      graph[operand],
      "takes more than \(maxValues) values at one position (\(summary)), but \(CompileError.describe(graph[consumer])) needs them listed (raise --max-values)")
  }

  // MARK: - S-ops

  /// Fills a node's cells from a function of (n, i), intersected with the exact set.
  func fill(_ id: NodeID, _ value: (Int, Int) -> Set<Atom>) throws(CompileError) {
    var column: [Int32] = []
    column.reserveCapacity(cellCount)
    var cache: [Set<StrictAtom>: Int32] = [:]
    for n in 1...maximumLength {
      for i in 0..<n {
        let s = value(n, i)
        let key = Set(s.map(StrictAtom.init))
        if let hit = cache[key] {
          column.append(hit)
          continue
        }
        let interned = try internChecked(id, restrict(id, s))
        cache[key] = interned
        column.append(interned)
      }
    }
    cells[id] = column
  }

  /// Fills a node's cells from a function of the cell index, computed and
  /// interned once per distinct `key` (cells with equal keys get equal sets).
  func fillByCell<Key: Hashable>(_ id: NodeID, key: (Int) -> Key, _ value: (Int) -> Set<Atom>) throws(CompileError) {
    var column: [Int32] = []
    column.reserveCapacity(cellCount)
    var interned: [Key: Int32] = [:]
    for c in 0..<cellCount {
      let k = key(c)
      if let hit = interned[k] {
        column.append(hit)
        continue
      }
      let index = try internChecked(id, restrict(id, value(c)))
      interned[k] = index
      column.append(index)
    }
    cells[id] = column
  }

  /// Fills an s-op from its selector's row at each cell.
  func fillMatrix(
    _ id: NodeID, _ selector: NodeID, _ value: (ArraySlice<UInt8>, Int, Int) -> Set<Atom>
  ) throws(CompileError) {
    var column: [Int32] = []
    column.reserveCapacity(cellCount)
    let all = selections[selector]!
    for n in 1...maximumLength {
      let start = PositionValueSets.selectionOffset(n)
      for q in 0..<n {
        let row = all[(start + q * n)..<(start + q * n + n)]
        column.append(try internChecked(id, restrict(id, value(row, n, q))))
      }
    }
    cells[id] = column
  }

  func restrict(_ id: NodeID, _ set: Set<Atom>) -> Set<Atom> {
    guard let allowed = exact?.values[id] else { return set }
    return set.filter { allowed.contains($0) }
  }

  func internChecked(_ id: NodeID, _ set: Set<Atom>) throws(CompileError) -> Int32 {
    if set.count > maxValues {
      throw CompileError(
        graph[id],
        "takes \(set.count) values at one position, over the limit of \(maxValues) (raise --max-values)")
    }
    return intern(set)
  }

  // MARK: - Selectors

  func select(_ id: NodeID, keys: NodeID, queries: NodeID, predicate: Comparison) {
    var matrix: [UInt8] = []
    matrix.reserveCapacity(PositionValueSets.selectionOffset(maximumLength + 1))
    var one = [Bool](repeating: false, count: cellCount)
    // The distinct key and query sets, numbered 0, 1, ... in order of first
    // appearance; each (key set, query set) pair is compared once.
    func local(_ column: [Int32]) -> (ids: [Int], sets: [Int32]) {
      var number: [Int32: Int] = [:]
      var distinct: [Int32] = []
      let ids = column.map { s -> Int in
        if let known = number[s] { return known }
        number[s] = distinct.count
        distinct.append(s)
        return distinct.count - 1
      }
      return (ids, distinct)
    }
    let (keyIDs, keySets) = local(cells[keys]!)
    let (queryIDs, querySets) = local(cells[queries]!)
    let pairs = keySets.count.multipliedReportingOverflow(by: querySets.count)
    let dense = !pairs.overflow && pairs.partialValue <= 1 << 24
    var table = [UInt8](repeating: 3, count: dense ? pairs.partialValue : 0)
    var cache: [Int: UInt8] = [:]
    // For a singleton key set: a number for its value (equal atoms, equal numbers); else -1.
    var atomNumbers: [Atom: Int] = [:]
    let singletons = keySets.map { s -> Int in
      let set = sets[Int(s)]
      guard set.count == 1 else { return -1 }
      if let known = atomNumbers[set.first!] { return known }
      atomNumbers[set.first!] = atomNumbers.count
      return atomNumbers.count - 1
    }
    // seenIn[a]: the last query row (numbered from 1) whose candidates had singleton value a.
    var seenIn = [Int](repeating: 0, count: atomNumbers.count)
    var row = 0
    for n in 1...maximumLength {
      let base = n * (n - 1) / 2
      for q in 0..<n {
        row += 1
        let ql = queryIDs[base + q]
        var candidates = 0
        var singletonsDistinct = true
        for k in 0..<n {
          let kl = keyIDs[base + k]
          let entry = kl * querySets.count + ql
          var value = dense ? table[entry] : (cache[entry] ?? 3)
          if value == 3 {
            value = PositionValueInference.compare(sets[Int(keySets[kl])], sets[Int(querySets[ql])], predicate)
            if dense { table[entry] = value } else { cache[entry] = value }
          }
          matrix.append(value)
          if value != 0 {
            candidates += 1
            let a = singletons[kl]
            if a < 0 || seenIn[a] == row {
              singletonsDistinct = false
            } else {
              seenIn[a] = row
            }
          }
        }
        one[base + q] = candidates <= 1 || (predicate == .equal && singletonsDistinct)
      }
    }
    selections[id] = matrix
    // Keys that differ at every position match a query value at most once.
    if predicate == .equal, injective[keys] == true {
      atMostOneCells[id] = [Bool](repeating: true, count: cellCount)
    } else {
      atMostOneCells[id] = one
    }
  }

  /// Records whether an s-op is the same at every position of an input
  /// (constants; maps of such; aggregates and widths whose selector's query
  /// side is such, so every query selects alike) and whether it differs at
  /// every two positions (`indices`; injective maps of it, given the
  /// position-invariant operands).
  func classify(_ id: NodeID) {
    let node = graph[id]
    switch node.kind {
    case .constant:
      invariant[id] = true
    case .tokens:
      invariant[id] = false
    case .indices:
      invariant[id] = false
      injective[id] = true
    case .map(let x, let f):
      invariant[id] = invariant[x] == true
      if injective[x] == true {
        var images = Set<StrictAtom>()
        var ok = true
        for v in cellValues(x) {
          guard let y = try? f(v), images.insert(StrictAtom(atom: y)).inserted else { ok = false; break }
        }
        injective[id] = ok
      }
    case .sequenceMap(let xs, let f):
      invariant[id] = xs.allSatisfy { invariant[$0] == true }
      let varying = xs.indices.filter { invariant[xs[$0]] != true }
      if varying.count == 1, injective[xs[varying[0]]] == true, xs.contains(where: { summaries[$0] != nil }) {
        // Described operands have no listed values to check: only x ± y
        // (a non-zero coefficient on the varying operand) is known injective.
        if case .affine(let coefficients)? = MapShape(node.kind), !coefficients[varying[0]].isZero {
          injective[id] = true
        }
      } else if varying.count == 1, injective[xs[varying[0]]] == true {
        let j = varying[0]
        let domain = Array(cellValues(xs[j]))
        let others = xs.indices.filter { $0 != j }.map { Array(cellValues(xs[$0])) }
        var work = domain.count
        for o in others { work *= max(o.count, 1) }
        guard work <= 200_000 else { break }
        var ok = true
        Combinations.forEach(others) { context in
          guard ok else { return }
          var images = Set<StrictAtom>()
          var arguments = [Atom](repeating: .int(0), count: xs.count)
          var c = 0
          for k in xs.indices where k != j {
            arguments[k] = context[c]
            c += 1
          }
          for v in domain {
            arguments[j] = v
            guard let y = try? f(arguments), images.insert(StrictAtom(atom: y)).inserted else {
              ok = false
              return
            }
          }
        }
        injective[id] = ok
      }
    case .aggregate(let selector, _, _), .selectorWidth(let selector):
      invariant[id] = queryInvariant(selector)
    default:
      break
    }
  }

  /// Whether every query s-op a selector reads is position-invariant.
  func queryInvariant(_ selector: NodeID) -> Bool {
    switch graph[selector].kind {
    case .select(_, let queries, _): return invariant[queries] == true
    case .selectAnd(let a, let b), .selectOr(let a, let b): return queryInvariant(a) && queryInvariant(b)
    case .selectNot(let a): return queryInvariant(a)
    default: return false
    }
  }

  /// The union of an s-op's cell sets.
  func cellValues(_ id: NodeID) -> Set<Atom> {
    var union = Set<Atom>()
    for s in Set(cells[id] ?? []) { union.formUnion(sets[Int(s)]) }
    return union
  }

  /// Never (0), maybe (1) or always (2) for every key value against every query value.
  static func compare(_ keys: Set<Atom>, _ queries: Set<Atom>, _ predicate: Comparison) -> UInt8 {
    var sawTrue = false
    var sawFalse = false
    for k in keys {
      for q in queries {
        // A comparison that fails makes the evaluator fail: such inputs are
        // outside the program's domain, so either answer is sound.
        if (try? Atom.compare(k, predicate, q)) == true { sawTrue = true } else { sawFalse = true }
        if sawTrue && sawFalse { return 1 }
      }
    }
    if sawTrue && !sawFalse { return 2 }
    return sawTrue ? 1 : 0
  }

  func combine(_ id: NodeID, _ a: NodeID, _ b: NodeID, _ f: (UInt8, UInt8) -> UInt8) {
    let x = selections[a]!
    let y = selections[b]!
    selections[id] = zip(x, y).map { f($0, $1) }
  }

  func countBasedAtMostOne(_ id: NodeID) -> [Bool] {
    let all = selections[id]!
    var one = [Bool](repeating: false, count: cellCount)
    for n in 1...maximumLength {
      let start = PositionValueSets.selectionOffset(n)
      for q in 0..<n {
        var count = 0
        for k in 0..<n where all[start + q * n + k] != 0 { count += 1 }
        one[n * (n - 1) / 2 + q] = count <= 1
      }
    }
    return one
  }

  // MARK: - Aggregates

  func aggregate(_ id: NodeID, selector: NodeID, values: NodeID, defaultValue: Atom)
    throws(CompileError)
  {
    let node = graph[id]
    let globalOne = exact?.selectsAtMostOne[selector] == true
    guard let valueCells = cells[values] else {
      try summarise(id, selector: selector, values: values, defaultValue: defaultValue, listedError: nil)
      return
    }
    let all = selections[selector]!
    var column: [Int32] = []
    column.reserveCapacity(cellCount)
    var averages = false
    var cache: [[Int32]: Int32] = [:]
    for n in 1...maximumLength {
      let start = PositionValueSets.selectionOffset(n)
      let base = n * (n - 1) / 2
      for q in 0..<n {
        var sure: [Int32] = []
        var possible: [Int32] = []
        for k in 0..<n {
          switch all[start + q * n + k] {
          case 2: sure.append(valueCells[base + k])
          case 1: possible.append(valueCells[base + k])
          default: break
          }
        }
        let one = globalOne || atMostOneCells[selector]![base + q]
        if !one && sure.count + possible.count >= 2 { averages = true }
        // The key: the sorted sure and possible sets, and whether one is selected at most.
        let key = [Int32(one ? 1 : 0), Int32(sure.count)] + sure.sorted() + [-1] + possible.sorted()
        if let hit = cache[key] {
          column.append(hit)
          continue
        }
        var out = Set<Atom>()
        if sure.isEmpty { out.insert(defaultValue) }
        var singles = Set<Atom>()
        for s in sure + possible { singles.formUnion(sets[Int(s)]) }
        if one || sure.count + possible.count <= 1 {
          out.formUnion(singles)
        } else {
          let strings = singles.contains(where: \.isString)
          if strings {
            if sure.count >= 2 {
              throw CompileError(
                node,
                "averages values that are not numbers: at input length \(n), position \(q) selects \(sure.count) keys whose values are strings")
            }
            // Several strings make the evaluator fail: outside the domain.
            out.formUnion(singles)
          } else {
            if sure.count <= 1 { out.formUnion(singles) }
            do {
              for mean in try means(sure: sure, possible: possible, node: node) { out.insert(.number(mean)) }
            } catch {
              // Too many means to list: describe them instead, if they are numbers.
              try summarise(id, selector: selector, values: values, defaultValue: defaultValue, listedError: error)
              return
            }
          }
        }
        let restricted = restrict(id, out)
        if restricted.count > maxValues, !restricted.contains(where: \.isString) {
          let error = CompileError(
            node, "takes \(restricted.count) values at one position, over the limit of \(maxValues) (raise --max-values)")
          try summarise(id, selector: selector, values: values, defaultValue: defaultValue, listedError: error)
          return
        }
        let interned = try internChecked(id, restricted)
        cache[key] = interned
        column.append(interned)
      }
    }
    cells[id] = column
    mayAverage[id] = averages
  }

  /// Describes an aggregate whose values are too many to list at some cell:
  /// a ``NumericSummary`` of the means of 1...w values of the values s-op
  /// (w the most keys any query may select; 1 where at most one is), with
  /// the default where a query may select nothing. Rethrows `listedError`
  /// (or a clear error) when the values are not numbers with a common
  /// denominator, or the default is not a number.
  func summarise(
    _ id: NodeID, selector: NodeID, values: NodeID, defaultValue: Atom, listedError: CompileError?
  ) throws(CompileError) {
    let node = graph[id]
    func refuse(_ why: String) -> CompileError {
      listedError ?? CompileError(node, "averages \(CompileError.describe(graph[values])), whose values are not listed, and \(why)")
    }
    var valueSummary: NumericSummary
    if let described = summaries[values] {
      valueSummary = described
    } else {
      var numbers = Set<Rational>()
      for s in Set(cells[values]!) {
        for v in sets[Int(s)] {
          guard !v.isString, let x = v.numericValue else { throw refuse("its values are not all numbers") }
          numbers.insert(x)
        }
      }
      guard let made = NumericSummary(numbers: numbers) else { throw refuse("they have no small common denominator") }
      valueSummary = made
    }
    let globalOne = exact?.selectsAtMostOne[selector] == true
    let all = selections[selector]!
    var widest = 1
    var mayBeEmpty = false
    var averages = false
    for n in 1...maximumLength {
      let start = PositionValueSets.selectionOffset(n)
      let base = n * (n - 1) / 2
      for q in 0..<n {
        var sure = 0
        var possible = 0
        for x in all[(start + q * n)..<(start + q * n + n)] {
          if x == 2 { sure += 1 } else if x == 1 { possible += 1 }
        }
        if sure == 0 { mayBeEmpty = true }
        let one = globalOne || atMostOneCells[selector]![base + q]
        if !one && sure + possible >= 2 {
          averages = true
          widest = max(widest, sure + possible)
        }
      }
    }
    guard var summary = valueSummary.means(counts: 1...widest) else {
      throw refuse("they have no small common denominator")
    }
    if mayBeEmpty {
      guard let d = defaultValue.numericValue, !defaultValue.isString,
        let single = NumericSummary(numbers: [d])
      else { throw refuse("its default \(defaultValue.reprText) is not a number") }
      summary = summary.union(single)
    }
    summaries[id] = summary
    cells[id] = nil
    mayAverage[id] = averages
  }

  /// The exact means of every selection of all `sure` keys and any of the
  /// `possible` ones, with at least two keys in all.
  ///
  /// Stops at `maxValues` (each partial sum set maps one-to-one into the
  /// means it is part of, so past it the cell is over the limit anyway).
  func means(sure: [Int32], possible: [Int32], node: Node) throws(CompileError) -> Set<Rational> {
    let limit = max(maxValues, 1)
    var sureSums: Set<Rational> = [.zero]
    for (s, count) in multiplicities(sure) {
      sureSums = try sumset(sureSums, folded(s, count, node: node, limit: limit), node: node, limit: limit)
    }
    // sums[j]: the sums of j possible keys.
    var sums: [Set<Rational>] = [[.zero]]
    for (s, count) in multiplicities(possible) {
      var next = [Set<Rational>](repeating: [], count: sums.count + count)
      for j in sums.indices where !sums[j].isEmpty {
        for t in 0...count {
          let part = try folded(s, t, node: node, limit: limit)
          next[j + t].formUnion(try sumset(sums[j], part, node: node, limit: limit))
          if next[j + t].count > limit { throw tooMany(node, limit) }
        }
      }
      sums = next
    }
    var out = Set<Rational>()
    for j in sums.indices {
      let m = sure.count + j
      guard m >= 2 else { continue }
      let all = try sumset(sureSums, sums[j], node: node, limit: limit)
      let divisor = Rational(m)
      for s in all { out.insert(s / divisor) }
      if out.count > limit { throw tooMany(node, limit) }
    }
    return out
  }

  func multiplicities(_ ids: [Int32]) -> [(Int32, Int)] {
    var counts: [Int32: Int] = [:]
    for s in ids { counts[s, default: 0] += 1 }
    return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// The sums of `count` values drawn (with repetition) from set `s`.
  func folded(_ s: Int32, _ count: Int, node: Node, limit: Int) throws(CompileError) -> Set<Rational> {
    if count == 0 { return [.zero] }
    let key = Int64(s) << 32 | Int64(count)
    if let hit = foldedSums[key] { return hit }
    let numbers = Set(sets[Int(s)].compactMap(\.numericValue))
    let previous = try folded(s, count - 1, node: node, limit: limit)
    let result = try sumset(previous, numbers, node: node, limit: limit)
    foldedSums[key] = result
    return result
  }

  func sumset(_ a: Set<Rational>, _ b: Set<Rational>, node: Node, limit: Int) throws(CompileError) -> Set<Rational> {
    var out = Set<Rational>()
    for x in a {
      for y in b {
        out.insert(x + y)
      }
      if out.count > limit { throw tooMany(node, limit) }
    }
    return out
  }

  func tooMany(_ node: Node, _ limit: Int) -> CompileError {
    CompileError(node, "its possible means exceed \(limit) values at one position (raise --max-values)")
  }
}
