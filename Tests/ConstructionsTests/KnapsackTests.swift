import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// Brute-force knapsack solvers, independent of the dynamic programme.
enum BruteForce {
  /// Best value of a multiset of `items` of total weight at most `capacity`,
  /// by enumerating every count vector.
  static func unbounded(_ items: [Knapsack.Item], capacity: Int) -> Int {
    func best(_ index: Int, _ room: Int) -> Int {
      guard index < items.count else { return 0 }
      var top = 0
      var count = 0
      while count * items[index].weight <= room {
        top = max(top, count * items[index].value + best(index + 1, room - count * items[index].weight))
        count += 1
      }
      return top
    }
    return best(0, capacity)
  }

  /// Best value of a subset of `items` of total weight at most `capacity`,
  /// by enumerating every subset.
  static func zeroOne(_ items: [Knapsack.Item], capacity: Int) -> Int {
    var top = 0
    for mask in 0..<(1 << items.count) {
      let chosen = items.indices.filter { mask & (1 << $0) != 0 }
      if chosen.reduce(0, { $0 + items[$1].weight }) <= capacity {
        top = max(top, chosen.reduce(0) { $0 + items[$1].value })
      }
    }
    return top
  }

  /// Every list of up to `count` items over weights 1...maxWeight, values 0...maxValue.
  static func itemLists(maxWeight: Int, maxValue: Int, count: Int) -> [[Knapsack.Item]] {
    let all = (1...maxWeight).flatMap { w in (0...maxValue).map { Knapsack.Item(weight: w, value: $0) } }
    var out: [[Knapsack.Item]] = [[]]
    var layer: [[Knapsack.Item]] = [[]]
    for _ in 0..<count {
      layer = layer.flatMap { prefix in all.map { prefix + [$0] } }
      out += layer
    }
    return out
  }
}

@Suite struct KnapsackTests {
  /// The expected outputs of a layered model: 0 at items, the brute-force best at each capacity.
  func bruteOutputs(_ items: [Knapsack.Item], capacity: Int, _ solve: ([Knapsack.Item], Int) -> Int) -> [String] {
    Array(repeating: "0", count: items.count) + (0...capacity).map { String(solve(items, $0)) }
  }

  /// The first instance (of `lists` at `capacity`) the model gets wrong, described.
  func firstWrong(
    _ model: Model, lists: [[Knapsack.Item]], capacity: Int, looped: Bool = false,
    _ solve: ([Knapsack.Item], Int) -> Int
  ) throws -> String? {
    let prepared = model.prepared()
    for items in lists {
      let prompt = Knapsack.layeredPrompt(items, capacity: capacity)
      let outputs = looped ? try model.runLooped(prompt).outputs : try prepared.run(prompt).outputs
      let expected = bruteOutputs(items, capacity: capacity, solve)
      if outputs.map(\.description) != expected {
        return "items \(items.map(\.description).joined(separator: " ")) at capacity \(capacity): model \(outputs.last!), brute force \(expected.last!)"
      }
    }
    return nil
  }

  @Test func dynamicProgrammesMatchBruteForce() {
    for items in BruteForce.itemLists(maxWeight: 3, maxValue: 2, count: 3) {
      for c in 0...5 {
        #expect(Knapsack.unboundedTable(items, capacity: 5)[c] == BruteForce.unbounded(items, capacity: c))
        #expect(Knapsack.zeroOneTable(items, capacity: 5).last![c] == BruteForce.zeroOne(items, capacity: c))
      }
    }
  }

  @Test func unboundedIsExactOnEveryInstance() throws {
    // Capacity W = 4, weights 1...4, values 0...3, up to 2 items: 273 item
    // lists, each checked at every capacity 0...4 in one run.
    let model = try KnapsackUnbounded.model(capacity: 4, maxValue: 3, maxItems: 2)
    let lists = BruteForce.itemLists(maxWeight: 4, maxValue: 3, count: 2)
    #expect(try firstWrong(model, lists: lists, capacity: 4, BruteForce.unbounded) == nil)
    #expect(try firstWrong(model, lists: lists, capacity: 2, BruteForce.unbounded) == nil)
  }

