import ExactArithmetic
import Transformer

/// K in-context tasks in superposition: a seven-layer transformer whose
/// output, after n examples of which n_k come from task k, is exactly the
/// mixture Σ_k (n_k/n)·e_{g_k(x_q)}.
///
/// After Xiong et al. 2024/2025, "Everything Everywhere All at Once: LLMs
/// can In-Context Learn Multiple Tasks in Superposition" (arXiv 2410.05603),
/// Theorem 1: a seven-layer transformer performs K tasks in superposition,
/// weighted by the numbers of in-context examples. The paper's own layer
/// list could not be read (papers.md §1); the layers below follow our
/// reconstruction there ([P]), which matches the verified resource profile
/// (seven layers, K tasks). Differences from the paper as reported: tasks
/// are lookup tables on tokens rather than maps on d-dimensional vectors;
/// positions are the integers i and i² (the exact score `2j(i − s) − j²` is
/// maximal at j = i − s) rather than binary ±1 codes; attention is hard
/// (unique or averaging), so every output is an exact rational; and one
/// averaging head carries all K task weights, where the theorem has K heads.
///
/// **Tokens and prompt.** Inputs `x0 … x(X−1)`, the arrow `>`, answer
/// tokens `y0 … y(Y−1)`. Task k is a table g_k from inputs to answer words
/// of A tokens. An example is `x > a_1 … a_A` (m = A + 2 tokens); the prompt
/// is n ≥ 1 examples, then `x_q >`. Every `>` and every answer token predicts
/// the next answer token of its example from the examples before it.
///
/// **Layers** (paper layout):
/// 1. At each example's last token, heads read its input and earlier answer
///    tokens (fixed offsets back).
/// 2. MLP: c_k = [the example is (x, g_k(x))], one unit per (task, input).
/// 3. MLP: ambiguity split w_k = c_k / Σ_j c_j, exactly, as a piecewise-
///    linear function through the points 1/1, …, 1/K (an example two tasks
///    agree on counts half for each).
/// 4. One averaging head over the earlier example ends: p_k = (1/n)·Σ_i w_{i,k},
///    which is n_k/n when no example is ambiguous. Averaging attention
///    computes the ratio exactly.
/// 5. Heads read the query's input (and the answer tokens written so far).
/// 6. MLP: u_{k,y} = [the answer so far agrees with g_k(x_q) and its next
///    token is y], one unit per (task, input, step).
/// 7. MLP: out_y = Σ_k relu(p_k + u_{k,y} − 1) = Σ_k p_k·u_{k,y}, exact for
///    p ∈ [0, 1] and u ∈ {0, 1}.
///
/// So after `x_q >` the block `out:` holds Σ_k p_k·e_{g_k(x_q)_1}, a
/// probability vector (``outputVector(_:_:)`` reads it). After answer
/// tokens a_1 … a_t it holds Σ_k p_k·[g_k(x_q) starts with a_1 … a_t]·e_{g_k(x_q)_{t+1}},
/// the posterior over tasks given the tokens written, up to Bayes'
/// denominator (the distribution normalises): generation collapse is
/// ordinary conditioning. With the `distribution` readout, whole answers
/// are searched, enumerated and sampled with their exact probabilities by
/// the Decoding module (`CompletionSearch`); ``expectedAnswers(_:examples:query:)``
/// is what the specification says they must be.
///
/// Each step is one attention block or one MLP, and the paper layout gives
/// each its own layer. The `compact` layout packs them into two layers
/// (window heads, then one MLP that identifies, splits and looks up; the
/// averaging head, then the mixing MLP) and computes the same outputs, so
/// seven is the paper's figure, not a lower bound, in this exact setting.
///
/// **Readout.** The categorical readout is greedy decoding with a fixed tie
/// rule: the most probable answer token, ties to the lowest index, `none`
/// where nothing is predicted (it reads `out + (Y − v)·δ` with δ below every
/// gap between output values, so the argmax is always unique). The
/// `distribution` readout reads `out:` itself, proportionally: exact
/// next-token probabilities (the mixture, normalised), so whole answers
/// have exact probabilities (the Decoding module); its decoded outputs are
/// the same greedy labels, `none` where `out:` is zero.
///
/// Resources (paper layout): 7 layers for every K; heads A, 0, 0, 1, A, 0, 0;
/// MLP widths K·X, at most K(K + 2), K·X·A, K·Y; residual width, for one-token
/// answers, K(Y + 3) + 3X + 3Y + 8, linear in K (``residualWidth(_:)``).
public enum TaskSuperposition {
  /// The arrow between an input and its answer.
  public static let arrow = ">"
  /// The greedy label where no answer token is predicted.
  public static let none = "none"

