import ExactArithmetic
import RASP

/// The values that stream quantities (and s-ops) take together at each cell
/// (length n, position i): the domain an MLP's table must cover.
///
/// The joint domain is the union over cells of the product of each
/// quantity's cell set, a sound superset of the combinations that occur.
final class CellDomain {
  /// A quantity whose cell sets are known.
  enum Reference: Hashable {
    /// A value in the stream.
    case value(StreamValue)
    /// An s-op (not necessarily written).
    case node(NodeID)
  }

  let sets: PositionValueSets
  let plan: ProgramPlan
  let vocabulary: [Atom]
  var widthCache: [StreamValue: [[ClosedRange<Int>]]] = [:]
  var sumCache: [StreamValue: [[Set<Atom>]]] = [:]
  var sumIndex: [StreamValue: [Set<StrictAtom>: Int]] = [:]

  init(sets: PositionValueSets, plan: ProgramPlan, vocabulary: [Atom]) {
    self.sets = sets
    self.plan = plan
    self.vocabulary = vocabulary
  }

  /// The widths a selector-width term can have, per length and query.
  func widths(_ share: StreamValue) -> [[ClosedRange<Int>]] {
    if let hit = widthCache[share] { return hit }
    guard case .share(let id, let term) = share, let formula = plan.terms[id]?[term].formula
    else { preconditionFailure("not a share") }
    var result: [[ClosedRange<Int>]] = [[]]
    for n in 1...sets.maximumLength { result.append(formula.widths(sets, length: n)) }
    widthCache[share] = result
    return result
  }

  /// The values Σv/(w+1) a split aggregate's term can write, per length and query.
  func sums(_ value: StreamValue) -> [[Set<Atom>]] {
    if let hit = sumCache[value] { return hit }
    guard case .sum(let id, let term) = value, let formula = plan.terms[id]?[term].formula,
      case .aggregate(_, let valuesID, _) = plan.graphKind(id)
    else { preconditionFailure("not a sum") }
    var result: [[Set<Atom>]] = [[]]
    var cache: [[Int]: Set<Atom>] = [:]
    for n in 1...sets.maximumLength {
      let matrix = formula.selections(sets, length: n)
      var row: [Set<Atom>] = []
      for q in 0..<n {
        var sure: [Int] = []
        var possible: [Int] = []
        for k in 0..<n {
          let s = sets.setIndex(of: valuesID, cell: sets.cell(n, k))
          switch matrix[q * n + k] {
          case 2: sure.append(s)
          case 1: possible.append(s)
          default: break
          }
        }
        let key = sure.sorted() + [-1] + possible.sorted()
        if let hit = cache[key] {
          row.append(hit)
          continue
        }
        // sums[j]: the sums of all sure keys and j possible ones.
        var base: Set<Rational> = [.zero]
        for s in sure {
          let numbers = sets.set(s).compactMap(\.numericValue)
          base = Set(base.flatMap { x in numbers.map { x + $0 } })
        }
        var byCount: [Set<Rational>] = [base]
        for s in possible {
          let numbers = sets.set(s).compactMap(\.numericValue)
          var next = byCount + [[]]
          for j in byCount.indices {
            for x in byCount[j] { for v in numbers { next[j + 1].insert(x + v) } }
          }
          byCount = next
        }
        var out = Set<Atom>()
        for (j, sums) in byCount.enumerated() {
          let divisor = Rational(sure.count + j + 1)
          for s in sums { out.insert(.number(s / divisor)) }
        }
        cache[key] = out
        row.append(out)
      }
      result.append(row)
    }
    sumCache[value] = result
    return result
  }

