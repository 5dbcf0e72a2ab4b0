import RASP
import Transformer

/// A RASP program compiled to an exact transformer, with what is needed to
/// check it against the program and to explain a disagreement.
public struct CompiledProgram: Sendable {
  /// The transformer.
  public let model: Model
  /// The program it was compiled from.
  public let graph: ProgramGraph
  /// The s-op read out.
  public let output: NodeID
  /// What it was compiled for.
  public let options: CompileOptions
  /// The reference analyser's layers and heads for the same s-op.
  public let analyser: LayerAnalysis
  /// How value sets were found (enumeration of every input, or per-position analysis only).
  public let valueSetMethod: String
  let plan: ProgramPlan
  let layout: ResidualLayout
  /// How each MLP target over several numerical anchors was compiled
  /// (factored or fused, with the cost of each form built), in layer order.
  public let mapCompilations: [MapCompilation]
  /// When some selector `==` could be scored numerically
  /// (``CompileOptions/numericalComparisons`` nil): the parameters and
  /// width of the one-hot and the numerical compilation, and which was kept.
  public internal(set) var comparisonChoice: ComparisonChoice? = nil
  /// How each MLP target with categorical inputs and one shared numerical
  /// direction was compiled (one table per combination of the categorical
  /// inputs, or shared steps), in layer order.
  public internal(set) var stepCompilations: [StepCompilation] = []

  /// One line per target that could be shared steps: the form chosen and the cost of each form.
  public var stepChoices: [String] {
    stepCompilations.map { $0.text(describing: describe($0.value)) }
  }

  /// One line per map over several anchors: the form chosen and the cost of each form.
  public var mapChoices: [String] {
    mapCompilations.map { $0.text(describing: describe($0.value)) }
  }

  /// The same program with another model (e.g. a hand-modified one, to
  /// check it against the program).
  public func replacingModel(_ model: Model) -> CompiledProgram {
    var copy = CompiledProgram(
      model: model, graph: graph, output: output, options: options, analyser: analyser,
      valueSetMethod: valueSetMethod, plan: plan, layout: layout, mapCompilations: mapCompilations,
      comparisonChoice: comparisonChoice)
    copy.stepCompilations = stepCompilations
    return copy
  }

  /// The selector comparisons scored numerically (``NumericalComparison``), one line each.
  public var numericalComparisons: [String] {
    plan.heads.flatMap { head in
      head.components.compactMap { component -> String? in
        guard let n = component.numerical else { return nil }
        return "layer \(head.layer) head of \(layout.names[head.node]!): \(layout.names[n.key]!) == \(layout.names[n.query]!) scored 2c·a·b − c·b², c = \(n.scale)"
      }
    }
  }

  /// Attention layers: the depth compared with the analyser's.
  public var attentionLayers: Int { plan.depth }

  /// Whether the model has an MLP before its first attention layer (for s-ops
  /// mixing tokens and positions that an attention head of layer 1 reads).
  public var hasPreAttentionMLP: Bool { plan.hasPreAttentionMLP }

  /// Attention heads per attention layer (the analyser counts these).
  public var headsPerAttentionLayer: [Int] {
    Array(model.layers.dropFirst(hasPreAttentionMLP ? 1 : 0).map(\.heads.count))
  }

  /// Every value the model writes: which s-op, where, in which directions.
  public var writtenValues: [WrittenValue] {
    layout.blocks.values.sorted { a, b in
      a.stage != b.stage ? a.stage < b.stage : ProgramPlan.precedes(a.value, b.value)
    }.map { block in
      WrittenValue(
        description: describe(block.value), stage: block.stage.description,
        modelLayer: modelLayer(of: block.stage), directions: block.directions)
    }
  }

  /// The model layer index of a stage (nil for the embedding).
  func modelLayer(of stage: Stage) -> Int? {
    if stage == .embedding { return nil }
    return stage.layer - 1 + (hasPreAttentionMLP ? 1 : 0)
  }

  /// The trace stage label of a stage (as ``Trace/Stage/label`` names it).
  func traceLabel(of stage: Stage) -> String {
    guard let layer = modelLayer(of: stage) else { return "embedding" }
    return "layer \(layer) " + (stage.isMLP ? "mlp" : "attention")
  }

  func describe(_ value: StreamValue) -> String {
    switch value {
    case .token: return "tokens (one-hot)"
    case .index: return "indices (one-hot)"
    case .node(let id, let e): return "\(layout.names[id]!) (\(e.rawValue))"
    case .share(let id, let t): return "\(layout.names[id]!) (term \(t + 1) share 1/(w+1))"
    case .sum(let id, let t): return "\(layout.names[id]!) (term \(t + 1) sum over w+1)"
    case .tuple(let ids): return "(" + ids.map { layout.names[$0]! }.joined(separator: ", ") + ") (joint one-hot)"
    case .square(let id): return "\(layout.names[id]!)² (numerical, for a numerical ==)"
    }
  }
}
