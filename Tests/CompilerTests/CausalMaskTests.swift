import Compiler
import Foundation
import Testing
import Transformer

/// Heads whose selectors never select a key after the query are causally
/// masked, so programs built from prefix selectors compile to causal models
/// (whose verification shares prefixes); the outputs are the same.
@Suite struct CausalMaskTests {
  /// The prefix mean is one causal head; the model is causal and exact.
  @Test func prefixMeanIsCausal() throws {
    let compiled = try compile(
      #"frac = aggregate(select(indices, indices, <=), indicator(tokens == "a"));"#, "frac",
      vocabulary: ["a", "b"], maxLength: 4)
    let head = try #require(compiled.model.layers.first?.heads.first)
    #expect(head.mask == .causal)
    #expect(compiled.model.prepared().isCausal)
    #expect(try compiled.model.run(["b", "a", "a", "b"]).outputs.map(\.description) == ["0", "1/2", "2/3", "1/2"])
    #expect(compiled.verify().passed)
  }

  /// Dyck-1 and counting mod 3 read prefixes only: every head is masked.
  /// Reverse reads the whole input: no head is.
  @Test func circuitsThatReadPrefixesAreCausal() throws {
    let dyck = try RASPCompiler.compile(
      file: "\(circuits)/dyck1.rasp", sop: "dyck1", options: CompileOptions(vocabulary: ["(", ")"], maxLength: 8))
    #expect(dyck.model.layers.flatMap(\.heads).map(\.mask) == [.causal, .causal])
    #expect(dyck.model.prepared().isCausal)
    let count = try RASPCompiler.compile(
      file: "\(circuits)/count_mod.rasp", sop: "count_mod", options: CompileOptions(vocabulary: ["a", "b"], maxLength: 8))
    #expect(count.model.prepared().isCausal)
    let reverse = try RASPCompiler.compile(
      file: "\(circuits)/reverse.rasp", sop: "reverse", options: CompileOptions(vocabulary: ["a", "b"], maxLength: 5))
    #expect(reverse.model.layers.flatMap(\.heads).map(\.mask) == [.none, .none])
    #expect(!reverse.model.prepared().isCausal)
    for compiled in [dyck, count, reverse] {
      let report = compiled.verify()
      #expect(report.passed && report.mismatch == nil)
    }
  }

  /// `and` with a prefix comparison is causal; `or` needs every part to be.
  @Test func conjunctionsAndDisjunctions() throws {
    let source = """
      both = selector_width(select(tokens, tokens, ==) and select(indices, indices, <));
      either = selector_width(select(tokens, tokens, ==) or select(indices, indices, <));
      """
    let both = try compile(source, "both", vocabulary: ["a", "b"], maxLength: 4)
    #expect(both.model.layers.flatMap(\.heads).allSatisfy { $0.mask == .causal })
    let either = try compile(source, "either", vocabulary: ["a", "b"], maxLength: 4)
    #expect(either.model.layers.flatMap(\.heads).contains { $0.mask == .none })
    #expect(both.verify().passed && either.verify().passed)
  }
}
