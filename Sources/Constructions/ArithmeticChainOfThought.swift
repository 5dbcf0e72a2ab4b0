import ExactArithmetic
import Transformer

/// Arithmetic(n, p) by chain of thought (Feng et al. 2023, Theorem 3.3:
/// a constant-depth transformer whose width does not depend on n), for
/// fully parenthesised expressions over F_p: the prompt `E =`, then each
/// step rewrites the last expression with its leftmost innermost
/// `( a op b )` replaced by the value, followed by `=` (by `eos` once the
/// expression is one number).
///
/// Writing the token at offset j of the new expression (j = i − z, z the
/// last `=` at or before position i, z' the one before it or BOS, and R the
/// position of the `)` to reduce), with r = R − z' − 5 the offset of its
/// `(`: j < r copies the token at z' + 1 + j, j = r writes the value, j > r
/// copies the token at z' + 5 + j; copying the `=` that ends the old
/// expression writes `=`, or `eos` at j = 1.
///
/// - Layer 1 (4 heads): the last separator (`=` or BOS) z and z², by hard
///   attention; the tokens 1, 2 and 3 back (score 2s(i − k) − s², maximal
///   at s = i − k). Its perceptron marks an innermost `)` (a number 1 and
///   3 back), looks up its value a op b (one ReLU per triple: 4p² units)
///   and the flag [j = 1].
/// - Layer 2 (1 head): z', read at position z − 1 (the old expression's
///   last token, whose separator is z').
/// - Layer 3 (1 head): the leftmost innermost `)` whose separator is z'
///   (score −B(z_s − z')² + B·innermost_s − s, B = T + 1), its position R
///   and value; the perceptron forms [j > r] and [j = r].
/// - Layer 4 (1 head): the token at the source position; the perceptron
///   writes the next token.
///
/// 4 layers (the paper's 5 is an upper bound) and at most 4 heads a layer
/// (the paper's 5); the residual and MLP widths depend on p only (4p² + 8
/// units in layer 1); the weights depend on n through B = T + 1 only, as
/// the paper's parameters do (poly(n)).
public enum ArithmeticChainOfThought {
  /// The tokens: numbers, operators, parentheses, `=` and the stop token `eos`.
  public static func vocabulary(prime p: Int) -> [String] {
    Arithmetic.numbers(prime: p) + Arithmetic.operators + ["(", ")", "=", "eos"]
  }

