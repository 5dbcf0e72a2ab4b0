import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// The best value of a multiset of `items` of total weight at most c, by
/// trying every count of every item (no DP; independent of ``Knapsack``).
func bruteForceKnapsack(_ items: [Knapsack.Item], capacity c: Int) -> Int {
  func best(_ index: Int, _ room: Int) -> Int {
    guard index < items.count else { return 0 }
    var result = 0
    var count = 0
    while count * items[index].weight <= room {
      result = max(result, count * items[index].value + best(index + 1, room - count * items[index].weight))
      count += 1
    }
    return result
  }
  return best(0, c)
}

@Suite struct KnapsackDoublingTests {
  @Test(arguments: [1, 2, 3, 4, 5, 6])
  func everyInstanceUpToTwoItems(capacity: Int) throws {
    let family = ConstructionFamily.named("knapsack-doubling")!
    let values = try family.parameterValues(["capacity": "\(capacity)", "max_value": "2", "max_items": "2"])
    let model = try family.build(values)
    #expect(model.layers.count == KnapsackDoubling.squarings(capacity: capacity) + 1)
    let reference = try family.reference(values)
    let prepared = model.prepared()
    var checked = 0
    for prompt in reference.instances! {
      let got = try prepared.run(prompt).outputs.map(\.description)
      #expect(got == (try reference.expected(prompt)), "\(prompt)")
      checked += 1
    }
    #expect(checked > 0)
  }

  @Test func seededInstancesAgainstBruteForce() throws {
    var random = SplitMix64(seed: 9)
    let capacity = 16
    let model = try KnapsackDoubling.model(capacity: capacity, maxValue: 5, maxItems: 4).prepared()
    #expect(model.model.layers.count == 5)
    for _ in 0..<12 {
      let items = (0..<random.int(in: 1...4)).map { _ in
        Knapsack.Item(weight: random.int(in: 1...capacity), value: random.int(in: 0...5))
      }
      let got = try model.run(Knapsack.layeredPrompt(items, capacity: capacity)).outputs.map(\.description)
      let expected = Array(repeating: "0", count: items.count) + (0...capacity).map { "\(bruteForceKnapsack(items, capacity: $0))" }
      #expect(got == expected, "\(items)")
    }
  }

  @Test func depthAgainstCapacity() {
    #expect((1...9).map { KnapsackDoubling.squarings(capacity: $0) + 1 } == [1, 2, 3, 3, 4, 4, 4, 4, 5])
    #expect(KnapsackDoubling.squarings(capacity: 32) + 1 == 6)
  }

  /// With one squaring fewer the table holds at most 2^(L−1) = 4 pieces (items,
  /// or a stretch of unused weight): at capacity 5 three `1:1` items and 2 unused.
  @Test func oneSquaringFewerFails() throws {
    let model = try KnapsackDoubling.model(capacity: 5, maxValue: 1, maxItems: 1, squarings: 2)
    let out = try model.run(Knapsack.layeredPrompt([.init(weight: 1, value: 1)], capacity: 5)).outputs.map(\.description)
    #expect(out == ["0", "0", "1", "2", "3", "4", "3"])
  }
}
