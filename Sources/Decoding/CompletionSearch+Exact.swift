import ExactArithmetic
import Transformer

extension CompletionSearch {
  /// The most completions ``exactDistribution(top:limit:progress:)`` enumerates by default.
  public static let exactLimit = 1 << 20

  /// The whole distribution over complete continuations, by enumerating the
  /// tree of prefixes depth first (one new position per prefix with the
  /// incremental pass): every completion of positive probability with its
  /// exact probability, their exact sum, the entropy as an exact log2
  /// expression, and the mass of the `top` most probable.
  ///
  /// - Parameters:
  ///   - limit: the most completions V^n allowed (V readout labels).
  ///   - progress: called now and then with the fraction of the V^n
  ///     completions covered so far.
  /// - Throws: ``CompletionError/tooLarge(_:)`` when V^n exceeds `limit`.
  public mutating func exactDistribution(
    top k: Int, limit: Int = exactLimit, progress: ((Double) -> Void)? = nil
  ) throws -> ExactDistribution {
    precondition(k >= 1, "ask for at least one completion")
    try requireDistribution("exact")
    let v = labels.count
    var size = 1
    for _ in 0..<length {
      let (product, overflow) = size.multipliedReportingOverflow(by: v)
      guard !overflow, product <= limit else {
        throw CompletionError.tooLarge(
          "exact: \(v)^\(length) completions is over the limit of \(limit); use top:K, mass:F or sample:S")
      }
      size = product
    }
    try expand(0)
    var leaves: [(code: Int, probability: Rational)] = []
    var entropy = Log2Expression()
    var covered = 0
    var reported = 0
    // Subtree sizes: V^(n − depth) completions below a node at `depth`.
    let n = length
    var below = [Int](repeating: 1, count: n + 1)
    for d in stride(from: n - 1, through: 0, by: -1) { below[d] = below[d + 1] * v }

    /// Visits the prefix `code` (labels in base V) at `depth`, of
    /// probability `p`, whose next-token distribution is `next`.
    func visit(_ depth: Int, _ code: Int, _ p: Rational, _ next: [Rational], _ search: inout CompletionSearch) throws {
      for q in next where !q.isZero {
        // −Σ p·q·log2 q over the children: the chain rule for the entropy.
        entropy.add(-(p * q), log2Of: q)
      }
      for (label, q) in next.enumerated() {
        let child = code * v + label
        if q.isZero {
          covered += below[depth + 1]
          continue
        }
        let pq = p * q
        if depth + 1 == n {
          leaves.append((child, pq))
          covered += 1
          if let progress, covered - reported >= 4096 {
            reported = covered
            progress(Double(covered) / Double(size))
          }
          continue
        }
        let after = try search.descend(to: label, depth: depth, code: child)
        try visit(depth + 1, child, pq, after, &search)
        search.ascend(depth: depth)
      }
    }
    try visit(0, 0, .one, nodes[0].next!, &self)
    if run != nil {
      run!.truncate(toLength: prompt.count)
      applied = []
    }
    progress?(1)
    leaves.sort { $0.probability != $1.probability ? $1.probability < $0.probability : $0.code < $1.code }
    var total = Rational.zero
    var topMass = Rational.zero
    for (i, leaf) in leaves.enumerated() {
      total += leaf.probability
      if i < k { topMass += leaf.probability }
    }
    let completions = leaves.map { leaf -> Completion in
      var tokens = [String](repeating: "", count: length)
      var rest = leaf.code
      for d in stride(from: length - 1, through: 0, by: -1) {
        tokens[d] = labels[rest % v]
        rest /= v
      }
      return Completion(tokens: tokens, probability: leaf.probability)
    }
    return ExactDistribution(
      completions: completions, total: total, entropy: entropy.canonical, topCount: min(k, completions.count),
      topMass: topMass)
  }

  /// The enumeration's step down: appends `label` after the prefix `code`
  /// at `depth` (`code` includes it) and returns the next-token
  /// distribution there. The run is used directly (no tree node is kept),
  /// so memory stays proportional to n.
  mutating func descend(to label: Int, depth: Int, code: Int) throws -> [Rational] {
    var generated: [String] = []
    var rest = code
    for _ in 0...depth {
      generated.append(labels[rest % labels.count])
      rest /= labels.count
    }
    generated.reverse()
    guard labelIsToken[label] else {
      throw CompletionError.labelNotToken(label: labels[label], prefix: Array(generated.dropLast()))
    }
    statistics.nodesExpanded += 1
    if run != nil {
      if depth == 0 {
        run!.truncate(toLength: prompt.count)
        applied = []
      }
      do {
        try run!.append(labels[label])
      } catch let error as ModelError {
        throw CompletionError.model(error, prefix: generated)
      }
      statistics.positionsComputed += 1
      return try run!.probabilities(at: run!.tokens.count - 1).mapError { CompletionError.model($0, prefix: generated) }.get()
    }
    let tokens = prompt + generated
    statistics.positionsComputed += tokens.count + (model.model.bos == nil ? 0 : 1)
    do {
      let whole = try model.run(tokens)
      return try model.probabilities(of: whole).last!.mapError { CompletionError.model($0, prefix: generated) }.get()
    } catch let error as ModelError {
      throw CompletionError.model(error, prefix: generated)
    }
  }

  /// The enumeration's step back up to `depth` generated tokens.
  mutating func ascend(depth: Int) {
    if run != nil { run!.truncate(toLength: prompt.count + depth) }
  }
}
