import Automata
import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// Automata from permutations and maps written as image lists: letter `a`
/// sends state q to `maps[a][q]`.
func automatonFromMaps(_ name: String, _ maps: [[Int]], start: Int = 0) throws -> Automaton {
  let states = maps[0].indices.map { "s\($0)" }
  let alphabet = maps.indices.map { "a\($0)" }
  var table: [String: [String: String]] = [:]
  for q in states.indices {
    table[states[q]] = Dictionary(uniqueKeysWithValues: alphabet.indices.map { (alphabet[$0], states[maps[$0][q]]) })
  }
  return try Automaton(name: name, alphabet: alphabet, states: states, start: states[start], accepting: nil, table: table)
}

/// Every word of exactly `length` letters (a causal model's outputs on them
/// cover every shorter word as a prefix) against the automaton's run.
func cascadeCounterexample(_ automaton: Automaton, length: Int, samples: Int = 0, sampleLength: Int = 0, seed: UInt64 = 1) throws -> [String]? {
  let model = try AutomatonCascade.model(for: automaton, maxLength: max(length, sampleLength)).prepared()
  for word in allSequences(over: automaton.alphabet, lengths: length...length) {
    if try model.run(word).outputs.map(\.description) != automaton.run(word) { return word }
  }
  var random = SplitMix64(seed: seed)
  for _ in 0..<samples {
    let word = (0..<sampleLength).map { _ in random.pick(automaton.alphabet) }
    if try model.run(word).outputs.map(\.description) != automaton.run(word) { return word }
  }
  return nil
}

@Suite struct AutomatonCascadeTests {
  func shipped(_ name: String) throws -> Automaton {
    try Automaton.load(from: Tool.packageRoot.appendingPathComponent("Circuits/automata/\(name).toml").path)
  }

  @Test(arguments: ["parity", "z3", "z5", "s3", "flipflop", "gridworld"])
  func shippedAutomataExact(name: String) throws {
    #expect(try cascadeCounterexample(shipped(name), length: 6, samples: 3, sampleLength: 40) == nil)
  }

  /// Groups, products, resets and cascades the shipped files do not have.
  static let families: [(String, [[Int]])] = [
    ("z6", [[1, 2, 3, 4, 5, 0], [0, 1, 2, 3, 4, 5]]),
    ("z2xz3", [[3, 4, 5, 0, 1, 2], [1, 2, 0, 4, 5, 3]]),
    ("d4", [[1, 2, 3, 0], [0, 3, 2, 1]]),
    ("d5", [[1, 2, 3, 4, 0], [0, 4, 3, 2, 1]]),
    ("a4", [[1, 2, 0, 3], [1, 0, 3, 2]]),
    ("s4", [[1, 2, 3, 0], [1, 0, 2, 3]]),
    ("reset3", [[0, 0, 0], [1, 1, 1], [2, 2, 2], [0, 1, 2]]),
    // (bit, parity): set/reset the bit, toggle the parity only while the bit is on.
    ("flipflop-then-z2", [[2, 3, 2, 3], [0, 1, 0, 1], [0, 1, 3, 2]]),
    // S3 on three points beside a flip-flop: six states (point, bit).
    ("s3xflipflop", [[2, 3, 0, 1, 4, 5], [2, 3, 4, 5, 0, 1], [1, 1, 3, 3, 5, 5], [0, 0, 2, 2, 4, 4]]),
  ]

  @Test(arguments: 0..<families.count)
  func unseenAutomataExact(index: Int) throws {
    let (name, maps) = Self.families[index]
    let automaton = try automatonFromMaps(name, maps)
    let length = maps.count > 3 ? 4 : 5
    #expect(try cascadeCounterexample(automaton, length: length, samples: 2, sampleLength: 40, seed: 5) == nil)
  }

  @Test func depthDoesNotDependOnLength() throws {
    for name in ["s3", "gridworld", "flipflop", "z5"] {
      let automaton = try shipped(name)
      let short = try AutomatonCascade.model(for: automaton, maxLength: 8)
      let long = try AutomatonCascade.model(for: automaton, maxLength: 1024)
      #expect(short.layers.count == long.layers.count, "\(name)")
      #expect(short.headsPerLayer == long.headsPerLayer, "\(name)")
      #expect(short.residual.dimension == long.residual.dimension, "\(name)")
    }
    // S3: counters mod 2 then mod 3; each sum perceptron has 2(p − 1)T + 1 units.
    let s3 = try AutomatonCascade.model(for: shipped("s3"), maxLength: 1024)
    #expect(s3.layers.count == 6)
    #expect(s3.headsPerLayer == [2, 0, 0, 1, 0, 0])
    #expect(s3.mlpWidths == [2 * 1024 + 1, 4, 6, 4 * 1024 + 1, 6, 6])
    // Parity is one counter: two layers.
    #expect(try AutomatonCascade.model(for: shipped("parity"), maxLength: 1024).layers.count == 2)
    #expect(try AutomatonCascade.model(for: shipped("flipflop"), maxLength: 1024).layers.count == 1)
  }

  @Test func nonSolvableIsRefusedNamingTheGroup() throws {
    #expect(throws: ConstructionError.self) { try AutomatonCascade.model(for: shipped("s5"), maxLength: 8) }
    do {
      _ = try AutomatonCascade.model(for: shipped("s5"), maxLength: 8)
    } catch let error as ConstructionError {
      #expect(error.description.contains("group of order 120"))
      #expect(error.description.contains("perfect subgroup of order 60"))
    }
    // A5 from (0 1 2 3 4) and (0 1 2), beside a reset letter.
    let a5 = try automatonFromMaps("a5", [[1, 2, 3, 4, 0], [1, 2, 0, 3, 4], [0, 0, 0, 0, 0]])
    do {
      _ = try AutomatonCascade.model(for: a5, maxLength: 8)
      Issue.record("A5 was not refused")
    } catch let error as ConstructionError {
      #expect(error.description.contains("group of order 60"))
    }
  }

  /// Seeded random automata on 2–4 states: each is built and exact, or
  /// refused because its monoid holds a non-solvable group (none can here:
  /// a group acting on at most 4 points is solvable).
  @Test func randomSmallAutomataAreBuiltAndExact() throws {
    var random = SplitMix64(seed: 11)
    for trial in 0..<8 {
      let n = random.int(in: 2...4)
      let maps: [[Int]] = (0..<2).map { _ in
        random.chance(0.5) ? Array(0..<n).shuffled(using: &random) : (0..<n).map { _ in random.int(in: 0...(n - 1)) }
      }
      let automaton = try automatonFromMaps("random\(trial)", maps)
      #expect(try cascadeCounterexample(automaton, length: 5) == nil, "\(maps)")
    }
  }
}
