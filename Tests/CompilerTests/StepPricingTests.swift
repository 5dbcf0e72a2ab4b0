@testable import Compiler
import RASP
import Testing

/// Shared steps priced without building them (`emitSteps` with `record`
/// false merges units by what fixes their inputs and bias): the count must
/// equal the cost of the same steps built alone, for every variant tried
/// (threshold input × reference point), on every layer of a few programs.
@Suite struct StepPricingTests {
  /// Every variant's counted cost against its built cost. Value sets by
  /// analysis only, so the builders here see the compiler's own sets.
  @Test(arguments: [
    ("parity", "parity", ["0", "1"], 12),
    ("count_mod", "count_mod", ["a", "b"], 12),
    ("cycle_navigation", "position", ["+", "-", "="], 9),
    ("dyck_k", "dyck2", ["(", ")", "{", "}"], 8),
    ("dyck_k", "dyck3", ["(", ")", "{", "}", "[", "]"], 6),
  ])
  func countedCostIsBuiltCost(file: String, sop: String, vocabulary: [String], length: Int) throws {
    let audit = try stepAudit(file: file, sop: sop, vocabulary: vocabulary, length: length)
    #expect(audit.count >= 3)
    #expect(audit.contains { $0.built.units > 0 && $0.built.weights > 0 })
    for entry in audit { #expect(entry.counted == entry.built) }
  }

  /// Parity at length 3 (SharedStepTests.parityWeightsByHand): the steps
  /// kept are 6 units with 29 non-zero weights (inputs, biases and outputs:
  /// 3 + 4 + 5 + 5 + 6 + 6), and their count says so.
  @Test func parityAtLengthThree() throws {
    let audit = try stepAudit(file: "parity", sop: "parity", vocabulary: ["0", "1"], length: 3)
    let figure = MapCompilation.Cost(units: 6, weights: 29)
    #expect(audit.contains { $0.counted == figure && $0.built == figure })
  }

  /// The audit of every MLP of a compiled program, rebuilt with the compiler's plan and layout.
  func stepAudit(file: String, sop: String, vocabulary: [String], length: Int) throws
    -> [(counted: MapCompilation.Cost, built: MapCompilation.Cost)]
  {
    var options = CompileOptions(vocabulary: vocabulary, maxLength: length)
    options.enumerationLimit = 0
    let compiled = try RASPCompiler.compile(file: "\(circuits)/\(file).rasp", sop: sop, options: options)
    let atoms = vocabulary.map { Atom.string($0) }
    let sets = try PositionValueInference(
      graph: compiled.graph, maximumLength: length, vocabulary: atoms, exact: nil, maxValues: options.maxValues
    ).run(compiled.graph.ancestors(of: compiled.output))
    let domain = CellDomain(sets: sets, plan: compiled.plan, vocabulary: atoms)
    var audit: [(counted: MapCompilation.Cost, built: MapCompilation.Cost)] = []
    for layer in 0...compiled.plan.depth {
      let builder = LookupMLPBuilder(
        graph: compiled.graph, plan: compiled.plan, sets: sets, layout: compiled.layout,
        options: compiled.options, layer: layer, domain: domain)
      builder.stepAudit = []
      _ = try builder.build(compiled.plan.written(at: .mlp(layer)))
      audit += builder.stepAudit ?? []
    }
    return audit
  }
}