  /// The model for expressions of at most `length` tokens over F_p.
  public static func model(prime p: Int, length n: Int) throws -> Model {
    try Arithmetic.checkPrime(p, family: "arithmetic-cot")
    guard n >= 5 else { throw ConstructionError.badParameter("arithmetic-cot: length must be at least 5 (one operation), got \(n)") }
    let numbers = Arithmetic.numbers(prime: p)
    let ops = Arithmetic.operators
    let vocabulary = vocabulary(prime: p)
    let t = Arithmetic.chainLength(expressionLength: n)
    var builder = ModelBuilder(
      name: "arithmetic-cot-\(p)", vocabulary: vocabulary, maxLength: t,
      positions: .entries { i in ["pos": Rational(i), "pos_sq": Rational(i * i)] })
    let bos = builder.bos!
    builder.embedding.tokens[bos]!["sep"] = 1
    builder.embedding.tokens["="]!["sep"] = 1
    builder.embedding.tokens[")"]!["is_close"] = 1
    let big = Rational(t + 1)
    let one = Rational.one
    // Layer 1.
    let separator = AttentionHead(
      name: "last-separator", scores: [("one", "sep", big), ("one", "pos", 1)],
      moves: [("pos", "z", 1), ("pos_sq", "z_sq", 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    func back(_ k: Int, _ name: String, _ tokens: [String]) -> AttentionHead {
      AttentionHead(
        name: "token-\(k)-back", scores: [("pos", "pos", 2), ("one", "pos", Rational(-2 * k)), ("one", "pos_sq", -1)],
        moves: tokens.map { ("tokens:\($0)", "\(name):\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
    }
    builder.declare(["z", "z_sq"] + numbers.map { "b:\($0)" } + ops.map { "op:\($0)" } + numbers.map { "a:\($0)" })
    builder.declare(["innermost", "j_is_1"] + numbers.map { "v:\($0)" })
    var units: [MLP.Unit] = [
      MLP.Unit(
        inputs: [("is_close", 1)] + numbers.map { ("b:\($0)", one) } + numbers.map { ("a:\($0)", one) },
        bias: -2, outputs: [("innermost", 1)])
    ]
    for x in 0..<p {
      for op in ops {
        for y in 0..<p {
          guard let w = Arithmetic.apply(x, op, y, prime: p) else { continue }
          units.append(MLP.Unit(
            inputs: [("is_close", 1), ("a:\(x)", 1), ("op:\(op)", 1), ("b:\(y)", 1)], bias: -3, outputs: [("v:\(w)", 1)]))
        }
      }
    }
    // [j = 1] for j = i − z ≥ 0.
    let j: [(String, Rational)] = [("pos", 1), ("z", -1)]
    units.append(MLP.Unit(inputs: j, outputs: [("j_is_1", 1)]))
    units.append(MLP.Unit(inputs: j, bias: -1, outputs: [("j_is_1", -2)]))
    units.append(MLP.Unit(inputs: j, bias: -2, outputs: [("j_is_1", 1)]))
    try builder.appendLayer(
      heads: [separator, back(1, "b", numbers), back(2, "op", ops), back(3, "a", numbers)],
      mlp: MLP(name: "innermost-value", units: units))
    // Layer 2: z' is the separator of position z − 1.
    let previous = AttentionHead(
      name: "previous-separator", scores: [("z", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
      moves: [("z", "zp", 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    try builder.appendLayer(heads: [previous])
    // Layer 3: the leftmost innermost ")" of the old expression.
    let innermost = AttentionHead(
      name: "leftmost-innermost",
      scores: [("one", "z_sq", -big), ("zp", "z", 2 * big), ("one", "innermost", big), ("one", "pos", -1)],
      moves: [("pos", "close", 1)] + numbers.map { ("v:\($0)", "value:\($0)", one) },
      semantics: .uniqueHard(.leftmost), mask: .causal)
    builder.declare(["close"] + numbers.map { "value:\($0)" } + ["after", "at"])
    // d = j − r = i − z − R + z' + 5 (the inputs below, the 5 in the biases).
    let d: [(String, Rational)] = [("pos", 1), ("z", -1), ("close", -1), ("zp", 1)]
    // [d ≥ 1] = relu(d) − relu(d − 1); [d = 0] = relu(d + 1) − 2 relu(d) + relu(d − 1).
    let offsets = MLP(name: "offsets", units: [
      MLP.Unit(inputs: d, bias: 5, outputs: [("after", 1), ("at", -2)]),
      MLP.Unit(inputs: d, bias: 4, outputs: [("after", -1), ("at", 1)]),
      MLP.Unit(inputs: d, bias: 6, outputs: [("at", 1)]),
    ])
    try builder.appendLayer(heads: [innermost], mlp: offsets)
    // Layer 4: copy the token at z' + 1 + j + 4·after.
    let copied = numbers + ops + ["(", ")", "="]
    let copy = AttentionHead(
      name: "copy-source",
      scores: [("zp", "pos", 2), ("one", "pos", 2), ("pos", "pos", 2), ("z", "pos", -2), ("after", "pos", 8), ("one", "pos_sq", -1)],
      moves: copied.map { ("tokens:\($0)", "copy:\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
    builder.declare(copied.map { "copy:\($0)" } + vocabulary.map { "next:\($0)" })
    var write: [MLP.Unit] = []
    for token in numbers + ops + ["(", ")"] {
      write.append(MLP.Unit(inputs: [("copy:\(token)", 1), ("at", -1)], outputs: [("next:\(token)", 1)]))
    }
    for number in numbers {
      write.append(MLP.Unit(inputs: [("value:\(number)", 1), ("at", 1)], bias: -1, outputs: [("next:\(number)", 1)]))
    }
    write.append(MLP.Unit(inputs: [("copy:=", 1), ("at", -1), ("j_is_1", -1)], outputs: [("next:=", 1)]))
    write.append(MLP.Unit(inputs: [("copy:=", 1), ("j_is_1", 1)], bias: -1, outputs: [("next:eos", 1)]))
    try builder.appendLayer(heads: [copy], mlp: MLP(name: "next-token", units: write))
    builder.stopTokens = ["eos"]
    builder.metadata = [
      "construction": "arithmetic-cot", "prime": String(p), "length": String(n),
      "source": "Feng et al. 2023, Theorem 3.3 (fully parenthesised expressions; leftmost innermost reduction per step)",
    ]
    return try builder.build(
      readout: .categorical(directions: vocabulary.map { "next:\($0)" }, labels: vocabulary.map { .text($0) }))
  }
}
