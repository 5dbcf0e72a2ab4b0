import RASP

/// A proof that a conjunction of comparisons never holds, from the
/// comparisons alone: two of its conjuncts compare the same key s-op with
/// the same query s-op, and no order of a key value and a query value
/// satisfies both (`<` and `==`, `<` and `>=`, `==` and `!=`, …).
///
/// It needs no value listing, so it proves the disjointness of an `or`'s
/// branches (`select(k, k, <) or (select(k, k, ==) and …)`) at any length,
/// where enumerating the value combinations would be too large.
enum OrderedComparisons {
  /// How a key value stands to a query value.
  enum Order: CaseIterable {
    case less, equal, greater
  }

  /// The orders under which a comparison holds (negated: the others).
  static func orders(_ predicate: Comparison, negated: Bool) -> Set<Order> {
    let holds: Set<Order>
    switch predicate {
    case .less: holds = [.less]
    case .lessOrEqual: holds = [.less, .equal]
    case .equal: holds = [.equal]
    case .greaterOrEqual: holds = [.equal, .greater]
    case .greater: holds = [.greater]
    case .notEqual: holds = [.less, .greater]
    }
    return negated ? Set(Order.allCases).subtracting(holds) : holds
  }

  /// Whether the conjuncts can never hold together: for one (key s-op,
  /// query s-op) pair whose values always compare as exactly one of less,
  /// equal, greater (`sameKind`: all numbers, or all strings), the
  /// comparisons of that pair among the conjuncts leave no order.
  static func contradicts(
    _ conjuncts: [SelectorFormula], _ graph: ProgramGraph, sameKind: (NodeID, NodeID) -> Bool
  ) -> Bool {
    var allowed: [[NodeID]: Set<Order>] = [:]
    for conjunct in conjuncts {
      guard case .compare(let id, let negated) = conjunct,
        case .select(let keys, let queries, let predicate) = graph[id].kind
      else { continue }
      let pair = [keys, queries]
      let remaining = (allowed[pair] ?? Set(Order.allCases)).intersection(orders(predicate, negated: negated))
      allowed[pair] = remaining
      if remaining.isEmpty, sameKind(keys, queries) { return true }
    }
    return false
  }
}
