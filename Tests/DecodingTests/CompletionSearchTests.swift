import Decoding
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// Every strategy against a brute-force enumeration of all V^n completions.
@Suite struct CompletionSearchTests {
  /// The sweep: random models (V = 2, 3), prompts of one and two tokens,
  /// n up to 6 (V^n ≤ 729), causal and not, logits at scale 1 and 1/2.
  static let sweep: [(v: Int, n: Int, seed: UInt64, half: Bool, causal: Bool)] = [
    (2, 1, 1, false, true), (2, 3, 2, false, true), (2, 5, 3, true, true), (2, 6, 4, false, true),
    (3, 2, 5, false, true), (3, 4, 6, true, true), (3, 6, 7, false, true), (2, 4, 8, false, false),
    (3, 3, 9, false, false), (3, 5, 10, true, true),
  ]

  @Test(arguments: sweep.indices)
  func topKEqualsBruteForce(_ index: Int) throws {
    let c = Self.sweep[index]
    let model = try LanguageModels.random(vocabularySize: c.v, maxLength: 8, seed: c.seed, halfScale: c.half, causal: c.causal).prepared()
    var rng = SplitMix64(seed: c.seed + 100)
    for promptLength in [1, 2] {
      let prompt = (0..<promptLength).map { _ in "t\(rng.int(in: 0...(c.v - 1)))" }
      let all = try LanguageModels.bruteForce(model, prompt: prompt, n: c.n)
      #expect(all.count == (0..<c.n).reduce(1) { r, _ in r * c.v })
      #expect(all.reduce(Rational.zero) { $0 + $1.probability } == 1)
      for k in Set([1, 3, all.count / 2 + 1, all.count]) where k >= 1 {
        var search = try CompletionSearch(model: model, prompt: prompt, length: c.n)
        let top = try search.top(k)
        #expect(top.map(\.tokens) == all.prefix(k).map(\.tokens), "prompt \(prompt), k = \(k)")
        #expect(top.map(\.probability) == all.prefix(k).map { Optional($0.probability) })
        if c.causal {
          // One new position per expanded prefix, after the prompt's.
          #expect(search.statistics.positionsComputed == prompt.count + 1 + search.statistics.nodesExpanded)
        }
      }
      var search = try CompletionSearch(model: model, prompt: prompt, length: c.n)
      let exact = try search.exactDistribution(top: 3)
      #expect(exact.total == 1)
      #expect(exact.completions.map(\.tokens) == all.map(\.tokens))
      #expect(exact.completions.map(\.probability) == all.map { Optional($0.probability) })
      #expect(exact.topMass == all.prefix(3).reduce(Rational.zero) { $0 + $1.probability })
      // A beam as wide as the whole tree keeps everything, in order.
      #expect(try search.beam(width: all.count).map(\.tokens) == all.map(\.tokens))
      // Greedy: the first most probable label at each step, by whole runs.
      var greedy: [String] = []
      var p = Rational.one
      for _ in 0..<c.n {
        let q = try model.probabilities(of: model.run(prompt + greedy)).last!.get()
        var best = 0
        for v in q.indices where q[best] < q[v] { best = v }
        greedy.append("t\(best)")
        p *= q[best]
      }
      #expect(try search.greedy() == Completion(tokens: greedy, probability: p))
      // mass:F is the shortest prefix of the sorted list reaching F.
      for f in [Rational(1, 3), Rational(9, 10), 1] {
        let selection = try search.mass(f)
        var sum = Rational.zero
        var count = 0
        while sum < f {
          sum += all[count].probability
          count += 1
        }
        #expect(selection.completions.map(\.tokens) == all.prefix(count).map(\.tokens))
        #expect(selection.mass == sum)
      }
      // Each sampled string with its exact probability; counts add up.
      let samples = try search.samples(50, seed: 7)
      #expect(samples.reduce(0) { $0 + $1.count } == 50)
      let table = Dictionary(uniqueKeysWithValues: all.map { ($0.tokens, $0.probability) })
      for s in samples { #expect(s.completion.probability == table[s.completion.tokens]) }
      #expect(try search.probability(of: all.last!.tokens) == all.last!.probability)
    }
  }

  @Test func uniformModelHasEntropyNLog2V() throws {
    let model = try LanguageModels.uniform(vocabularySize: 3, maxLength: 6).prepared()
    var search = try CompletionSearch(model: model, prompt: ["t0"], length: 4)
    let exact = try search.exactDistribution(top: 5)
    #expect(exact.completions.count == 81)
    #expect(exact.total == 1)
    #expect(exact.completions.allSatisfy { $0.probability == Rational(1, 81) })
    var expected = Log2Expression()
    expected.add(4, log2Of: 3)
    #expect(exact.entropy == expected)
    #expect(exact.entropy.description == "4·log2(3)")
    #expect(exact.topMass == Rational(5, 81))
    // Ties go in label order: t0 t0 t0 t0 first, t2 t2 t2 t2 last.
    #expect(exact.mode.tokens == ["t0", "t0", "t0", "t0"])
    #expect(try search.top(2).map(\.tokens) == [["t0", "t0", "t0", "t0"], ["t0", "t0", "t0", "t1"]])
  }

  @Test func samplesAreReproducibleAndFollowTheModel() throws {
    let model = try LanguageModels.random(vocabularySize: 3, maxLength: 6, seed: 3).prepared()
    var a = try CompletionSearch(model: model, prompt: ["t1"], length: 3)
    var b = try CompletionSearch(model: model, prompt: ["t1"], length: 3)
    #expect(try a.samples(200, seed: 42) == b.samples(200, seed: 42))
    // 4000 draws: every completion's count is within 5 standard deviations of 4000·p.
    let exact = try a.exactDistribution(top: 1)
    let drawn = try a.samples(4000, seed: 1)
    let counts = Dictionary(uniqueKeysWithValues: drawn.map { ($0.completion.tokens, $0.count) })
    for c in exact.completions {
      let p = c.probability!.doubleValue
      let mean = 4000 * p
      let sd = (4000 * p * (1 - p)).squareRoot()
      #expect(abs(Double(counts[c.tokens] ?? 0) - mean) <= 5 * sd + 1, "\(c.tokens)")
    }
  }

  @Test func badRequestsAreRefused() throws {
    let model = try LanguageModels.random(vocabularySize: 2, maxLength: 4, seed: 1).prepared()
    #expect(throws: CompletionError.badRequest("the number of tokens to complete must be at least 1, got 0")) {
      try CompletionSearch(model: model, prompt: ["t0"], length: 0)
    }
    #expect(throws: CompletionError.self) { try CompletionSearch(model: model, prompt: ["t0", "t1"], length: 4) }
    #expect(throws: CompletionError.self) { try CompletionSearch(model: model, prompt: ["zz"], length: 1) }
    var search = try CompletionSearch(model: model, prompt: ["t0"], length: 2)
    #expect(throws: CompletionError.tooLarge("exact: 2^2 completions is over the limit of 3; use top:K, mass:F or sample:S")) {
      try search.exactDistribution(top: 1, limit: 3)
    }
  }

  @Test func strategiesParseAndRefuseMalformedText() throws {
    #expect(try DecodingStrategy(parsing: "greedy") == .greedy)
    #expect(try DecodingStrategy(parsing: "beam:4") == .beam(width: 4))
    #expect(try DecodingStrategy(parsing: "top:5") == .top(count: 5))
    #expect(try DecodingStrategy(parsing: "mass:0.9") == .mass(fraction: Rational(9, 10)))
    #expect(try DecodingStrategy(parsing: "mass:1/2") == .mass(fraction: Rational(1, 2)))
    #expect(try DecodingStrategy(parsing: "sample:100") == .sample(count: 100))
    #expect(try DecodingStrategy(parsing: "exact") == .exact(top: 10))
    #expect(try DecodingStrategy(parsing: "exact:3") == .exact(top: 3))
    for bad in ["", "beam", "beam:0", "beam:x", "top:-1", "mass:0", "mass:1.5", "mass", "greedy:2", "nucleus:0.9", "sample:"] {
      #expect(throws: CompletionError.self, "\(bad)") { try DecodingStrategy(parsing: bad) }
    }
  }
}
