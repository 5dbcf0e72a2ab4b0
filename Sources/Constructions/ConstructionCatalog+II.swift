import ExactArithmetic
import Transformer

/// Constructions II: task superposition, k questions in one token, knapsack.
extension ConstructionFamily {
  static let constructionsII: [ConstructionFamily] = [
    ConstructionFamily(
      name: "degenerate-mode",
      summary: "a language model whose most probable n-token completion is one token repeated while samples rarely are: the mode/typical-set gap, exactly (softmax readout; `complete`)",
      parameters: [
        Parameter(name: "vocab_size", example: "8", help: "V, tokens t0...t(V-1)"),
        Parameter(name: "strength", example: "1", help: "r, the logit added per repeat of the last token"),
        Parameter(name: "max_len", example: "16", help: "longest input"),
        Parameter(name: "prompt", example: "t0", help: "the prompt `check` completes (comma-separated tokens)"),
        Parameter(name: "answer_len", example: "8", help: "n, the completion length `check` measures"),
      ],
      build: { p in try DegenerateMode.model(degenerateSpec(p).spec) },
      reference: { p in
        let (spec, probe) = try degenerateSpec(p)
        var reference = Reference(alphabet: spec.tokens, lengths: 1...spec.maxLength) { DegenerateMode.expectedOutputs($0) }
        reference.probabilities = { tokens in
          tokens.indices.map { DegenerateMode.probabilities(spec, after: Array(tokens[...$0])) }
        }
        reference.completions = [probe]
        return reference
      }),
    ConstructionFamily(
      name: "garden-path",
      summary: "greedy's first token leads to a low-probability answer; the joint argmax is the right answer (bigram, softmax readout; `complete`)",
      parameters: [
        Parameter(name: "answer_len", example: "4", help: "n, the right answer R1...Rn"),
        Parameter(name: "branches", example: "4", help: "m, filler words after the lure"),
        Parameter(name: "lead", example: "1", help: "d, the lure's logit lead over R1"),
        Parameter(name: "confidence", example: "6", help: "h, the logit of every preferred continuation"),
      ],
      build: { p in try GardenPath.model(gardenPathSpec(p)) },
      reference: { p in
        let spec = try gardenPathSpec(p)
        let labels = spec.labels
        var reference = Reference(alphabet: [GardenPath.question] + labels, lengths: 1...spec.answerLength) { tokens in
          tokens.indices.map { i in
            let q = GardenPath.probabilities(spec, after: Array(tokens[...i]))
            var best = 0
            for v in q.indices where q[best] < q[v] { best = v }
            return labels[best]
          }
        }
        reference.probabilities = { tokens in tokens.indices.map { GardenPath.probabilities(spec, after: Array(tokens[...$0])) } }
        reference.completions = [CompletionProbe(prompt: [GardenPath.question], length: spec.answerLength, answer: spec.answer)]
        return reference
      }),
    ConstructionFamily(
      name: "superposition",
      summary: "K in-context tasks in superposition: output exactly sum_k (n_k/n) e_{g_k(x_q)} in 7 layers (Xiong et al. 2024, Thm 1; our reconstruction); layout=compact: 2 layers",
      parameters: [
        Parameter(name: "tasks", example: "3", help: "K, the number of tasks (lookup tables)"),
        Parameter(name: "inputs", example: "3", help: "input tokens x0...x(X-1)"),
        Parameter(name: "outputs", example: "4", help: "answer tokens y0...y(Y-1)"),
        Parameter(name: "answer_len", example: "1", help: "answer tokens per example (A)"),
        Parameter(name: "max_examples", example: "4", help: "the most in-context examples"),
        Parameter(name: "layout", example: "paper", help: "paper (7 layers) or compact (2 layers)"),
        Parameter(name: "tables", example: "0,1,2;1,2,3;2,3,0", help: "instead of the default tables: per task (;) the answer per input (,), answer tokens joined by ."),
        Parameter(name: "readout", example: "greedy", help: "greedy (the most probable token) or distribution (out: read proportionally: exact probabilities for `complete`)"),
        Parameter(name: "random_tables", example: "7", help: "instead of the default tables: K distinct tables drawn uniformly with this seed"),
        Parameter(name: "prompts", example: "all", help: "what `check`/`verify` try: all (every string over the vocabulary) or well-formed (examples then a query, with the output vector checked exactly)"),
      ],
      build: { p in try TaskSuperposition.model(superpositionSpec(p)) },
      reference: { p in
        let spec = try superpositionSpec(p)
        var reference = Reference(alphabet: spec.vocabulary, lengths: (spec.exampleLength + 2)...spec.maxLength) {
          TaskSuperposition.expectedOutputs(spec, $0)
        }
        if spec.readout == .distribution {
          reference.probabilities = { TaskSuperposition.expectedProbabilities(spec, $0) }
          reference.completions = superpositionProbes(spec)
        }
        switch p.string("prompts") ?? "all" {
        case "all": break
        case "well-formed":
          let (instances, space) = superpositionPrompts(spec, limit: 2000)
          reference.instances = instances
          reference.instanceSpace = space
          reference.vectorCheck = { model, prompt in
            let got = try TaskSuperposition.outputVector(model, prompt)
            let expected = TaskSuperposition.expectedWeights(spec, prompt).last!!
            let want = expected.enumerated().filter { $0.element.signum != 0 }.map { ("y\($0.offset)", $0.element) }
            let have = got.filter { $0.weight.signum != 0 }
            guard have.map(\.token) != want.map(\.0) || have.map(\.weight) != want.map(\.1) else { return nil }
            let show = { (v: [(String, Rational)]) in v.map { "\($0.1)·\($0.0)" }.joined(separator: " + ") }
            return "output vector \(show(have.map { ($0.token, $0.weight) })), expected sum_k n_k/n e_g_k(x_q) = \(show(want))"
          }
        case let other:
          throw ConstructionError.usage("superposition: prompts must be all or well-formed, got '\(other)'")
        }
        return reference
      }),
    ConstructionFamily(
      name: "mcq",
      summary: "k four-option questions answered by one token of 4^k, depth 2 for every k (papers.md 9a); readout=index for large k",
      parameters: [
        Parameter(name: "items", example: "2", help: "k, the number of questions"),
        Parameter(name: "questions", example: "4", help: "question tokens q0...q(Q-1)"),
        Parameter(name: "values", example: "4", help: "option tokens v0...v(V-1), V >= 4"),
        Parameter(name: "readout", example: "token", help: "token (4^k labels; default for k <= 4) or index (the joint token's index; default above)"),
      ],
      build: { p in
        let (k, q, v, readout) = try mcqParameters(p)
        return try MultipleChoice.model(items: k, questions: q, values: v, readout: readout)
      },
      reference: { p in
        let (k, q, v, readout) = try mcqParameters(p)
        let items = MultipleChoice.allItems(questions: q, values: v)
        let instances = selection(radices: Array(repeating: items.count, count: k), limit: 3000, seed: 9) {
          MultipleChoice.prompt($0.map { items[$0] })
        }
        var reference = Reference(alphabet: [], lengths: (5 * k + 1)...(5 * k + 1), instances: instances) {
          try MultipleChoice.expectedOutputs($0, items: k, questions: q, values: v, readout: readout)
        }
        reference.instanceSpace = selectionSpace(radices: Array(repeating: items.count, count: k), limit: 3000)
        return reference
      }),
    ConstructionFamily(
      name: "knapsack-unbounded",
      summary: "unbounded knapsack by DP, one layer per capacity step: depth W + 1 (papers.md 9b, Construction A); mode=looped: one layer run W times",
      parameters: [
        Parameter(name: "capacity", example: "4", help: "W, the largest capacity (item weights 1...W)"),
        Parameter(name: "max_value", example: "3", help: "item values 0...V"),
        Parameter(name: "max_items", example: "2", help: "the most items in a prompt"),
        Parameter(name: "steps", example: "4", help: "DP layers (default W; fewer for the ablation)"),
        Parameter(name: "mode", example: "layers", help: "layers (unrolled) or looped (run with --loop)"),
      ],
      build: { p in
        let (w, v, n, steps, looped) = try unboundedParameters(p)
        return try KnapsackUnbounded.model(capacity: w, maxValue: v, maxItems: n, steps: steps, looped: looped)
      },
      reference: { p in
        let (w, v, n, _, looped) = try unboundedParameters(p)
        var reference = Reference(
          alphabet: [], lengths: 1...(n + w + 1),
          instances: layeredInstances(maxWeight: w, maxValue: v, maxItems: n, capacity: w),
          mode: looped ? .looped : .singlePass,
          expected: KnapsackUnbounded.expectedOutputs)
        reference.instanceSpace = itemListSpace(maxWeight: w, maxValue: v, maxItems: n, limit: 1000, capacities: w + 1)
        return reference
      }),
    ConstructionFamily(
      name: "knapsack-01",
      summary: "0/1 knapsack by DP, one weight-tied layer per item: depth n + 1 (papers.md 9b, Construction B); mode=looped (--loop) or cot (writes the DP table, 4 layers; --cot)",
      parameters: [
        Parameter(name: "max_items", example: "3", help: "n, the most items"),
        Parameter(name: "capacity", example: "4", help: "the largest capacity"),
        Parameter(name: "max_weight", example: "3", help: "item weights 1...max_weight"),
        Parameter(name: "max_value", example: "2", help: "item values 0...max_value"),
        Parameter(name: "steps", example: "3", help: "DP layers (default n; fewer for the ablation)"),
        Parameter(name: "mode", example: "layers", help: "layers (unrolled), looped (run with --loop) or cot (run with --cot)"),
      ],
      build: { p in
        let (n, c, w, v, steps, mode) = try zeroOneParameters(p)
        if mode == .chainOfThought {
          return try Knapsack01ChainOfThought.model(maxItems: n, capacity: c, maxWeight: w, maxValue: v)
        }
        return try Knapsack01.model(
          maxItems: n, capacity: c, maxWeight: w, maxValue: v, steps: steps, looped: mode == .looped)
      },
      reference: { p in
        let (n, c, w, v, _, mode) = try zeroOneParameters(p)
        if mode == .chainOfThought {
          let prompts = itemListSelection(maxWeight: w, maxValue: v, maxItems: n, limit: 400).flatMap { items in
            (0...c).map { Knapsack01ChainOfThought.prompt(items, capacity: $0) }
          }
          var reference = Reference(
            alphabet: [], lengths: 1...(n + 1), instances: prompts, mode: .chainOfThought,
            expected: Knapsack01ChainOfThought.expectedTokens)
          reference.instanceSpace = itemListSpace(maxWeight: w, maxValue: v, maxItems: n, limit: 400, capacities: c + 1)
          return reference
        }
        var reference = Reference(
          alphabet: [], lengths: 1...(n + c + 1),
          instances: layeredInstances(maxWeight: w, maxValue: v, maxItems: n, capacity: c),
          mode: mode, expected: Knapsack01.expectedOutputs)
        reference.instanceSpace = itemListSpace(maxWeight: w, maxValue: v, maxItems: n, limit: 1000, capacities: c + 1)
        return reference
      }),
  ]

