import ExactArithmetic
import Transformer

/// Arithmetic(n, p) by chain of thought (Feng et al. 2023, Theorem 3.3:
/// a constant-depth transformer whose width does not depend on n), for
/// expressions over F_p with precedence and optional parentheses (the fully
/// parenthesised ones included): the prompt `E =`, then each step rewrites
/// the last expression with its leftmost reducible operation evaluated
/// (``Arithmetic/reduceOnce(_:prime:)``: `a * b`, `a / b` whose left operand
/// follows no `*` or `/`; `a + b`, `a - b` between `(` or the start and `)`,
/// `+`, `-` or the end; `( n )`; a binary operation alone in its parentheses
/// drops them), followed by `=` (by `eos` once the expression is one number).
///
/// A reduction is recognised at its anchor q, the token two after its
/// central token (operator, or the n of `( n )`): the tokens 1…4 back and
/// the token at q decide it. It replaces the old expression's tokens from
/// s = q − 3 − long to q − 1 + long by one value, long = 1 when the
/// parentheses go (5 tokens) and 0 otherwise (3 tokens), so the tokens after
/// it shift by 2 or 4.
///
/// Writing the token at offset j of the new expression (j = i − z, z the
/// last `=` at or before position i, z' the one before it or BOS), with
/// r = s − z' − 1 the offset of the span: j < r copies the token at
/// z' + 1 + j, j = r writes the value, j > r copies the token at
/// z' + 3 + 2·long + j; copying the `=` that ends the old expression writes
/// `=`, or `eos` at j = 1.
///
/// - Layer 1 (5 heads): the last separator (`=` or BOS) z and z², by hard
///   attention; the tokens 1, 2, 3 and 4 back (score 2s(i − k) − s², maximal
///   at s = i − k). Its perceptron marks an anchor (one ReLU per rule), its
///   flag long, its value (one ReLU per triple a, op, b without a division
///   by zero and one per n of `( n )`: 4p² units) and the flag [j = 1].
/// - Layer 2 (2 heads): z', read at position z − 1 (the old expression's
///   last token, whose separator is z'), and each position's home
///   separator: z and z² of the position before it (the last separator
///   strictly before it, so an anchor on the old expression's `=` belongs
///   to the old expression).
/// - Layer 3 (1 head): the leftmost anchor whose home is z' (score
///   −B(h_s − z')² + B·anchor_s − s, B = T + 1), its position q, long and
///   value; the perceptron forms [j > r], [j = r] and [j > r]·long.
/// - Layer 4 (1 head): the token at the source position; the perceptron
///   writes the next token.
///
/// 4 layers (the paper's bound is 5) and at most 5 heads a layer (the
/// paper's 5); the residual and MLP widths depend on p only; the weights
/// depend on n through B = T + 1 only, as the paper's parameters do (poly(n)).
public enum ArithmeticChainOfThought {
  /// The tokens: numbers, operators, parentheses, `=` and the stop token `eos`.
  public static func vocabulary(prime p: Int) -> [String] {
    Arithmetic.numbers(prime: p) + Arithmetic.operators + ["(", ")", "=", "eos"]
  }

