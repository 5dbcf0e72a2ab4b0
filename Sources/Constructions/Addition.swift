import ExactArithmetic
import Transformer

/// n-digit addition in one pass at depth 2 for every n, by carry look-ahead
/// (the sum's digits need no written-out steps; Feng et al. 2023 contrast
/// this with arithmetic expressions, papers.md §6a).
///
/// Prompt (most significant digit first): `a_{n−1} … a_0 + b_{n−1} … b_0 =`
/// then n + 1 placeholders `_`; the output at the placeholder of place p is
/// digit p of a + b (places n … 0), 0 elsewhere.
///
/// - Layer 1: each digit of b attends to the digit of a in its place (place
///   one-hots in the position embedding) and its perceptron classifies the
///   column sum s_q = a_q + b_q: the digit s_q mod 10, generate g_q = [s_q ≥ 10]
///   and "stops a carry" [s_q ≠ 9], as exact triangle functions of s_q.
/// - Layer 2: the placeholder of place p reads its column's digit (BOS for
///   place n: digit 0) and, by one head, the highest place q < p whose
///   column does not propagate (s_q ≠ 9), or the highest q < p when all
///   propagate: the carry into p is that column's g. The perceptron adds
///   the carry mod 10 (at placeholders only).
///
/// Resources: 2 layers and 2 heads a layer for every n; the residual width
/// grows as 3n (the place one-hots).
public enum Addition {
  public static let placeholder = "_"

  /// The prompt for a + b with `digits` digits each.
  public static func prompt(_ a: Int, _ b: Int, digits n: Int) -> [String] {
    func written(_ x: Int) -> [String] {
      (0..<n).reversed().map { String((x / power(10, $0)) % 10) }
    }
    return written(a) + ["+"] + written(b) + ["="] + Array(repeating: placeholder, count: n + 1)
  }

  /// The expected outputs: 0 up to `=`, then the n + 1 digits of a + b.
  public static func reference(_ prompt: [String], digits n: Int) throws -> [String] {
    guard prompt.count == 3 * n + 3, prompt[n] == "+", prompt[2 * n + 1] == "=",
      prompt[(2 * n + 2)...].allSatisfy({ $0 == placeholder }),
      let a = Int(prompt[0..<n].joined()), let b = Int(prompt[(n + 1)..<(2 * n + 1)].joined())
    else {
      throw ConstructionError.badParameter("addition: not a prompt of two \(n)-digit numbers: \(prompt.joined(separator: " "))")
    }
    let sum = a + b
    return Array(repeating: "0", count: 2 * n + 2) + (0...n).reversed().map { String((sum / power(10, $0)) % 10) }
  }

  static func power(_ base: Int, _ exponent: Int) -> Int {
    (0..<exponent).reduce(1) { value, _ in value * base }
  }

  public static func model(digits n: Int) throws -> Model {
    guard n >= 1 else { throw ConstructionError.badParameter("addition: digits must be at least 1") }
    let digitTokens = (0...9).map(String.init)
    // Positions 1…n: a (place n − i); n + 2 … 2n + 1: b (place 2n + 1 − i);
    // 2n + 3 … 3n + 3: placeholders (place 3n + 3 − i).
    var builder = ModelBuilder(
      name: "addition-\(n)", vocabulary: digitTokens + ["+", "=", placeholder], maxLength: 3 * n + 3,
      positions: .entries { i in
        if (1...n).contains(i) { return ["aplace:\(n - i)": 1] }
        if ((n + 2)...(2 * n + 1)).contains(i) { return ["bplace:\(2 * n + 1 - i)": 1, "is_b": 1] }
        if ((2 * n + 3)...(3 * n + 3)).contains(i) { return ["oplace:\(3 * n + 3 - i)": 1, "is_out": 1] }
        return [:]
      })
    builder.minLength = 3 * n + 3
    let bos = "tokens:\(builder.bos!)"
    var rows: [String: [String: Rational]] = [builder.bos!: [bos: 1, "col:0": 1]]
    for d in 0...9 { rows[String(d)] = ["tokens:\(d)": 1, "digit": Rational(d)] }
    for t in ["+", "=", placeholder] { rows[t] = ["tokens:\(t)": 1] }
    builder.embedding.tokens = rows
    // Layer 1: the column sums at b's digits.
    builder.declare(["a_digit", "generate", "stops"] + (0...9).map { "col:\($0)" })
    let gather = AttentionHead(
      name: "column",
      scores: (0..<n).map { ("bplace:\($0)", "aplace:\($0)", Rational.one) },
      moves: [("digit", "a_digit", 1)], semantics: .uniqueHard(.leftmost), mask: .causal)
    // s = a_digit + digit at b's digits, 100 or more elsewhere (every triangle is 0 there).
    let sum: [(String, Rational)] = [("a_digit", 1), ("digit", 1), ("is_b", -100), ("one", 100)]
    var classify: [MLP.Unit] = []
    for v in 0...18 {
      var outputs: [(String, Rational)] = [("col:\(v % 10)", 1)]
      if v >= 10 { outputs.append(("generate", 1)) }
      if v != 9 { outputs.append(("stops", 1)) }
      for (offset, weight) in [(1, Rational(1)), (0, Rational(-2)), (-1, Rational(1))] {
        classify.append(MLP.Unit(
          inputs: sum, bias: Rational(offset - v), outputs: outputs.map { ($0.0, $0.1 * weight) }))
      }
    }
    try builder.appendLayer(heads: [gather], mlp: MLP(name: "classify", units: classify))
    // Layer 2: the column digit and the carry at each placeholder.
    builder.declare(["carry", "sum_digit"] + (0...9).map { "own:\($0)" })
    let own = AttentionHead(
      name: "own-column",
      scores: (0..<n).map { ("oplace:\($0)", "bplace:\($0)", Rational.one) } + [("one", bos, Rational(1, 2))],
      moves: (0...9).map { ("col:\($0)", "own:\($0)", Rational.one) }, semantics: .uniqueHard(.leftmost), mask: .causal)
    var carryScores: [(query: String, key: String, weight: Rational)] = [("one", "stops", Rational(2 * n))]
    for p in 0...n {
      for q in 0..<n {
        carryScores.append(("oplace:\(p)", "bplace:\(q)", q < p ? Rational(q + 1) : Rational(-8 * n)))
      }
    }
    let carry = AttentionHead(
      name: "carry", scores: carryScores, moves: [("generate", "carry", 1)],
      semantics: .uniqueHard(.leftmost), mask: .causal)
    var add: [MLP.Unit] = []
    for k in 0...9 {
      add.append(MLP.Unit(
        inputs: [("own:\(k)", 1), ("carry", -1), ("is_out", 1)], bias: -1, outputs: [("sum_digit", Rational(k))]))
      add.append(MLP.Unit(
        inputs: [("own:\(k)", 1), ("carry", 1), ("is_out", 1)], bias: -2, outputs: [("sum_digit", Rational((k + 1) % 10))]))
    }
    try builder.appendLayer(heads: [own, carry], mlp: MLP(name: "add-carry", units: add))
    builder.metadata = [
      "construction": "addition", "digits": String(n),
      "source": "carry look-ahead by attention (papers.md §6a contrast)",
    ]
    return try builder.build(readout: .numerical(direction: "sum_digit"))
  }
}