  // MARK: Parameters

  static func degenerateSpec(_ p: ParameterValues) throws -> (spec: DegenerateMode.Spec, probe: CompletionProbe) {
    let v = try p.int("vocab_size", default: 8, range: 2...1000)
    let spec = DegenerateMode.Spec(
      vocabularySize: v, strength: try p.int("strength", default: 1, range: 1...1000),
      maxLength: try p.int("max_len", default: 16, range: 1...10_000))
    let prompt = try p.list("prompt", default: ["t0"])
    for token in prompt where !spec.tokens.contains(token) {
      throw ConstructionError.badParameter("degenerate-mode: prompt token '\(token)' is not one of t0...t\(v - 1)")
    }
    let n = try p.int("answer_len", default: 8, range: 1...10_000)
    guard prompt.count + n - 1 <= spec.maxLength else {
      throw ConstructionError.badParameter(
        "degenerate-mode: a prompt of \(prompt.count) and answer_len \(n) need max_len >= \(prompt.count + n - 1), got \(spec.maxLength)")
    }
    return (spec, CompletionProbe(prompt: prompt, length: n))
  }

  static func gardenPathSpec(_ p: ParameterValues) throws -> GardenPath.Spec {
    GardenPath.Spec(
      answerLength: try p.int("answer_len", default: 4, range: 1...1000), branches: try p.int("branches", default: 4, range: 1...1000),
      lead: try p.int("lead", default: 1, range: 0...62), confidence: try p.int("confidence", default: 6, range: 0...62))
  }

