import Constructions
import Decoding
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct TaskSuperpositionTests {
  typealias Spec = TaskSuperposition.Spec

  /// Every sequence of `n` task labels over `tasks`, for n in `counts`.
  func labelSequences(tasks: Int, counts: ClosedRange<Int>) -> [[Int]] {
    allSequences(over: (0..<tasks).map(String.init), lengths: counts).map { $0.map { Int($0)! } }
  }

  /// Σ_k (n_k/n)·e_{g_k(x_q)_1}, computed from the labels directly.
  func mixture(_ spec: Spec, labels: [Int], query: Int) -> [Rational] {
    var out = Array(repeating: Rational.zero, count: spec.outputs)
    for k in labels { out[spec.tables[k][query][0]] += Rational(1, labels.count) }
    return out
  }

  /// The first prompt (examples from `labels`, inputs cycling, each query)
  /// whose output vector is not the mixture, or nil.
  func firstWrongMixture(_ spec: Spec, labelSequences: [[Int]]) throws -> String? {
    let model = try TaskSuperposition.model(spec).prepared()
    for labels in labelSequences {
      // Inputs vary with the example so the tables are exercised.
      let examples = labels.enumerated().map { (task: $0.element, input: ($0.offset * 2 + $0.element) % spec.inputs) }
      for query in 0..<spec.inputs {
        let prompt = TaskSuperposition.prompt(spec, examples: examples, query: query)
        let vector = try TaskSuperposition.outputVector(model, prompt).map(\.weight)
        if vector != mixture(spec, labels: labels, query: query) {
          return "\(prompt.joined(separator: " ")): \(vector.map(\.description))"
        }
      }
    }
    return nil
  }

  @Test(arguments: TaskSuperposition.Layout.allCases)
  func outputIsTheMixtureForEveryMultisetOfLabels(layout: TaskSuperposition.Layout) throws {
    // K = 1…4 tasks, X = 3 inputs, Y = 4 answer tokens; every label sequence
    // (so every multiset) of n = 1…4 examples for K ≤ 3, n = 1…3 for K = 4.
    for tasks in 1...4 {
      let spec = Spec(tasks: tasks, inputs: 3, outputs: 4, answerLength: 1, maxExamples: 4, layout: layout)
      let sequences = labelSequences(tasks: tasks, counts: 1...(tasks == 4 ? 3 : 4))
      #expect(try firstWrongMixture(spec, labelSequences: sequences) == nil, "K = \(tasks)")
    }
  }

  /// Past K = 42 tasks lcm(1…K) leaves Int's range (the greedy readout's
  /// tie-break scale): it is exact, the model builds and still mixes exactly.
  @Test func sixtyFourTasksBuildAndMixExactly() throws {
    let spec = Spec(tasks: 64, inputs: 4, outputs: 4, answerLength: 1, maxExamples: 2)
    #expect(try firstWrongMixture(spec, labelSequences: [[0], [63], [5, 63]]) == nil)
  }

  @Test func paperLayoutHasSevenLayers() throws {
    for a in 1...3 {
      let spec = Spec(tasks: 3, inputs: 3, outputs: 4, answerLength: a, maxExamples: 4)
      let model = try TaskSuperposition.model(spec)
      #expect(model.layers.count == 7)
      #expect(model.headsPerLayer == [a, 0, 0, 1, a, 0, 0])
      #expect(model.mlpWidths == [0, 3 * 3, 3 * 5, 0, 0, 3 * 3 * a, 3 * 4])
      #expect(model.residual.dimension == TaskSuperposition.residualWidth(spec))
      var compactSpec = spec
      compactSpec.layout = .compact
      let compact = try TaskSuperposition.model(compactSpec)
      #expect(compact.layers.count == 2)
      #expect(compact.headsPerLayer == [a + 1, 1])
      #expect(compact.residual.dimension == TaskSuperposition.residualWidth(compactSpec))
    }
  }

  @Test func ambiguousExamplesAreSplitBetweenTasks() throws {
    // Tasks 0 and 1 agree on x0 (both y0) and differ on x1.
    let tables = [[[0], [1]], [[0], [2]], [[3], [3]]]
    for layout in TaskSuperposition.Layout.allCases {
      let spec = Spec(tables: tables, inputs: 2, outputs: 4, maxExamples: 3, layout: layout)
      let model = try TaskSuperposition.model(spec).prepared()
      // x0 > y0 (tasks 0 and 1, half each), x1 > y2 (task 1), x0 > y3 (task 2); query x1:
      // p = (1/6, 1/2, 1/3), so y1 gets 1/6, y2 gets 1/2, y3 gets 1/3.
      let prompt = ["x0", ">", "y0", "x1", ">", "y2", "x0", ">", "y3", "x1", ">"]
      let vector = try TaskSuperposition.outputVector(model, prompt).map(\.weight)
      #expect(vector == [0, Rational(1, 6), Rational(1, 2), Rational(1, 3)])
      #expect(try model.run(prompt).outputs.last == .text("y2"))
      // An example no task produces counts in n but votes for nothing.
      let stray = ["x0", ">", "y1", "x1", ">", "y2", "x1", ">"]
      #expect(try TaskSuperposition.outputVector(model, stray).map(\.weight) == [0, 0, Rational(1, 2), 0])
    }
  }

  @Test func greedyOutputsMatchTheSpecificationOnAnyString() throws {
    // Every position of random strings over the vocabulary, well-formed or not.
    let tables = [[[0, 1], [1, 2]], [[0, 2], [2, 0]], [[1, 1], [0, 0]]]
    for layout in TaskSuperposition.Layout.allCases {
      let spec = Spec(tables: tables, inputs: 2, outputs: 3, maxExamples: 3, layout: layout)
      let model = try TaskSuperposition.model(spec).prepared()
      var rng = SplitMix64(seed: 11)
      for _ in 0..<150 {
        let length = rng.int(in: spec.exampleLength + 2...spec.maxLength)
        // Mostly well-formed tokens by slot, sometimes anything.
        let prompt = (0..<length).map { i -> String in
          if rng.chance(0.15) { return rng.pick(spec.vocabulary) }
          switch (i + 1) % spec.exampleLength {
          case 1: return rng.pick(spec.inputTokens)
          case 2: return ">"
          default: return rng.pick(spec.answerTokens)
          }
        }
        let outputs = try model.run(prompt).outputs.map(\.description)
        #expect(outputs == TaskSuperposition.expectedOutputs(spec, prompt), "\(layout): \(prompt.joined(separator: " "))")
      }
    }
  }

  // MARK: Generation collapse

  /// Three tasks with two-token answers; first tokens differ at every input.
  let collapseSpec = Spec(tasks: 3, inputs: 3, outputs: 5, answerLength: 2, maxExamples: 6)

  /// The spec's model with the distribution readout (the `out:` block read proportionally).
  func distributionModel(_ spec: Spec) throws -> PreparedModel {
    var spec = spec
    spec.readout = .distribution
    return try TaskSuperposition.model(spec).prepared()
  }

  /// The exact next-token probabilities after `tokens`, by label.
  func nextToken(_ model: PreparedModel, _ tokens: [String]) throws -> [(token: String, probability: Rational)] {
    let q = try model.probabilities(of: model.run(tokens)).last!.get()
    return zip(model.model.readout.labels!.map(\.description), q).map { ($0, $1) }
  }

  @Test(arguments: [[0, 0, 1], [0, 1, 2, 2, 2], [1, 2, 1, 2], [2, 0, 0, 0, 0, 1]])
  func answerCommitsToOneTaskWithProbabilityNkOverN(labels: [Int]) throws {
    let spec = collapseSpec
    let model = try distributionModel(spec)
    let greedyModel = try TaskSuperposition.model(spec).prepared()
    let examples = labels.enumerated().map { (task: $0.element, input: $0.offset % spec.inputs) }
    let n = labels.count
    for query in 0..<spec.inputs {
      let prompt = TaskSuperposition.prompt(spec, examples: examples, query: query)
      var expected: [[String]: Rational] = [:]
      for k in labels { expected[spec.answer(task: k, input: query), default: 0] += Rational(1, n) }
      // Exact: every whole answer with its probability, multiplied out along the model's own outputs.
      var search = try CompletionSearch(model: model, prompt: prompt, length: 2)
      let exact = try search.exactDistribution(top: 1)
      #expect(Dictionary(uniqueKeysWithValues: exact.completions.map { ($0.tokens, $0.probability!) }) == expected)
      #expect(exact.total == 1)

      // The first token: the sampler's outcomes, enumerated over every uniform draw.
      let first = try nextToken(model, prompt)
      let weights = first.map(\.probability)
      let (_, d) = ExactSampler.counts(weights)
      var hits = Array(repeating: 0, count: weights.count)
      for u in 0..<d { hits[ExactSampler.outcome(weights, uniform: u)] += 1 }
      for k in Set(labels) {
        let token = spec.answer(task: k, input: query)[0]
        let i = first.firstIndex { $0.token == token }!
        #expect(Rational(hits[i], Int(d)) == Rational(labels.filter { $0 == k }.count, n))
      }

      // After the first token, plain chain of thought (the greedy readout) finishes that task's answer.
      for k in Set(labels) {
        let answer = spec.answer(task: k, input: query)
        let rest = try greedyModel.generate(prompt + [answer[0]], maxSteps: 1)
        #expect(rest.emitted == Array(answer.dropFirst()))
      }
    }
  }

  @Test func seededSamplingCommitsAndMatchesFrequencies() throws {
    let spec = collapseSpec
    let model = try distributionModel(spec)
    let labels = [0, 1, 1, 2, 2, 2]  // p = 1/6, 1/3, 1/2
    let examples = labels.enumerated().map { (task: $0.element, input: $0.offset % spec.inputs) }
    let prompt = TaskSuperposition.prompt(spec, examples: examples, query: 1)
    let answers = (0..<3).map { spec.answer(task: $0, input: 1) }
    var search = try CompletionSearch(model: model, prompt: prompt, length: 2)
    let draws = 600
    let drawn = try search.samples(draws, seed: 2024)
    var counts = [0, 0, 0]
    for s in drawn {
      // Every answer is one task's whole answer, never a blend, with its exact probability.
      let k = try #require(answers.firstIndex(of: s.completion.tokens), "blended answer \(s.completion.tokens)")
      #expect(s.completion.probability == Rational(labels.filter { $0 == k }.count, labels.count))
      counts[k] += s.count
    }
    print("superposition: 600 seeded whole answers by task: \(counts) (expected 100, 200, 300)")
    // Within 4 standard deviations of n_k/n (fixed seed: this is a regression check).
    for (k, p) in [1.0 / 6, 1.0 / 3, 1.0 / 2].enumerated() {
      let sd = (Double(draws) * p * (1 - p)).squareRoot()
      #expect(abs(Double(counts[k]) - Double(draws) * p) <= 4 * sd)
    }
    // Greedy takes the plurality task's answer (task 2, half the examples).
    #expect(try search.greedy() == Completion(tokens: answers[2], probability: Rational(1, 2)))
  }

  @Test func sharedFirstTokenIsResolvedByConditioning() throws {
    // Tasks 0 and 1 both start with y0 at x0, then differ; task 2 starts with y1.
    let tables = [[[0, 2]], [[0, 3]], [[1, 4]]]
    let spec = Spec(tables: tables, inputs: 1, outputs: 5, maxExamples: 6)
    let model = try distributionModel(spec)
    let labels = [0, 1, 1, 2, 2, 2]
    let prompt = TaskSuperposition.prompt(spec, examples: labels.map { (task: $0, input: 0) }, query: 0)
    let first = try nextToken(model, prompt)
    #expect(first.map(\.probability) == [Rational(1, 2), Rational(1, 2), 0, 0, 0])
    // After y0 only tasks 0 and 1 agree: 1/6 and 1/3 renormalise to 1/3 and 2/3.
    let second = try nextToken(model, prompt + ["y0"])
    #expect(second.map(\.probability) == [0, 0, Rational(1, 3), Rational(2, 3), 0])
    #expect(try TaskSuperposition.outputVector(model, prompt + ["y0"]).map(\.weight) == [0, 0, Rational(1, 6), Rational(1, 3), 0])
    var search = try CompletionSearch(model: model, prompt: prompt, length: 2)
    let exact = try search.exactDistribution(top: 3)
    #expect(Dictionary(uniqueKeysWithValues: exact.completions.map { ($0.tokens, $0.probability!) })
      == [["y0", "y2"]: Rational(1, 6), ["y0", "y3"]: Rational(1, 3), ["y1", "y4"]: Rational(1, 2)])
  }

  /// The claim's setting: K distinct seeded tables, well-formed prompts, the
  /// output vector checked exactly against sum_k n_k/n e_{g_k(x_q)}.
  @Test func wellFormedPromptsCheckTheExactMixtureOfKDistinctTasks() throws {
    let family = try #require(ConstructionFamily.named("superposition"))
    let values = ["tasks": "8", "inputs": "3", "outputs": "6", "max_examples": "2", "random_tables": "24", "prompts": "well-formed"]
    let p = try family.parameterValues(values)
    let reference = try family.reference(p)
    let model = try family.build(p).prepared()
    let instances = try #require(reference.instances)
    #expect(instances.count == 24 * 3 + 24 * 24 * 3)
    #expect(reference.instanceSpace == nil)
    let check = try #require(reference.vectorCheck)
    // One and two examples, first and last prompts: the exact mixture.
    for prompt in instances.prefix(40) + instances.suffix(40) {
      #expect(try check(model, prompt) == nil, "\(prompt)")
    }
    // The tables are 8 distinct ones; a model built from other tables is caught.
    let other = try family.build(family.parameterValues(values.merging(["random_tables": "25"]) { $1 })).prepared()
    let caught = try instances.prefix(200).compactMap { try check(other, $0) }
    #expect(!caught.isEmpty)
    #expect(caught.first!.contains("expected sum_k n_k/n e_g_k(x_q) = "))
    let tables = try TaskSuperposition.randomTables(tasks: 8, inputs: 3, outputs: 6, answerLength: 1, seed: 24)
    #expect(Set(tables).count == 8)
    #expect(throws: ConstructionError.self) {
      try TaskSuperposition.randomTables(tasks: 9, inputs: 1, outputs: 2, answerLength: 3, seed: 1)
    }
  }
}
