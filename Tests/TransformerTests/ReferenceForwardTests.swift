import ExactArithmetic
import Testing
import TestSupport
import Transformer

/// The forward pass against a straightforward per-entry `Rational`
/// reference, on random small models with fractional weights: every
/// semantics and mask, softmax included, and weights large enough to push
/// the row-scaled kernels onto their overflow paths.
@Suite struct ReferenceForwardTests {
  // MARK: Reference

  /// Every stage's stream, computed entry by entry in rationals.
  func referenceForward(_ model: Model, _ sequence: [String]) throws -> [(String, Matrix)] {
    let space = model.residual
    let n = sequence.count
    var stream = Matrix.zeros(rows: n, columns: space.dimension)
    for (i, token) in sequence.enumerated() {
      for (name, x) in model.embedding.tokens[token]! { stream[i, space.index(of: name)!] += x }
      for (name, x) in model.embedding.positions[i] { stream[i, space.index(of: name)!] += x }
      for (name, x) in model.embedding.constant { stream[i, space.index(of: name)!] += x }
    }
    var stages = [("embedding", stream)]
    for (l, layer) in model.layers.enumerated() {
      if !layer.heads.isEmpty {
        let outputs = try layer.heads.map { try referenceHead($0, stream, space) }
        for (head, out) in zip(layer.heads, outputs) {
          for i in 0..<n {
            for (c, name) in head.output.enumerated() { stream[i, space.index(of: name)!] += out[i, c] }
          }
        }
        stages.append(("layer \(l) attention", stream))
      }
      if let mlp = layer.mlp {
        var out = Matrix.zeros(rows: n, columns: mlp.output.count)
        for i in 0..<n {
          var hidden = [Rational](repeating: 0, count: mlp.hiddenWidth)
          for h in 0..<mlp.hiddenWidth {
            var sum = mlp.firstBias[h]
            for (k, name) in mlp.input.enumerated() {
              sum += stream[i, space.index(of: name)!] * mlp.firstWeight[k, h]
            }
            hidden[h] = sum.signum > 0 ? sum : 0
          }
          for e in 0..<mlp.output.count {
            var sum = mlp.secondBias[e]
            for h in 0..<mlp.hiddenWidth { sum += hidden[h] * mlp.secondWeight[h, e] }
            out[i, e] = sum
          }
        }
        for i in 0..<n {
          for (e, name) in mlp.output.enumerated() { stream[i, space.index(of: name)!] += out[i, e] }
        }
        stages.append(("layer \(l) mlp", stream))
      }
    }
    return stages
  }

  /// One head's output, with the same error order as the specification:
  /// per query, the leftmost maximal score first, then each allowed key.
  func referenceHead(_ head: AttentionHead, _ stream: Matrix, _ space: ResidualSpace) throws -> Matrix {
    let n = stream.rowCount
    func read(_ i: Int, _ names: [String]) -> [Rational] {
      names.map { stream[i, space.index(of: $0)!] }
    }
    func score(_ i: Int, _ j: Int) -> Rational {
      let (q, k) = (read(i, head.query), read(j, head.key))
      var sum = Rational.zero
      for a in 0..<q.count {
        for b in 0..<k.count { sum += q[a] * head.queryKey[a, b] * k[b] }
      }
      return sum
    }
    func value(_ j: Int) -> [Rational] {
      let v = read(j, head.value)
      return (0..<head.output.count).map { c in
        var sum = Rational.zero
        for b in 0..<v.count { sum += v[b] * head.valueOutput[b, c] }
        return sum
      }
    }
    var out = Matrix.zeros(rows: n, columns: head.output.count)
    for i in 0..<n {
      let allowed = (0..<n).filter { head.mask.allows(query: i, key: $0) }
      if allowed.isEmpty { continue }
      let scores = Dictionary(uniqueKeysWithValues: allowed.map { ($0, score(i, $0)) })
      let top = scores.values.max()!
      let selected = allowed.filter { scores[$0] == top }
      var weights: [(Int, Rational)] = []
      switch head.semantics {
      case .uniqueHard(let tie):
        weights = [(tie == .leftmost ? selected.first! : selected.last!, 1)]
      case .averagingHard:
        weights = selected.map { ($0, Rational(1, selected.count)) }
      case .softmaxBase2:
        guard top.isInteger else {
          throw ModelError.nonIntegerScore(head: head.name, score: top.description)
        }
        var total = Rational.zero
        for j in allowed {
          let s = scores[j]!
          guard s.isInteger, let e = (s - top).intValue else {
            throw ModelError.nonIntegerScore(head: head.name, score: s.description)
          }
          let w = try Rational(2).power(e)
          weights.append((j, w))
          total += w
        }
        weights = weights.map { ($0.0, $0.1 / total) }
      }
      for (j, w) in weights {
        for (c, x) in value(j).enumerated() { out[i, c] += w * x }
      }
    }
    return out
  }

