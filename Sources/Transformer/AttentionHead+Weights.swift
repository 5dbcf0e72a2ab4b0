import ExactArithmetic

extension AttentionHead {
  /// The head's attention weights on a stream (positions × residual): row i
  /// holds the weight query i gives each key, exactly (a row of zeros where
  /// the mask leaves no key). For drawings and explanations; the forward
  /// pass computes the same mix without forming this matrix (tested equal).
  ///
  /// - Throws: ``ModelError/nonIntegerScore(head:score:)`` for a softmax
  ///   head, ``ModelError/unknownDirection(_:)`` for a direction missing from `residual`.
  /// - Complexity: O(n² · |key|) for n positions.
  public func weights(on stream: Matrix, residual: ResidualSpace) throws -> Matrix {
    func columns(_ names: [String]) throws -> [Int] { try residual.indices(of: names).get() }
    let q = try columns(query)
    let k = try columns(key)
    let n = stream.rowCount
    let projected = (0..<n).map { i in
      (0..<key.count).map { c in
        q.indices.reduce(Rational.zero) { $0 + stream[i, q[$1]] * queryKey[$1, c] }
      }
    }
    var out = Matrix.zeros(rows: n, columns: n)
    for i in 0..<n {
      let keys = mask.keys(query: i, count: n)
      guard !keys.isEmpty else { continue }
      let scores = keys.map { j in k.indices.reduce(Rational.zero) { $0 + projected[i][$1] * stream[j, k[$1]] } }
      let top = scores.max()!
      let chosen = keys.filter { scores[$0 - keys.lowerBound] == top }
      switch semantics {
      case .uniqueHard(let tie):
        out[i, tie == .leftmost ? chosen.first! : chosen.last!] = .one
      case .averagingHard:
        for j in chosen { out[i, j] = Rational(1, chosen.count) }
      case .softmaxBase2:
        var powers: [Rational] = []
        for s in scores {
          guard let e = (s - top).intValue else { throw ModelError.nonIntegerScore(head: name, score: s.description) }
          powers.append(try Rational(2).power(e))
        }
        let total = powers.reduce(Rational.zero, +)
        for (j, p) in zip(keys, powers) { out[i, j] = p / total }
      }
    }
    return out
  }
}
