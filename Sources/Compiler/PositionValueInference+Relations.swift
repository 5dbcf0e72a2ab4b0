import ExactArithmetic
import RASP

extension PositionValueInference {
  /// Lists `x OP y` (``MapShape/relation(_:)``) of two numbers when an
  /// operand is described instead of listed: x OP y is d OP 0 for the
  /// difference d = x − y, which at each cell lies in the difference of the
  /// operands' cell summaries, so one point of each side of 0 that the
  /// summary admits stands for every value (``MapShape/points(_:around:nearest:)``).
  /// False (list by combinations) when no operand is described; fails when
  /// a value is not a number or a denominator is too large.
  func summariseRelation(_ id: NodeID, operands: [NodeID], comparison: Comparison) throws(CompileError) -> Bool {
    guard operands.count == 2, operands.contains(where: { summaries[$0] != nil }) else { return false }
    let node = graph[id]
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
    var failure: CompileError?
    try fillByCell(id, key: { c in operands.map { self.cells[$0]?[c] ?? -1 } }) { (c: Int) -> Set<Atom> in
      let key = operands.map { self.cells[$0]?[c] ?? -1 }
      guard let x = summaries[operands[0]] ?? summary(of: key[0]),
        let y = summaries[operands[1]] ?? summary(of: key[1]),
        let negated = y.scaled(by: -Rational.one), let difference = x.adding(negated),
        let points = MapShape.points(difference, around: .zero, nearest: false)
      else {
        failure = failure ?? CompileError(
          node, "compares numbers that are not listed, but their difference has no small denominator bound (raise --max-values)")
        return []
      }
      return Set(points.map { Atom.bool(MapShape.holds(comparison, difference: $0)) })
    }
    if let failure { throw failure }
    return true
  }
}

extension PositionValueInference {
  /// The selection of `select(keys, queries, ==)` when one side is
  /// described instead of listed: a key may match a query (1) when some
  /// listed value on one side is admitted by the other side's summary
  /// (both described: always may), else never (0); never always (2).
  /// At most one key matches where the keys differ at every position of
  /// an input (``injective``), else where at most one may.
  func selectDescribed(_ id: NodeID, keys: NodeID, queries: NodeID) {
    var matrix: [UInt8] = []
    matrix.reserveCapacity(PositionValueSets.selectionOffset(maximumLength + 1))
    var memo: [Int64: UInt8] = [:]
    // Whether the listed set `s` meets `summary`.
    func meets(_ s: Int32?, _ summary: NumericSummary?) -> UInt8 {
      guard let s, let summary else { return 1 }
      return sets[Int(s)].contains { !$0.isBool && !$0.isString && $0.numericValue.map(summary.admits) == true } ? 1 : 0
    }
    for n in 1...maximumLength {
      let base = n * (n - 1) / 2
      for q in 0..<n {
        let querySet = cells[queries]?[base + q]
        for k in 0..<n {
          let keySet = cells[keys]?[base + k]
          let code = Int64(querySet ?? -1) << 32 | Int64(UInt32(bitPattern: keySet ?? -1))
          if let hit = memo[code] {
            matrix.append(hit)
            continue
          }
          let value = querySet == nil ? meets(keySet, summaries[queries]) : meets(querySet, summaries[keys])
          memo[code] = value
          matrix.append(value)
        }
      }
    }
    selections[id] = matrix
    if injective[keys] == true {
      atMostOneCells[id] = [Bool](repeating: true, count: cellCount)
    } else {
      atMostOneCells[id] = countBasedAtMostOne(id)
    }
  }
}
