import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct MultipleChoiceTests {
  /// The answer slot of an item, found directly.
  func answer(_ item: MultipleChoice.Item, values: Int) -> Int {
    item.options.firstIndex { $0 == (3 * item.question + 1) % values }!
  }

  func check(_ model: PreparedModel, _ items: [MultipleChoice.Item], values: Int, readout: MultipleChoice.ReadoutKind) throws -> Bool {
    let answers = items.map { answer($0, values: values) }
    let expected = readout == .token
      ? MultipleChoice.jointToken(answers)
      : String(answers.enumerated().reduce(0) { $0 + $1.element * (1 << (2 * $1.offset)) })
    let outputs = try model.run(MultipleChoice.prompt(items)).outputs.map(\.description)
    let filler = readout == .token ? "none" : "-1"
    return outputs == Array(repeating: filler, count: 5 * items.count) + [expected]
  }

  @Test func oneItemHasDepthOne() throws {
    let model = try MultipleChoice.itemModel()
    #expect(model.layers.count == 1)
    let prepared = model.prepared()
    let items = MultipleChoice.allItems(questions: 4, values: 4)
    #expect(items.count == 4 * 24)
    for item in items {
      let outputs = try prepared.run(item.tokens).outputs.map(\.description)
      #expect(outputs == ["none", "none", "none", "none", MultipleChoice.letters[answer(item, values: 4)]])
    }
  }

  @Test func everyPairOfItemsIsAnsweredByOneToken() throws {
    // Two questions, four values: 48 items, all 2304 pairs, both readouts.
    let items = MultipleChoice.allItems(questions: 2, values: 4)
    #expect(items.count == 48)
    for readout in MultipleChoice.ReadoutKind.allCases {
      let model = try MultipleChoice.model(items: 2, questions: 2, values: 4, readout: readout).prepared()
      var wrong: [[MultipleChoice.Item]] = []
      for a in items {
        for b in items where try !check(model, [a, b], values: 4, readout: readout) { wrong.append([a, b]) }
      }
      #expect(wrong.isEmpty, "\(readout): first wrong pair \(wrong.first.map { MultipleChoice.prompt($0) } ?? [])")
    }
  }

  @Test(arguments: [(1, MultipleChoice.ReadoutKind.token), (3, .token), (4, .token), (5, .index), (8, .index), (16, .index)])
  func seededItemsAreAnsweredExactly(k: Int, readout: MultipleChoice.ReadoutKind) throws {
    let items = MultipleChoice.allItems(questions: 4, values: 5)
    let model = try MultipleChoice.model(items: k, questions: 4, values: 5, readout: readout).prepared()
    var rng = SplitMix64(seed: UInt64(k))
    for _ in 0..<40 {
      let chosen = (0..<k).map { _ in rng.pick(items) }
      #expect(try check(model, chosen, values: 5, readout: readout), "prompt \(MultipleChoice.prompt(chosen))")
    }
  }

  @Test func depthIsOneItemPlusOneForEveryK() throws {
    let item = try MultipleChoice.itemModel().layers.count
    var widths: [Int] = []
    for k in 1...16 {
      let model = try MultipleChoice.model(items: k)
      #expect(model.layers.count == item + 1)
      #expect(model.headsPerLayer == [4, 1])
      #expect(model.mlpWidths == [4 * k * 4, 3 * k + 1])
      #expect(model.residual.dimension == 9 * k + 2 * 4 + 4 * 4 + 7)
      #expect(model.residual.dimension == MultipleChoice.residualWidth(items: k, questions: 4, values: 4, readout: .index))
      widths.append(model.residual.dimension)
    }
    print("mcq residual width (index readout, Q = V = 4), k = 1...16: \(widths)")
    for k in 1...4 {
      let model = try MultipleChoice.model(items: k, readout: .token)
      #expect(model.layers.count == 2)
      #expect(model.residual.dimension == MultipleChoice.residualWidth(items: k, questions: 4, values: 4, readout: .token))
    }
  }

  @Test func jointTokenNamesAndIndices() throws {
    #expect(MultipleChoice.jointToken([1, 3]) == "BD")
    #expect(MultipleChoice.jointIndex([1, 3]) == Rational(1 + 3 * 4))
    let prompt = ["q0", "v0", "v1", "v2", "v3", "q1", "v2", "v3", "v0", "v1", "?"]
    // f(q0) = v1 (slot B), f(q1) = v0 (slot C).
    #expect(try MultipleChoice.model(items: 2, readout: .token).run(prompt).outputs.last == .text("BC"))
    #expect(try MultipleChoice.model(items: 2).run(prompt).outputs.last == .number(Rational(1 + 2 * 4)))
    #expect(throws: ConstructionError.self) { try MultipleChoice.model(items: 6, readout: .token) }
  }

  /// Past 31 items the index Σ a_j·4^(j−1) leaves Int's range: the weights
  /// and the reference are exact (a shift had made item 33's weight 0).
  @Test func fortyItemsReadTheExactIndex() throws {
    let k = 40
    var random = SplitMix64(seed: 5)
    var prompt: [String] = []
    var answers: [Int] = []
    for j in 0..<k {
      let options = [0, 1, 2, 3].shuffled(using: &random)
      let q = j % 4
      prompt += ["q\(q)"] + options.map { "v\($0)" }
      answers.append(MultipleChoice.Item(question: q, options: options).answer(values: 4)!)
    }
    prompt.append("?")
    let expected = (0..<k).reversed().reduce(Rational.zero) { $0 * 4 + Rational(answers[$1]) }
    #expect(MultipleChoice.jointIndex(answers) == expected)
    #expect(expected > Rational(Int.max))
    let outputs = try MultipleChoice.model(items: k).run(prompt).outputs
    #expect(outputs.last == .number(expected))
    #expect(try MultipleChoice.expectedOutputs(prompt, items: k, questions: 4, values: 4, readout: .index).last == expected.description)
  }
}
