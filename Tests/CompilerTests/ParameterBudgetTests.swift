@testable import Compiler
import RASP
import Testing

/// The parameter budget of a candidate compilation (`ModelAssembler`'s
/// `parameterBudget`, used for the split candidate of a joint head): the
/// heads' and MLPs' parameters it counts while assembling, each MLP's before
/// its matrices exist, must be exactly the model's, so a budget of that
/// figure assembles the same model and one less stops.
@Suite struct ParameterBudgetTests {
  @Test(arguments: [
    ("sort_bos", "sort_bos", ["BOS", "a", "b", "c"], 8),
    ("sort", "sorted_tokens", ["a", "b", "c"], 6),
    ("dyck_k", "dyck2", ["(", ")", "{", "}"], 6),
    ("majority", "majority", ["a", "b", "c"], 6),
  ])
  func budgetIsExact(file: String, sop: String, vocabulary: [String], length: Int) throws {
    var options = CompileOptions(vocabulary: vocabulary, maxLength: length)
    options.enumerationLimit = 0
    let compiled = try RASPCompiler.compile(file: "\(circuits)/\(file).rasp", sop: sop, options: options)
    let layerParameters = compiled.model.layers.reduce(0) { total, layer in
      total + layer.heads.reduce(0) { $0 + $1.parameterCount } + (layer.mlp?.parameterCount ?? 0)
    }
    #expect(layerParameters > 0)
    let atoms = vocabulary.map { Atom.string($0) }
    let sets = try PositionValueInference(
      graph: compiled.graph, maximumLength: length, vocabulary: atoms, exact: nil, maxValues: options.maxValues
    ).run(compiled.graph.ancestors(of: compiled.output))
    func assemble(budget: Int) throws -> Int {
      try ModelAssembler(
        graph: compiled.graph, plan: compiled.plan, sets: sets, layout: compiled.layout, options: compiled.options,
        name: sop, parameterBudget: budget
      ).assemble(metadata: [:]).model.parameterCount
    }
    #expect(try assemble(budget: layerParameters) == compiled.model.parameterCount)
    #expect(throws: CompileError.self) { try assemble(budget: layerParameters - 1) }
  }
}
