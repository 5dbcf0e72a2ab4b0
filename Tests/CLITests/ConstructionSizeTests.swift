import Foundation
import TestSupport
import Testing

/// `construct` at the top of its parameter ranges: a clear error with the
/// estimate where the member would be too large, a build in seconds elsewhere.
@Suite struct ConstructionSizeTests {
  @Test func anOversizedMultipleChoiceModelIsRefusedWithItsEstimate() throws {
    let r = try Tool.run(["construct", "mcq", "--param", "items=64", "--param", "questions=1000"])
    #expect(r.status == 2)
    #expect(r.stdout == "")
    #expect(r.stderr == "error: mcq: items=64 questions=1000 values=4 make an answer MLP of about 342016000 weights (4·items·questions units reading items + questions + 4·values directions and writing 4·items), over the limit of 50000000; use fewer items or questions\n")
  }

  /// 300 branches wrote the embedding one token at a time, re-reading every
  /// direction after each (45 s in a debug build); now one assignment.
  @Test func aWideGardenPathBuildsInSeconds() throws {
    let started = Date()
    let r = try Tool.run(["construct", "garden-path", "--param", "branches=300", "--param", "answer_len=16"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "garden-path: 0 layers, heads [], residual width 654, parameters 220398\n")
    #expect(Date().timeIntervalSince(started) < 20)
  }
}

extension ConstructionSizeTests {
  /// 1000 inputs and outputs with 16-token answers asked for 35 GB in one allocation (a trap).
  @Test func anOversizedSuperpositionIsRefusedWithItsWidth() throws {
    let r = try Tool.run([
      "construct", "superposition", "--param", "inputs=1000", "--param", "outputs=1000", "--param", "answer_len=16",
    ])
    #expect(r.status == 2)
    #expect(r.stderr == "error: superposition: tasks=3 inputs=1000 outputs=1000 answer_len=16 need a residual width of 53032, whose W × W matrices have 2812393024 entries, over the limit of 50000000; use fewer inputs, outputs or a shorter answer\n")
  }
}

extension ConstructionSizeTests {
  /// A chain-of-thought knapsack over values up to 10^6 built a model of 2.3·10^12 entries (55 s, growing memory).
  @Test func anOversizedKnapsackChainOfThoughtIsRefusedWithItsSize() throws {
    let r = try Tool.run([
      "construct", "knapsack-01", "--param", "mode=cot", "--param", "max_items=1000", "--param", "capacity=64",
      "--param", "max_weight=64", "--param", "max_value=1000",
    ])
    #expect(r.status == 2)
    #expect(r.stderr == "error: knapsack-01 cot: max_items=1000 capacity=64 max_weight=64 max_value=1000 need a residual width of 2064157 and 1131202 embedding rows (tokens and positions), about 2334978526714 entries, over the limit of 50000000; use a smaller max_items × max_value or capacity\n")
  }
}