  // MARK: Random models

  /// Fractional weights; `large` adds values that overflow Int64 and Int128 scales.
  func weight(_ g: inout SplitMix64, large: Bool) -> Rational {
    if large && Int.random(in: 0..<5, using: &g) == 0 { return g.adversarialRational() }
    let palette: [Rational] = [1, -1, Rational(1, 2), 2, Rational(-3, 2), Rational(1, 3), 3, Rational(-1, 4), Rational(5, 7)]
    return palette.randomElement(using: &g)!
  }

  func randomModel(_ g: inout SplitMix64, large: Bool) throws -> Model {
    let vocabulary = ["a", "b", "c"]
    let bos: String? = Bool.random(using: &g) ? "BOS" : nil
    var builder = ModelBuilder(name: "random", vocabulary: vocabulary, maxLength: 6, bos: bos)
    let embedded = builder.residual.names
    let features = (0..<6).map { "f:\($0)" }
    builder.declare(features)
    let readable = builder.residual.names
    func pick(_ count: Int, from names: [String]) -> [String] {
      (0..<count).map { _ in names.randomElement(using: &g)! }
    }
    let masks: [AttentionMask] = [.none, .causal, .strictCausal]
    let semantics: [AttentionSemantics] = [
      .uniqueHard(.leftmost), .uniqueHard(.rightmost), .averagingHard, .softmaxBase2,
    ]
    for l in 0..<Int.random(in: 1...3, using: &g) {
      var heads: [AttentionHead] = []
      for h in 0..<Int.random(in: 0...3, using: &g) {
        let kind = semantics.randomElement(using: &g)!
        let scores: [(query: String, key: String, weight: Rational)]
        if kind == .softmaxBase2 && Bool.random(using: &g) {
          // Integer scores on embedding directions, so the softmax runs.
          scores = zip(pick(3, from: embedded), pick(3, from: embedded)).map {
            ($0, $1, Rational(Int.random(in: -3...3, using: &g)))
          }
        } else if Int.random(in: 0..<4, using: &g) == 0 {
          scores = [("one", "one", 1)]  // all ties
        } else {
          scores = zip(pick(4, from: readable), pick(4, from: readable)).map { ($0, $1, weight(&g, large: large)) }
        }
        heads.append(AttentionHead(
          name: "h\(l).\(h)", scores: scores,
          moves: zip(pick(3, from: readable), pick(3, from: features)).map { ($0, $1, weight(&g, large: large)) },
          semantics: kind, mask: masks.randomElement(using: &g)!))
      }
      var mlp: MLP?
      if Bool.random(using: &g) {
        let units = (0..<Int.random(in: 1...4, using: &g)).map { _ in
          MLP.Unit(
            inputs: pick(3, from: readable).map { ($0, weight(&g, large: large)) },
            bias: weight(&g, large: large),
            outputs: pick(2, from: features).map { ($0, weight(&g, large: large)) })
        }
        mlp = MLP(name: "m\(l)", units: units, outputBias: [(features.randomElement(using: &g)!, weight(&g, large: large))])
      }
      try builder.appendLayer(heads: heads, mlp: mlp)
    }
    return try builder.build(readout: .numerical(direction: features.last!))
  }

