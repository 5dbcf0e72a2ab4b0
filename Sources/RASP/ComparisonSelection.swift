import ExactArithmetic

/// A selector `select(keys, queries, op)` kept as its keys' and queries' ranks,
/// so aggregates and widths over it take O(n log n) time and O(n) memory
/// instead of the O(n²) of a ``SelectionMatrix``.
///
/// The keys sorted by rank make every comparison select a contiguous run of
/// sorted keys (`!=` two runs); counts come from binary search and sums of
/// values from prefix sums over the sorted order.
struct ComparisonSelection {
  let keys: [Int]
  let queries: [Int]
  let predicate: Comparison
  /// Key positions sorted by rank (stable: equal ranks by position).
  let sortedKeys: [Int]
  /// Ranks in `sortedKeys` order.
  let sortedRanks: [Int]

  init(keys: [Int], queries: [Int], predicate: Comparison) {
    self.keys = keys
    self.queries = queries
    self.predicate = predicate
    sortedKeys = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
    sortedRanks = sortedKeys.map { keys[$0] }
  }

  /// The first sorted index whose rank is at least (`strict`: above) `rank`.
  private func bound(_ rank: Int, strict: Bool) -> Int {
    var low = 0
    var high = sortedRanks.count
    while low < high {
      let mid = (low + high) / 2
      if strict ? sortedRanks[mid] <= rank : sortedRanks[mid] < rank { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The runs of sorted indices query `q` selects (at most two, for `!=`).
  func runs(query q: Int) -> [Range<Int>] {
    let rank = queries[q]
    let n = sortedRanks.count
    switch predicate {
    case .equal: return [bound(rank, strict: false)..<bound(rank, strict: true)]
    case .notEqual: return [0..<bound(rank, strict: false), bound(rank, strict: true)..<n]
    case .less: return [0..<bound(rank, strict: false)]
    case .lessOrEqual: return [0..<bound(rank, strict: true)]
    case .greater: return [bound(rank, strict: true)..<n]
    case .greaterOrEqual: return [bound(rank, strict: false)..<n]
    }
  }

  /// How many keys query `q` selects.
  func count(query q: Int) -> Int { runs(query: q).reduce(0) { $0 + $1.count } }

  /// The keys query `q` selects, in increasing position order.
  func selectedKeys(query q: Int) -> [Int] {
    runs(query: q).flatMap { $0.map { sortedKeys[$0] } }.sorted()
  }

  /// The matrix, for consumers that need every entry (O(n²)).
  var matrix: SelectionMatrix {
    ProgramGraph.select(keys, queries, predicate)
  }
}
