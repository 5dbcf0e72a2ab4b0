import Compiler
import ExactArithmetic
import Testing
import Transformer
import Verification

/// A compiled model against its program through the verification engine:
/// agreement, undefined inputs, and the localisation of a disagreement to
/// the first stage, s-op and direction where the stream departs from the
/// values the compiler's layout gives the program's s-ops.
@Suite struct CompiledLocalisationTests {
  /// The engine's first counterexample for `model` against `compiled`'s program.
  func counterexample(_ compiled: CompiledProgram, _ model: Model, lengths: ClosedRange<Int>) throws -> Counterexample {
    let space = try InputSpace.exhaustive(vocabulary: compiled.options.vocabulary, lengths: lengths)
    let spec = RASPSpecification(compiled: compiled, name: "program", source: "")
    return try #require(try Verifier(model: model).verifyBlocking(spec, over: space).counterexample)
  }

  /// One-hot comparisons, so the MLP writes mirror's one-hot (by cost the
  /// compiler would score reverse's `==` numerically).
  @Test func corruptedMLPIsLocalised() throws {
    var options = CompileOptions(vocabulary: ["a", "b", "c"], maxLength: 4)
    options.numericalComparisons = false
    let compiled = try RASPCompiler.compile(file: "\(circuits)/reverse.rasp", sop: "reverse", options: options)
    #expect(compiled.verify().passed)
    // Shift the bias of the MLP that computes the mirrored position.
    var model = compiled.model
    let mlp = try #require(model.layers[0].mlp)
    var bias = mlp.secondBias
    let target = try #require(mlp.output.firstIndex { $0.hasPrefix("mirror:") })
    bias[target] += 1
    model.layers[0].mlp = try MLP(
      name: mlp.name, input: mlp.input, output: mlp.output, firstWeight: mlp.firstWeight,
      firstBias: mlp.firstBias, secondWeight: mlp.secondWeight, secondBias: bias)
    let mismatch = try counterexample(compiled, model, lengths: 3...3)
    #expect(mismatch.input == ["a", "a", "b"])
    let departure = try #require(mismatch.departure)
    #expect(departure.stage == "layer 0 mlp")
    #expect(departure.layer == 0)
    #expect(departure.direction == mlp.output[target])
    #expect(departure.value == "mirror (categorical)")
    #expect(try Rational(parsing: departure.got) - Rational(parsing: departure.expected) == 1)
  }

  @Test func corruptedEmbeddingIsLocalised() throws {
    let compiled = try compile(
      #"flip = aggregate(select(indices, 2 - indices, ==), tokens, "-");"#, "flip",
      vocabulary: ["a", "b"], maxLength: 3)
    var model = compiled.model
    model.embedding.tokens["b"] = ["tokens:a": 1]
    // Shortlex order: "a b" (length 2) is the first input that reads a "b".
    let mismatch = try counterexample(compiled, model, lengths: 1...3)
    #expect(mismatch.input == ["a", "b"])
    #expect(mismatch.position == 1)
    #expect(mismatch.expected == "b")
    #expect(mismatch.got == "a")
    let departure = try #require(mismatch.departure)
    #expect(departure.stage == "embedding")
    #expect(departure.layer == nil)
    #expect(departure.position == 1)
    #expect(departure.direction == "tokens:a")
    #expect(departure.value == "tokens (one-hot)")
    #expect(departure.expected == "0" && departure.got == "1")
  }

  @Test func undefinedInputsAreCountedNotCompared() throws {
    // 1 / (share of "b" in the prefix) fails wherever the input starts with
    // "a"; compiled with the analysis alone (enumeration rejects the program).
    let compiled = try compile(
      #"inv = 1 / aggregate(select(indices, indices, <=), indicator(tokens == "b"));"#, "inv",
      vocabulary: ["a", "b"], maxLength: 3, enumerationLimit: 0)
    let report = compiled.verify()
    #expect(report.passed)
    #expect(report.undefined == 7)  // the inputs that start with "a"
    #expect(report.checked == 7)
  }

  @Test func writtenValuesNameTheirDirections() throws {
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/sort.rasp", sop: "sorted_tokens",
      options: CompileOptions(vocabulary: ["a", "b"], maxLength: 3))
    let written = compiled.writtenValues
    #expect(written.first?.stage == "embedding")
    #expect(written.contains { $0.description == "sorted_tokens (categorical)" && $0.directions == ["sorted_tokens:a", "sorted_tokens:b"] })
    #expect(written.contains { $0.description.contains("share") && $0.stage == "layer 1 attention" })
  }
}
