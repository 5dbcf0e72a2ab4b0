import Constructions
import Foundation
import Testing
import Transformer

/// Vocabularies are checked once, by the model constructor: a builder given BOS as a token,
/// or an automaton whose alphabet or states repeat a token, gets an error, never a trap.
@Suite struct VocabularyValidationTests {
  func build(_ family: String, _ values: [String: String]) throws -> Model {
    let family = try #require(ConstructionFamily.named(family))
    return try family.build(try family.parameterValues(values))
  }

  /// Every family taking `vocab`, given `BOS,a`: the same one-line refusal.
  @Test func bosAsATokenIsRefusedByEveryFamily() throws {
    let families = ConstructionFamily.all.filter { $0.parameters.contains { $0.name == "vocab" } }
    #expect(families.map(\.name).contains("induction"))
    #expect(families.map(\.name).contains("previous-token"))
    #expect(families.map(\.name).contains("recurrent-recall"))
    for family in families {
      #expect(throws: ModelError.invalidVocabulary("the BOS token 'BOS' is also a token of the vocabulary"), "\(family.name)") {
        try build(family.name, ["vocab": "BOS,a"])
      }
    }
  }

  @Test func automatonAlphabetWithBOSIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("bos.toml")
    try """
      name = "bos"
      alphabet = ["BOS", "x"]
      states = ["p", "q"]
      start = "p"
      [transitions]
      p = { BOS = "q", x = "p" }
      q = { BOS = "p", x = "q" }
      """.write(to: file, atomically: true, encoding: .utf8)
    for family in ["automaton-scan", "automaton-cot"] {
      #expect(throws: ModelError.invalidVocabulary("the BOS token 'BOS' is also a token of the vocabulary"), "\(family)") {
        try build(family, ["automaton": file.path])
      }
    }
  }

  @Test func repeatedParameterIsRefused() {
    #expect(throws: ConstructionError.usage("--param vocab is given twice ('a,b' and 'c'); give each parameter once")) {
      try ParameterValues.assignments(["vocab=a,b", "vocab=c"])
    }
    #expect(throws: ConstructionError.usage("--param takes key=value, got 'vocab'")) {
      try ParameterValues.assignments(["vocab"])
    }
    #expect((try? ParameterValues.assignments(["vocab=a,b", "max_len=3", "x=a=b"])) == ["vocab": "a,b", "max_len": "3", "x": "a=b"])
  }
}
