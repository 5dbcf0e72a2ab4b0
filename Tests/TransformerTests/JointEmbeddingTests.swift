import ExactArithmetic
import Foundation
import Testing
import Transformer

/// The joint (token, position) embedding table: added to the stream exactly,
/// saved as format version 2, and validated.
@Suite struct JointEmbeddingTests {
  /// `pair` is 1 exactly where token `a` sits at an odd position (BOS is position 0),
  /// which no sum of a token row and a position row gives; a head copies it back one position.
  func model() throws -> Model {
    var builder = ModelBuilder(name: "joint", vocabulary: ["a", "b"], maxLength: 4)
    var embedding = builder.embedding
    embedding.joint["a"] = (0..<5).map { $0 % 2 == 1 ? ["pair": Rational(3, 2)] : [:] }
    builder.embedding = embedding
    try builder.appendLayer(heads: [
      AttentionHead(
        name: "previous", scores: (0..<4).map { ("indices:\($0 + 1)", "indices:\($0)", Rational(1)) },
        moves: [("pair", "copied", 1)], semantics: .averagingHard)
    ])
    return try builder.build(readout: .numerical(direction: "copied"))
  }

  @Test func entersTheStreamExactly() throws {
    let model = try model()
    let prepared = model.prepared()
    let stream = prepared.embed(try prepared.sequence(for: ["a", "a", "b", "a"]))
    let pair = model.residual.index(of: "pair")!
    // Sequence positions: BOS, a@1, a@2, b@3, a@4.
    #expect((0..<5).map { stream[$0, pair] } == [0, Rational(3, 2), 0, 0, 0])
    let tokens = model.residual.index(of: "tokens:a")!
    #expect((0..<5).map { stream[$0, tokens] } == [0, 1, 1, 0, 1])
  }

  @Test func runsAndCounts() throws {
    let model = try model()
    // Position 0 of the input is sequence position 1: the previous-position head copies `pair`.
    let run = try model.run(["a", "a", "b", "b"])
    #expect(run.outputs.map { "\($0)" } == ["0", "3/2", "0", "0"])
    let d = model.residual.dimension
    let heads = model.layers.reduce(0) { $0 + $1.heads.reduce(0) { $0 + $1.parameterCount } }
    #expect(model.parameterCount == heads + d * (3 + 5 + 5 + 1))
    let embedded = 3 + 5 + 2 + 1  // tokens BOS, a, b; indices 0..<5; the two joint entries; one
    let layer = model.layers[0].heads[0].nonzeroCount
    #expect(model.nonzeroCount == layer + embedded)
  }

  @Test func savedAsVersionTwo() throws {
    let model = try model()
    let text = String(decoding: try model.jsonData(), as: UTF8.self)
    #expect(text.contains("\"version\" : 2"))
    #expect(text.contains("\"joint\""))
    let loaded = try Model(jsonData: Data(text.utf8))
    #expect(loaded == model)
    // Version 1 has no joint table: a file that claims it and has one is refused.
    let downgraded = text.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 1")
    #expect(throws: ModelError.invalidFile("a joint embedding table needs format version 2")) {
      try Model(jsonData: Data(downgraded.utf8))
    }
  }

  @Test func validation() throws {
    var model = try model()
    model.embedding.joint["z"] = [[:]]
    #expect(throws: ModelError.invalidFile("joint embedding for 'z', which is not a token of the model")) {
      try model.validate()
    }
    model.embedding.joint["z"] = nil
    model.embedding.joint["b"] = Array(repeating: [:], count: 6)
    #expect(throws: ModelError.invalidFile("joint embedding of 'b' has 6 rows; 5 needed (one per position)")) {
      try model.validate()
    }
    // A short table is refused like a short `positions` table (it would leave positions unembedded).
    model.embedding.joint["b"] = Array(repeating: [:], count: 4)
    #expect(throws: ModelError.invalidFile("joint embedding of 'b' has 4 rows; 5 needed (one per position)")) {
      try model.validate()
    }
    model.embedding.joint["b"] = nil
    var short = model
    short.embedding.positions.removeLast()
    #expect(throws: ModelError.invalidFile("position embedding has 4 rows; 5 needed")) { try short.validate() }
    model.embedding.joint["b"] = [["nowhere": 1]]
    #expect(throws: ModelError.unknownDirection("nowhere")) { try model.validate() }
  }
}