  /// How the output block is read.
  public enum ReadoutKind: String, Sendable, CaseIterable {
    /// The greedy label (categorical, with the δ tie rule).
    case greedy
    /// The mixture itself: probabilities proportional to `out:`.
    case distribution
  }

  /// How the seven steps are grouped into layers.
  public enum Layout: String, Sendable, CaseIterable {
    /// One step per layer: 7 layers, as in the theorem.
    case paper
    /// Two layers computing the same outputs.
    case compact
  }

  /// A family member's parameters.
  public struct Spec: Sendable, Hashable {
    /// tables[k][x] is task k's answer word for input x (A token indices).
    public var tables: [[[Int]]]
    public var inputs: Int
    public var outputs: Int
    /// The most in-context examples a prompt may hold.
    public var maxExamples: Int
    public var layout: Layout
    public var readout: ReadoutKind = .greedy

    public init(tables: [[[Int]]], inputs: Int, outputs: Int, maxExamples: Int, layout: Layout = .paper) {
      self.tables = tables
      self.inputs = inputs
      self.outputs = outputs
      self.maxExamples = maxExamples
      self.layout = layout
    }

    /// The default tables: g_k(x)_t = (x + k + t(2k + 1)) mod Y, so tasks
    /// differ in their first token at every input when K ≤ Y.
    public init(tasks: Int, inputs: Int, outputs: Int, answerLength: Int, maxExamples: Int, layout: Layout = .paper) {
      let tables = (0..<tasks).map { k in
        (0..<inputs).map { x in (0..<answerLength).map { t in (x + k + t * (2 * k + 1)) % outputs } }
      }
      self.init(tables: tables, inputs: inputs, outputs: outputs, maxExamples: maxExamples, layout: layout)
    }

    public var tasks: Int { tables.count }
    public var answerLength: Int { tables.first?.first?.count ?? 0 }
    /// Tokens per example, m = A + 2.
    public var exampleLength: Int { answerLength + 2 }
    public var inputTokens: [String] { (0..<inputs).map { "x\($0)" } }
    public var answerTokens: [String] { (0..<outputs).map { "y\($0)" } }
    public var vocabulary: [String] { inputTokens + [arrow] + answerTokens }
    /// The longest prompt plus the answer tokens generated after it.
    public var maxLength: Int { maxExamples * exampleLength + 2 + answerLength - 1 }

    /// Task k's answer word for input x, as tokens.
    public func answer(task k: Int, input x: Int) -> [String] { tables[k][x].map { "y\($0)" } }

    func validate() throws {
      let a = answerLength
      guard tasks >= 1, inputs >= 1, outputs >= 1, a >= 1, maxExamples >= 1,
        tables.allSatisfy({ $0.count == inputs && $0.allSatisfy { $0.count == a && $0.allSatisfy { (0..<outputs).contains($0) } } })
      else {
        throw ConstructionError.badParameter(
          "superposition: need tasks, inputs, outputs, answer length, max_examples ≥ 1, and every table word of the same length over y0…y(Y−1)")
      }
    }
  }

