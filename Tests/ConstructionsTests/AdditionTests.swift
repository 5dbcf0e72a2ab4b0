import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct AdditionTests {
  @Test func referenceByHand() throws {
    #expect(Addition.prompt(7, 45, digits: 2) == ["0", "7", "+", "4", "5", "=", "_", "_", "_"])
    #expect(try Addition.reference(Addition.prompt(99, 1, digits: 2), digits: 2) == ["0", "0", "0", "0", "0", "0", "1", "0", "0"])
  }

  /// Every pair of one-digit numbers; two-digit numbers against every
  /// partner from a set with all carry patterns (`check` runs every pair).
  @Test(arguments: [1, 2])
  func everyPair(digits: Int) throws {
    let model = try Addition.model(digits: digits).prepared()
    let top = digits == 1 ? 10 : 100
    let partners = digits == 1 ? Array(0..<10) : [0, 1, 9, 10, 11, 45, 50, 55, 89, 90, 99]
    for a in 0..<top {
      for b in partners {
        let prompt = Addition.prompt(a, b, digits: digits)
        #expect(try model.run(Addition.prompt(b, a, digits: digits)).outputs == model.run(prompt).outputs)
        let got = try model.run(prompt).outputs.map(\.description)
        let sum = String(a + b)
        let digitsOut = Array(repeating: "0", count: digits + 1 - sum.count) + sum.map(String.init)
        #expect(got == Array(repeating: "0", count: 2 * digits + 2) + digitsOut, "\(a) + \(b)")
      }
    }
  }

  /// Depth 2 at every n; carry chains the whole length and seeded pairs at n = 12.
  @Test func longNumbersAtDepthTwo() throws {
    let n = 12
    let model = try Addition.model(digits: n)
    #expect(model.layers.count == 2)
    #expect(model.headsPerLayer == [1, 2])
    let prepared = model.prepared()
    var random = SplitMix64(seed: 4)
    let top = Int64(999_999_999_999)
    var pairs: [(Int, Int)] = [(999_999_999_999, 1), (500_000_000_000, 500_000_000_000), (0, 0)]
    for _ in 0..<20 { pairs.append((Int(random.int64(in: 0...top)), Int(random.int64(in: 0...top)))) }
    for (a, b) in pairs {
      let got = try prepared.run(Addition.prompt(a, b, digits: n)).outputs.map(\.description).suffix(n + 1)
      let sum = String(a + b)
      #expect(Array(got) == Array(repeating: "0", count: n + 1 - sum.count) + sum.map(String.init), "\(a) + \(b)")
    }
    #expect(try Addition.model(digits: 40).layers.count == 2)
  }
}