  /// A number identifying the set of a reference at a cell (equal numbers: equal sets).
  func signature(_ reference: Reference, _ n: Int, _ i: Int) -> Int {
    switch reference {
    case .value(.token): return -1
    case .value(.index): return i
    case .value(.node(let id, _)), .node(let id): return sets.setIndex(of: id, cell: sets.cell(n, i))
    case .value(.sum(let id, let t)):
      let key = Set(sums(.sum(id, term: t))[n][i].map(StrictAtom.init))
      if let known = sumIndex[.sum(id, term: t)]?[key] { return -2 - known }
      let next = sumIndex[.sum(id, term: t)]?.count ?? 0
      sumIndex[.sum(id, term: t), default: [:]][key] = next
      return -2 - next
    case .value(let share):
      let r = widths(share)[n][i]
      return -2 - (r.lowerBound * 100_003 + r.upperBound)
    }
  }

  /// The values of a reference at a cell.
  func values(_ reference: Reference, _ n: Int, _ i: Int) -> [Atom] {
    switch reference {
    case .value(.token): return vocabulary
    case .value(.index): return [.int(i)]
    case .value(.node(let id, _)), .node(let id): return Array(sets.values(of: id, length: n, position: i))
    case .value(.sum(let id, let t)):
      return Array(sums(.sum(id, term: t))[n][i])
    case .value(let share):
      return widths(share)[n][i].map { Atom.number(Rational(1, $0 + 1)) }
    }
  }

  /// Every combination of the references' values that some cell allows,
  /// or nil when there are more than `limit`.
  ///
  /// - Complexity: the sum over distinct cells of the product of their set
  ///   sizes, with each combination packed into one integer.
  func tuples(_ references: [Reference], limit: Int) -> Set<[Atom]>? {
    // Values described instead of listed cannot be tabulated.
    for reference in references {
      switch reference {
      case .node(let id), .value(.node(let id, _)):
        if !sets.isListed(id) { return nil }
      case .value(.sum(let id, _)):
        if case .aggregate(_, let valuesID, _) = plan.graphKind(id), !sets.isListed(valuesID) { return nil }
      default: break
      }
    }
    // Distinct cells, and each reference's values as indices into one list.
    var signatures: [[Int]] = []
    var seen = Set<[Int]>()
    var lists = [[Atom]](repeating: [], count: references.count)
    var positions = [[StrictAtom: Int]](repeating: [:], count: references.count)
    var indexSets = [[Int: [Int]]](repeating: [:], count: references.count)
    for n in 1...sets.maximumLength {
      for i in 0..<n {
        let signature = references.map { self.signature($0, n, i) }
        guard seen.insert(signature).inserted else { continue }
        signatures.append(signature)
        for (k, r) in references.enumerated() where indexSets[k][signature[k]] == nil {
          var indices: [Int] = []
          for v in values(r, n, i) {
            let key = StrictAtom(atom: v)
            if let j = positions[k][key] {
              indices.append(j)
            } else {
              positions[k][key] = lists[k].count
              indices.append(lists[k].count)
              lists[k].append(v)
            }
          }
          indexSets[k][signature[k]] = indices
        }
      }
    }
    var radix: [Int] = []
    var total = 1
    for list in lists {
      radix.append(total)
      let (next, overflow) = total.multipliedReportingOverflow(by: max(list.count, 1))
      if overflow { return nil }
      total = next
    }
    var codes = Set<Int>()
    for signature in signatures {
      var partial = [0]
      for k in references.indices {
        let choices = indexSets[k][signature[k]]!
        var next: [Int] = []
        next.reserveCapacity(partial.count * choices.count)
        for p in partial { for c in choices { next.append(p + c * radix[k]) } }
        partial = next
        if partial.count > limit { return nil }
      }
      codes.formUnion(partial)
      if codes.count > limit { return nil }
    }
    var result = Set<[Atom]>()
    result.reserveCapacity(codes.count)
    for code in codes {
      var tuple: [Atom] = []
      var rest = code
      for k in references.indices {
        let size = max(lists[k].count, 1)
        tuple.append(lists[k][rest % size])
        rest /= size
      }
      result.insert(tuple)
    }
    return result
  }
}
