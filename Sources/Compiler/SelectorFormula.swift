import RASP

/// A selector as a boolean formula over its comparisons, with negations
/// pushed down to the comparisons (so `not (a and b)` is `not a or not b`).
///
/// A comparison `select(keys, queries, op)` reads one key s-op at the key
/// position and one query s-op at the query position; a formula reads the
/// union of them, which is what an attention head must see at the key and
/// query positions to compute it.
indirect enum SelectorFormula: Hashable, Sendable {
  /// `select(keys, queries, op)`, or its negation.
  case compare(NodeID, negated: Bool)
  case and([SelectorFormula])
  case or([SelectorFormula])

  /// The formula of a selector node.
  init(_ graph: ProgramGraph, _ id: NodeID, negated: Bool = false) {
    switch graph[id].kind {
    case .select:
      self = .compare(id, negated: negated)
    case .selectAnd(let a, let b):
      let parts = [SelectorFormula(graph, a, negated: negated), SelectorFormula(graph, b, negated: negated)]
      self = negated ? .or(parts) : .and(parts)
    case .selectOr(let a, let b):
      let parts = [SelectorFormula(graph, a, negated: negated), SelectorFormula(graph, b, negated: negated)]
      self = negated ? .and(parts) : .or(parts)
    case .selectNot(let a):
      self = SelectorFormula(graph, a, negated: !negated)
    default:
      preconditionFailure("node \(id) is not a selector")
    }
    self = flattened
  }

  /// Whether the formula provably never selects a key after the query, on
  /// inputs of length at most `maxLength`: a comparison of `indices` with
  /// `indices` that holds only for key ≤ query (`<`, `<=`, `==`, or a
  /// negated `>`, `>=`), or of expressions of `indices` false whenever the
  /// key is after the query (`select(indices + 1, indices, ==)`); a
  /// conjunction with such a part, or whose parts force the key and the
  /// query into one group with the key's rank in it at most the query's
  /// (``GroupRank``); or a disjunction of such parts. A
  /// head computing it may take a causal mask without changing any output.
  func isCausal(_ graph: ProgramGraph, maxLength: Int) -> Bool {
    switch self {
    case .compare(let id, let negated):
      guard case .select(let keys, let queries, let predicate) = graph[id].kind else { return false }
      if case .indices = graph[keys].kind, case .indices = graph[queries].kind {
        switch predicate {
        case .less, .lessOrEqual, .equal: return !negated
        case .greater, .greaterOrEqual: return negated
        case .notEqual: return false
        }
      }
      return GroupRank.provesKeyNotAfterQuery([self], graph, maxLength: maxLength)
    case .and(let parts):
      return parts.contains { $0.isCausal(graph, maxLength: maxLength) }
        || GroupRank.provesKeyNotAfterQuery(parts, graph, maxLength: maxLength)
    case .or(let parts): return parts.allSatisfy { $0.isCausal(graph, maxLength: maxLength) }
    }
  }

  /// The negation, with negations pushed down to the comparisons.
  var negated: SelectorFormula {
    switch self {
    case .compare(let id, let negated): return .compare(id, negated: !negated)
    case .and(let parts): return SelectorFormula.or(parts.map(\.negated)).flattened
    case .or(let parts): return SelectorFormula.and(parts.map(\.negated)).flattened
    }
  }

  /// Nested ands and ors merged into their parents.
  var flattened: SelectorFormula {
    switch self {
    case .compare: return self
    case .and(let parts):
      return .and(parts.flatMap { part -> [SelectorFormula] in
        if case .and(let inner) = part.flattened { return inner }
        return [part.flattened]
      })
    case .or(let parts):
      return .or(parts.flatMap { part -> [SelectorFormula] in
        if case .or(let inner) = part.flattened { return inner }
        return [part.flattened]
      })
    }
  }

  /// The formula without parts the per-position value sets prove redundant:
  /// a disjunct that can only hold where the others surely hold, a conjunct
  /// that surely holds wherever the others can. The selection is the same
  /// on every input (the sets bound every input's values).
  func simplified(_ sets: PositionValueSets) -> SelectorFormula {
    switch self {
    case .compare:
      return self
    case .and(let parts), .or(let parts):
      let isAnd: Bool
      if case .and = self { isAnd = true } else { isAnd = false }
      var kept = parts.map { $0.simplified(sets) }
      var changed = true
      while changed && kept.count > 1 {
        changed = false
        for j in kept.indices.reversed() {
          let others = kept.enumerated().filter { $0.offset != j }.map(\.element)
          let rest = others.count == 1 ? others[0] : (isAnd ? SelectorFormula.and(others) : .or(others))
          var redundant = true
          for n in 1...sets.maximumLength where redundant {
            let part = kept[j].selections(sets, length: n)
            let other = rest.selections(sets, length: n)
            for e in part.indices {
              // and: the part is sure wherever the rest may select;
              // or: the rest is sure wherever the part may select.
              if isAnd ? (other[e] != 0 && part[e] != 2) : (part[e] != 0 && other[e] != 2) {
                redundant = false
                break
              }
            }
          }
          if redundant {
            kept.remove(at: j)
            changed = true
            break
          }
        }
      }
      if kept.count == 1 { return kept[0] }
      return isAnd ? SelectorFormula.and(kept) : .or(kept)
    }
  }

  /// The top-level conjuncts (the formula itself when it is not an and).
  var conjuncts: [SelectorFormula] {
    if case .and(let parts) = self { return parts }
    return [self]
  }

  /// The top-level disjuncts (the formula itself when it is not an or).
  var disjuncts: [SelectorFormula] {
    if case .or(let parts) = self { return parts }
    return [self]
  }

  /// The comparisons it contains.
  var comparisons: [NodeID] {
    switch self {
    case .compare(let id, _): return [id]
    case .and(let parts), .or(let parts): return parts.flatMap(\.comparisons)
    }
  }

  /// The key s-ops read (sorted, constants included).
  func keyNodes(_ graph: ProgramGraph) -> [NodeID] {
    Set(comparisons.map { id -> NodeID in
      guard case .select(let keys, _, _) = graph[id].kind else { preconditionFailure() }
      return keys
    }).sorted()
  }

  /// The query s-ops read (sorted, constants included).
  func queryNodes(_ graph: ProgramGraph) -> [NodeID] {
    Set(comparisons.map { id -> NodeID in
      guard case .select(_, let queries, _) = graph[id].kind else { preconditionFailure() }
      return queries
    }).sorted()
  }

  /// Whether the formula selects, given the values of its key and query s-ops.
  ///
  /// A comparison the evaluator could not make (a string against a number)
  /// counts as false; inputs where it happens make the program fail, so they
  /// are outside its domain.
  func holds(_ graph: ProgramGraph, key: (NodeID) -> Atom, query: (NodeID) -> Atom) -> Bool {
    switch self {
    case .compare(let id, let negated):
      guard case .select(let keys, let queries, let predicate) = graph[id].kind else { preconditionFailure() }
      let result = (try? Atom.compare(key(keys), predicate, query(queries))) ?? false
      return negated ? !result : result
    case .and(let parts):
      return parts.allSatisfy { $0.holds(graph, key: key, query: query) }
    case .or(let parts):
      return parts.contains { $0.holds(graph, key: key, query: query) }
    }
  }

  /// The never (0) / maybe (1) / always (2) matrix at length n, from the
  /// comparisons' matrices in `sets`.
  func selections(_ sets: PositionValueSets, length n: Int) -> [UInt8] {
    switch self {
    case .compare(let id, let negated):
      let m = Array(sets.matrix(id, length: n))
      return negated ? m.map { 2 - $0 } : m
    case .and(let parts):
      var result = parts[0].selections(sets, length: n)
      for part in parts.dropFirst() {
        let other = part.selections(sets, length: n)
        for i in result.indices { result[i] = min(result[i], other[i]) }
      }
      return result
    case .or(let parts):
      var result = parts[0].selections(sets, length: n)
      for part in parts.dropFirst() {
        let other = part.selections(sets, length: n)
        for i in result.indices { result[i] = max(result[i], other[i]) }
      }
      return result
    }
  }

  /// Whether at most one key can be selected, at each query of length n,
  /// given the formula's matrix at that length.
  ///
  /// - Complexity: O(n²) per comparison the formula contains (each part's
  ///   matrix is computed once per length, not once per query).
  func selectsAtMostOne(_ sets: PositionValueSets, length n: Int, matrix: [UInt8]) -> [Bool] {
    var result = (0..<n).map { q in
      var count = 0
      for k in 0..<n where matrix[q * n + k] != 0 { count += 1 }
      return count <= 1
    }
    switch self {
    case .compare(let id, let negated):
      guard !negated else { break }
      for q in 0..<n where !result[q] { result[q] = sets.selectsAtMostOne(id, length: n, query: q) }
    case .and(let parts):
      guard result.contains(false) else { break }
      for part in parts {
        let rows = part.selectsAtMostOne(sets, length: n, matrix: part.selections(sets, length: n))
        for q in 0..<n where rows[q] { result[q] = true }
      }
    case .or:
      break
    }
    return result
  }

  /// The widths the formula can have at each query of length n.
  func widths(_ sets: PositionValueSets, length n: Int) -> [ClosedRange<Int>] {
    let matrix = selections(sets, length: n)
    let atMostOne = selectsAtMostOne(sets, length: n, matrix: matrix)
    return (0..<n).map { q in
      var sure = 0
      var possible = 0
      for k in 0..<n {
        switch matrix[q * n + k] {
        case 2: sure += 1
        case 1: possible += 1
        default: break
        }
      }
      if atMostOne[q] {
        return sure...min(sure + possible, max(sure, 1))
      }
      return sure...(sure + possible)
    }
  }
}
