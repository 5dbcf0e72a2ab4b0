import ExactArithmetic
import Transformer

/// The gridworld of Liu et al. 2022 (Theorem 3): n + 1 cells, moves `L` and
/// `R` clamped at the walls, from cell 0; the output is the cell after each
/// prefix, at a depth that does not depend on T (4 layers here; the paper's
/// 2 assume a perceptron that reads a count off its mean and the position,
/// which exact ReLU units do in two steps).
///
/// With d_t the displacement (#R − #L) and A_v the last time the walk's
/// displacement was v (the start counting as a visit, at time 0, to every
/// level 0…n: the walk starts at the floor), the cell is
/// `x_t = #{x ∈ 0…n : A_{d_t − x} ≥ A_{d_t − x + n + 1}} − 1`
/// (an unvisited level's A is −∞): a level x below d_t is the floor's level
/// exactly when the walk has not since risen n + 1 above it.
///
/// - Layers 1–2: d_t exactly (a mean by one averaging head, its levels
///   scaled by 1/(t+1) and then clamped), as the numbers d and d².
/// - Layer 3: 2n + 2 heads; head k attends to the last position whose
///   displacement is d_t + k (score −C(d_s − d_t − k)² + s, integer), BOS
///   standing in for the levels 0…n; the perceptron turns a miss into −∞.
/// - Layer 4: the n + 1 comparisons, summed.
///
/// Resources: 4 layers, heads 2, 0, 2n + 2, 0; residual width O(n); MLP
/// width 6T + 3 (the level indicators), growing with T.
public enum Gridworld {
  /// The cell after each prefix of `moves`, from cell 0 (the reference).
  public static func cells(_ moves: [String], cells count: Int) throws -> [String] {
    var x = 0
    return try moves.map { move in
      switch move {
      case "L": x = max(0, x - 1)
      case "R": x = min(count - 1, x + 1)
      default: throw ConstructionError.badParameter("gridworld: moves are L and R, got '\(move)'")
      }
      return String(x)
    }
  }

  public static func model(cells count: Int, maxLength t: Int) throws -> Model {
    guard count >= 2 else { throw ConstructionError.badParameter("gridworld: cells must be at least 2") }
    let n = count - 1
    var builder = ModelBuilder(
      name: "gridworld-\(count)", vocabulary: ["L", "R"], maxLength: t,
      positions: .entries { i in ["pos": Rational(i)] })
    let bosToken = builder.bos!
    let bos = "tokens:\(bosToken)"
    builder.embedding.tokens = [
      bosToken: [bos: 1, "is_bos": 1], "L": ["tokens:L": 1, "step": -1], "R": ["tokens:R": 1, "step": 1],
    ]
    builder.declare(["mean", "inverse_length", "d", "d_sq", "cell"])
    let levels = Array(-t...t)
    // Layer 1: d/(t+1) and 1/(t+1); inv·[d = v] by triangles.
    let average = AttentionHead(
      name: "displacement", scores: [("one", "one", 0)], moves: [("step", "mean", 1)],
      semantics: .averagingHard, mask: .causal)
    let inverse = AttentionHead(
      name: "inverse-length", scores: [("one", "one", 0)], moves: [(bos, "inverse_length", 1)],
      semantics: .averagingHard, mask: .causal)
    builder.declare(levels.map { "level:\($0)" })
    var triangles: [MLP.Unit] = []
    for v in levels {
      for (offset, weight) in [(-1, Rational(1)), (0, Rational(-2)), (1, Rational(1))] {
        triangles.append(MLP.Unit(
          inputs: [("mean", 1), ("inverse_length", Rational(-(v + offset)))], outputs: [("level:\(v)", weight)]))
      }
    }
    try builder.appendLayer(heads: [average, inverse], mlp: MLP(name: "levels", units: triangles))
    // Layer 2: clamp (t+1)·level to 1, read off d and d².
    var clamp: [MLP.Unit] = []
    for v in levels where v != 0 {
      let out: [(String, Rational)] = [("d", Rational(v)), ("d_sq", Rational(v * v))]
      clamp.append(MLP.Unit(inputs: [("level:\(v)", Rational(t + 1))], outputs: out))
      clamp.append(MLP.Unit(inputs: [("level:\(v)", Rational(t + 1))], bias: -1, outputs: out.map { ($0.0, -$0.1) }))
    }
    try builder.appendLayer(mlp: MLP(name: "displacement", units: clamp))
    // Layer 3: the last visit to each level d + k, k = −n … n + 1.
    let c = Rational(t + 2)
    let tiny = Rational(1, n * n + 1)
    let big = Rational(2 * t + 2)
    var heads: [AttentionHead] = []
    var units: [MLP.Unit] = []
    for k in -n...(n + 1) {
      let kk = Rational(k)
      // Query level L = d + k. Keys: C(2 d_s L − d_s²) + s; BOS adds C·L² + L(n − L)/(n² + 1).
      let scores: [(query: String, key: String, weight: Rational)] = [
        ("d", "d", 2 * c), ("one", "d", 2 * c * kk), ("one", "d_sq", -c), ("one", "pos", 1),
        ("d_sq", "is_bos", c - tiny), ("d", "is_bos", 2 * c * kk + tiny * Rational(n) - 2 * tiny * kk),
        ("one", "is_bos", c * kk * kk + tiny * kk * Rational(n) - tiny * kk * kk),
      ]
      let a = "last:\(k)", level = "seen:\(k)", wasBOS = "at_bos:\(k)", e = "time:\(k)"
      builder.declare([a, level, wasBOS, e])
      heads.append(AttentionHead(
        name: "last-visit-\(k)", scores: scores, moves: [("pos", a, 1), ("d", level, 1), ("is_bos", wasBOS, 1)],
        semantics: .uniqueHard(.leftmost), mask: .causal))
      // time = last − big·(relu(miss) + relu(−miss − n·at_bos)), miss = seen − d − k; ≥ 0 exactly when it was a visit.
      let miss: [(String, Rational)] = [(level, 1), ("d", -1)]
      units.append(MLP.Unit(inputs: [(a, 1)], outputs: [(e, 1)]))
      units.append(MLP.Unit(inputs: [(a, -1)], outputs: [(e, -1)]))
      units.append(MLP.Unit(inputs: miss, bias: -kk, outputs: [(e, -big)]))
      units.append(MLP.Unit(
        inputs: miss.map { ($0.0, -$0.1) } + [(wasBOS, Rational(-n))], bias: kk, outputs: [(e, -big)]))
    }
    try builder.appendLayer(heads: heads, mlp: MLP(name: "visit-times", units: units))
    // Layer 4: the cell = #{x : time(−x) ≥ time(n + 1 − x)} − 1.
    var count4: [MLP.Unit] = []
    for x in 0...n {
      let delta: [(String, Rational)] = [("time:\(-x)", 1), ("time:\(n + 1 - x)", -1)]
      count4.append(MLP.Unit(inputs: delta, bias: 1, outputs: [("cell", 1)]))
      count4.append(MLP.Unit(inputs: delta, outputs: [("cell", -1)]))
    }
    try builder.appendLayer(mlp: MLP(name: "cell", units: count4, outputBias: [("cell", -1)]))
    builder.metadata = [
      "construction": "gridworld", "cells": String(count),
      "source": "Liu et al. 2022, Theorem 3 (constant depth; last visits to levels)",
    ]
    return try builder.build(readout: .numerical(direction: "cell"))
  }
}
