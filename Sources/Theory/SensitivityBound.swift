import ExactArithmetic
import Transformer

/// Hahn's (2020, Lemma 5) sensitivity bound for softmax attention with
/// bounded weights, computed from a model's weights: flipping one input
/// token changes the output read at another position by at most C/n.
///
/// The bound follows the lemma's argument, direction by direction in the
/// max norm, with exact rationals throughout. For a flip at position i it
/// tracks, after each layer, a bound `B[d]` on |x[d]| at every position and
/// input, a bound `δ[d]` on the change at positions other than i, and `Δ[d]`
/// at i. Embeddings: δ = 0, Δ[d] = the largest difference of two tokens'
/// entries. A base-2 softmax head whose scores are bounded by
/// A = Σ|M_ab|·B[a]·B[b] puts weight at most 2^(2A)/n on any of the n
/// positions it attends; its scores move by at most
/// ε = Σ|M_ab|(δ[a]B[b] + B[a]δ[b] + δ[a]δ[b]) away from i (ε_i with Δ at i), so
/// the weights move in total variation by at most
/// TV = min(2^(2·max(ε, ε_i)) − 1, 2·2^(2A)/n + 2^(2ε) − 1), with 2^x − 1 ≤ x
/// for x ≤ 1 and ≤ 2^⌈x⌉ − 1 beyond; the head's output at j ≠ i moves by at
/// most Σ_v |W_vo|·(TV·B[v] + δ[v] + 2^(2A)/n·Δ[v]), and at i by at most
/// Σ_v |W_vo|·2B[v]. A ReLU MLP moves by at most Σ_h |W2_ho| Σ_in |W1_in,h|·δ[in].
/// Residual connections add. The bound on the change of the numerical output
/// is δ of the read direction after the last layer: `O(1/n)` as the lemma
/// says, with C = n times it.
public struct SensitivityBound: Sendable {
  /// The bound on |output(x) − output(x with one token flipped)| at a
  /// position other than the flipped one, for inputs of the given length.
  public let bound: Rational

  /// The bound for `model` on inputs of `length` tokens (plus BOS), or nil
  /// when the lemma does not apply: hard attention, a masked head (a query
  /// may attend to few positions), a joint embedding, or a readout that is
  /// not one numerical direction.
  public init?(model: Model, length: Int) {
    guard case .numerical(let read) = model.readout, model.embedding.joint.isEmpty else { return nil }
    let names = model.residual.names
    var index: [String: Int] = [:]
    for (i, name) in names.enumerated() { index[name] = i }
    let d = names.count
    let positions = length + (model.bos == nil ? 0 : 1)
    let n = Rational(positions)
    var bound = [Rational](repeating: .zero, count: d)
    var delta = [Rational](repeating: .zero, count: d)
    var change = [Rational](repeating: .zero, count: d)
    // The embedding: token, position and constant parts bounded apart.
    let tokens = Array(model.embedding.tokens.values)
    for (name, i) in index {
      let entries = tokens.map { $0[name] ?? .zero }
      let largest = entries.map(\.magnitude).max() ?? .zero
      let position = model.embedding.positions.prefix(positions).map { ($0[name] ?? .zero).magnitude }.max() ?? .zero
      bound[i] = largest + position + (model.embedding.constant[name] ?? .zero).magnitude
      change[i] = (entries.max() ?? .zero) - (entries.min() ?? .zero)
    }
    func excess(_ x: Rational) -> Rational {
      // An upper bound on 2^x − 1 for x ≥ 0.
      if x <= 1 { return x }
      let top = x.ceiling.intValue ?? 62
      return top >= 62 ? Rational(Int.max) : Rational(1 << top) - 1
    }
    func power(_ x: Rational) -> Rational { excess(x) + 1 }
    for layer in model.layers {
      var headDelta = [Rational](repeating: .zero, count: d)
      var headChange = [Rational](repeating: .zero, count: d)
      for head in layer.heads {
        guard head.semantics == .softmaxBase2, head.mask == .none else { return nil }
        let q = head.query.map { index[$0]! }
        let k = head.key.map { index[$0]! }
        var a = Rational.zero, eps = Rational.zero, epsAt = Rational.zero
        for r in q.indices {
          for c in k.indices {
            let m = head.queryKey[r, c].magnitude
            if m.isZero { continue }
            let (qa, kb) = (q[r], k[c])
            a += m * bound[qa] * bound[kb]
            eps += m * (delta[qa] * bound[kb] + bound[qa] * delta[kb] + delta[qa] * delta[kb])
            epsAt += m * (delta[qa] * bound[kb] + bound[qa] * change[kb] + delta[qa] * change[kb])
          }
        }
        let heaviest = power(2 * a) / n
        let tv = Rational.minimum(excess(2 * Rational.maximum(eps, epsAt)), 2 * heaviest + excess(2 * eps))
        let v = head.value.map { index[$0]! }
        for (c, out) in head.output.enumerated() {
          var away = Rational.zero, at = Rational.zero
          for (r, vi) in v.enumerated() {
            let w = head.valueOutput[r, c].magnitude
            if w.isZero { continue }
            away += w * (tv * bound[vi] + delta[vi] + heaviest * change[vi])
            at += w * 2 * bound[vi]
          }
          let o = index[out]!
          headDelta[o] += away
          headChange[o] += at
          // Averages of values bounded by B[v]: the output direction grows by at most Σ|W|·B.
        }
      }
      var grown = bound
      for head in layer.heads {
        let v = head.value.map { index[$0]! }
        for (c, out) in head.output.enumerated() {
          grown[index[out]!] += v.enumerated().reduce(Rational.zero) { $0 + head.valueOutput[$1.offset, c].magnitude * bound[$1.element] }
        }
      }
      for i in 0..<d {
        delta[i] += headDelta[i]
        change[i] += headChange[i]
      }
      bound = grown
      if let mlp = layer.mlp {
        let input = mlp.input.map { index[$0]! }
        let output = mlp.output.map { index[$0]! }
        var hiddenDelta: [Rational] = [], hiddenChange: [Rational] = [], hiddenBound: [Rational] = []
        for h in 0..<mlp.firstWeight.columnCount {
          var sd = Rational.zero, sc = Rational.zero, sb = mlp.firstBias.entries[h].magnitude
          for (r, i) in input.enumerated() {
            let w = mlp.firstWeight[r, h].magnitude
            if w.isZero { continue }
            sd += w * delta[i]
            sc += w * change[i]
            sb += w * bound[i]
          }
          hiddenDelta.append(sd)
          hiddenChange.append(sc)
          hiddenBound.append(sb)
        }
        for (c, o) in output.enumerated() {
          var sd = Rational.zero, sc = Rational.zero, sb = mlp.secondBias.entries[c].magnitude
          for h in hiddenDelta.indices {
            let w = mlp.secondWeight[h, c].magnitude
            if w.isZero { continue }
            sd += w * hiddenDelta[h]
            sc += w * hiddenChange[h]
            sb += w * hiddenBound[h]
          }
          delta[o] += sd
          change[o] += sc
          bound[o] += sb
        }
      }
    }
    guard let r = index[read] else { return nil }
    self.bound = delta[r]
  }
}
