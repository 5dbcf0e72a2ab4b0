import ExactArithmetic
import Transformer

/// k independent four-option questions answered by one token from a
/// vocabulary of 4^k, in one forward pass of depth D + 1 for every k, where
/// D = 1 is the depth of one question.
///
/// Follows our k-MCQ design (papers.md §9a, [P]; the idea is from a
/// LessWrong comment: "encode these four answer options into a single
/// token, so that there are 16 possible tokens"). Tokens: questions
/// `q0 … q(Q−1)`, values `v0 … v(V−1)`, and `?`. A fact table maps each
/// question to a value, f(q_i) = v_((3i + 1) mod V). An item is five tokens
/// `q o1 o2 o3 o4`: a question and four distinct options, exactly one of
/// them f(q); its answer is the letter A–D of that option. The prompt is
/// k items then `?`; the output at `?` is the joint answer, the token
/// `a_1 a_2 … a_k` (item 1's letter first), whose index in the 4^k
/// vocabulary is Σ_j a_j·4^(j−1) with A = 0 … D = 3.
///
/// - Layer 1 (one item, D = 1; the same weights in every item's span): four
///   heads read the tokens 1–4 places back (score `2j(i − s) − j²`, maximal
///   exactly at j = i − s), so an item's last position sees its question
///   and options; an MLP unit per (item j, question, slot) fires when the
///   position is the end of item j, the question is q and the option in
///   that slot is f(q), writing the one-hot answer into item j's own block
///   `blk:j:A…D` (a segment one-hot `end:j` in the positional encoding
///   routes it).
/// - Layer 2 (gather): one averaging head at `?` over the k item ends gives
///   (1/k)·[onehot(a_1) | … | onehot(a_k)]; its value weight k makes the
///   blocks `ans:j:·` exact one-hots. The MLP is the unembedding: the
///   logit of joint token t is Σ_j ans:j:t_j, additive over items (rank
///   3k + 1 against 4^k rows), maximal (= k) exactly at the right token.
///
/// **Readouts.** `token` materialises the 4^k logits as directions (a
/// categorical readout over the joint tokens, plus `none` at positions
/// other than `?`), which is only practical for small k. `index` reads the
/// argmax of those logits through the factorisation: one direction holding
/// Σ_j (a_j)·4^(j−1) at `?` (−1 elsewhere), a linear function of the
/// one-hot blocks; it scales to any k. The one-hot blocks are the model's
/// answer state either way; the index direction packs them only for the
/// readout (exact rationals would let one number carry any k, the artefact
/// papers.md §0 warns about).
///
/// Resources (index readout): 2 layers for every k; heads 4 and 1; residual
/// width 9k + 2Q + 4V + 7 (``residualWidth(items:questions:values:readout:)``);
/// MLP widths 4kQ and 3k + 1.
public enum MultipleChoice {
  /// How the joint answer is read.
  public enum ReadoutKind: String, Sendable, CaseIterable {
    /// One categorical label per joint token (4^k directions).
    case token
    /// The joint token's index as a number.
    case index
  }

  /// The letters of the four options.
  public static let letters = ["A", "B", "C", "D"]
  /// The token that asks for the joint answer.
  public static let ask = "?"
  /// The label at positions other than `?` (token readout).
  public static let none = "none"

  /// The value f(q_i) for question i.
  public static func fact(_ question: Int, values: Int) -> Int { (3 * question + 1) % values }

  /// One item: a question and four options.
  public struct Item: Sendable, Hashable {
    public var question: Int
    public var options: [Int]
    public init(question: Int, options: [Int]) {
      self.question = question
      self.options = options
    }
    /// The item's tokens.
    public var tokens: [String] { ["q\(question)"] + options.map { "v\($0)" } }
    /// The slot (0…3) holding f(q).
    public func answer(values: Int) -> Int? {
      options.firstIndex(of: MultipleChoice.fact(question, values: values))
    }
  }

  /// Every well-formed item: each question with every ordered choice of four
  /// distinct values that includes its fact.
  public static func allItems(questions: Int, values: Int) -> [Item] {
    var out: [Item] = []
    for q in 0..<questions {
      for a in 0..<values {
        for b in 0..<values where b != a {
          for c in 0..<values where c != a && c != b {
            for d in 0..<values where d != a && d != b && d != c {
              let options = [a, b, c, d]
              if options.contains(fact(q, values: values)) { out.append(Item(question: q, options: options)) }
            }
          }
        }
      }
    }
    return out
  }

