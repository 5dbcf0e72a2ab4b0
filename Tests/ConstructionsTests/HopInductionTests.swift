import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct HopInductionTests {
  @Test func referenceByHand() {
    let word = ["a", "b", "a", "c", "a", "b"]
    #expect(HopInduction.reference(word, hops: 1) == ["none", "none", "b", "none", "c", "a"])
    // Position 6: σ(6) = 3 (after the b at 2), σ(3) = 2 (after the a at 1).
    #expect(HopInduction.reference(word, hops: 2) == ["none", "none", "none", "none", "none", "b"])
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
  func bothLayoutsExactOnEveryInput(hops: Int) throws {
    let vocabulary = ["a", "b", "c"]
    for layout in HopInduction.Layout.allCases {
      let model = try HopInduction.model(vocabulary: vocabulary, maxLength: 6, hops: hops, layout: layout)
      #expect(model.layers.count == HopInduction.depth(hops: hops, layout: layout))
      let prepared = model.prepared()
      // Every word of length 6: a causal model's outputs cover every prefix.
      let wrong = try allSequences(over: vocabulary, lengths: 6...6).first {
        try prepared.run($0).outputs.map(\.description) != HopInduction.reference($0, hops: hops)
      }
      #expect(wrong == nil, "\(layout) k=\(hops): \(wrong ?? [])")
    }
  }

  @Test func depthAgainstK() {
    #expect([1, 2, 3, 4, 5, 8, 9, 16, 33, 64].map { HopInduction.depth(hops: $0, layout: .doubling) } == [2, 3, 4, 4, 5, 5, 6, 6, 8, 8])
    #expect(HopInduction.depth(hops: 64, layout: .chain) == 65)
  }

  @Test func seededSamplesUpToLength512() throws {
    var random = SplitMix64(seed: 3)
    let vocabulary = ["a", "b", "c", "d"]
    for (hops, length, layout) in [(64, 512, HopInduction.Layout.doubling), (37, 96, .doubling), (37, 96, .chain)] {
      do {
        let model = try HopInduction.model(vocabulary: vocabulary, maxLength: length, hops: hops, layout: layout).prepared()
        let word = (0..<length).map { _ in random.pick(vocabulary) }
        #expect(try model.run(word).outputs.map(\.description) == HopInduction.reference(word, hops: hops))
      }
    }
  }
}
