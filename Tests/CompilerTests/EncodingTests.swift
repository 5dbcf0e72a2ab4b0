import Compiler
import Testing
import Transformer

/// Automatic encodings (numerical where averaged, categorical where compared
/// or looked up) and the user's annotations.
@Suite struct EncodingTests {
  let mean = #"m = aggregate(select(indices, indices, <=), indicator(tokens == "a"));"#

  @Test func averagedValuesAreNumerical() throws {
    let compiled = try compile(mean, "m", vocabulary: ["a", "b"], maxLength: 3)
    #expect(compiled.model.readout == .numerical(direction: "m"))
    #expect(compiled.writtenValues.contains { $0.description == #"I((tokens=="a")) (numerical)"# })
  }

  /// With one-hot comparisons (by cost the compiler would score reverse's
  /// `==` numerically, NumericalSelectorTests).
  @Test func comparedValuesAreCategorical() throws {
    var options = CompileOptions(vocabulary: ["a", "b"], maxLength: 3)
    options.numericalComparisons = false
    let compiled = try RASPCompiler.compile(file: "\(circuits)/reverse.rasp", sop: "reverse", options: options)
    // mirror is a select query: one-hot.
    #expect(compiled.writtenValues.contains { $0.description == "mirror (categorical)" })
  }

  @Test func annotationInTheFile() throws {
    let compiled = try compile("# @categorical m\n" + mean.replacingOccurrences(of: "<=", with: "=="), "m",
      vocabulary: ["a", "b"], maxLength: 3)
    #expect(compiled.model.readout == .categorical(directions: ["m:0", "m:1"], labels: [.number(0), .number(1)]))
    #expect(compiled.verify().passed)
  }

  @Test func annotationFromOptions() throws {
    let compiled = try RASPProgram.parse(
      #"p = aggregate(select(indices, indices - 1, ==), indicator(tokens == "a"), 0);"#
    ).compile(sop: "p", options: CompileOptions(vocabulary: ["a", "b"], maxLength: 3, encodings: ["p": .numerical]))
    #expect(compiled.model.readout == .numerical(direction: "p"))
    #expect(compiled.verify().passed)
    let categorical = try RASPProgram.parse(
      #"p = aggregate(select(indices, indices - 1, ==), indicator(tokens == "a"), 0);"#
    ).compile(sop: "p", options: CompileOptions(vocabulary: ["a", "b"], maxLength: 3, encodings: ["p": .categorical]))
    #expect(categorical.model.readout == .categorical(directions: ["p:0", "p:1"], labels: [.number(0), .number(1)]))
  }

  /// Keys `indices + (length - p)` with p the same at every position differ
  /// at every position, so the aggregate selects at most one value: copied
  /// (categorical), not averaged, even without enumerating inputs.
  @Test func positionInjectiveKeysSelectAtMostOne() throws {
    let source = """
      p = aggregate(select(tokens, "+", ==), indices);
      src = indices + (length - p);
      moved = aggregate(select(src, indices, ==), indicator(tokens == "a") * 5, 0);
      """
    let compiled = try compile(source, "moved", vocabulary: ["a", "b", "+"], maxLength: 4, enumerationLimit: 0)
    #expect(compiled.writtenValues.contains { $0.description == "moved (categorical)" })
    #expect(compiled.verify().passed)
  }

  @Test func parsingAnnotations() {
    let parsed = EncodingAnnotations.parse("x = 1;\n  # @numerical a, b\n#@categorical c\n# numerical d")
    #expect(parsed == ["a": .numerical, "b": .numerical, "c": .categorical])
  }
}
