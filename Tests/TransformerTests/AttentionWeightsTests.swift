import Constructions
import ExactArithmetic
import Testing
import TestSupport
import Transformer

@Suite("Attention weights")
struct AttentionWeightsTests {
  /// Each single-head layer's attention stage added exactly weights · (stream[value] · W_VO).
  func checkAgainstTrace(_ model: Model, _ tokens: [String]) throws {
    let prepared = model.prepared()
    let trace = try prepared.forward(prepared.embed(prepared.sequence(for: tokens)))
    var checked = 0
    for (l, layer) in model.layers.enumerated() where layer.heads.count == 1 {
      let head = layer.heads[0]
      let at = trace.stages.firstIndex { $0.label == "layer \(l) attention" }!
      let before = trace.stages[at - 1].stream
      let after = trace.stages[at].stream
      let weights = try head.weights(on: before, residual: model.residual)
      let n = before.rowCount
      for i in 0..<n {
        #expect(weights.row(i).entries.reduce(Rational.zero, +) == (head.mask.keys(query: i, count: n).isEmpty ? 0 : 1))
        for (o, name) in head.output.enumerated() {
          let c = model.residual.index(of: name)!
          var added = Rational.zero
          for j in 0..<n {
            for (v, valueName) in head.value.enumerated() {
              added += weights[i, j] * before[j, model.residual.index(of: valueName)!] * head.valueOutput[v, o]
            }
          }
          #expect(after[i, c] - before[i, c] == added, "\(model.name) layer \(l) row \(i) \(name)")
        }
      }
      checked += 1
    }
    #expect(checked > 0)
  }

  @Test("unique-hard heads (leftmost and rightmost): the induction head")
  func uniqueHard() throws {
    try checkAgainstTrace(
      Model.load(from: Tool.packageRoot.appendingPathComponent("Examples/models/induction.json").path), ["a", "b", "c", "a", "b"])
  }

  @Test("averaging-hard heads: superposition's example average")
  func averaging() throws {
    let family = ConstructionFamily.named("superposition")!
    try checkAgainstTrace(family.build(family.parameterValues([:])), "x0 > y0 x1 > y2 x2 > y0 x1 >".split(separator: " ").map(String.init))
  }

  @Test("base-2 softmax heads: parity with softmax")
  func softmax() throws {
    let family = ConstructionFamily.named("parity-softmax")!
    try checkAgainstTrace(family.build(family.parameterValues(["length": "6"])), ["1", "0", "1", "1", "0", "1"])
  }
}
