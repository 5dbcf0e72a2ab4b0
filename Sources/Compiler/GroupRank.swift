import RASP

/// A selector width that ranks each position within its group:
/// `w = selector_width(select(a, a, ==) and … and P and F…)` where the
/// conjuncts `select(a, a, ==)` compare one s-op with itself (the group:
/// the positions sharing the values of those s-ops; none: every position is
/// one group), `P` is a prefix comparison of `indices` with `indices` (`<=`
/// or `<`, or a negated `>` or `>=`; several intersect to one), and each
/// `F` is a key filter (a comparison with a constant query side, which reads
/// the key only).
///
/// Along the positions of one group w never decreases: for q < k in one
/// group, w(k) counts every key w(q) counts (the group is an equivalence
/// class and a filter reads the key only). Without filters it strictly
/// increases: w(k) also counts k itself (under `<=`) or q (under `<`). So a
/// conjunction that holds only where the key and the query share a group
/// and w(key) ≤ w(query) (strictly increasing w) or w(key) < w(query) (any)
/// never selects a key after the query
/// (``provesKeyNotAfterQuery(_:_:maxLength:)``). `indices` is such a rank
/// too (strictly increasing, one group), so `select(indices + 1, indices, ==)`
/// is proved the same way.
struct GroupRank {
  /// The selector width node (or `indices`).
  let width: NodeID
  /// The s-ops whose equality makes the group.
  let group: Set<NodeID>
  /// Whether w strictly increases along a group (no key filter).
  let strict: Bool

  /// The rank fact of `width`, or nil when its selector is not of that
  /// shape; `indices` is a strict rank with an empty group.
  init?(_ graph: ProgramGraph, width: NodeID) {
    if case .indices = graph[width].kind {
      self.width = width
      self.group = []
      self.strict = true
      return
    }
    guard case .selectorWidth(let selector) = graph[width].kind else { return nil }
    var group = Set<NodeID>()
    var prefixes = 0
    var filters = 0
    for conjunct in SelectorFormula(graph, selector).conjuncts {
      guard case .compare(let id, let negated) = conjunct,
        case .select(let keys, let queries, let predicate) = graph[id].kind
      else { return nil }
      if case .indices = graph[keys].kind, case .indices = graph[queries].kind {
        switch (predicate, negated) {
        case (.less, false), (.lessOrEqual, false), (.greater, true), (.greaterOrEqual, true): prefixes += 1
        default: return nil
        }
      } else if keys == queries, predicate == .equal, !negated {
        group.insert(keys)
      } else if case .constant = graph[queries].kind {
        filters += 1
      } else {
        return nil
      }
    }
    guard prefixes > 0 else { return nil }
    self.width = width
    self.group = group
    self.strict = filters == 0
  }

  /// Whether the conjunction of `conjuncts` never selects a key after the
  /// query by a rank fact: one conjunct compares an expression of a group
  /// rank w at the key with one of w at the query (``expression(_:_:of:)``)
  /// and is false for every w(key) > w(query) in 0...maxLength (for every
  /// w(key) ≥ w(query) when w is not strictly increasing), and the conjuncts
  /// contain `select(a, a, ==)` for every s-op a of w's group. Then the key
  /// and the query share a group and w(key) ≤ w(query) (or <), so the key
  /// is not after the query.
  static func provesKeyNotAfterQuery(_ conjuncts: [SelectorFormula], _ graph: ProgramGraph, maxLength: Int) -> Bool {
    var equalities = Set<NodeID>()
    for conjunct in conjuncts {
      if case .compare(let id, negated: false) = conjunct,
        case .select(let keys, let queries, .equal) = graph[id].kind, keys == queries
      {
        equalities.insert(keys)
      }
    }
    for conjunct in conjuncts {
      guard case .compare(let id, let negated) = conjunct,
        case .select(let keys, let queries, let predicate) = graph[id].kind
      else { continue }
      for width in widths(under: keys, graph) {
        guard let rank = GroupRank(graph, width: width), rank.group.isSubset(of: equalities),
          let keySide = expression(keys, graph, of: width), let querySide = expression(queries, graph, of: width)
        else { continue }
        if rank.ordersKeys(keySide, predicate, negated: negated, querySide, maxLength: maxLength) { return true }
      }
    }
    return false
  }

  /// Whether `key(u) predicate query(v)` (negated if asked) is false for
  /// every u > v in 0...maxLength (a superset of a width's values and of
  /// the indices; u ≥ v when w is not strictly increasing); false when an
  /// expression fails or the comparison cannot be made on some pair.
  func ordersKeys(
    _ key: (Atom) -> Atom?, _ predicate: Comparison, negated: Bool, _ query: (Atom) -> Atom?, maxLength: Int
  ) -> Bool {
    var keyValues: [Atom] = []
    var queryValues: [Atom] = []
    for u in 0...maxLength {
      guard let k = key(.int(u)), let q = query(.int(u)) else { return false }
      keyValues.append(k)
      queryValues.append(q)
    }
    for u in 0...maxLength {
      for v in 0...u where v < u || !strict {
        guard let holds = try? Atom.compare(keyValues[u], predicate, queryValues[v]) else { return false }
        if holds != negated { return false }
      }
    }
    return true
  }

  /// The selector widths and `indices` that `node` is an expression of (see ``expression(_:_:of:)``).
  static func widths(under node: NodeID, _ graph: ProgramGraph) -> Set<NodeID> {
    switch graph[node].kind {
    case .selectorWidth, .indices: return [node]
    case .map(let x, _): return widths(under: x, graph)
    case .sequenceMap(let xs, _):
      return xs.reduce(into: Set<NodeID>()) { $0.formUnion(widths(under: $1, graph)) }
    default: return []
    }
  }

  /// `node` as a function of `width`'s value at the same position: `width`
  /// itself, or maps and sequence maps whose operands are such expressions
  /// or constants. Nil when it reads anything else. The function returns
  /// nil where a map fails.
  static func expression(_ node: NodeID, _ graph: ProgramGraph, of width: NodeID) -> ((Atom) -> Atom?)? {
    if node == width { return { $0 } }
    switch graph[node].kind {
    case .constant(let value):
      return { _ in value }
    case .map(let x, let function):
      guard let inner = expression(x, graph, of: width) else { return nil }
      return { value in inner(value).flatMap { try? function($0) } }
    case .sequenceMap(let xs, let function):
      var operands: [(Atom) -> Atom?] = []
      for x in xs {
        guard let operand = expression(x, graph, of: width) else { return nil }
        operands.append(operand)
      }
      return { value in
        var arguments: [Atom] = []
        for operand in operands {
          guard let argument = operand(value) else { return nil }
          arguments.append(argument)
        }
        return try? function(arguments)
      }
    default:
      return nil
    }
  }
}