  static func superpositionSpec(_ p: ParameterValues) throws -> TaskSuperposition.Spec {
    let layout: TaskSuperposition.Layout
    switch p.string("layout") ?? "paper" {
    case "paper": layout = .paper
    case "compact": layout = .compact
    case let other: throw ConstructionError.usage("superposition: layout must be paper or compact, got '\(other)'")
    }
    let maxExamples = try p.int("max_examples", default: 4, range: 1...1000)
    let outputs = try p.int("outputs", default: 4, range: 1...1000)
    if let text = p.string("tables") {
      for key in ["tasks", "inputs", "answer_len"] where p.read(key) != nil {
        throw ConstructionError.usage("superposition: give tables or \(key), not both")
      }
      let tables = try text.split(separator: ";", omittingEmptySubsequences: false).map { task in
        try task.split(separator: ",", omittingEmptySubsequences: false).map { word in
          try word.split(separator: ".", omittingEmptySubsequences: false).map { token -> Int in
            guard let y = Int(token), (0..<outputs).contains(y) else {
              throw ConstructionError.badParameter("superposition: tables must name answer tokens 0...\(outputs - 1), got '\(token)' in '\(text)'")
            }
            return y
          }
        }
      }
      var spec = TaskSuperposition.Spec(
        tables: tables, inputs: tables.first?.count ?? 0, outputs: outputs, maxExamples: maxExamples, layout: layout)
      spec.readout = try superpositionReadout(p)
      let widths = Set(tables.map(\.count)), lengths = Set(tables.flatMap { $0.map(\.count) })
      guard widths.count == 1, lengths.count == 1 else {
        throw ConstructionError.badParameter("superposition: every task needs an answer for each input, all of one length, in '\(text)'")
      }
      return spec
    }
    let tasks = try p.int("tasks", default: 3, range: 1...64)
    let inputs = try p.int("inputs", default: 3, range: 1...1000)
    let answerLength = try p.int("answer_len", default: 1, range: 1...16)
    var spec = TaskSuperposition.Spec(
      tasks: tasks, inputs: inputs, outputs: outputs, answerLength: answerLength, maxExamples: maxExamples, layout: layout)
    if let text = p.string("random_tables") {
      guard let seed = UInt64(text) else {
        throw ConstructionError.badParameter("superposition: random_tables must be a seed (a non-negative integer), got '\(text)'")
      }
      spec = TaskSuperposition.Spec(
        tables: try TaskSuperposition.randomTables(tasks: tasks, inputs: inputs, outputs: outputs, answerLength: answerLength, seed: seed),
        inputs: inputs, outputs: outputs, maxExamples: maxExamples, layout: layout)
    }
    spec.readout = try superpositionReadout(p)
    return spec
  }