  /// Builds the model.
  public static func model(_ spec: Spec) throws -> Model {
    try spec.validate()
    // Sized before building: the layers' matrices span the stream, up to W × W entries.
    let width = residualWidth(spec)
    if Double(width) * Double(width) > Double(ConstructionFamily.largestWeightCount) {
      throw ConstructionError.badParameter(
        "superposition: tasks=\(spec.tasks) inputs=\(spec.inputs) outputs=\(spec.outputs) answer_len=\(spec.answerLength) need a residual width of \(width), whose W × W matrices have \(width * width) entries, over the limit of \(ConstructionFamily.largestWeightCount); use fewer inputs, outputs or a shorter answer")
    }
    let (kCount, a, m) = (spec.tasks, spec.answerLength, spec.exampleLength)
    var builder = ModelBuilder(
      name: "superposition-\(kCount)", vocabulary: spec.vocabulary, maxLength: spec.maxLength,
      positions: .entries { i in
        var row: [String: Rational] = ["pos": Rational(i), "pos_sq": Rational(i * i)]
        if i > 0 && i % m == 0 { row["end"] = 1 }
        if i % m >= 2 { row["at:\(i % m - 2)"] = 1 }
        return row
      })
    builder.minLength = m + 2
    builder.declare(["end"] + (0..<a).map { "at:\($0)" })
    let tasks = 0..<kCount
    let inputs = 0..<spec.inputs

    /// A head copying the token `back` places before each position into `prefix`.
    func window(_ back: Int, _ prefix: String, x: Bool, y: Bool) -> AttentionHead {
      var moves: [(String, String, Rational)] = []
      if x { moves += spec.inputTokens.map { ("tokens:\($0)", "\(prefix):\($0)", Rational.one) } }
      if y { moves += spec.answerTokens.map { ("tokens:\($0)", "\(prefix):\($0)", Rational.one) } }
      return AttentionHead(
        name: "\(prefix)-back-\(back)",
        scores: [("pos", "pos", 2), ("one", "pos", Rational(-2 * back)), ("one", "pos_sq", -1)],
        moves: moves, semantics: .uniqueHard(.leftmost), mask: .causal)
    }
    /// At an example's last token: its input is m − 1 back, answer token r is A − r back.
    func exampleInputs(_ prefix: (Int) -> String, x: Int, word: [Int]) -> [(String, Rational)] {
      [("end", 1), ("\(prefix(a + 1)):x\(x)", 1)]
        + (1..<a).map { r in ("\(prefix(a - r)):y\(word[r - 1])", Rational.one) }
        + [("tokens:y\(word[a - 1])", 1)]
    }
    /// Step 6: the lookup units, reading the query window through `prefix`.
    func lookup(_ prefix: (Int) -> String) -> [MLP.Unit] {
      var units: [MLP.Unit] = []
      for k in tasks {
        for x in inputs {
          let word = spec.tables[k][x]
          for t in 0..<a {
            var inputs: [(String, Rational)] = [("at:\(t)", 1), ("\(prefix(t + 1)):x\(x)", 1)]
            for r in stride(from: 1, to: t, by: 1) { inputs.append(("\(prefix(t - r)):y\(word[r - 1])", 1)) }
            if t >= 1 { inputs.append(("tokens:y\(word[t - 1])", 1)) }
            units.append(MLP.Unit(
              inputs: inputs, bias: Rational(1 - inputs.count), outputs: [("u:\(k):y\(word[t])", 1)]))
          }
        }
      }
      return units
    }
    let average = AttentionHead(
      name: "average-tasks", scores: [("one", "end", 1)],
      moves: tasks.map { ("w:\($0)", "p:\($0)", Rational.one) }, semantics: .averagingHard, mask: .causal)
    let mix = mixing(spec)
    let lookups = tasks.flatMap { k in (0..<spec.outputs).map { "u:\(k):y\($0)" } }

    switch spec.layout {
    case .paper:
      // 1. Gather each example at its last token.
      let gather = [window(a + 1, "e\(a + 1)", x: true, y: false)] + (1..<a).map { window($0, "e\($0)", x: false, y: true) }
      try builder.appendLayer(heads: gather)
      // 2. Identify: c_k.
      var identify: [MLP.Unit] = []
      for k in tasks {
        for x in inputs {
          let inputs = exampleInputs({ "e\($0)" }, x: x, word: spec.tables[k][x])
          identify.append(MLP.Unit(inputs: inputs, bias: Rational(1 - inputs.count), outputs: [("c:\(k)", 1)]))
        }
      }
      builder.declare(tasks.map { "c:\($0)" })
      try builder.appendLayer(mlp: MLP(name: "identify", units: identify))
      // 3. Split: w_k = h(z_k), z_k = Σ_j c_j + (K + 1)(1 − c_k), h(t) = 1/t on 1…K, 0 from K + 1.
      let kk = kCount
      func h(_ t: Int) -> Rational { t >= 1 && t <= kk ? Rational(1, t) : 0 }
      var split: [MLP.Unit] = []
      var slope = Rational.zero
      for t in 0...(kk + 1) {
        let next = h(t + 1) - h(t)
        let kink = next - slope
        slope = next
        if kink.isZero { continue }
        for k in tasks {
          split.append(MLP.Unit(
            inputs: tasks.map { ("c:\($0)", $0 == k ? Rational(-kk) : 1) }, bias: Rational(kk + 1 - t),
            outputs: [("w:\(k)", kink)]))
        }
      }
      builder.declare(tasks.map { "w:\($0)" })
      try builder.appendLayer(mlp: MLP(name: "split", units: split))
      // 4. Average over the earlier examples.
      try builder.appendLayer(heads: [average])
      // 5. Gather the query's input and the answer written so far.
      try builder.appendLayer(heads: (1...a).map { window($0, "q\($0)", x: true, y: $0 <= a - 2) })
      // 6. Look up each task's next token.
      try builder.appendLayer(mlp: MLP(name: "lookup", units: lookup { "q\($0)" }))
      builder.declare(lookups)
      // 7. Mix.
      try builder.appendLayer(mlp: mix)
    case .compact:
      try builder.appendLayer(
        heads: (1...(a + 1)).map { window($0, "h\($0)", x: true, y: true) },
        mlp: MLP(name: "identify-split-lookup", units: identifyAndSplit(spec) + lookup { "h\($0)" }))
      builder.declare(lookups)
      try builder.appendLayer(heads: [average], mlp: mix)
    }
    builder.metadata = [
      "construction": "superposition", "tasks": String(kCount), "layout": spec.layout.rawValue,
      "source": "Xiong et al. 2024, Theorem 1 (seven layers); layer design: papers.md §1 reconstruction [P]",
    ]
    if spec.readout == .distribution {
      return try builder.build(readout: .proportional(
        directions: spec.answerTokens.map { "out:\($0)" }, labels: spec.answerTokens.map { .text($0) }, empty: .text(none)))
    }
    let labels = spec.answerTokens + [none]
    return try builder.build(
      readout: .categorical(directions: labels.map { "read:\($0)" }, labels: labels.map { .text($0) }))
  }

