import Constructions
import Decoding
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// The constructions about whole completions, each against its definition
/// and through the exact search.
@Suite struct DecodingConstructionsTests {
  @Test func degenerateModeHasTheDefinedDistributionEverywhere() throws {
    let spec = DegenerateMode.Spec(vocabularySize: 3, strength: 2, maxLength: 5)
    let model = try DegenerateMode.model(spec).prepared()
    #expect(model.model.layers.count == 1)
    for input in allSequences(over: spec.tokens, lengths: 1...5) {
      let run = try model.run(input)
      #expect(run.outputs.map(\.description) == DegenerateMode.expectedOutputs(input))
      let got = try model.probabilities(of: run).map { try $0.get() }
      #expect(got == input.indices.map { DegenerateMode.probabilities(spec, after: Array(input[...$0])) }, "\(input)")
    }
  }

  @Test func shippedModelsAreTheConstructions() throws {
    let root = Tool.packageRoot.appendingPathComponent("Examples/models")
    #expect(try Model.load(from: root.appendingPathComponent("degenerate-mode.json").path)
      == DegenerateMode.model(.init(vocabularySize: 8, strength: 1, maxLength: 16)))
    #expect(try Model.load(from: root.appendingPathComponent("garden-path.json").path)
      == GardenPath.model(.init(answerLength: 4, branches: 4, lead: 1, confidence: 6)))
  }

  @Test func theModeIsDegenerateWhileSamplesRarelyAre() throws {
    let spec = DegenerateMode.Spec(vocabularySize: 8, strength: 1, maxLength: 8)
    let model = try DegenerateMode.model(spec).prepared()
    var previousMedian = Rational.one
    for n in 1...4 {
      var search = try CompletionSearch(model: model, prompt: ["t0"], length: n)
      let mode = try #require(try search.top(1).first)
      #expect(mode.tokens == Array(repeating: "t0", count: n))
      // P(t0^n) = Π_{k=1..n} 2^k / (2^k + 7), from the definition.
      let product = (1...n).reduce(Rational.one) { p, k in p * Rational(1 << k, (1 << k) + 7) }
      #expect(mode.probability == product)
      // The top 8 completions are the 8 repetitions; together they are rarely sampled.
      let top = try search.top(8)
      #expect(top.allSatisfy { $0.isRepetition })
      let exact = try search.exactDistribution(top: 8)
      #expect(exact.total == 1)
      let degenerate = exact.completions.filter(\.isRepetition).reduce(Rational.zero) { $0 + $1.probability! }
      #expect(exact.topMass == degenerate)
      if n >= 4 { #expect(degenerate < Rational(1, 10)) }
      // The typical completion's probability (the median of a sample's) falls
      // with n, and the mode stays far above it.
      let median = try search.mass(Rational(1, 2)).completions.last!.probability!
      #expect(median < previousMedian)
      #expect(mode.probability! >= Rational(1 << n) * median)
      previousMedian = median
    }
  }

  @Test func gardenPathGreedyLosesToTheJointArgmax() throws {
    let spec = GardenPath.Spec(answerLength: 4, branches: 4, lead: 1, confidence: 6)
    let model = try GardenPath.model(spec).prepared()
    #expect(model.model.layers.isEmpty)
    var search = try CompletionSearch(model: model, prompt: ["Q"], length: 4)
    // V = 9 labels: Z_Q = 2^7 + 2^6 + 7, after R_k 2^6 + 8, after L or a filler 4·2^6 + 5.
    let greedy = try search.greedy()
    #expect(greedy.tokens == ["L", "W1", "W1", "W1"])
    #expect(greedy.probability == Rational(128, 199) * Rational(64, 261) * Rational(64, 261) * Rational(64, 261))
    let best = try search.top(2)
    #expect(best[0].tokens == spec.answer)
    #expect(best[0].probability == Rational(64, 199) * Rational(64, 72) * Rational(64, 72) * Rational(64, 72))
    #expect(best[0].probability! > 20 * greedy.probability!)
    // Beam search with two beams keeps the right chain; one beam is greedy.
    #expect(try search.beam(width: 2)[0].tokens == spec.answer)
    #expect(try search.beam(width: 1)[0] == greedy)
    // The first token: the lure is twice as likely as R1.
    #expect(try search.probability(of: spec.answer) == best[0].probability)
  }

  /// The distribution readout of task superposition: after n_k examples of
  /// task k, a whole answer is task k's with probability exactly n_k/n,
  /// never a blend; greedy takes the plurality task's; samples follow.
  @Test func superpositionCompleteAnswersAreTaskAnswersWithProbabilityNkOverN() throws {
    var spec = TaskSuperposition.Spec(tasks: 3, inputs: 3, outputs: 4, answerLength: 2, maxExamples: 4)
    spec.readout = .distribution
    let model = try TaskSuperposition.model(spec).prepared()
    var greedySpec = spec
    greedySpec.readout = .greedy
    let greedyModel = try TaskSuperposition.model(greedySpec).prepared()
    #expect(model.model.residual.dimension == TaskSuperposition.residualWidth(spec))
    for labels in [[0, 0, 1], [2, 1, 2, 2], [0, 1, 2], [1]] {
      let examples = labels.enumerated().map { (task: $0.element, input: $0.offset % 3) }
      for query in 0..<3 {
        let prompt = TaskSuperposition.prompt(spec, examples: examples, query: query)
        // The same greedy labels as the categorical readout, at every position.
        #expect(try model.run(prompt).outputs == greedyModel.run(prompt).outputs)
        var search = try CompletionSearch(model: model, prompt: prompt, length: 2)
        let exact = try search.exactDistribution(top: 1)
        var expected: [[String]: Rational] = [:]
        for k in labels { expected[spec.answer(task: k, input: query), default: .zero] += Rational(1, labels.count) }
        var got: [[String]: Rational] = [:]
        for c in exact.completions { got[c.tokens] = c.probability }
        #expect(got == expected, "\(prompt)")
        #expect(got == TaskSuperposition.expectedAnswers(spec, examples: examples, query: query))
        // Greedy: the plurality task's answer (ties to the lowest first token).
        let plurality = (0..<3).max { a, b in
          let (na, nb) = (labels.filter { $0 == a }.count, labels.filter { $0 == b }.count)
          return na != nb ? na < nb : spec.answer(task: a, input: query)[0] > spec.answer(task: b, input: query)[0]
        }!
        #expect(try search.greedy().tokens == spec.answer(task: plurality, input: query))
        let samples = try search.samples(300, seed: 5)
        #expect(samples.allSatisfy { expected[$0.completion.tokens] != nil })
        for s in samples {
          let p = expected[s.completion.tokens]!.doubleValue
          #expect(abs(Double(s.count) - 300 * p) <= 5 * (300 * p * (1 - p)).squareRoot() + 1)
        }
      }
    }
  }
}
