import ExactArithmetic
import Transformer

/// The gridworld of Liu et al. 2022 (Theorem 3): n + 1 cells, moves `L` and
/// `R` clamped at the walls, from cell 0; the output is the cell after each
/// prefix, in 2 layers for every T (the theorem's depth).
///
/// With d_t the displacement (#R − #L) and A_v the last time the walk's
/// displacement was v (the start counting as a visit, at time 0, to every
/// level 0…n: the walk starts at the floor), the cell is
/// `x_t = #{x ∈ 1…n : A_{d_t − x} > A_{d_t − x + n + 1}}`
/// (an unvisited level's A is −∞; of the two levels one is always visited,
/// as the visited levels form an interval of at least n + 1 levels around
/// d_t): a level x below d_t is at or above the floor exactly when the walk
/// has not since been n + 1 above it.
///
/// - Layer 1: one averaging head gives d_t/(t+1); the perceptron turns it,
///   with the position's 1/(t+1), into the steps [d_t ≥ v] for v = −T+1…T
///   (two ReLUs a step, exact because d_t is an integer) and sums them into
///   d_t, d_t², d_t³, d_t⁴ and, for each x, the flags [x ≤ d_t ≤ x + n] and
///   [x − n − 1 ≤ d_t ≤ x + n].
/// - Layer 2: n heads; head x attends to the last position whose
///   displacement is d_t − x or d_t − x + n + 1 (score
///   −(T+1)·((u + x)(u + x − n − 1))² + s with u = d_s − d_t, an integer,
///   so a match scores its position s ≥ 1 and a miss at most −1; BOS scores
///   0 when it stands for one of the two levels, else −(T+1)); the
///   perceptron reads which of the two levels it found and sums.
///
/// Resources: 2 layers, heads 1 and n; residual width 4n + 15 (the paper's
/// embedding is O(1), ours holds O(n) flags); MLP width 4T (the steps; the
/// paper's is O(T) too).
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

  /// The two-layer model for `count` cells and inputs up to `t` moves.
  public static func model(cells count: Int, maxLength t: Int) throws -> Model {
    guard count >= 2 else { throw ConstructionError.badParameter("gridworld: cells must be at least 2") }
    guard t >= 1 else { throw ConstructionError.badParameter("gridworld: length must be at least 1") }
    let n = count - 1
    var builder = ModelBuilder(
      name: "gridworld-\(count)", vocabulary: ["L", "R"], maxLength: t,
      positions: .entries { i in ["pos": Rational(i), "inverse_length": Rational(1, i + 1)] })
    let bosToken = builder.bos!
    builder.embedding.tokens = [
      bosToken: ["tokens:\(bosToken)": 1, "is_bos": 1],
      "L": ["tokens:L": 1, "step": -1, "not_bos": 1],
      "R": ["tokens:R": 1, "step": 1, "not_bos": 1],
    ]
    builder.declare(["mean"])
    // Layer 1: the mean d/(t+1), then the steps [d ≥ v] summed into features of d.
    let average = AttentionHead(
      name: "displacement", scores: [("one", "one", 0)], moves: [("step", "mean", 1)],
      semantics: .averagingHard, mask: .causal)
    var features: [(name: String, value: (Int) -> Rational)] = (1...4).map { k in
      (power(k), { d in Self.power(d, k) })
    }
    for x in 1...n {
      features.append(("floor:\(x)", { d in x <= d && d <= x + n ? 1 : 0 }))
      features.append(("near:\(x)", { d in x - n - 1 <= d && d <= x + n ? 1 : 0 }))
    }
    builder.declare(features.map(\.name))
    let steepness = Rational(2 * (t + 1))
    var steps: [MLP.Unit] = []
    for v in (-t + 1)...t {
      let jumps: [(String, Rational)] = features.compactMap { f in
        let jump = f.value(v) - f.value(v - 1)
        return jump == 0 ? nil : (f.name, jump)
      }
      if jumps.isEmpty { continue }
      // steepness·(mean − (v − 1/2)/(t+1)) is ≥ 1 when d ≥ v and ≤ 0 when d < v.
      let inputs: [(String, Rational)] = [("mean", steepness), ("inverse_length", -steepness * (Rational(v) - Rational(1, 2)))]
      steps.append(MLP.Unit(inputs: inputs, outputs: jumps))
      steps.append(MLP.Unit(inputs: inputs, bias: -1, outputs: jumps.map { ($0.0, -$0.1) }))
    }
    let floorValues: [(String, Rational)] = features.compactMap { f in
      let value = f.value(-t)
      return value == 0 ? nil : (f.name, value)
    }
    try builder.appendLayer(heads: [average], mlp: MLP(name: "displacement", units: steps, outputBias: floorValues))
    // Layer 2: for x = 1…n the last visit to level d − x or d − x + n + 1.
    let m = n + 1
    let c = Rational(t + 1)
    var heads: [AttentionHead] = []
    var units: [MLP.Unit] = []
    builder.declare(["cell"])
    for x in 1...n {
      // q(u) = (u + x)(u + x − m) = u² + (2x − m)u + x(x − m); the score is −c·q(u)² + s.
      let q = [Rational(x * (x - m)), Rational(2 * x - m), Rational(1)]
      var square = [Rational](repeating: 0, count: 5)
      for i in 0..<3 { for j in 0..<3 { square[i + j] += q[i] * q[j] } }
      // u^k = Σ_i C(k, i) d_s^i (−d_t)^(k−i): query power k − i, key power i.
      var terms: [String: Rational] = [:]
      var order: [String] = []
      for k in 0...4 where square[k] != 0 {
        for i in 0...k {
          let sign: Rational = (k - i) % 2 == 0 ? 1 : -1
          let weight = -c * square[k] * Rational(binomial(k, i)) * sign
          let key = "\(k - i) \(i)"
          if terms[key] == nil { order.append(key) }
          terms[key, default: 0] += weight
        }
      }
      var scores: [(query: String, key: String, weight: Rational)] = order.compactMap { pair in
        let parts = pair.split(separator: " ").map { Int($0)! }
        let weight = terms[pair]!
        if weight == 0 { return nil }
        return (parts[0] == 0 ? "one" : power(parts[0]), parts[1] == 0 ? "not_bos" : power(parts[1]), weight)
      }
      scores += [("one", "pos", 1), ("one", "is_bos", -c), ("near:\(x)", "is_bos", c)]
      let seen = "seen:\(x)", atBOS = "at_bos:\(x)"
      builder.declare([seen, atBOS])
      heads.append(AttentionHead(
        name: "last-visit-\(x)", scores: scores, moves: [("d", seen, 1), ("is_bos", atBOS, 1)],
        semantics: .uniqueHard(.leftmost), mask: .causal))
      // Away from BOS, y = 1 − (seen − d + x)/m is 1 at level d − x and 0 at d − x + m;
      // at BOS the level is d − x exactly when the floor flag is set.
      let y: [(String, Rational)] = [(seen, Rational(-1, m)), ("d", Rational(1, m))]
      let yBias = 1 - Rational(x, m)
      let gate = Rational(t + 2)
      units.append(MLP.Unit(inputs: y + [(atBOS, -gate)], bias: yBias, outputs: [("cell", 1)]))
      units.append(MLP.Unit(inputs: y.map { ($0.0, -$0.1) } + [(atBOS, -gate)], bias: -yBias, outputs: [("cell", -1)]))
      units.append(MLP.Unit(inputs: [("floor:\(x)", 1), (atBOS, 1)], bias: -1, outputs: [("cell", 1)]))
    }
    try builder.appendLayer(heads: heads, mlp: MLP(name: "cell", units: units))
    builder.metadata = [
      "construction": "gridworld", "cells": String(count),
      "source": "Liu et al. 2022, Theorem 3 (depth 2; last visits to levels)",
    ]
    return try builder.build(readout: .numerical(direction: "cell"))
  }

  private static func power(_ k: Int) -> String { k == 1 ? "d" : "d^\(k)" }

  /// `base` to the `exponent`, exactly: past Int's range (d^4 from d = 55109,
  /// reached at lengths up to 100000) as a rational.
  private static func power(_ base: Int, _ exponent: Int) -> Rational {
    var value = 1
    for _ in 0..<exponent {
      let (product, overflow) = value.multipliedReportingOverflow(by: base)
      if overflow { return (0..<exponent).reduce(Rational(1)) { acc, _ in acc * Rational(base) } }
      value = product
    }
    return Rational(value)
  }

  private static func binomial(_ n: Int, _ k: Int) -> Int {
    (0..<k).reduce(1) { acc, i in acc * (n - i) / (i + 1) }
  }
}
