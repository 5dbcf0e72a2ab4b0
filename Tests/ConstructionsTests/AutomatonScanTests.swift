import Automata
import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct AutomatonScanTests {
  func shipped(_ name: String) throws -> Automaton {
    try Automaton.load(from: Tool.packageRoot.appendingPathComponent("Circuits/automata/\(name).toml").path)
  }

  @Test func depthIsCeilLog2() {
    #expect([1, 2, 3, 4, 5, 8, 9, 1024, 1025].map(AutomatonScan.depth(forLength:)) == [0, 1, 2, 2, 3, 3, 4, 10, 11])
  }

  @Test(arguments: [("parity", 8), ("s3", 6), ("s5", 6), ("gridworld", 6), ("z3", 7), ("flipflop", 5)])
  func exactOnEveryInputUpToLength(name: String, length: Int) throws {
    let automaton = try shipped(name)
    let model = try AutomatonScan.model(for: automaton, maxLength: length)
    #expect(model.layers.count == AutomatonScan.depth(forLength: length))
    let prepared = model.prepared()
    var checked = 0
    var wrong: [[String]] = []
    for word in allSequences(over: automaton.alphabet, lengths: 1...length) {
      let got = try prepared.run(word).outputs.map(\.description)
      if got != (try automaton.run(word)) { wrong.append(word) }
      checked += 1
    }
    #expect(wrong.isEmpty, "first wrong input: \(wrong.first ?? [])")
    #expect(checked > 0)
  }

  @Test func widthDoesNotGrowWithLength() throws {
    let s5 = try shipped("s5")
    let short = try AutomatonScan.model(for: s5, maxLength: 4)
    let long = try AutomatonScan.model(for: s5, maxLength: 64)
    // 2|Q|² + |Σ| + BOS + one + pos + pos_sq.
    #expect(short.residual.dimension == 2 * 25 + 2 + 1 + 3)
    #expect(long.residual.dimension == short.residual.dimension)
    #expect(long.layers.count == 6)
    #expect(long.mlpWidths == Array(repeating: 125 + 50, count: 6))
  }

  @Test func oneLayerFewerFailsOnSomeInput() throws {
    let s5 = try shipped("s5")
    let model = try AutomatonScan.model(for: s5, maxLength: 5, layers: 2).prepared()
    let counterexample = try allSequences(over: s5.alphabet, lengths: 1...5).first { word in
      try model.run(word).outputs.map(\.description) != s5.run(word)
    }
    // With 2 steps position 5 has composed only tokens 2..5, and every
    // shorter input is still right. The first length-5 word, five swaps,
    // composes to the identity over tokens 2..5 (p1) but is odd (p2).
    #expect(counterexample == ["swap", "swap", "swap", "swap", "swap"])
  }

  @Test func seededSamplesAtLength1024() throws {
    let s5 = try shipped("s5")
    let model = try AutomatonScan.model(for: s5, maxLength: 1024).prepared()
    #expect(model.model.layers.count == 10)
    var rng = SplitMix64(seed: 2024)
    for length in [1024, 1000] {
      let word = (0..<length).map { _ in s5.alphabet[Int(rng.below(2))] }
      #expect(try model.run(word).outputs.map(\.description) == s5.run(word))
    }
  }
}

@Suite struct AutomatonScanNamingTests {
  @Test func statesWithColonsStillGiveDistinctDirections() throws {
    // "a:b" then "c" and "a" then "b:c" would both name f:a:b:c.
    let a = try Automaton(
      name: "colons", alphabet: ["x", "y"], states: ["a", "a:b", "b:c", "c"], start: "a", accepting: nil,
      table: [
        "a": ["x": "a:b", "y": "c"], "a:b": ["x": "b:c", "y": "a"],
        "b:c": ["x": "c", "y": "a:b"], "c": ["x": "a", "y": "b:c"],
      ])
    let model = try AutomatonScan.model(for: a, maxLength: 4).prepared()
    for word in allSequences(over: a.alphabet, lengths: 1...4) {
      #expect(try model.run(word).outputs.map(\.description) == a.run(word))
    }
  }

  @Test func tooManyStatesIsAClearError() throws {
    let states = (0..<31).map { "s\($0)" }
    let table = Dictionary(uniqueKeysWithValues: states.map { ($0, ["x": $0]) })
    let a = try Automaton(name: "big", alphabet: ["x"], states: states, start: "s0", accepting: nil, table: table)
    #expect(throws: ConstructionError.badParameter(
      "automaton-scan: big has 31 states; the composition MLP would need 29791 units (the limit is 30 states)")) {
      try AutomatonScan.model(for: a, maxLength: 4)
    }
  }
}

@Suite struct AutomatonScanLoopedTests {
  /// One layer run ceil(log2 T) times: exact on every S5 word of length 6
  /// (its prefixes cover the shorter ones) and on a seeded word at T = 200.
  @Test func loopedScanIsExact() throws {
    let s5 = try Automaton.load(from: Tool.packageRoot.appendingPathComponent("Circuits/automata/s5.toml").path)
    let model = try AutomatonScan.model(for: s5, maxLength: 6, looped: true)
    #expect(model.layers.count == 1)
    #expect(model.loop?.iterations == 3)
    for word in allSequences(over: s5.alphabet, lengths: 6...6) {
      let run = try model.runLooped(word)
      #expect(run.outputs.map(\.description) == (try s5.run(word)), "\(word)")
    }
    let long = try AutomatonScan.model(for: s5, maxLength: 200, looped: true)
    #expect(long.loop?.iterations == 8)
    var random = SplitMix64(seed: 8)
    let word = (0..<200).map { _ in random.pick(s5.alphabet) }
    #expect(try long.runLooped(word).outputs.map(\.description) == s5.run(word))
  }
}
