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
  /// Per split selector: ``termWidthBound(_:)``.
  var termBoundCache: [NodeID: Int] = [:]
  /// Per split aggregate term, length and query: the index of its sum set
  /// among that term's distinct sets (in order of first appearance).
  var sumSignatures: [StreamValue: [[Int]]] = [:]

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
    var signatures: [[Int]] = [[]]
    // Per distinct (sure, possible) key: the set and its signature.
    var cache: [[Int]: (Set<Atom>, Int)] = [:]
    var distinct: [Set<StrictAtom>: Int] = [:]
    let valueCells = sets.cells[valuesID]!
    for n in 1...sets.maximumLength {
      let matrix = formula.selections(sets, length: n)
      let first = sets.cell(n, 0)
      var row: [Set<Atom>] = []
      var signatureRow: [Int] = []
      for q in 0..<n {
        var sure: [Int] = []
        var possible: [Int] = []
        for k in 0..<n {
          let s = Int(valueCells[first + k])
          switch matrix[q * n + k] {
          case 2: sure.append(s)
          case 1: possible.append(s)
          default: break
          }
        }
        let key = sure.sorted() + [-1] + possible.sorted()
        if let (hit, signature) = cache[key] {
          row.append(hit)
          signatureRow.append(signature)
          continue
        }
        // sums[j]: the sums of all sure keys and j possible ones. Keys with
        // the same set are taken together: t of c such keys add the t-fold
        // sums of that set (linear in c when the set is a singleton).
        let sorted = key.split(separator: -1, omittingEmptySubsequences: false)
        var base: Set<Rational> = [.zero]
        for (s, count) in CellDomain.runs(sorted[0]) {
          let part = CellDomain.foldedSums(sets.set(s).compactMap(\.numericValue), upTo: count)[count]
          base = Set(base.flatMap { x in part.map { x + $0 } })
        }
        var byCount: [Set<Rational>] = [base]
        for (s, count) in CellDomain.runs(sorted[1]) {
          let folds = CellDomain.foldedSums(sets.set(s).compactMap(\.numericValue), upTo: count)
          var next = byCount + [Set<Rational>](repeating: [], count: count)
          for j in byCount.indices {
            for t in 1...count {
              for x in byCount[j] { for v in folds[t] { next[j + t].insert(x + v) } }
            }
          }
          byCount = next
        }
        var out = Set<Atom>()
        for (j, sums) in byCount.enumerated() {
          let divisor = Rational(sure.count + j + 1)
          for s in sums { out.insert(.number(s / divisor)) }
        }
        let strict = Set(out.map(StrictAtom.init))
        let signature = distinct[strict] ?? distinct.count
        distinct[strict] = signature
        cache[key] = (out, signature)
        row.append(out)
        signatureRow.append(signature)
      }
      result.append(row)
      signatures.append(signatureRow)
    }
    sumSignatures[value] = signatures
    sumCache[value] = result
    return result
  }

  /// The runs of equal elements of a sorted list: (element, count).
  static func runs(_ sorted: ArraySlice<Int>) -> [(Int, Int)] {
    var result: [(Int, Int)] = []
    for s in sorted {
      if let last = result.last, last.0 == s {
        result[result.count - 1].1 += 1
      } else {
        result.append((s, 1))
      }
    }
    return result
  }

  /// The sums of t numbers drawn with repetition from `numbers`, for t = 0...count.
  static func foldedSums(_ numbers: [Rational], upTo count: Int) -> [Set<Rational>] {
    var result: [Set<Rational>] = [[.zero]]
    for _ in 0..<count {
      var next = Set<Rational>()
      for x in result[result.count - 1] { for v in numbers { next.insert(x + v) } }
      result.append(next)
    }
    return result
  }

  /// A number identifying the set of a reference at a cell (equal numbers: equal sets).
  func signature(_ reference: Reference, _ n: Int, _ i: Int) -> Int {
    switch reference {
    case .value(.token): return -1
    case .value(.index): return i
    case .value(.node(let id, _)), .node(let id): return sets.setIndex(of: id, cell: sets.cell(n, i))
    case .value(.sum(let id, let t)):
      _ = sums(.sum(id, term: t))
      return -2 - sumSignatures[.sum(id, term: t)]![n][i]
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

  /// One call of ``tuples(_:limit:)``.
  struct TupleQuery: Hashable {
    var references: [Reference]
    var limit: Int
  }

  /// The answers of ``tuples(_:limit:)`` so far (the same query recurs for
  /// every target of a layer that reads the same maps).
  var tupleCache: [TupleQuery: Set<[Atom]>?] = [:]

  /// Every combination of the references' values that some cell allows,
  /// or nil when there are more than `limit` (computed once per query).
  func tuples(_ references: [Reference], limit: Int) -> Set<[Atom]>? {
    let query = TupleQuery(references: references, limit: limit)
    if let hit = tupleCache[query] { return hit }
    let result = computeTuples(references, limit: limit)
    tupleCache[query] = .some(result)
    return result
  }

  /// ``tuples(_:limit:)`` without the cache.
  ///
  /// - Complexity: the sum over distinct cells of the product of their set
  ///   sizes, with each combination packed into one integer.
  func computeTuples(_ references: [Reference], limit: Int) -> Set<[Atom]>? {
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
    // More than `limit` combinations at one cell, counted reference by
    // reference (a cell with an empty set still counts until it meets it).
    for signature in signatures {
      var count = 1
      for k in references.indices {
        let (next, overflow) = count.multipliedReportingOverflow(by: indexSets[k][signature[k]]!.count)
        if overflow || next > limit { return nil }
        count = next
      }
    }
    guard !references.isEmpty else { return [[]] }
    // The union of the cells' products, with the cells that agree on every
    // reference but one taken together: (their common sets) × (the union of
    // their sets of that one). The reference left out is the one that leaves
    // the fewest groups (then the last).
    var collapsed = 0
    var groups: [[Int]: Set<Int>] = [:]
    for c in references.indices {
      var candidate: [[Int]: Set<Int>] = [:]
      for signature in signatures {
        var others = signature
        others[c] = 0
        candidate[others, default: []].insert(signature[c])
      }
      if c == 0 || candidate.count <= groups.count {
        collapsed = c
        groups = candidate
      }
    }
    var codes = Set<Int>()
    for (others, collapsedSignatures) in groups {
      var union = Set<Int>()
      for signature in collapsedSignatures { union.formUnion(indexSets[collapsed][signature]!) }
      let factors = references.indices.map { k in k == collapsed ? Array(union) : indexSets[k][others[k]]! }
      if factors.contains(where: \.isEmpty) { continue }
      var partial = [0]
      for (k, choices) in factors.enumerated() {
        var next: [Int] = []
        next.reserveCapacity(partial.count * choices.count)
        for p in partial { for c in choices { next.append(p + c * radix[k]) } }
        partial = next
        // Every combination built is in the union: more than `limit` here is more than `limit` there.
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
    return withoutOverfullTerms(result, references)
  }

  /// The combinations without those where the terms of one split selector
  /// select more keys together than their union can at any length and
  /// query (the terms are disjoint, so their widths add up to the union's):
  /// a joint table of two terms' shares then covers the pairs w₁ + w₂ ≤ n − 1
  /// of a rank instead of every pair.
  func withoutOverfullTerms(_ tuples: Set<[Atom]>, _ references: [Reference]) -> Set<[Atom]> {
    var byNode: [NodeID: [Int]] = [:]
    for (k, reference) in references.enumerated() {
      if case .value(.share(let id, _)) = reference { byNode[id, default: []].append(k) }
    }
    var result = tuples
    for (id, columns) in byNode where columns.count > 1 {
      guard let bound = termWidthBound(id) else { continue }
      result = result.filter { tuple in
        var total = Rational.zero
        for k in columns {
          guard let share = tuple[k].numericValue, !share.isZero else { return true }
          total += Rational.one / share - .one
        }
        return total <= Rational(bound)
      }
    }
    return result
  }

  /// The most keys the non-constant terms of a split selector select
  /// together: the most its union may select at any length and query, less
  /// the constant terms' widths (nil: not split).
  func termWidthBound(_ id: NodeID) -> Int? {
    if let hit = termBoundCache[id] { return hit }
    guard let terms = plan.terms[id], terms.count > 1 else { return nil }
    let union = SelectorFormula.or(terms.map(\.formula))
    var most = 0
    for n in 1...sets.maximumLength {
      for range in union.widths(sets, length: n) { most = max(most, range.upperBound) }
    }
    let bound = most - terms.compactMap(\.constant?.width).reduce(0, +)
    termBoundCache[id] = bound
    return bound
  }
}