  /// Well-formed prompts (1…max_examples examples, each a task and an input,
  /// then a query): every one of each number of examples where there are at
  /// most `limit`, else a seeded selection of `limit`; and the size of the
  /// whole space when some number of examples is a selection.
  static func superpositionPrompts(_ spec: TaskSuperposition.Spec, limit: Int) -> ([[String]], String?) {
    let (k, x) = (spec.tasks, spec.inputs)
    var prompts: [[String]] = []
    var total = 0
    var selected = false
    for e in 1...spec.maxExamples {
      let radices = Array(repeating: k * x, count: e) + [x]
      if let space = selectionSpace(radices: radices, limit: limit) {
        selected = true
        total = Int(space).map { total + $0 } ?? Int.max
      } else {
        total += radices.reduce(1, *)
      }
      prompts += selection(radices: radices, limit: limit, seed: UInt64(e)) { $0.map(String.init) }.map { digits in
        let codes = digits.map { Int($0)! }
        return TaskSuperposition.prompt(spec, examples: codes.dropLast().map { (task: $0 / x, input: $0 % x) }, query: codes.last!)
      }
    }
    return (prompts, selected ? (total == Int.max ? "more than 2^63" : String(total)) : nil)
  }

  static func superpositionReadout(_ p: ParameterValues) throws -> TaskSuperposition.ReadoutKind {
    let text = p.string("readout") ?? "greedy"
    guard let kind = TaskSuperposition.ReadoutKind(rawValue: text) else {
      throw ConstructionError.usage("superposition: readout must be greedy or distribution, got '\(text)'")
    }
    return kind
  }

