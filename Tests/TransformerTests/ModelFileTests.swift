import Constructions
import ExactArithmetic
import Foundation
import Testing
import Transformer

@Suite struct ModelFileTests {
  /// A model exercising every part of the format: fractions, an MLP with
  /// biases, all masks and semantics, a numerical readout, metadata.
  func richModel() throws -> Model {
    var builder = ModelBuilder(name: "rich", vocabulary: ["x", "y"], maxLength: 3)
    let heads = [
      AttentionHead(
        name: "avg", scores: [("one", "one", 1)], moves: [("tokens:x", "mean", Rational(7, 12))],
        semantics: .averagingHard, mask: .causal),
      AttentionHead(
        name: "soft", scores: [("one", "tokens:y", 3)], moves: [("tokens:y", "soft", -1)],
        semantics: .softmaxBase2, mask: .strictCausal),
      AttentionHead(
        name: "right", scores: [("one", "one", 1)], moves: [("tokens:y", "last", 1)],
        semantics: .uniqueHard(.rightmost), mask: .none),
    ]
    try builder.appendLayer(heads: heads)
    let mlp = MLP(
      name: "mix",
      units: [
        MLP.Unit(inputs: [("mean", 2), ("soft", Rational(-1, 3))], bias: Rational(1, 4), outputs: [("out", 1)]),
        MLP.Unit(inputs: [("last", 1)], outputs: [("out", Rational(-5, 2))]),
      ],
      outputBias: [("out", Rational(1, 1_000_000_007))])
    try builder.appendLayer(mlp: mlp)
    builder.metadata = ["source": "test"]
    return try builder.build(readout: .numerical(direction: "out"))
  }

  @Test(arguments: ["rich", "induction", "copier"])
  func saveThenLoadIsTheIdenticalModel(which: String) throws {
    let model: Model
    switch which {
    case "rich": model = try richModel()
    case "induction": model = try Induction.associativeRecall(vocabulary: ["a", "b"], maxLength: 5)
    default: model = try Induction.previousTokenCopier(vocabulary: ["a", "b", "c"], maxLength: 4)
    }
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("expressivity-\(which)-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try model.save(to: path)
    let loaded = try Model.load(from: path)
    #expect(loaded == model)
    #expect(try loaded.jsonData() == model.jsonData())
  }

  @Test func rationalsAreCanonicalStrings() throws {
    let text = String(decoding: try richModel().jsonData(), as: UTF8.self)
    #expect(text.contains("\"7/12\""))
    #expect(text.contains("\"1/1000000007\""))
    #expect(text.contains("\"version\" : 1"))
    #expect(text.contains("\"semantics\" : \"softmax-base2\""))
    #expect(text.contains("\"mask\" : \"strict-causal\""))
  }

  func loadError(_ json: String) -> String {
    do {
      _ = try Model(jsonData: Data(json.utf8))
      return "loaded"
    } catch {
      return "\(error)"
    }
  }

  @Test func badFilesGiveClearErrors() throws {
    let good = String(decoding: try richModel().jsonData(), as: UTF8.self)
    #expect(loadError("") == "invalid model file: not valid JSON (truncated or malformed)")
    #expect(loadError(String(good.prefix(good.count / 2)))
      == "invalid model file: not valid JSON (truncated or malformed)")
    #expect(loadError("{}") == "invalid model file: missing key 'bos' at top level"
      || loadError("{}").hasPrefix("invalid model file: missing key"))
    #expect(loadError(good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7"))
      == "invalid model file: format version 7 is not supported (this build reads 1...3)")
    #expect(loadError(good.replacingOccurrences(of: "averaging-hard", with: "fuzzy"))
      .hasPrefix("invalid model file: head 'avg': unknown semantics 'fuzzy'"))
    #expect(loadError(good.replacingOccurrences(of: "\"7/12\"", with: "\"7/0\""))
      .contains("not a rational number: \"7/0\""))
    #expect(loadError(good.replacingOccurrences(of: "\"direction\" : \"out\"", with: "\"direction\" : \"nowhere\""))
      == "unknown residual direction 'nowhere'")
  }

  @Test func badInputsGiveClearErrors() throws {
    let model = try Induction.previousTokenCopier(vocabulary: ["a", "b"], maxLength: 3)
    #expect(throws: ModelError.emptyInput) { try model.run([]) }
    #expect(throws: ModelError.unknownToken("z", position: 1)) { try model.run(["a", "z"]) }
    #expect(throws: ModelError.unknownToken("BOS", position: 0)) { try model.run(["BOS"]) }
    #expect(throws: ModelError.inputTooLong(length: 4, maxLength: 3)) {
      try model.run(["a", "a", "a", "a"])
    }
  }

  @Test func resourceCounts() throws {
    let model = try Induction.associativeRecall(vocabulary: ["a", "b", "c"], maxLength: 4)
    #expect(model.headsPerLayer == [1, 1])
    #expect(model.mlpWidths == [0, 0])
    // one + 4 tokens + pos, pos_sq + 4 prev + 4 recall.
    #expect(model.residual.dimension == 15)
    // Previous-token head: query {pos, one} × key {pos, pos_sq} + 4×4 moves;
    // recall head 4×4 + 4×4; embedding 15 × (4 tokens + 5 positions + 1).
    #expect(model.parameterCount == 4 + 16 + 16 + 16 + 15 * 10)
    // Non-zeros: 3 + 4 + 4 + 4 in heads; 4 tokens, pos and pos_sq at
    // positions 1...4 (both are 0 at position 0), and `one`.
    #expect(model.nonzeroCount == 15 + 4 + 8 + 1)
  }
}
