import ExactArithmetic
import Transformer

/// k-hop induction heads (Sanford, Hsu & Telgarsky 2024, "Transformers,
/// parallel computation, and logarithmic depth"): from each position follow
/// "the token after the previous occurrence of the current token" k times
/// and output the token reached (`none` once a hop finds no earlier
/// occurrence and falls to BOS).
///
/// One hop is an induction head: a previous-token head writes each
/// position's predecessor, then position i attends to the last u ≤ i whose
/// predecessor is its own token (BOS when there is none) and reads u's
/// position and token: the pointer σ(i) and the token there. Positions are
/// the numbers t and t², so a head attends to the position a pointer p names
/// with the integer score 2pj − j² (unique maximum at j = p).
///
/// - `doubling`: the hop maps are composed by pointer doubling,
///   σ^{2^{m+1}}(i) = σ^{2^m}(σ^{2^m}(i)), one layer per doubling, and the
///   bits of k are gathered on the way: ⌈log2 k⌉ + 2 layers.
/// - `chain`: one induction hop per layer, k + 1 layers.
public enum HopInduction {
  public enum Layout: String, Sendable, CaseIterable {
    case doubling, chain
  }

  /// Layers for `hops` hops: ⌈log2 k⌉ + 2 by doubling, k + 1 by the chain.
  public static func depth(hops: Int, layout: Layout) -> Int {
    switch layout {
    case .chain: return hops + 1
    case .doubling: return AutomatonScan.depth(forLength: hops) + 2
    }
  }

  /// The label the model outputs when a hop falls to BOS.
  public static let none = "none"

  /// The expected output at every position: the token reached after `hops` hops.
  public static func reference(_ tokens: [String], hops: Int) -> [String] {
    // σ over positions 0 (BOS) ... n.
    var sigma = [0]
    var last: [String: Int] = [:]
    for (offset, token) in tokens.enumerated() {
      let i = offset + 1
      sigma.append(last[token].map { $0 + 1 } ?? 0)
      last[token] = i
    }
    return (1...tokens.count).map { i in
      var p = i
      for _ in 0..<hops { p = sigma[p] }
      return p == 0 ? none : tokens[p - 1]
    }
  }

  /// The k-hop model over `vocabulary` for inputs up to `maxLength`.
  public static func model(vocabulary: [String], maxLength: Int, hops: Int, layout: Layout) throws -> Model {
    guard !vocabulary.contains(none) else {
      throw ConstructionError.badParameter("hop-k: '\(none)' is the output for a missing hop and cannot be a token")
    }
    var builder = ModelBuilder(
      name: "hop-\(hops)-\(layout.rawValue)", vocabulary: vocabulary, maxLength: maxLength,
      positions: Induction.numericPositions)
    let bos = builder.bos!
    let labels = vocabulary + [none]
    func tokenBlock(_ name: String) -> [String] { labels.map { "\(name):\($0)" } }
    // Layer 1: each position's predecessor.
    builder.declare(builder.allTokens.map { "prev:\($0)" })
    try builder.appendLayer(heads: [Induction.previousTokenHead(builder)])
    // Layer 2: σ(i) and the token there.
    let big = Rational(2 * maxLength + 4)
    builder.declare(["ptr1"] + tokenBlock("tok1"))
    let induction = AttentionHead(
      name: "hop",
      scores: vocabulary.map { ("tokens:\($0)", "prev:\($0)", big) }
        + [("one", "tokens:\(bos)", Rational(maxLength + 2)), ("one", "pos", 1)],
      moves: [("pos", "ptr1", 1), ("tokens:\(bos)", "tok1:\(none)", 1)]
        + vocabulary.map { ("tokens:\($0)", "tok1:\($0)", 1) },
      semantics: .uniqueHard(.rightmost), mask: .causal)
    try builder.appendLayer(heads: [induction])
    /// A head that reads, at the position `pointer` names, the pointer and token `source` holds there.
    func follow(_ pointer: String, source: String, into target: String) -> AttentionHead {
      builder.declare([target] + tokenBlock(target.replacingOccurrences(of: "ptr", with: "tok")))
      let sourceTokens = tokenBlock(source.replacingOccurrences(of: "ptr", with: "tok"))
      let targetTokens = tokenBlock(target.replacingOccurrences(of: "ptr", with: "tok"))
      return AttentionHead(
        name: "follow-\(target)",
        scores: [(pointer, "pos", 2), ("one", "pos_sq", -1)],
        moves: [(source, target, 1)] + zip(sourceTokens, targetTokens).map { ($0, $1, 1) },
        semantics: .uniqueHard(.leftmost), mask: .causal)
    }
    var answer = "ptr1"
    switch layout {
    case .chain:
      for h in stride(from: 2, through: max(hops, 1), by: 1) {
        try builder.appendLayer(heads: [follow("ptr\(h - 1)", source: "ptr1", into: "ptr\(h)")])
        answer = "ptr\(h)"
      }
    case .doubling:
      // power = σ^(2^m); gathered = σ^(bits of k below m), nil while the identity.
      var power = "ptr1"
      var gathered: String? = nil
      var m = 0
      while (hops >> m) > 0 {
        var heads: [AttentionHead] = []
        var next = gathered
        if (hops >> m) & 1 == 1 {
          if let current = gathered {
            let target = "ptr\(1 << m)+\(current)"
            heads.append(follow(current, source: power, into: target))
            next = target
          } else {
            next = power
          }
        }
        let higher = (hops >> (m + 1)) > 0
        var doubled = power
        if higher {
          doubled = "ptr\(1 << (m + 1))"
          heads.append(follow(power, source: power, into: doubled))
        }
        if !heads.isEmpty { try builder.appendLayer(heads: heads) }
        gathered = next
        power = doubled
        m += 1
      }
      answer = gathered!
    }
    builder.metadata = [
      "construction": "hop-k", "hops": "\(hops)", "layout": layout.rawValue,
      "source": "Sanford, Hsu & Telgarsky 2024 (k-hop induction heads, depth Theta(log k))",
    ]
    return try builder.build(
      readout: .categorical(
        directions: tokenBlock(answer.replacingOccurrences(of: "ptr", with: "tok")), labels: labels.map { .text($0) }))
  }
}
