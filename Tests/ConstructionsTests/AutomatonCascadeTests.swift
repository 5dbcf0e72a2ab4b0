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

  @Test func randomAutomataExplore() throws {
    var random = SplitMix64(seed: 11)
    var built = 0, refused = 0
    for trial in 0..<60 {
      let n = random.int(in: 2...6)
      let k = random.int(in: 2...3)
      let maps: [[Int]] = (0..<k).map { _ in
        if random.chance(0.5) { return Array(0..<n).shuffled(using: &random) }
        return (0..<n).map { _ in random.int(in: 0...(n - 1)) }
      }
      let automaton = try automatonFromMaps("random\(trial)", maps)
      do {
        let bad = try cascadeCounterexample(automaton, length: 5)
        #expect(bad == nil, "\(maps): \(bad ?? [])")
        built += 1
      } catch let error as ConstructionError {
        refused += 1
        print("refused \(maps): \(error)")
      }
    }
    print("built \(built) refused \(refused)")
  }
}
