import Automata
import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct IndexRecallTests {
  @Test func theHeadRetrievesTheQueriedBitOnEveryPrompt() throws {
    for n in 1...5 {
      let model = try IndexRecall.model(bits: n)
      #expect(model.residual.dimension == 10)
      #expect(model.layers.count == 1)
      for bits in allSequences(over: ["0", "1"], lengths: n...n) {
        for k in 1...n {
          let prompt = bits + ["@\(k)"]
          let outputs = try model.run(prompt).outputs.map(\.description)
          #expect(outputs == Array(repeating: "none", count: n) + [bits[k - 1]], "prompt \(prompt)")
          #expect(outputs == IndexRecall.outputs(bits: n, prompt))
        }
      }
    }
    // Width 10 at n = 600 too, and still right where the answer is far back.
    let long = try IndexRecall.model(bits: 600)
    #expect(long.residual.dimension == 10)
    let bits = (0..<600).map { $0 == 2 ? "1" : "0" }
    #expect(try long.run(bits + ["@3"]).outputs.last!.description == "1")
    #expect(try long.run(bits + ["@600"]).outputs.last!.description == "0")
  }

  @Test func minimalMooreMachineOfIndexHas2ToTheNPlus1Plus2States() {
    let counts = (1...8).map { n in
      MinimalMooreMachine(alphabet: IndexRecall.vocabulary(bits: n), maxLength: n + 1) {
        IndexRecall.lastOutput(bits: n, $0)
      }.states
    }
    #expect(counts == [6, 10, 18, 34, 66, 130, 258, 514])
  }

  /// Myhill–Nerode by brute force: two prefixes are equivalent iff every
  /// continuation (up to the longest input) gives the same outputs.
  @Test func minimisationAgreesWithResidualsCompared() {
    for n in 1...2 {
      let alphabet = IndexRecall.vocabulary(bits: n)
      func outputs(_ word: [String]) -> [String] {
        var dead = false
        return word.indices.map { i in
          if dead { return "-" }
          guard let out = IndexRecall.lastOutput(bits: n, Array(word[...i])) else { dead = true; return "-" }
          return out
        }
      }
      let suffixes = allSequences(over: alphabet, lengths: 1...(n + 1)) + [[]]
      var residuals = Set<[[String]]>()
      for prefix in allSequences(over: alphabet, lengths: 1...(n + 2)) + [[]] {
        let row = suffixes.map { s -> [String] in
          let all = outputs(prefix + s)
          return prefix.isEmpty ? all : Array(all[(prefix.count - 1)...])
        }
        residuals.insert(prefix.isEmpty ? [["start"]] + row : row)
      }
      let machine = MinimalMooreMachine(alphabet: alphabet, maxLength: n + 1) { IndexRecall.lastOutput(bits: n, $0) }
      #expect(machine.states == residuals.count, "n = \(n)")
    }
  }

  @Test func lastTokenTaskHasOneStatePerLengthAndToken() {
    // Output = the last token, inputs up to length 3 over {a, b}: the start,
    // (length, last token) for 3 × 2, and the absorbing state.
    let machine = MinimalMooreMachine(alphabet: ["a", "b"], maxLength: 3) { $0.last }
    #expect(machine.states == 8)
    #expect(machine.prefixes == 15)
  }
}