  /// The prompt for `items`: their tokens, then `?`.
  public static func prompt(_ items: [Item]) -> [String] { items.flatMap(\.tokens) + [ask] }

  /// The joint answer token for answer slots `answers` (item 1 first).
  public static func jointToken(_ answers: [Int]) -> String { answers.map { letters[$0] }.joined() }

  /// The joint token's index, Σ_j a_j·4^(j−1), exactly (past 31 items it is beyond Int's range).
  public static func jointIndex(_ answers: [Int]) -> Rational {
    answers.reversed().reduce(Rational.zero) { $0 * 4 + Rational($1) }
  }

  /// What the model outputs at each position of a prompt: the joint answer
  /// at `?`, and `none` (token) or −1 (index) before it.
  public static func expectedOutputs(
    _ prompt: [String], items k: Int, questions: Int, values: Int, readout: ReadoutKind
  ) throws -> [String] {
    func bad() -> ConstructionError {
      .badParameter("not a \(k)-item prompt (q o1 o2 o3 o4 per item, then ?): \(prompt.joined(separator: " "))")
    }
    guard prompt.count == 5 * k + 1, prompt.last == ask else { throw bad() }
    var answers: [Int] = []
    for j in 0..<k {
      let span = prompt[(5 * j)..<(5 * j + 5)]
      guard let q = Int(span.first!.dropFirst()), span.first!.hasPrefix("q"), q < questions else { throw bad() }
      let options = span.dropFirst().compactMap { $0.hasPrefix("v") ? Int($0.dropFirst()) : nil }
      guard options.count == 4, Set(options).count == 4, options.allSatisfy({ $0 < values }),
        let a = Item(question: q, options: options).answer(values: values)
      else { throw bad() }
      answers.append(a)
    }
    let filler = readout == .token ? none : "-1"
    let answer = readout == .token ? jointToken(answers) : String(jointIndex(answers))
    return Array(repeating: filler, count: 5 * k) + [answer]
  }

  /// The residual width of the k-item model.
  public static func residualWidth(items k: Int, questions: Int, values: Int, readout: ReadoutKind) -> Int {
    let common = 1 + (1 + questions + values + 1) + 3 + k + 3 * values + questions + 8 * k
    switch readout {
    case .index: return common + 1
    case .token: return common + (1 << (2 * k)) + 1
    }
  }

  /// The item layer: heads that gather an item at its last position, and
  /// the MLP writing item j's one-hot answer into `blk:j:·` at the end of
  /// item j.
  static func itemLayer(items k: Int, questions: Int, values: Int) -> (heads: [AttentionHead], mlp: MLP) {
    let valueTokens = (0..<values).map { "tokens:v\($0)" }
    var heads: [AttentionHead] = []
    for back in 1...3 {
      heads.append(AttentionHead(
        name: "option-\(4 - back)",
        scores: [("pos", "pos", 2), ("one", "pos", Rational(-2 * back)), ("one", "pos_sq", -1)],
        moves: (0..<values).map { (valueTokens[$0], "o\(4 - back):v\($0)", Rational.one) },
        semantics: .uniqueHard(.leftmost), mask: .causal))
    }
    heads.append(AttentionHead(
      name: "question",
      scores: [("pos", "pos", 2), ("one", "pos", -8), ("one", "pos_sq", -1)],
      moves: (0..<questions).map { ("tokens:q\($0)", "question:q\($0)", Rational.one) },
      semantics: .uniqueHard(.leftmost), mask: .causal))
    var units: [MLP.Unit] = []
    for j in 1...k {
      for q in 0..<questions {
        let f = fact(q, values: values)
        for slot in 1...4 {
          let option = slot == 4 ? "tokens:v\(f)" : "o\(slot):v\(f)"
          units.append(MLP.Unit(
            inputs: [("end:\(j)", 1), ("question:q\(q)", 1), (option, 1)], bias: -2,
            outputs: [("blk:\(j):\(letters[slot - 1])", 1)]))
        }
      }
    }
    return (heads, MLP(name: "answer-item", units: units))
  }