  @Test func unboundedDepthIsCapacityPlusOne() throws {
    for w in 1...6 {
      let model = try KnapsackUnbounded.model(capacity: w, maxValue: 3, maxItems: 4)
      #expect(model.layers.count == w + 1)
      #expect(model.headsPerLayer == [w] + Array(repeating: 1, count: w))
      #expect(model.residual.dimension == KnapsackUnbounded.residualWidth(capacity: w, maxValue: 3))
    }
  }

  @Test func unboundedWithOneLayerFewerFails() throws {
    let w = 4
    let ablated = try KnapsackUnbounded.model(capacity: w, maxValue: 3, maxItems: 2, steps: w - 1)
    #expect(ablated.layers.count == w)
    let lists = BruteForce.itemLists(maxWeight: w, maxValue: 3, count: 2)
    let counterexample = try firstWrong(ablated, lists: lists, capacity: w, BruteForce.unbounded)
    print("knapsack-unbounded, W = \(w), \(w) layers: counterexample \(counterexample ?? "none")")
    #expect(counterexample != nil)
    // The chain the design names: W items of weight 1 need W steps.
    let chain = Knapsack.layeredPrompt([Knapsack.Item(weight: 1, value: 1)], capacity: w)
    #expect(try ablated.run(chain).outputs.last == .number(Rational(w - 1)))
  }

  @Test func unboundedLoopedMatchesUnrolled() throws {
    let looped = try KnapsackUnbounded.model(capacity: 4, maxValue: 3, maxItems: 2, looped: true)
    #expect(looped.layers.count == 2)
    let lists = BruteForce.itemLists(maxWeight: 4, maxValue: 3, count: 1) + [[.init(weight: 3, value: 3), .init(weight: 2, value: 2)]]
    #expect(try firstWrong(looped, lists: lists, capacity: 4, looped: true, BruteForce.unbounded) == nil)
    #expect(try looped.runLooped(Knapsack.layeredPrompt([], capacity: 4)).iterations == 4)
  }

  @Test func zeroOneIsExactOnEveryInstance() throws {
    // Up to 3 items of weight 1...3, value 0...2 (820 item lists), capacity 4.
    let model = try Knapsack01.model(maxItems: 3, capacity: 4, maxWeight: 3, maxValue: 2)
    #expect(model.layers.count == 4)
    #expect(model.headsPerLayer == [1, 2, 2, 2])
    #expect(model.mlpWidths == [0, 7, 7, 7])
    #expect(model.residual.dimension == Knapsack01.residualWidth(maxWeight: 3, maxValue: 2, capacity: 4))
    let lists = BruteForce.itemLists(maxWeight: 3, maxValue: 2, count: 3)
    #expect(try firstWrong(model, lists: lists, capacity: 4, BruteForce.zeroOne) == nil)
  }

  @Test func zeroOneWithOneLayerFewerFails() throws {
    let n = 3
    let ablated = try Knapsack01.model(maxItems: n, capacity: 4, maxWeight: 3, maxValue: 2, steps: n - 1)
    #expect(ablated.layers.count == n)
    let lists = BruteForce.itemLists(maxWeight: 3, maxValue: 2, count: n)
    let counterexample = try firstWrong(ablated, lists: lists, capacity: 4, BruteForce.zeroOne)
    print("knapsack-01, n = \(n), \(n) layers: counterexample \(counterexample ?? "none")")
    #expect(counterexample != nil)
    let chain = Knapsack.layeredPrompt(Array(repeating: Knapsack.Item(weight: 1, value: 1), count: n), capacity: n)
    #expect(try ablated.run(chain).outputs.last == .number(Rational(n - 1)))
  }