  /// Compact layout: one unit per (input, distinct answer word) at example
  /// ends, adding 1/|{k : g_k(x) = word}| to each such task's w_k.
  static func identifyAndSplit(_ spec: Spec) -> [MLP.Unit] {
    let a = spec.answerLength
    var units: [MLP.Unit] = []
    for x in 0..<spec.inputs {
      var words: [[Int]: [Int]] = [:]
      for k in 0..<spec.tasks { words[spec.tables[k][x], default: []].append(k) }
      for (word, tasks) in words.sorted(by: { $0.value[0] < $1.value[0] }) {
        let inputs: [(String, Rational)] =
          [("end", 1), ("h\(a + 1):x\(x)", 1)]
          + (1..<a).map { r in ("h\(a - r):y\(word[r - 1])", Rational.one) }
          + [("tokens:y\(word[a - 1])", 1)]
        let share = Rational(1, tasks.count)
        units.append(MLP.Unit(
          inputs: inputs, bias: Rational(1 - inputs.count), outputs: tasks.map { ("w:\($0)", share) }))
      }
    }
    return units
  }

  /// Step 7 and the greedy readout: out_y = Σ_k p_k·u_{k,y}; read_y = out_y + (Y − v)δ
  /// (read: only for the greedy readout).
  static func mixing(_ spec: Spec) -> MLP {
    let greedy = spec.readout == .greedy
    // lcm(1…K) as the product of the largest power of each prime p ≤ K (exact: past K = 42 it
    // is beyond Int's range).
    var lcm = Rational.one
    for p in 2...max(2, spec.tasks) where p <= spec.tasks && (2..<p).allSatisfy({ p % $0 != 0 }) {
      var power = p
      while power <= spec.tasks / p { power *= p }
      lcm = lcm * Rational(power)
    }
    let delta = Rational.one / (Rational(spec.outputs + 2) * Rational(spec.maxExamples) * lcm)
    var units: [MLP.Unit] = []
    for k in 0..<spec.tasks {
      for y in 0..<spec.outputs {
        units.append(MLP.Unit(
          inputs: [("p:\(k)", 1), ("u:\(k):y\(y)", 1)], bias: -1,
          outputs: [("out:y\(y)", 1)] + (greedy ? [("read:y\(y)", 1)] : [])))
      }
    }
    guard greedy else { return MLP(name: "mix", units: units) }
    let bias = (0..<spec.outputs).map { ("read:y\($0)", Rational(spec.outputs - $0) * delta) }
      + [("read:\(none)", Rational(spec.outputs + 1) * delta)]
    return MLP(name: "mix", units: units, outputBias: bias)
  }