  /// The model for expressions of at most `length` tokens over F_p (its
  /// longest chain set by the family: a precedence step may shorten the
  /// expression by only 2 tokens, a fully parenthesised one by 4).
  public static func model(prime p: Int, length n: Int, family: ArithmeticFamily = .precedence) throws -> Model {
    try Arithmetic.checkPrime(p, family: "arithmetic-cot")
    let shortest = family == .precedence ? 3 : 5
    guard n >= shortest else {
      throw ConstructionError.badParameter("arithmetic-cot: length must be at least \(shortest) (one operation), got \(n)")
    }
    let numbers = Arithmetic.numbers(prime: p)
    let ops = Arithmetic.operators
    let vocabulary = vocabulary(prime: p)
    let t = Arithmetic.chainLength(expressionLength: n, family: family)
    var builder = ModelBuilder(
      name: "arithmetic-cot-\(p)", vocabulary: vocabulary, maxLength: t,
      positions: .entries { i in ["pos": Rational(i), "pos_sq": Rational(i * i)] })
    let bos = builder.bos!
    builder.embedding.tokens[bos]!["sep"] = 1
    builder.embedding.tokens["="]!["sep"] = 1
    let big = Rational(t + 1)
    let one = Rational.one
    // Layer 1.
    let separator = AttentionHead(
      name: "last-separator", scores: [("one", "sep", big), ("one", "pos", 1)],
      moves: [("pos", "z", 1), ("pos_sq", "z_sq", 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    func back(_ k: Int, _ moves: [(String, String)]) -> AttentionHead {
      AttentionHead(
        name: "token-\(k)-back", scores: [("pos", "pos", 2), ("one", "pos", Rational(-2 * k)), ("one", "pos_sq", -1)],
        moves: moves.map { ($0.0, $0.1, one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
    }
    // 1 back: the right operand b, or the ")" of ( n ); 2 back: the operator
    // or n; 3 back: the left operand a, or the "(" of ( n ); 4 back: what
    // precedes the left operand, by class.
    let back1 = numbers.map { ("tokens:\($0)", "b:\($0)") } + [("tokens:)", "b_close")]
    let back2 = ops.map { ("tokens:\($0)", "op:\($0)") } + numbers.map { ("tokens:\($0)", "mid:\($0)") }
    let back3 = numbers.map { ("tokens:\($0)", "a:\($0)") } + [("tokens:(", "a_open")]
    let back4 = [("tokens:*", "before_mul"), ("tokens:/", "before_mul"), ("tokens:(", "before_open"), ("sep", "before_start")]
    builder.declare(
      ["z", "z_sq"] + back1.map(\.1) + back2.map(\.1) + back3.map(\.1) + ["before_mul", "before_open", "before_start"])
    builder.declare(["anchor", "long", "j_is_1"] + numbers.map { "v:\($0)" })
    let isB = numbers.map { ("b:\($0)", one) }
    let isA = numbers.map { ("a:\($0)", one) }
    let mulDiv: [(String, Rational)] = [("op:*", 1), ("op:/", 1)]
    let addSub: [(String, Rational)] = [("op:+", 1), ("op:-", 1)]
    let follows: [(String, Rational)] = [")", "+", "-", "="].map { ("tokens:\($0)", one) }
    var units: [MLP.Unit] = [
      // a * b, a / b with no * or / before a.
      MLP.Unit(inputs: isB + mulDiv + isA + [("before_mul", -1)], bias: -2, outputs: [("anchor", 1)]),
      // a + b, a - b after "(" or the start, before ")", "+", "-" or "=".
      MLP.Unit(
        inputs: isB + addSub + isA + [("before_open", 1), ("before_start", 1)] + follows, bias: -4, outputs: [("anchor", 1)]),
      // ( n ).
      MLP.Unit(inputs: [("b_close", 1), ("a_open", 1)] + numbers.map { ("mid:\($0)", one) }, bias: -2, outputs: [("anchor", 1)]),
      // ( a op b ): the parentheses go too.
      MLP.Unit(inputs: isB + mulDiv + addSub + isA + [("before_open", 1), ("tokens:)", 1)], bias: -4, outputs: [("long", 1)]),
    ]
    for x in 0..<p {
      for op in ops {
        for y in 0..<p {
          guard let w = Arithmetic.apply(x, op, y, prime: p) else { continue }
          units.append(MLP.Unit(inputs: [("a:\(x)", 1), ("op:\(op)", 1), ("b:\(y)", 1)], bias: -2, outputs: [("v:\(w)", 1)]))
        }
      }
      units.append(MLP.Unit(inputs: [("a_open", 1), ("mid:\(x)", 1), ("b_close", 1)], bias: -2, outputs: [("v:\(x)", 1)]))
    }
    // [j = 1] for j = i − z ≥ 0.
    let j: [(String, Rational)] = [("pos", 1), ("z", -1)]
    units.append(MLP.Unit(inputs: j, outputs: [("j_is_1", 1)]))
    units.append(MLP.Unit(inputs: j, bias: -1, outputs: [("j_is_1", -2)]))
    units.append(MLP.Unit(inputs: j, bias: -2, outputs: [("j_is_1", 1)]))
    try builder.appendLayer(
      heads: [separator, back(1, back1), back(2, back2), back(3, back3), back(4, back4)],
      mlp: MLP(name: "anchor-value", units: units))
    // Layer 2: z' is the separator of position z − 1; a position's home is the separator of the position before it.
    let previous = AttentionHead(
      name: "previous-separator", scores: [("z", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
      moves: [("z", "zp", 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    let home = AttentionHead(
      name: "home-separator", scores: [("pos", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
      moves: [("z", "home", 1), ("z_sq", "home_sq", 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    builder.declare(["zp", "home", "home_sq"])
    try builder.appendLayer(heads: [previous, home])
    // Layer 3: the leftmost anchor of the old expression.
    let leftmost = AttentionHead(
      name: "leftmost-anchor",
      scores: [("one", "home_sq", -big), ("zp", "home", 2 * big), ("one", "anchor", big), ("one", "pos", -1)],
      moves: [("pos", "q", 1), ("long", "q_long", 1)] + numbers.map { ("v:\($0)", "value:\($0)", one) },
      semantics: .uniqueHard(.leftmost), mask: .causal)
    builder.declare(["q", "q_long"] + numbers.map { "value:\($0)" } + ["after", "at", "after_long"])
    // d = j − r = i − z − q + long + z' + 4 (the inputs below, the 4 in the biases).
    let d: [(String, Rational)] = [("pos", 1), ("z", -1), ("q", -1), ("q_long", 1), ("zp", 1)]
    // [d ≥ 1] = relu(d) − relu(d − 1); [d = 0] = relu(d + 1) − 2 relu(d) + relu(d − 1);
    // [d ≥ 1]·long = relu(d − B(1 − long)) − relu(d − 1 − B(1 − long)) (|d| < B).
    let withLong = d.map { ($0.0, $0.0 == "q_long" ? 1 + big : $0.1) }
    let offsets = MLP(name: "offsets", units: [
      MLP.Unit(inputs: d, bias: 4, outputs: [("after", 1), ("at", -2)]),
      MLP.Unit(inputs: d, bias: 3, outputs: [("after", -1), ("at", 1)]),
      MLP.Unit(inputs: d, bias: 5, outputs: [("at", 1)]),
      MLP.Unit(inputs: withLong, bias: 4 - big, outputs: [("after_long", 1)]),
      MLP.Unit(inputs: withLong, bias: 3 - big, outputs: [("after_long", -1)]),
    ])
    try builder.appendLayer(heads: [leftmost], mlp: offsets)
    // Layer 4: copy the token at z' + 1 + j + 2·after + 2·after·long.
    let copied = numbers + ops + ["(", ")", "="]
    let copy = AttentionHead(
      name: "copy-source",
      scores: [
        ("zp", "pos", 2), ("one", "pos", 2), ("pos", "pos", 2), ("z", "pos", -2), ("after", "pos", 4), ("after_long", "pos", 4),
        ("one", "pos_sq", -1),
      ],
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
      "construction": "arithmetic-cot", "prime": String(p), "length": String(n), "family": family.rawValue,
      "source": "Feng et al. 2023, Theorem 3.3 (precedence and optional parentheses; the leftmost reducible operation per step)",
    ]
    return try builder.build(
      readout: .categorical(directions: vocabulary.map { "next:\($0)" }, labels: vocabulary.map { .text($0) }))
  }
}