  @Test func zeroOneLoopedIsTheSameLayerRepeated() throws {
    let unrolled = try Knapsack01.model(maxItems: 3, capacity: 4, maxWeight: 3, maxValue: 2)
    let looped = try Knapsack01.model(maxItems: 3, capacity: 4, maxWeight: 3, maxValue: 2, looped: true)
    #expect(looped.layers.count == 2)
    #expect(Set(unrolled.layers.dropFirst()).count == 1)
    #expect(looped.layers[1] == unrolled.layers[1])
    var rng = SplitMix64(seed: 7)
    let all = BruteForce.itemLists(maxWeight: 3, maxValue: 2, count: 3)
    let lists = (0..<60).map { _ in all[Int(rng.below(UInt64(all.count)))] }
    #expect(try firstWrong(looped, lists: lists, capacity: 4, looped: true, BruteForce.zeroOne) == nil)
  }

  @Test func chainOfThoughtWritesTheTable() throws {
    let model = try Knapsack01ChainOfThought.model(maxItems: 2, capacity: 3, maxWeight: 2, maxValue: 2)
    #expect(model.layers.count == 4)
    #expect(model.headsPerLayer == [3, 3, 1, 0])
    #expect(model.residual.dimension == Knapsack01ChainOfThought.residualWidth(maxItems: 2, capacity: 3, maxWeight: 2, maxValue: 2))
    let larger = try Knapsack01ChainOfThought.model(maxItems: 5, capacity: 7, maxWeight: 2, maxValue: 2)
    #expect(larger.layers.map(\.heads) == model.layers.map(\.heads))
    let prepared = model.prepared()
    var wrong: [String] = []
    for items in BruteForce.itemLists(maxWeight: 2, maxValue: 2, count: 2) {
      for c in 0...3 {
        let prompt = Knapsack01ChainOfThought.prompt(items, capacity: c)
        let run = try prepared.generate(prompt, maxSteps: 100)
        let expected = try Knapsack01ChainOfThought.expectedTokens(prompt)
        let answer = run.emitted.dropLast().last.flatMap { Int($0) }
        if run.emitted != expected || run.ending != .stopToken || answer != BruteForce.zeroOne(items, capacity: c) {
          wrong.append(prompt.joined(separator: " "))
        }
      }
    }
    #expect(wrong.isEmpty, "first wrong prompt: \(wrong.first ?? "")")
  }

  @Test func chainOfThoughtExample() throws {
    let model = try Knapsack01ChainOfThought.model(maxItems: 3, capacity: 4, maxWeight: 3, maxValue: 3)
    let run = try model.prepared().generate(["2:3", "1:2", "3:3", "c4"], maxSteps: 100)
    #expect(run.emitted.joined(separator: " ")
      == "# 0 0 0 0 0 # 0 0 3 3 3 # 0 2 3 5 5 # 0 2 3 5 5 end")
    #expect(run.steps == 4 * 6 + 1)
  }

  /// The chain-of-thought model's shape is the same for every n, but its
  /// last layer's gate constant is B = nV + V + 1 (README, knapsack-01-cot):
  /// the structure is fixed, some weights grow with the largest value nV.
  @Test func chainOfThoughtWeightsDependOnNOnlyThroughTheLargestValue() throws {
    func shape(_ n: Int) throws -> (layers: Int, heads: [Int], hidden: [Int], gate: Rational) {
      let model = try Knapsack01ChainOfThought.model(maxItems: n, capacity: 3, maxWeight: 2, maxValue: 2)
      let emit = try #require(model.layers[3].mlp)
      return (model.layers.count, model.headsPerLayer, model.layers.map { $0.mlp?.firstBias.count ?? 0 }, emit.firstBias.entries[1])
    }
    let two = try shape(2)
    let four = try shape(4)
    #expect(two.layers == 4 && four.layers == 4)
    #expect(two.heads == [3, 3, 1, 0] && four.heads == two.heads)
    #expect(two.hidden == four.hidden)
    #expect(two.gate == -7 && four.gate == -11)
  }
}