  /// A builder with the tokens and the positional encoding for k items.
  static func builder(items k: Int, questions: Int, values: Int, name: String, ask asks: Bool = true) throws -> ModelBuilder {
    guard k >= 1, questions >= 1, values >= 4 else {
      throw ConstructionError.badParameter("mcq: need items ≥ 1, questions ≥ 1, values ≥ 4")
    }
    let vocabulary = (0..<questions).map { "q\($0)" } + (0..<values).map { "v\($0)" } + (asks ? [ask] : [])
    let length = 5 * k + (asks ? 1 : 0)
    var builder = ModelBuilder(
      name: name, vocabulary: vocabulary, maxLength: length,
      positions: .entries { i in
        var row: [String: Rational] = ["pos": Rational(i), "pos_sq": Rational(i * i)]
        if i > 0 && i % 5 == 0 && i <= 5 * k {
          row["is_end"] = 1
          row["end:\(i / 5)"] = 1
        }
        return row
      })
    builder.minLength = length
    return builder
  }

  /// The k-item model: depth 2 (one item layer, one gather layer).
  public static func model(items k: Int, questions: Int = 4, values: Int = 4, readout: ReadoutKind = .index) throws -> Model {
    if readout == .token && k > 5 {
      throw ConstructionError.badParameter("mcq: the token readout has 4^k directions; use readout=index for k > 5")
    }
    var builder = try builder(items: k, questions: questions, values: values, name: "mcq-\(k)")
    let layer = itemLayer(items: k, questions: questions, values: values)
    try builder.appendLayer(heads: layer.heads, mlp: layer.mlp)
    let kk = Rational(k)
    let blocks = (1...k).flatMap { j in letters.map { "\(j):\($0)" } }
    let gather = AttentionHead(
      name: "gather-answers", scores: [("one", "is_end", 1)],
      moves: blocks.map { ("blk:\($0)", "ans:\($0)", kk) },
      semantics: .averagingHard, mask: .causal)
    var units: [MLP.Unit] = []
    let labels: [String]
    let readoutDirections: [String]
    switch readout {
    case .index:
      // 4^(j−1), exactly: a shift past 63 bits would silently give 0.
      var place = Rational.one
      for j in 1...k {
        defer { place = place * 4 }
        for (s, letter) in letters.enumerated() where s > 0 {
          units.append(MLP.Unit(
            inputs: [("ans:\(j):\(letter)", 1), ("tokens:\(ask)", kk)], bias: -kk,
            outputs: [("index", Rational(s) * place)]))
        }
      }
      units.append(MLP.Unit(inputs: [("tokens:\(ask)", 1)], outputs: [("index", 1)]))
      try builder.appendLayer(heads: [gather], mlp: MLP(name: "unembed-index", units: units, outputBias: [("index", -1)]))
      labels = []
      readoutDirections = ["index"]
    case .token:
      let tokens = (0..<(1 << (2 * k))).map { t in jointToken((0..<k).map { (t >> (2 * $0)) & 3 }) }
      for j in 1...k {
        for (s, letter) in letters.enumerated() {
          let targets = tokens.enumerated().filter { ($0.offset >> (2 * (j - 1))) & 3 == s }
          units.append(MLP.Unit(
            inputs: [("ans:\(j):\(letter)", 1), ("tokens:\(ask)", kk)], bias: -kk,
            outputs: targets.map { ("logit:\($0.element)", Rational.one) }))
        }
      }
      try builder.appendLayer(
        heads: [gather], mlp: MLP(name: "unembed-tokens", units: units, outputBias: [("logit:\(none)", Rational(1, 2))]))
      labels = tokens + [none]
      readoutDirections = labels.map { "logit:\($0)" }
    }
    builder.metadata = [
      "construction": "mcq", "items": String(k), "readout": readout.rawValue,
      "source": "papers.md §9a k-MCQ [P]: item layer (depth 1) + one gather layer",
    ]
    if readout == .index { return try builder.build(readout: .numerical(direction: "index")) }
    return try builder.build(readout: .categorical(directions: readoutDirections, labels: labels.map { .text($0) }))
  }

  /// One item alone, answered at its last token: the base task, depth 1.
  public static func itemModel(questions: Int = 4, values: Int = 4) throws -> Model {
    var builder = try builder(items: 1, questions: questions, values: values, name: "mcq-item", ask: false)
    let layer = itemLayer(items: 1, questions: questions, values: values)
    try builder.appendLayer(heads: layer.heads, mlp: MLP.parallel(
      [layer.mlp, MLP(name: "none", units: [MLP.Unit(inputs: [("one", 1)], outputs: [("blk:none", Rational(1, 2))])])],
      name: "answer-item"))
    let labels = letters + [none]
    return try builder.build(
      readout: .categorical(directions: labels.map { "blk:1:\($0)" }.dropLast() + ["blk:none"], labels: labels.map { .text($0) }))
  }
}
