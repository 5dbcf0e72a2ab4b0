import ExactArithmetic
import RASP

/// A selector component `select(keys, queries, ==)` over two numerically
/// encoded s-ops, scored without one-hots.
///
/// With a the query's value and b the key's, the head scores
/// 2c·a·b − c·b² = c·a² − c·(a − b)² at each input key: c·a² exactly where
/// b = a, and at most c·a² − 1 elsewhere, since c = 1/g² for g the
/// smallest non-zero |a − b| over the two value sets. The per-query
/// constant c·a² is added to the BOS key instead (with −1, so BOS keeps
/// its place just below or tied with a full match), so the maxima are
/// those of the one-hot component that scores 1 where it holds. The head
/// reads a at the query, b and b² at the key, and a² at the query (for BOS)
/// unless the selection is never empty.
struct NumericalComparison: Hashable, Sendable {
  /// The key s-op (b).
  var key: NodeID
  /// The query s-op (a).
  var query: NodeID
  /// The scale c = 1/g².
  var scale: Rational
  /// Whether the head is an aggregate whose selector selects a key at every
  /// query: then BOS only has to score below the full match, which it does
  /// at −1 without a² (c·a² ≥ 0), so the query's square is not needed.
  var neverEmpty = false

  /// The scale for these value sets: 1/g² for the smallest non-zero gap g
  /// between a query value and a key value (1 when every pair is equal).
  static func scale(queryValues: [Rational], keyValues: [Rational]) -> Rational {
    let keys = Set(keyValues)
    let queries = Set(queryValues)
    var gap: Rational?
    // The nearest key value to each query value, on either side.
    let sortedKeys = keys.sorted()
    for a in queries {
      // Binary search for the first key ≥ a.
      var lo = 0
      var hi = sortedKeys.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if sortedKeys[mid] < a { lo = mid + 1 } else { hi = mid }
      }
      for j in [lo - 1, lo, lo + 1] where j >= 0 && j < sortedKeys.count {
        let d = (sortedKeys[j] - a).magnitude
        if !d.isZero, gap == nil || d < gap! { gap = d }
      }
    }
    guard let gap else { return .one }
    return .one / (gap * gap)
  }
}
