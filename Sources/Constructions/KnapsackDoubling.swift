import ExactArithmetic
import Transformer

/// Unbounded knapsack by (max,+) doubling: ⌈log2 W⌉ + 1 layers for
/// capacities up to W, against the W + 1 of the DP (papers.md §9b,
/// Construction C [P]).
///
/// Same prompt and outputs as ``KnapsackUnbounded``: items `w:v`, then
/// `c0 … cC`; the output at `cc` is the best value of a multiset of items of
/// total weight at most c. Let g[x] be the best value of one item of weight
/// exactly x (0 when there is none: a piece of unused weight). The (max,+)
/// square (g ⊛ g)[c] = max_{a+b=c} g[a] + g[b] is the best of two pieces,
/// and after L = ⌈log2 W⌉ squarings the best of 2^L ≥ W pieces: every
/// answer (each item weighs at least 1, and unused weight is one piece
/// beside at most c − 1 items).
///
/// - Layer 0: W heads write g[1…W] at every position (head w attends to the
///   item of weight w with the largest value, BOS when there is none).
/// - Each capacity position a then precomputes, for every target x with
///   x/2 ≤ a ≤ x, the pair sum `pair:x = f[a] + f[x − a]` (a 0/1 capacity
///   entry times a bounded value, exact with ReLU). A squaring layer has
///   W + 1 heads: head x attends, over the capacity positions, to the one
///   with the largest `pair:x` and copies it: the new f[x], for every x up to
///   the query's own capacity (the keys it may see, since a ≤ x). Its
///   perceptron forms the next pair sums.
///
/// Resources: ⌈log2 W⌉ + 1 layers; W heads, then W + 1 per squaring layer;
/// the residual width and MLP width grow as W log W and W² (the depth/width
/// trade-off papers.md §9b (ii) predicts).
public enum KnapsackDoubling {
  /// Squaring layers for capacities up to `capacity`: ⌈log2 W⌉.
  public static func squarings(capacity: Int) -> Int { AutomatonScan.depth(forLength: capacity) }

  /// The model for capacities up to `capacity` (W), values 0...`maxValue`,
  /// prompts with up to `maxItems` items; `squarings` fewer than ⌈log2 W⌉
  /// for the ablation.
  public static func model(capacity: Int, maxValue: Int, maxItems: Int, squarings: Int? = nil) throws -> Model {
    let w = capacity
    guard w >= 1, maxValue >= 0, maxItems >= 0 else {
      throw ConstructionError.badParameter("knapsack-doubling: need capacity ≥ 1, max_value ≥ 0, max_items ≥ 0")
    }
    let items = Knapsack.itemTokens(maxWeight: w, maxValue: maxValue)
    let caps = (0...w).map(Knapsack.capacityToken)
    var builder = ModelBuilder(
      name: "knapsack-doubling-\(w)", vocabulary: items + caps, maxLength: maxItems + w + 1,
      positions: .entries { _ in [:] })
    var rows = Knapsack.tokenRows(
      itemTokens: items, capacities: 0...w, features: [.weightOneHot, .value, .capacityOneHot])
    rows[builder.bos!] = ["tokens:\(builder.bos!)": 1]
    builder.embedding.tokens = rows
    let bos = "tokens:\(builder.bos!)"
    let top = Rational(maxValue + 1)
    // Every table entry and pair sum is at most 2·V·W.
    let big = Rational(2 * maxValue * w + 1)

    func table(_ s: Int) -> (Int) -> String { { x in "f\(s):\(x)" } }
    func pair(_ s: Int) -> (Int) -> String { { x in "pair\(s):\(x)" } }
    /// Units writing, at capacity position a, pair:x = f[a] + f[x − a] for a ≤ x ≤ min(2a, W), and `best` = f[a].
    func pairUnits(_ f: (Int) -> String, _ out: (Int) -> String, final: Bool) -> [MLP.Unit] {
      var units: [MLP.Unit] = []
      for a in 0...w {
        let fa: [(String, Rational)] = a == 0 ? [] : [(f(a), Rational.one)]
        if final {
          if a > 0 { units.append(MLP.Unit(inputs: fa + [("at:\(a)", big)], bias: -big, outputs: [("best", 1)])) }
          continue
        }
        for x in a...min(2 * a, w) where x > 0 {
          let other: [(String, Rational)] = x - a == 0 ? [] : [(f(x - a), Rational.one)]
          units.append(MLP.Unit(inputs: fa + other + [("at:\(a)", big)], bias: -big, outputs: [(out(x), 1)]))
        }
      }
      return units
    }

    // Layer 0: g[1…W] everywhere, then the first pair sums.
    let f0 = table(0)
    builder.declare((1...w).map(f0) + ["best"])
    let single = (1...w).map { weight in
      AttentionHead(
        name: "max-value-\(weight)",
        scores: [("one", "wt:\(weight)", top), ("one", "iv", 1), ("one", bos, top - Rational(1, 2))],
        moves: [("iv", f0(weight), 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    }
    let steps = squarings ?? Self.squarings(capacity: w)
    builder.declare((1...w).map(pair(0)))
    try builder.appendLayer(heads: single, mlp: MLP(name: "pairs-0", units: pairUnits(f0, pair(0), final: steps == 0)))
    // Squaring layers.
    for s in 0..<steps {
      let next = table(s + 1)
      builder.declare((1...w).map(next))
      let heads = (1...w).map { x in
        AttentionHead(
          name: "square-\(s)-\(x)",
          scores: [("one", "is_cap", big * 2), ("one", pair(s)(x), 1)],
          moves: [(pair(s)(x), next(x), 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
      }
      let last = s == steps - 1
      if !last { builder.declare((1...w).map(pair(s + 1))) }
      try builder.appendLayer(heads: heads, mlp: MLP(name: "pairs-\(s + 1)", units: pairUnits(next, pair(s + 1), final: last)))
    }
    builder.metadata = [
      "construction": "knapsack-doubling", "capacity": String(w), "squarings": String(steps),
      "source": "papers.md §9b Construction C [P]: (max,+) squaring",
    ]
    return try builder.build(readout: .numerical(direction: "best"))
  }
}
