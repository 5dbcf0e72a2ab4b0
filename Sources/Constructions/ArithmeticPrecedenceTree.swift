import ExactArithmetic
import Transformer

/// Arithmetic(n, p) in one pass for expressions with precedence and
/// optional parentheses (``Arithmetic/evaluate(_:prime:)``) whose parse
/// tree has height at most h (``Arithmetic/height(_:prime:)``): h + 1
/// rounds of one layer each evaluate the implicit parse tree bottom-up, so
/// the depth h + 4 grows with the height (Feng et al. 2023, Theorem 3.1: no
/// constant depth unless TC⁰ = NC¹). The output at each position is the
/// value of the prefix ending there when that prefix is an expression (a
/// number or `)` outside every parenthesis), `_` elsewhere.
///
/// Each factor end q (a number, or the `)` of `( E )`) keeps two slots:
/// T_q, the value of its term up to q (the left-associative product), and
/// E_q, the value of its parenthesised group (or the whole expression) up
/// to q. With F the factor's value (the number, or E at q − 1 for `)`), m
/// the factor's first token and t the `+`, `-`, `(` or start that begins
/// its term: T_q = F, or T at m − 2 op F when the token at m − 1 is op ∈
/// {*, /}; E_q = T_q, or E at t − 1 ± T_q when t is ±.
///
/// - Layer 1 (2 heads): the parenthesis depth d (an average, made an
///   integer by steps [d ≥ v], as in ``ArithmeticTree``), and the kind of the
///   token before each position (`*` or `/`).
/// - Layer 2 (2 heads): at `)`, its `(` (the last `(` at depth d + 1: its
///   position and the kind of the token before it); at every position, the
///   last `+`, `-`, `(` or BOS at depth d, the start of its term. The
///   perceptron forms m, the flags "after `*`", "after `/`" of the factor,
///   and (i − 1)·[token is `)`].
/// - Rounds 1…h + 1 (3 heads each): E at q − 1 (for `)`, BOS elsewhere), T at
///   m − 2 and E at t − 1; the perceptron rewrites T_q and E_q by lookups
///   (p² ReLUs per operator and case) and clears the heads' outputs. A slot
///   is zero until its inputs are known and exact after: every node of height
///   k is known after round k + 1.
/// - Last layer (perceptron): the answer, E_q at depth 0, `_` elsewhere.
///
/// The residual width depends on p only; the MLP width is 8p² + O(p) per
/// round and 2·min(h, (n − 1)/2) in layer 1.
public enum ArithmeticPrecedenceTree {
  /// The model for expressions of at most `length` tokens and parse-tree height at most `height`.
  public static func model(prime p: Int, length n: Int, height h: Int) throws -> Model {
    try Arithmetic.checkPrime(p, family: "arithmetic-tree")
    guard n >= 1 else { throw ConstructionError.badParameter("arithmetic-tree: length must be at least 1, got \(n)") }
    guard h >= 0 else { throw ConstructionError.badParameter("arithmetic-tree: height must be at least 0, got \(h)") }
    let numbers = Arithmetic.numbers(prime: p)
    let ops = Arithmetic.operators
    var builder = ModelBuilder(
      name: "arithmetic-tree-\(p)", vocabulary: ArithmeticTree.vocabulary(prime: p), maxLength: n,
      positions: .entries { i in ["pos": Rational(i), "pos_sq": Rational(i * i), "inverse_length": Rational(1, i + 1)] })
    let bos = builder.bos!
    for number in numbers { builder.embedding.tokens[number]!["val:\(number)"] = 1 }
    builder.embedding.tokens[")"]!["is_close"] = 1
    builder.embedding.tokens["("]!["is_open"] = 1
    for token in ["+", "-", "(", bos] { builder.embedding.tokens[token]!["term_start"] = 1 }
    builder.declare(numbers.map { "val:\($0)" } + ["is_close", "is_open", "term_start", "mean", "depth", "depth_sq"])
    let one = Rational.one
    let big = Rational(n + 1)
    // Layer 1: the depth, and the kind of the token before.
    let average = AttentionHead(
      name: "depth", scores: [("one", "one", 0)], moves: [("tokens:(", "mean", 1), ("tokens:)", "mean", -1)],
      semantics: .averagingHard, mask: .causal)
    func back(_ name: String, _ moves: [(String, String)]) -> AttentionHead {
      AttentionHead(
        name: name, scores: [("pos", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
        moves: moves.map { ($0.0, $0.1, one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
    }
    let before = back("token-before", [("tokens:*", "prev_mul"), ("tokens:/", "prev_div")])
    var steps: [MLP.Unit] = []
    let steepness = Rational(2 * (n + 1))
    let deepest = min(h, (n - 1) / 2)
    if deepest > 0 {
      for v in 1...deepest {
        let inputs: [(String, Rational)] = [("mean", steepness), ("inverse_length", -steepness * (Rational(v) - Rational(1, 2)))]
        let jumps: [(String, Rational)] = [("depth", 1), ("depth_sq", Rational(2 * v - 1))]
        steps.append(MLP.Unit(inputs: inputs, outputs: jumps))
        steps.append(MLP.Unit(inputs: inputs, bias: -1, outputs: jumps.map { ($0.0, -$0.1) }))
      }
    }
    try builder.appendLayer(heads: [average, before], mlp: steps.isEmpty ? nil : MLP(name: "depth", units: steps))
    // Layer 2: the factor's "(" and the term's start.
    func atDepth(offset: Rational) -> [(String, String, Rational)] {
      // −B(d_s − d_i − offset)² up to a constant of the query.
      [("one", "depth_sq", -big), ("depth", "depth", 2 * big), ("one", "depth", 2 * big * offset)]
    }
    let opener = AttentionHead(
      name: "matching-open", scores: atDepth(offset: 1) + [("one", "is_open", big), ("one", "pos", 1)],
      moves: [("pos", "open_pos", 1), ("prev_mul", "open_mul", 1), ("prev_div", "open_div", 1)],
      semantics: .uniqueHard(.leftmost), mask: .causal)
    let termStart = AttentionHead(
      name: "term-start", scores: atDepth(offset: 0) + [("one", "term_start", big), ("one", "pos", 1)],
      moves: [("pos", "start_pos", 1), ("tokens:+", "after_plus", 1), ("tokens:-", "after_minus", 1)],
      semantics: .uniqueHard(.leftmost), mask: .causal)
    builder.declare(["factor_start", "after_mul", "after_div", "close_prev"])
    let isNumber = numbers.map { ("val:\($0)", one) }
    // Gating a position x ≤ n by a flag: relu(x − B(1 − flag)).
    let structure = MLP(name: "structure", units: [
      MLP.Unit(inputs: [("pos", 1)] + isNumber.map { ($0.0, big) }, bias: -big, outputs: [("factor_start", 1)]),
      MLP.Unit(inputs: [("open_pos", 1), ("is_close", big)], bias: -big, outputs: [("factor_start", 1)]),
      MLP.Unit(inputs: [("prev_mul", 1)] + isNumber, bias: -1, outputs: [("after_mul", 1)]),
      MLP.Unit(inputs: [("open_mul", 1), ("is_close", 1)], bias: -1, outputs: [("after_mul", 1)]),
      MLP.Unit(inputs: [("prev_div", 1)] + isNumber, bias: -1, outputs: [("after_div", 1)]),
      MLP.Unit(inputs: [("open_div", 1), ("is_close", 1)], bias: -1, outputs: [("after_div", 1)]),
      MLP.Unit(inputs: [("pos", 1), ("is_close", big)], bias: -1 - big, outputs: [("close_prev", 1)]),
    ])
    try builder.appendLayer(heads: [opener, termStart], mlp: structure)
    // Rounds.
    builder.declare(numbers.flatMap { ["T:\($0)", "E:\($0)", "inside:\($0)", "left_term:\($0)", "left_sum:\($0)"] })
    let notFirstFactor: [(String, Rational)] = [("after_mul", -1), ("after_div", -1)]
    let notFirstTerm: [(String, Rational)] = [("after_plus", -1), ("after_minus", -1)]
    for round in 1...(h + 1) {
      let inside = AttentionHead(
        name: "inside-\(round)", scores: [("close_prev", "pos", 2), ("one", "pos_sq", -1)],
        moves: numbers.map { ("E:\($0)", "inside:\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
      let leftTerm = AttentionHead(
        name: "term-before-\(round)", scores: [("factor_start", "pos", 2), ("one", "pos", -4), ("one", "pos_sq", -1)],
        moves: numbers.map { ("T:\($0)", "left_term:\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
      let leftSum = AttentionHead(
        name: "sum-before-\(round)", scores: [("start_pos", "pos", 2), ("one", "pos", -2), ("one", "pos_sq", -1)],
        moves: numbers.map { ("E:\($0)", "left_sum:\($0)", one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
      // F:x is val:x + inside:x (one of them is zero).
      func factor(_ x: Int) -> [(String, Rational)] { [("val:\(x)", 1), ("inside:\(x)", 1)] }
      var units: [MLP.Unit] = []
      for x in 0..<p {
        // T = F; E = F as well in the first term.
        units.append(MLP.Unit(inputs: factor(x) + notFirstFactor, outputs: [("T:\(x)", 1)]))
        units.append(MLP.Unit(inputs: factor(x) + notFirstFactor + notFirstTerm, outputs: [("E:\(x)", 1)]))
        for y in 0..<p {
          for op in ops {
            guard let w = Arithmetic.apply(x, op, y, prime: p) else { continue }
            if op == "*" || op == "/" {
              // T = T before op F; E = T in the first term.
              let inputs = [("left_term:\(x)", one), (op == "*" ? "after_mul" : "after_div", one)] + factor(y)
              units.append(MLP.Unit(inputs: inputs, bias: -2, outputs: [("T:\(w)", 1)]))
              units.append(MLP.Unit(inputs: inputs + notFirstTerm, bias: -2, outputs: [("E:\(w)", 1)]))
            } else {
              let sign = op == "+" ? "after_plus" : "after_minus"
              // E = E before ± F (first factor), or ± T of the last round.
              units.append(MLP.Unit(
                inputs: [("left_sum:\(x)", 1), (sign, 1)] + factor(y) + notFirstFactor, bias: -2, outputs: [("E:\(w)", 1)]))
              units.append(MLP.Unit(
                inputs: [("left_sum:\(x)", 1), (sign, 1), ("T:\(y)", 1), ("after_mul", 1), ("after_div", 1)], bias: -3,
                outputs: [("E:\(w)", 1)]))
            }
          }
        }
        for slot in ["T", "E", "inside", "left_term", "left_sum"] {
          units.append(MLP.Unit(inputs: [("\(slot):\(x)", 1)], outputs: [("\(slot):\(x)", -1)]))
        }
      }
      try builder.appendLayer(heads: [inside, leftTerm, leftSum], mlp: MLP(name: "round-\(round)", units: units))
    }
    // The answer: E at depth 0; `_` elsewhere (min(1, 1 − factor end + depth)).
    builder.declare(numbers.map { "answer:\($0)" } + ["answer_none"])
    var answer: [MLP.Unit] = numbers.map { MLP.Unit(inputs: [("E:\($0)", 1), ("depth", -1)], outputs: [("answer:\($0)", 1)]) }
    let open: [(String, Rational)] = isNumber.map { ($0.0, -1) } + [("is_close", -1), ("depth", 1)]
    answer.append(MLP.Unit(inputs: open, bias: 1, outputs: [("answer_none", 1)]))
    answer.append(MLP.Unit(inputs: open, outputs: [("answer_none", -1)]))
    try builder.appendLayer(mlp: MLP(name: "answer", units: answer))
    builder.metadata = [
      "construction": "arithmetic-tree", "family": "precedence", "prime": String(p), "height": String(h), "length": String(n),
      "source": "Feng et al. 2023, Theorem 3.1 contrast: the implicit parse tree bottom-up, one layer per level of its height",
    ]
    return try builder.build(
      readout: .categorical(
        directions: numbers.map { "answer:\($0)" } + ["answer_none"], labels: numbers.map { .text($0) } + [.text("_")]))
  }
}