  /// Runs both passes on random inputs; traces (or errors) must be identical.
  /// `repeating` draws inputs from one or two tokens, so that rows repeat
  /// (and the passes copy repeated heads' and MLPs' rows instead of recomputing them).
  func compare(seed: UInt64, models: Int, large: Bool, repeating: Bool = false) throws {
    var g = SplitMix64(seed: seed)
    var ran = 0
    var failed = 0
    for _ in 0..<models {
      let model = try randomModel(&g, large: large)
      let prepared = model.prepared()
      for _ in 0..<4 {
        let alphabet = repeating ? Array(model.vocabulary.prefix(Int.random(in: 1...2, using: &g))) : model.vocabulary
        let tokens = (0..<Int.random(in: 1...6, using: &g)).map { _ in alphabet.randomElement(using: &g)! }
        let sequence = try prepared.sequence(for: tokens)
        let expected: [(String, Matrix)]
        do {
          expected = try referenceForward(model, sequence)
        } catch let error as ModelError {
          failed += 1
          #expect(throws: error) { try prepared.forward(prepared.embed(sequence)) }
          continue
        }
        ran += 1
        let trace = try prepared.forward(prepared.embed(sequence))
        #expect(trace.stages.map(\.label) == expected.map(\.0))
        for (stage, (_, matrix)) in zip(trace.stages, expected) {
          #expect(stage.stream == matrix)
          #expect(stage.scaledStream == ScaledRows(matrix))
        }
        #expect(trace.final == expected.last!.1)
        let last = model.residual.names.last!
        #expect(try trace.values(of: last, at: sequence.count - 1)
          == expected.map { $0.1[sequence.count - 1, model.residual.index(of: last)!] })
        let again = try prepared.run(tokens)
        #expect(again.trace == trace)
        #expect(again.trace.hashValue == trace.hashValue)
        let first = model.bos == nil ? 0 : 1
        #expect(again.outputs == (first..<sequence.count).map {
          .number(expected.last!.1[$0, model.residual.index(of: last)!])
        })
      }
    }
    // Both kinds of outcome must be exercised.
    #expect(ran > models)
    #expect(failed > 0)
  }

  @Test func fractionalWeights() throws { try compare(seed: 100, models: 60, large: false) }

  @Test func weightsThatOverflowIntegerKernels() throws { try compare(seed: 200, models: 60, large: true) }

  @Test func inputsWithRepeatedRows() throws {
    try compare(seed: 300, models: 60, large: false, repeating: true)
    try compare(seed: 301, models: 60, large: true, repeating: true)
  }

  @Test func softmaxRunsOnIntegerScores() throws {
    // Scores 0, 70, 140: weights 2^-140, 2^-70, 1 (integer weights up to 2^140 take the rational path).
    for gap in [1, 70] {
      var builder = ModelBuilder(name: "soft", vocabulary: ["0", "1", "2"], maxLength: 3, bos: nil)
      let head = AttentionHead(
        name: "soft", scores: [("one", "tokens:1", Rational(gap)), ("one", "tokens:2", Rational(2 * gap))],
        moves: [("tokens:1", "out", Rational(1, 3)), ("tokens:2", "out", 2)],
        semantics: .softmaxBase2, mask: .causal)
      try builder.appendLayer(heads: [head])
      let model = try builder.build(readout: .numerical(direction: "out"))
      let sequence = ["0", "1", "2"]
      let trace = try model.prepared().forward(model.prepared().embed(sequence))
      let expected = try referenceForward(model, sequence)
      #expect(trace.stages.map(\.stream) == expected.map(\.1))
    }
  }
}