  /// The residual width: `one`, pos, pos_sq, `end`, A phase flags, the token
  /// one-hots (BOS, X, `>`, Y), the gathered tokens, K task weights at three
  /// stages (c, w, p; two in the compact layout), K·Y lookups, and Y + Y + 1
  /// outputs (Y without the greedy readout's Y + 1 `read:` directions).
  public static func residualWidth(_ spec: Spec) -> Int {
    let (k, a, x, y) = (spec.tasks, spec.answerLength, spec.inputs, spec.outputs)
    let base = 1 + 2 + 1 + a + (1 + x + 1 + y) + k * y + y + (spec.readout == .greedy ? y + 1 : 0)
    switch spec.layout {
    case .paper:
      let gathered = x + (a - 1) * y + a * x + max(a - 2, 0) * y
      return base + gathered + 3 * k
    case .compact:
      return base + (a + 1) * (x + y) + 2 * k
    }
  }
}

extension TaskSuperposition {
  /// The exact `out:` block at the last position of `tokens`: each answer
  /// token with its weight (a probability vector after `x_q >`; the
  /// unnormalised posterior after answer tokens).
  public static func outputVector(_ model: PreparedModel, _ tokens: [String]) throws -> [(token: String, weight: Rational)] {
    let run = try model.run(tokens)
    return try run.trace.block("out", at: tokens.count + run.firstInputRow - 1).map {
      (String($0.direction.dropFirst("out:".count)), $0.value)
    }
  }

  /// The prompt for examples (task, input) and a query input: `x > word`
  /// per example, then `x_q >`.
  public static func prompt(_ spec: Spec, examples: [(task: Int, input: Int)], query: Int) -> [String] {
    examples.flatMap { ["x\($0.input)", arrow] + spec.answer(task: $0.task, input: $0.input) } + ["x\(query)", arrow]
  }

  /// The task weights the specification gives after `examples`: each
  /// example's weight is split equally among the tasks whose table agrees
  /// with it; p_k is the mean over examples.
  public static func taskWeights(_ spec: Spec, examples: [(input: Int, answer: [Int])]) -> [Rational] {
    var p = Array(repeating: Rational.zero, count: spec.tasks)
    guard !examples.isEmpty else { return p }
    for example in examples {
      let agreeing = (0..<spec.tasks).filter { spec.tables[$0][example.input] == example.answer }
      for k in agreeing { p[k] += Rational(1, agreeing.count * examples.count) }
    }
    return p
  }

  /// What the model outputs (greedy) at each position of any prompt over
  /// its vocabulary, from the specification: the heaviest token of
  /// ``expectedWeights(_:_:)`` (ties to the lowest index), or `none` when
  /// every weight is 0 or the position predicts nothing.
  public static func expectedOutputs(_ spec: Spec, _ prompt: [String]) -> [String] {
    expectedWeights(spec, prompt).map { weights in
      guard let weights, let top = weights.max(), top.signum > 0 else { return none }
      return "y\(weights.firstIndex(of: top)!)"
    }
  }