  /// Well-formed prompts (1…max_examples examples of any tasks, then a
  /// query) with the exact answer distribution the specification gives:
  /// all of them where there are at most 60 per example count, else 60 seeded ones.
  static func superpositionProbes(_ spec: TaskSuperposition.Spec) -> [CompletionProbe] {
    let (k, x) = (spec.tasks, spec.inputs)
    return (1...spec.maxExamples).flatMap { e in
      selection(radices: Array(repeating: k * x, count: e) + [x], limit: 60, seed: UInt64(e)) { digits in
        digits.map(String.init)
      }.map { digits in
        let codes = digits.map { Int($0)! }
        let examples = codes.dropLast().map { (task: $0 / x, input: $0 % x) }
        return CompletionProbe(
          prompt: TaskSuperposition.prompt(spec, examples: examples, query: codes.last!), length: spec.answerLength,
          distribution: TaskSuperposition.expectedAnswers(spec, examples: examples, query: codes.last!))
      }
    }
  }

  static func mcqParameters(_ p: ParameterValues) throws -> (Int, Int, Int, MultipleChoice.ReadoutKind) {
    let k = try p.int("items", default: 2, range: 1...64)
    let q = try p.int("questions", default: 4, range: 1...1000)
    let v = try p.int("values", default: 4, range: 4...1000)
    // The answer MLP: 4·k·q units, each reading k + q + 4v directions and writing 4k.
    let weights = 4 * Double(k) * Double(q) * Double(k + q + 4 * v + 4 * k)
    if weights > Double(ConstructionFamily.largestWeightCount) {
      throw ConstructionError.badParameter(
        "mcq: items=\(k) questions=\(q) values=\(v) make an answer MLP of about \(Int(weights)) weights (4·items·questions units reading items + questions + 4·values directions and writing 4·items), over the limit of \(ConstructionFamily.largestWeightCount); use fewer items or questions")
    }
    let readout: MultipleChoice.ReadoutKind
    switch p.string("readout") {
    case nil: readout = k <= 4 ? .token : .index
    case let text?:
      guard let kind = MultipleChoice.ReadoutKind(rawValue: text) else {
        throw ConstructionError.usage("mcq: readout must be token or index, got '\(text)'")
      }
      readout = kind
    }
    return (k, q, v, readout)
  }

  static func unboundedParameters(_ p: ParameterValues) throws -> (Int, Int, Int, Int?, Bool) {
    let w = try p.int("capacity", default: 4, range: 1...64)
    let v = try p.int("max_value", default: 3, range: 0...1000)
    let n = try p.int("max_items", default: 2, range: 0...1000)
    let steps = try p.read("steps").map { _ in try p.int("steps", default: w, range: 0...1000) }
    switch p.string("mode") ?? "layers" {
    case "layers": return (w, v, n, steps, false)
    case "looped": return (w, v, n, steps, true)
    case let other: throw ConstructionError.usage("knapsack-unbounded: mode must be layers or looped, got '\(other)'")
    }
  }

