import ExactArithmetic
import Transformer

/// Arithmetic(n, p) in one pass, for fully parenthesised expressions over
/// F_p of nesting at most h: every sub-expression is evaluated bottom-up,
/// one layer per level of the parse tree, so the depth is h + 2 and grows
/// with the nesting (Feng et al. 2023, Theorem 3.1: no constant depth
/// unless TC⁰ = NC¹). The output at each position is the value of the
/// number or `( … )` ending there, `_` elsewhere. (`arithmetic-tree
/// --param family=parenthesised`; expressions with precedence go to
/// ``ArithmeticPrecedenceTree``.)
///
/// - Layer 1: one averaging head gives the nesting depth d_i (opens minus
///   closes up to i) over i + 1; the perceptron turns it into d_i and d_i²
///   by the steps [d_i ≥ v], v = 1…h (exact because d_i is an integer).
/// - Layer 2: at each `)`, the operator of its sub-expression: the last
///   operator before it at depth d_i + 1 (score −B(d_s − d_i − 1)² +
///   B·is_op + s, B = n + 1), its position o and kind.
/// - Layers 3…h+2 (2 heads each): a `)` reads the values at o − 1 (the
///   left operand ends there) and at i − 1 (the right operand) and writes
///   left op right in place of its old value (a lookup of 4p² ReLUs; the
///   heads' outputs are cleared again). After round k every sub-expression
///   of height at most k holds its value.
///
/// The residual width depends on p only; the MLP width is 4p² + 2p per
/// round (4p² − p triples and 3p units that clear) and 2h in layer 1.
public enum ArithmeticTree {
  /// The input tokens: numbers, operators and parentheses.
  public static func vocabulary(prime p: Int) -> [String] {
    Arithmetic.numbers(prime: p) + Arithmetic.operators + ["(", ")"]
  }

  /// The model for expressions of at most `length` tokens and nesting at most `nesting`.
  public static func model(prime p: Int, length n: Int, nesting h: Int) throws -> Model {
    try Arithmetic.checkPrime(p, family: "arithmetic-tree")
    guard n >= 1 else { throw ConstructionError.badParameter("arithmetic-tree: length must be at least 1, got \(n)") }
    guard h >= 0 else { throw ConstructionError.badParameter("arithmetic-tree: nesting must be at least 0, got \(h)") }
    let numbers = Arithmetic.numbers(prime: p)
    let ops = Arithmetic.operators
    var builder = ModelBuilder(
      name: "arithmetic-tree-\(p)", vocabulary: vocabulary(prime: p), maxLength: n,
      positions: .entries { i in ["pos": Rational(i), "pos_sq": Rational(i * i), "inverse_length": Rational(1, i + 1)] })
    for number in numbers { builder.embedding.tokens[number]!["val:\(number)"] = 1 }
    for token in ops + ["("] { builder.embedding.tokens[token]!["none"] = 1 }
    for op in ops { builder.embedding.tokens[op]!["is_op"] = 1 }
    builder.embedding.tokens[")"]!["is_close"] = 1
    builder.declare(numbers.map { "val:\($0)" } + ["none", "is_op", "is_close", "mean", "depth", "depth_sq"])
    let one = Rational.one
    // Layer 1: the depth.
    let average = AttentionHead(
      name: "depth", scores: [("one", "one", 0)], moves: [("tokens:(", "mean", 1), ("tokens:)", "mean", -1)],
      semantics: .averagingHard, mask: .causal)
    var steps: [MLP.Unit] = []
    let steepness = Rational(2 * (n + 1))
    if h > 0 {
      for v in 1...h {
        let inputs: [(String, Rational)] = [("mean", steepness), ("inverse_length", -steepness * (Rational(v) - Rational(1, 2)))]
        let jumps: [(String, Rational)] = [("depth", 1), ("depth_sq", Rational(2 * v - 1))]
        steps.append(MLP.Unit(inputs: inputs, outputs: jumps))
        steps.append(MLP.Unit(inputs: inputs, bias: -1, outputs: jumps.map { ($0.0, -$0.1) }))
      }
    }
    try builder.appendLayer(heads: [average], mlp: steps.isEmpty ? nil : MLP(name: "depth", units: steps))
    if h == 0 {
      builder.metadata = ["construction": "arithmetic-tree", "prime": String(p), "nesting": "0"]
      return try builder.build(readout: readout(numbers))
    }
    // Layer 2: the operator of each ")".
    let big = Rational(n + 1)
    let operatorHead = AttentionHead(
      name: "operator",
      scores: [("one", "depth_sq", -big), ("depth", "depth", 2 * big), ("one", "depth", 2 * big), ("one", "is_op", big), ("one", "pos", 1)],
      moves: [("pos", "op_pos", 1)] + ops.map { ("tokens:\($0)", "op:\($0)", one) },
      semantics: .uniqueHard(.leftmost), mask: .causal)
    try builder.appendLayer(heads: [operatorHead])
    // Rounds.
    builder.declare(numbers.map { "left:\($0)" } + numbers.map { "right:\($0)" })
    for round in 1...h {
      let left = AttentionHead(
        name: "left-operand-\(round)", scores: [("op_pos", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
        moves: numbers.map { ("val:\($0)", "left:\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
      let right = AttentionHead(
        name: "right-operand-\(round)", scores: [("pos", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
        moves: numbers.map { ("val:\($0)", "right:\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
      var units: [MLP.Unit] = []
      for x in 0..<p {
        for op in ops {
          for y in 0..<p {
            guard let w = Arithmetic.apply(x, op, y, prime: p) else { continue }
            units.append(MLP.Unit(
              inputs: [("is_close", 1), ("left:\(x)", 1), ("op:\(op)", 1), ("right:\(y)", 1)], bias: -3, outputs: [("val:\(w)", 1)]))
          }
        }
      }
      for number in numbers {
        // The old value of a ")" goes; the heads' outputs are cleared.
        units.append(MLP.Unit(inputs: [("val:\(number)", 1), ("is_close", 1)], bias: -1, outputs: [("val:\(number)", -1)]))
        units.append(MLP.Unit(inputs: [("left:\(number)", 1)], outputs: [("left:\(number)", -1)]))
        units.append(MLP.Unit(inputs: [("right:\(number)", 1)], outputs: [("right:\(number)", -1)]))
      }
      try builder.appendLayer(heads: [left, right], mlp: MLP(name: "round-\(round)", units: units))
    }
    builder.metadata = [
      "construction": "arithmetic-tree", "prime": String(p), "nesting": String(h),
      "source": "Feng et al. 2023, Theorem 3.1 contrast: bottom-up reduction, one layer per nesting level",
    ]
    return try builder.build(readout: readout(numbers))
  }

  private static func readout(_ numbers: [String]) -> Readout {
    .categorical(directions: numbers.map { "val:\($0)" } + ["none"], labels: numbers.map { .text($0) } + [.text("_")])
  }
}
