import ExactArithmetic
import RASP
import Transformer

/// Compiles RASP s-ops to transformers with exact rational weights.
///
/// Stages, data flowing one way: value sets per position
/// (``PositionValueSets``, intersected with the RASP module's exact
/// enumeration when the input space is small) → plan (layers as early as
/// possible, encodings, head components, where each value is written) →
/// residual layout (named directions) → blocks with exact weights → `Model`.
public enum RASPCompiler {
  /// Compiles `output` of `graph`.
  ///
  /// - Parameters:
  ///   - outputName: the name the output's directions get (e.g. `sort` → `sort:3`).
  ///   - annotations: encodings chosen by the user, by node.
  ///   - progress: told the work's size first (`(0, total)`: one step per
  ///     node whose value sets are inferred, and one for planning and
  ///     assembly), then each step done, ending at `(total, total)`.
  /// - Throws: ``CompileError`` naming the s-op, its line and the reason.
  public static func compile(
    _ graph: ProgramGraph, output: NodeID, outputName: String, options: CompileOptions,
    annotations: [NodeID: Encoding] = [:], source: String? = nil,
    progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(CompileError) -> CompiledProgram {
    try validate(options)
    let vocabulary = options.vocabulary.map { Atom.string($0) }
    let order = graph.ancestors(of: output)
    try checkInferenceMemory(graph, order, maxLength: options.maxLength)
    let total = order.count + 1
    progress?(0, total)
    defer { progress?(total, total) }
    var exact: ValueSets?
    var method = "per-position analysis"
    let inputs = options.inputCount
    if inputs <= options.enumerationLimit {
      do {
        exact = try graph.valueSets(
          of: [output], vocabulary: vocabulary, maximumLength: options.maxLength, method: .enumeration)
        method = "enumeration of \(inputs) inputs, per-position analysis"
      } catch {
        throw CompileError("the program is not defined on every input up to length \(options.maxLength): \(error.textWithoutSeverity)")
      }
    }
    let inference = PositionValueInference(
      graph: graph, maximumLength: options.maxLength, vocabulary: vocabulary, exact: exact,
      maxValues: options.maxValues)
    if let progress { inference.progress = { progress($0, total) } }
    let sets = try inference.run(order)
    let analysis = graph.analyse(output)
    // A one-hot head comparing s-ops of V and W values has at least V·W
    // parameters: when the numerical compilation has fewer than that, the
    // one-hot one cannot win (fewer parameters first) and is not built.
    var earlyNumerical: CompiledProgram?
    if options.numericalComparisons == nil,
      let bound = DescribedComparison.oneHotLowerBound(
        graph, output: output, options: options, sets: sets, annotations: annotations)
    {
      var numerical = options
      numerical.numericalComparisons = true
      if let other = try? chooseJoint(
        graph, output: output, outputName: outputName, options: numerical, annotations: annotations,
        source: source, sets: sets, method: method, analysis: analysis)
      {
        earlyNumerical = other
      }
      if let other = earlyNumerical,
        other.model.parameterCount < bound,
        other.headsPerAttentionLayer.count <= analysis.headsPerLayer.count,
        zip(other.headsPerAttentionLayer, analysis.headsPerLayer).allSatisfy({ $0 <= $1 })
      {
        return other
      }
    }
    let chosen: CompiledProgram
    do {
      chosen = try chooseJoint(
        graph, output: output, outputName: outputName, options: options, annotations: annotations,
        source: source, sets: sets, method: method, analysis: analysis)
    } catch {
      // Values too many to list compare only numerically: then that compilation, if it builds.
      guard options.numericalComparisons == nil else { throw error }
      var numerical = options
      numerical.numericalComparisons = true
      guard let other = try? chooseJoint(
        graph, output: output, outputName: outputName, options: numerical, annotations: annotations,
        source: source, sets: sets, method: method, analysis: analysis)
      else { throw error }
      return other
    }
    guard options.numericalComparisons == nil,
      Planner.hasNumericalCandidate(graph, chosen.plan, options: chosen.options, sets: sets, annotations: annotations)
    else { return chosen }
    // By exact cost: the same compilation with numerical == comparisons.
    var numerical = chosen.options
    numerical.numericalComparisons = true
    // Built already above when its options match (only the joint limit may
    // differ: both come from `options`): the same build, so not made again.
    let other = earlyNumerical.flatMap { $0.options.jointLimit == numerical.jointLimit ? $0 : nil }
      ?? (try? build(
        graph, output: output, outputName: outputName, options: numerical, annotations: annotations,
        source: source, sets: sets, method: method, analysis: analysis))
    func cost(_ c: CompiledProgram) -> (Int, Int) { (c.model.parameterCount, c.model.residual.dimension) }
    // No more heads in a layer than the analyser counts, or than the
    // one-hot form already has there (a selector split into disjoint terms).
    let allowed = zip(analysis.headsPerLayer, chosen.headsPerAttentionLayer + Array(
      repeating: 0, count: max(0, analysis.headsPerLayer.count - chosen.headsPerAttentionLayer.count))
    ).map { max($0, $1) }
    let fits = other.map { c in
      c.attentionLayers <= chosen.attentionLayers
        && c.headsPerAttentionLayer.count <= allowed.count
        && zip(c.headsPerAttentionLayer, allowed).allSatisfy { $0 <= $1 }
    } ?? false
    let better = fits && other.map { cost($0) < cost(chosen) } == true
    var result = better ? other! : chosen
    result.comparisonChoice = ComparisonChoice(
      oneHotParameters: cost(chosen).0, oneHotWidth: cost(chosen).1,
      numericalParameters: other.map { cost($0).0 }, numericalWidth: other.map { cost($0).1 },
      numericalChosen: better)
    return result
  }

  /// The compilation by joint heads or split heads (``CompileOptions/jointLimit``).
  static func chooseJoint(
    _ graph: ProgramGraph, output: NodeID, outputName: String, options: CompileOptions,
    annotations: [NodeID: Encoding], source: String?, sets: PositionValueSets, method: String,
    analysis: LayerAnalysis
  ) throws(CompileError) -> CompiledProgram {
    if options.jointLimit == nil {
      // By exact cost: the joint candidate, and the split one when some head
      // could be split; fewer parameters, then narrower, then fewer heads;
      // never more heads in a layer than the analyser counts.
      var joint = options
      joint.jointLimit = Planner.defaultJointLimit
      let first = try build(
        graph, output: output, outputName: outputName, options: joint, annotations: annotations,
        source: source, sets: sets, method: method, analysis: analysis)
      guard Planner.hasSplittableJointHead(first.plan) else { return first }
      var split = options
      split.jointLimit = 0
      func fits(_ c: CompiledProgram) -> Bool {
        c.headsPerAttentionLayer.count <= analysis.headsPerLayer.count
          && zip(c.headsPerAttentionLayer, analysis.headsPerLayer).allSatisfy { $0 <= $1 }
      }
      // When the joint candidate fits, a split one with more parameters
      // loses: its assembly stops once its heads and MLPs alone hold more.
      guard let second = try? build(
        graph, output: output, outputName: outputName, options: split, annotations: annotations,
        source: source, sets: sets, method: method, analysis: analysis,
        parameterBudget: fits(first) ? first.model.parameterCount : nil)
      else { return first }
      func cost(_ c: CompiledProgram) -> (Int, Int) { (c.model.parameterCount, c.model.residual.dimension) }
      guard fits(second), !fits(first) || cost(second) < cost(first) else { return first }
      return second
    }
    return try build(
      graph, output: output, outputName: outputName, options: options, annotations: annotations,
      source: source, sets: sets, method: method, analysis: analysis)
  }

  /// The most memory the per-position value inference may take.
  public static let inferenceMemoryLimit = 1 << 30

  /// Refuses a maximum length whose value inference would not fit in
  /// ``inferenceMemoryLimit``, with the estimate: every s-op keeps a value
  /// set index (4 bytes) for each position of each length, N(N+1)/2 cells,
  /// and every selector a byte per (query, key) of each length, about N³/3.
  static func checkInferenceMemory(_ graph: ProgramGraph, _ order: [NodeID], maxLength: Int) throws(CompileError) {
    let n = Double(maxLength)
    let selectors = order.filter { graph[$0].isSelector }.count
    let sops = order.count - selectors
    let cells = n * (n + 1) / 2
    let selectionEntries = n * (n + 1) * (2 * n + 1) / 6
    let bytes = Double(sops) * cells * 4 + Double(selectors) * selectionEntries
    guard bytes > Double(inferenceMemoryLimit) else { return }
    func size(_ b: Double) -> String {
      let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
      var value = b
      var unit = 0
      while value >= 1000 && unit < units.count - 1 {
        value /= 1000
        unit += 1
      }
      let tenths = Int((value * 10).rounded())
      return unit == 0 ? "\(Int(value)) bytes" : "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
    throw CompileError(
      "--max-len \(maxLength) needs about \(size(bytes)) for value inference (\(sops) s-ops × \(size(cells * 4)) and \(selectors) selectors × \(size(selectionEntries))), over the limit of \(size(Double(inferenceMemoryLimit))); lower --max-len")
  }

  /// Plans, lays out and assembles one compilation from the value sets.
  static func build(
    _ graph: ProgramGraph, output: NodeID, outputName: String, options: CompileOptions,
    annotations: [NodeID: Encoding], source: String?, sets: PositionValueSets, method: String,
    analysis: LayerAnalysis, parameterBudget: Int? = nil
  ) throws(CompileError) -> CompiledProgram {
    let plan = try Planner(
      graph: graph, output: output, options: options, sets: sets, annotations: annotations
    ).make()
    let layout = try ResidualLayout.make(
      plan: plan, graph: graph, sets: sets, options: options, outputName: outputName)
    var metadata: [String: String] = [
      "compiled_from": source ?? "RASP",
      "sop": outputName,
      "vocabulary": options.vocabulary.joined(separator: ","),
      "max_length": String(options.maxLength),
      "bos": options.bos ? options.bosToken : "none",
      "value_sets": method,
    ]
    metadata["analyser_layers"] = String(analysis.layers)
    metadata["attention_layers"] = String(plan.depth)
    let (model, maps, steps) = try ModelAssembler(
      graph: graph, plan: plan, sets: sets, layout: layout, options: options, name: outputName,
      parameterBudget: parameterBudget
    ).assemble(metadata: metadata)
    var compiled = CompiledProgram(
      model: model, graph: graph, output: output, options: options, analyser: analysis,
      valueSetMethod: method, plan: plan, layout: layout, mapCompilations: maps)
    compiled.stepCompilations = steps
    return compiled
  }

  static func validate(_ options: CompileOptions) throws(CompileError) {
    guard options.maxLength >= 1 else { throw CompileError("the maximum length must be at least 1") }
    guard !options.vocabulary.isEmpty else { throw CompileError("the vocabulary is empty") }
    guard Set(options.vocabulary).count == options.vocabulary.count else {
      throw CompileError("the vocabulary repeats a token")
    }
    if options.bos, options.vocabulary.contains(options.bosToken) {
      throw CompileError("the BOS token '\(options.bosToken)' is also in the vocabulary")
    }
    guard options.maxValues >= 1 else { throw CompileError("--max-values must be at least 1") }
  }
}