  static func zeroOneParameters(_ p: ParameterValues) throws -> (Int, Int, Int, Int, Int?, Mode) {
    let n = try p.int("max_items", default: 3, range: 1...1000)
    let c = try p.int("capacity", default: 4, range: 0...1000)
    let w = try p.int("max_weight", default: 3, range: 1...64)
    let v = try p.int("max_value", default: 2, range: 0...1000)
    let steps = try p.read("steps").map { _ in try p.int("steps", default: n, range: 0...1000) }
    let mode: Mode
    switch p.string("mode") ?? "layers" {
    case "layers": mode = .singlePass
    case "looped": mode = .looped
    case "cot":
      guard steps == nil else { throw ConstructionError.usage("knapsack-01: steps applies to mode=layers or looped") }
      mode = .chainOfThought
    case let other: throw ConstructionError.usage("knapsack-01: mode must be layers, looped or cot, got '\(other)'")
    }
    return (n, c, w, v, steps, mode)
  }

  // MARK: Instances

  /// Every digit vector over `radices` when there are at most `limit`,
  /// else `limit` seeded ones; each made into an input by `make`.
  static func selection(radices: [Int], limit: Int, seed: UInt64, _ make: ([Int]) -> [String]) -> [[String]] {
    var total = 1
    var overflow = false
    for r in radices {
      let (product, o) = total.multipliedReportingOverflow(by: r)
      overflow = overflow || o
      total = product
    }
    if !overflow && total <= limit {
      return (0..<total).map { index in
        var rest = index
        return make(radices.map { r in
          defer { rest /= r }
          return rest % r
        })
      }
    }
    var sampler = ExactSampler(seed: seed)
    return (0..<limit).map { _ in make(radices.map { Int(sampler.below(UInt64($0))) }) }
  }

  /// The size of the space `selection(radices:limit:seed:_:)` draws from,
  /// when it takes a seeded selection (nil when it takes every element).
  static func selectionSpace(radices: [Int], limit: Int) -> String? {
    var total = 1
    for r in radices {
      let (product, overflow) = total.multipliedReportingOverflow(by: r)
      if overflow { return radices.allSatisfy { $0 == radices[0] } ? "\(radices[0])^\(radices.count)" : "more than 2^63" }
      total = product
    }
    return total <= limit ? nil : String(total)
  }

  /// The number of prompts `itemListSelection` then `capacities` capacities
  /// stand for, when some length is a seeded selection (nil when every
  /// item list is taken).
  static func itemListSpace(maxWeight: Int, maxValue: Int, maxItems: Int, limit: Int, capacities: Int) -> String? {
    let items = Knapsack.itemTokens(maxWeight: maxWeight, maxValue: maxValue).compactMap(Knapsack.item).count
    var lists = 0
    var selected = false
    var power = 1
    for count in 0...maxItems {
      if count > 0 {
        let (p, overflow) = power.multipliedReportingOverflow(by: items)
        if overflow { return "more than 2^63" }
        power = p
      }
      selected = selected || power > limit
      lists += power
    }
    return selected ? String(lists * capacities) : nil
  }

  /// Item lists of every length 0...maxItems: all of them when few, else a
  /// seeded selection of each length.
  static func itemListSelection(maxWeight: Int, maxValue: Int, maxItems: Int, limit: Int) -> [[Knapsack.Item]] {
    let all = Knapsack.itemTokens(maxWeight: maxWeight, maxValue: maxValue).compactMap(Knapsack.item)
    return (0...maxItems).flatMap { count in
      selection(radices: Array(repeating: all.count, count: count), limit: limit, seed: UInt64(count)) {
        $0.map { all[$0].description }
      }.map { $0.compactMap(Knapsack.item) }
    }
  }

  /// Layered prompts: item lists, each at every capacity 0...capacity.
  static func layeredInstances(maxWeight: Int, maxValue: Int, maxItems: Int, capacity: Int) -> [[String]] {
    itemListSelection(maxWeight: maxWeight, maxValue: maxValue, maxItems: maxItems, limit: 1000).flatMap { items in
      (0...capacity).map { Knapsack.layeredPrompt(items, capacity: $0) }
    }
  }
}
