import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct RecurrentRecallTests {
  @Test func exactMachineIsRightOnEveryInputUpToLength6() {
    let machine = RecurrentRecall.exactMachine(vocabulary: ["a", "b", "c"])
    for word in allSequences(over: ["a", "b", "c"], lengths: 1...6) {
      #expect(machine.run(word) == RecurrentRecall.recall(word), "input \(word)")
    }
  }

  @Test func exactMachineStateCounts() {
    // Reachable (last, successor map) pairs. One token: start, (a, −), (a, a→a).
    // Two tokens: start; (a, −), (b, −); one successor known: (y, x→y) for
    // x, y ∈ {a, b}, 4; both known: M(x) = x forces last = x, leaving
    // (a; a→a, b→a), (b; a→b, b→b), (a; a→b, b→a), (b; a→b, b→a), 4.
    #expect(RecurrentRecall.exactMachine(vocabulary: ["a"]).stateCount == 3)
    #expect(RecurrentRecall.exactMachine(vocabulary: ["a", "b"]).stateCount == 1 + 2 + 4 + 4)
  }

  @Test(arguments: 1...5)
  func minimalMachineIsRightAndMinimal(length: Int) throws {
    let vocabulary = ["a", "b"]
    let machine = try #require(RecurrentRecall.minimalMachine(vocabulary: vocabulary, maxLength: length, maxStates: 20))
    for word in allSequences(over: vocabulary, lengths: 1...length) {
      #expect(machine.run(word) == RecurrentRecall.recall(word))
    }
    #expect(RecurrentRecall.minimalMachine(vocabulary: vocabulary, maxLength: length, maxStates: machine.stateCount - 1) == nil)
  }

  @Test func minimalStateCountsGrowWithLength() throws {
    let counts = (1...5).map {
      RecurrentRecall.minimalMachine(vocabulary: ["a", "b"], maxLength: $0, maxStates: 20)!.stateCount
    }
    print("minimal recurrent states for recall over {a, b}, n = 1...5: \(counts)")
    #expect(counts == counts.sorted())
    #expect(counts.last! > counts.first!)
  }

  @Test func loopedTransformerRunsTheMachine() throws {
    let machine = RecurrentRecall.exactMachine(vocabulary: ["a", "b"])
    let model = try LoopedRecurrence.model(for: machine, maxLength: 6)
    #expect(model.layers.count == 1)
    #expect(model.residual.block("state").count == machine.stateCount)
    for word in allSequences(over: ["a", "b"], lengths: 1...6) {
      let run = try model.runLooped(word)
      #expect(run.outputs.map(\.description) == RecurrentRecall.recall(word))
      #expect(run.iterations == word.count)
      #expect(run.halted)
    }
  }

  @Test func loopStoppedEarlyLeavesPositionsUnset() throws {
    var model = try LoopedRecurrence.model(for: RecurrentRecall.exactMachine(vocabulary: ["a", "b"]), maxLength: 4)
    model.loop!.halt = nil
    model.loop!.iterations = 2
    #expect(throws: ModelError.readoutTie(position: 2, labels: ["a", "b", "none"])) {
      try model.runLooped(["a", "b", "a"])
    }
  }
}

/// The recurrent-recall builders stay within their state and search budgets.
@Suite struct RecurrentRecallBudgetTests {
  func build(_ values: [String: String]) throws -> Model {
    let family = try #require(ConstructionFamily.named("recurrent-recall"))
    return try family.build(try family.parameterValues(values))
  }

  @Test func exactMachineOverTheStateBudgetIsRefused() throws {
    #expect(RecurrentRecall.exactMachine(vocabulary: ["a", "b", "c", "d"], maxStates: 1000)?.stateCount == 469)
    #expect(RecurrentRecall.exactMachine(vocabulary: ["a", "b", "c", "d"], maxStates: 468) == nil)
    #expect(throws: ConstructionError.badParameter(
      "recurrent-recall: the exact machine for 5 tokens has more than 1000 states (the state budget; its model would need about (states × tokens) × 2·states MLP weights); use at most 4 tokens")) {
      try build(["vocab_size": "5", "max_len": "4"])
    }
  }

  @Test func minimalSearchOverItsBudgetIsRefused() throws {
    switch RecurrentRecall.search(vocabulary: ["a", "b", "c"], maxLength: 4, maxStates: 64, budget: .init(nodes: 4096, steps: 10_000)) {
    case .overBudget(let why): #expect(why == "the search passed 10000 steps while trying machines of 4 states")
    default: Issue.record("expected the step budget to stop the search")
    }
    switch RecurrentRecall.search(vocabulary: ["a", "b"], maxLength: 20, maxStates: 64, budget: .standard) {
    case .overBudget(let why): #expect(why == "the inputs up to length 20 over 2 tokens form a tree of more than 4096 nodes")
    default: Issue.record("expected the node budget to stop the search")
    }
    // Within budget the bounded search finds the same smallest machine.
    switch RecurrentRecall.search(vocabulary: ["a", "b"], maxLength: 3, maxStates: 20, budget: .standard) {
    case .found(let m):
      #expect(m.stateCount == RecurrentRecall.minimalMachine(vocabulary: ["a", "b"], maxLength: 3, maxStates: 20)?.stateCount)
    default: Issue.record("expected a machine")
    }
  }
}