  /// The next-token weights over y0…y(Y−1) the specification gives at each
  /// position (nil where the position predicts nothing): at a `>` or answer
  /// token of the e-th example (the query counts), Σ_k p_k·[the answer so
  /// far agrees with g_k(x)]·e_{g_k(x)_{t+1}} with p from the examples
  /// before. The token in each example's `>` slot is not read.
  public static func expectedWeights(_ spec: Spec, _ prompt: [String]) -> [[Rational]?] {
    let (a, m) = (spec.answerLength, spec.exampleLength)
    func input(_ token: String) -> Int? {
      token.first == "x" ? Int(token.dropFirst()).flatMap { $0 < spec.inputs ? $0 : nil } : nil
    }
    func answerToken(_ token: String) -> Int? {
      token.first == "y" ? Int(token.dropFirst()).flatMap { $0 < spec.outputs ? $0 : nil } : nil
    }
    return prompt.indices.map { i in
      let position = i + 1
      guard position % m >= 2 else { return nil }
      let t = position % m - 2
      let e = (position - 1) / m
      var examples: [(input: Int, answer: [Int])] = []
      for j in 0..<e {
        let span = Array(prompt[(j * m)..<(j * m + m)])
        let answer = span[2...].compactMap(answerToken)
        // An example whose input or answer is malformed agrees with no task.
        examples.append((input(span[0]) ?? -1, answer.count == a ? answer : []))
      }
      let p = taskWeights(spec, examples: examples.map { ($0.input < 0 ? 0 : $0.input, $0.input < 0 ? [] : $0.answer) })
      guard let x = input(prompt[e * m]) else { return nil }
      let prefix = prompt[(e * m + 2)..<(e * m + 2 + t)].map(answerToken)
      var weights = Array(repeating: Rational.zero, count: spec.outputs)
      for k in 0..<spec.tasks {
        let word = spec.tables[k][x]
        if prefix.enumerated().allSatisfy({ $0.element == word[$0.offset] }) { weights[word[t]] += p[k] }
      }
      return weights
    }
  }

  /// The next-token probabilities the `distribution` readout must give at
  /// each position: ``expectedWeights(_:_:)`` normalised, nil where they are
  /// all 0 or the position predicts nothing.
  public static func expectedProbabilities(_ spec: Spec, _ prompt: [String]) -> [[Rational]?] {
    expectedWeights(spec, prompt).map { weights in
      guard let weights else { return nil }
      let total = weights.reduce(Rational.zero, +)
      return total.signum > 0 ? weights.map { $0 / total } : nil
    }
  }

  /// The distribution over whole answers after the examples and the query,
  /// from the specification: task k's answer word at the query with
  /// probability p_k (n_k/n when no example is ambiguous), tasks with the
  /// same word added together; never a blend of two words.
  public static func expectedAnswers(_ spec: Spec, examples: [(task: Int, input: Int)], query: Int) -> [[String]: Rational] {
    let p = taskWeights(spec, examples: examples.map { ($0.input, spec.tables[$0.task][$0.input]) })
    var out: [[String]: Rational] = [:]
    for k in 0..<spec.tasks where p[k].signum > 0 { out[spec.answer(task: k, input: query), default: .zero] += p[k] }
    return out
  }

  /// K distinct tables, each answer drawn uniformly from the seed (a table
  /// equal to an earlier one is drawn again).
  public static func randomTables(tasks: Int, inputs: Int, outputs: Int, answerLength: Int, seed: UInt64) throws -> [[[Int]]] {
    let cells = inputs * answerLength
    var room = 1
    for _ in 0..<cells where room < tasks { room *= outputs }
    guard room >= tasks else {
      throw ConstructionError.badParameter("superposition: \(tasks) distinct tables need outputs^(inputs·answer_len) ≥ \(tasks)")
    }
    var sampler = ExactSampler(seed: seed)
    var tables: [[[Int]]] = []
    while tables.count < tasks {
      let table = (0..<inputs).map { _ in (0..<answerLength).map { _ in Int(sampler.below(UInt64(outputs))) } }
      if !tables.contains(table) { tables.append(table) }
    }
    return tables
  }
}
