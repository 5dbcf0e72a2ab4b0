import ExactArithmetic
import RASP
import Transformer

/// Writes the exact weights: the embedding (with maps of tokens and of
/// positions folded in), each layer's heads and MLP, a BOS clean-up unit
/// per MLP, and the readout.
struct ModelAssembler {
  let graph: ProgramGraph
  let plan: ProgramPlan
  let sets: PositionValueSets
  let layout: ResidualLayout
  let options: CompileOptions
  let name: String
  /// When set, assembly stops with an error as soon as the heads and MLPs
  /// built so far hold more parameters than this (the model could only be
  /// larger): a candidate that cannot win is not finished.
  var parameterBudget: Int? = nil

  var positionOffset: Int { options.bos ? 1 : 0 }

  /// The model, how each map over several numerical anchors was compiled,
  /// and which targets were written as shared steps or tables.
  func assemble(metadata: [String: String]) throws(CompileError)
    -> (model: Model, maps: [MapCompilation], steps: [StepCompilation])
  {
    var maps: [MapCompilation] = []
    var steps: [StepCompilation] = []
    let domain = CellDomain(sets: sets, plan: plan, vocabulary: options.vocabulary.map { .string($0) })
    let embedding = self.embedding()
    var bosRow: [String: Rational] = [:]
    if options.bos {
      // (The joint table has no BOS rows.)
      for (d, v) in embedding.tokens[options.bosToken]! { bosRow[d, default: .zero] += v }
      for (d, v) in embedding.positions[0] { bosRow[d, default: .zero] += v }
      for (d, v) in embedding.constant { bosRow[d, default: .zero] += v }
    }
    let cleanRow = bosRow
    let heads = HeadBuilder(graph: graph, plan: plan, layout: layout, options: options)
    var layers: [Layer] = []
    // Parameters of the heads and MLPs so far (only with a budget).
    var layerParameters = 0
    let first = plan.hasPreAttentionMLP ? 0 : 1
    if plan.depth >= first {
      for l in first...max(first, plan.depth) where l <= plan.depth {
        let layerHeads = l == 0 ? [] : heads.heads(layer: l)
        // The BOS query attends only to BOS: each head adds its value map of the BOS row.
        for head in layerHeads {
          for (vi, v) in head.value.enumerated() {
            guard let x = bosRow[v], !x.isZero else { continue }
            for (oi, o) in head.output.enumerated() {
              let w = head.valueOutput[vi, oi]
              if !w.isZero { bosRow[o, default: .zero] += x * w }
            }
          }
        }
        let builder = LookupMLPBuilder(
          graph: graph, plan: plan, sets: sets, layout: layout, options: options, layer: l, domain: domain)
        var (units, bias) = try builder.build(plan.written(at: .mlp(l)))
        maps += builder.choices
        steps += builder.stepOrder.compactMap { builder.stepChoices[$0] }
        let after = ModelAssembler.apply(units, bias, to: bosRow)
        if options.bos && l < plan.depth, let unit = ModelAssembler.cleaning(after, clean: cleanRow) {
          units.append(unit)
          bosRow = cleanRow
        } else {
          bosRow = after
        }
        if let budget = parameterBudget {
          // The MLP's parameters as `MLP.parameterCount` counts them, before its dense matrices are made.
          layerParameters += layerHeads.reduce(0) { $0 + $1.parameterCount }
          if !(units.isEmpty && bias.isEmpty) {
            let inputs = Set(units.flatMap { $0.inputs.map(\.0) }).count
            let outputs = Set(units.flatMap { $0.outputs.map(\.0) } + bias.map(\.0)).count
            layerParameters += inputs * units.count + units.count + units.count * outputs + outputs
          }
          if layerParameters > budget {
            throw CompileError("the heads and MLPs up to layer \(l) hold \(layerParameters) parameters, over the budget of \(budget)")
          }
        }
        let mlp = units.isEmpty && bias.isEmpty ? nil : MLP(name: "mlp \(l)", units: units, outputBias: bias)
        layers.append(Layer(heads: layerHeads, mlp: mlp))
      }
    }
    let outputValue = Planner.alias(.node(plan.output, plan.outputEncoding), graph: graph)
    let readout: Readout
    switch plan.outputEncoding {
    case .categorical:
      let block = layout[outputValue]
      readout = .categorical(directions: block.directions, labels: block.categories.map { ModelAssembler.label($0[0]) })
    case .numerical:
      readout = .numerical(direction: layout.scalar(outputValue))
    }
    do {
      return (try Model(
        name: name, residual: ResidualSpace(layout.directions), vocabulary: options.vocabulary,
        maxLength: options.maxLength, bos: options.bos ? options.bosToken : nil, embedding: embedding,
        layers: layers, readout: readout, metadata: metadata), maps, steps)
    } catch {
      throw CompileError("internal error: the compiled model is inconsistent: \(error)")
    }
  }

  /// A decoded label for an atom.
  static func label(_ atom: Atom) -> OutputValue {
    switch atom {
    case .string(let s): return .text(s)
    case .bool(let b): return .boolean(b)
    case .number(let r): return .number(r)
    }
  }

  // MARK: - Embedding

  /// Token rows (the token one-hot and every folded map of the token),
  /// position rows (the position one-hot, folded maps of the position, and
  /// constants), joint (token, position) rows for maps of both and joint
  /// one-hots that mix them, and `one` everywhere; the BOS row holds only
  /// `bos` and `one`.
  func embedding() -> Embedding {
    let vocabulary = options.vocabulary.map { Atom.string($0) }
    let tracer = Tracer(graph: graph, plan: plan, layer: 0)
    let evaluator = PointEvaluator(graph: graph, tracer: tracer, vocabulary: vocabulary)
    var tokens: [String: [String: Rational]] = [:]
    for t in options.vocabulary { tokens[t] = [:] }
    let positionCount = options.maxLength + positionOffset
    var positions = [[String: Rational]](repeating: [:], count: positionCount)
    var joint: [String: [[String: Rational]]] = [:]
    func put(_ row: inout [String: Rational], _ value: StreamValue, _ atoms: [Atom]) {
      switch value {
      case .node(_, .numerical):
        if let v = atoms.first?.numericValue, !v.isZero { row[layout.scalar(value)] = v }
      case .square:
        if let v = atoms.first?.numericValue, !v.isZero { row[layout.scalar(value)] = v * v }
      default:
        if let d = layout.direction(value, category: atoms) { row[d] = .one }
      }
    }
    /// The value of a folded s-op for token t at input position i.
    func atom(_ id: NodeID, _ t: String, _ i: Int) -> Atom? {
      switch plan.origin[id]! {
      case .token: return evaluator.tokenValue(id, .string(t))
      case .index: return evaluator.indexValue(id, i)
      case .constant: return evaluator.indexValue(id, 0)
      default: return evaluator.jointValue(id, .string(t), i)
      }
    }
    for value in plan.written(at: .embedding) {
      let ids: [NodeID]
      switch value {
      case .token:
        for t in options.vocabulary { tokens[t]!["tokens:\(t)"] = .one }
        continue
      case .index:
        for i in 0..<options.maxLength { positions[i + positionOffset]["indices:\(i)"] = .one }
        continue
      case .share, .sum:
        continue
      case .square(let id): ids = [id]
      case .node(let id, _): ids = [id]
      case .tuple(let members): ids = members
      }
      let origins = Set(ids.map { plan.origin[$0]! })
      if origins.contains(.mixed) || origins.isSuperset(of: [.token, .index]) {
        for t in options.vocabulary {
          var rows = [[String: Rational]](repeating: [:], count: positionCount)
          for i in 0..<options.maxLength {
            let atoms = ids.map { atom($0, t, i) }
            if atoms.allSatisfy({ $0 != nil }) { put(&rows[i + positionOffset], value, atoms.map { $0! }) }
          }
          if rows.contains(where: { !$0.isEmpty }) {
            if joint[t] == nil { joint[t] = rows } else {
              for (i, row) in rows.enumerated() { joint[t]![i].merge(row) { a, _ in a } }
            }
          }
        }
      } else if origins.contains(.token) {
        for t in options.vocabulary {
          let atoms = ids.map { atom($0, t, 0) }
          if atoms.allSatisfy({ $0 != nil }) { put(&tokens[t]!, value, atoms.map { $0! }) }
        }
      } else {
        for i in 0..<options.maxLength {
          let atoms = ids.map { atom($0, options.vocabulary[0], i) }
          if atoms.allSatisfy({ $0 != nil }) { put(&positions[i + positionOffset], value, atoms.map { $0! }) }
        }
      }
    }
    if options.bos { tokens[options.bosToken] = [ResidualLayout.bos: .one] }
    return Embedding(tokens: tokens, positions: positions, constant: [ResidualLayout.one: .one], joint: joint)
  }

  // MARK: - BOS row

  /// A row after an MLP (given as its units and output bias) adds its output.
  static func apply(_ units: [MLP.Unit], _ bias: [(String, Rational)], to row: [String: Rational])
    -> [String: Rational]
  {
    var out = row
    for unit in units {
      var s = unit.bias
      for (d, w) in unit.inputs { if let x = row[d] { s += x * w } }
      guard s.signum > 0 else { continue }
      for (d, w) in unit.outputs { out[d, default: .zero] += s * w }
    }
    for (d, b) in bias { out[d, default: .zero] += b }
    return out
  }

  /// One unit relu(bos) that returns the BOS row from `after` to `clean`
  /// (the BOS row is the same vector on every input, so this is exact),
  /// or nil when it is clean already.
  static func cleaning(_ after: [String: Rational], clean: [String: Rational]) -> MLP.Unit? {
    var correction: [(String, Rational)] = []
    for (d, v) in after.sorted(by: { $0.key < $1.key }) {
      let c = (clean[d] ?? .zero) - v
      if !c.isZero { correction.append((d, c)) }
    }
    for (d, v) in clean.sorted(by: { $0.key < $1.key }) where after[d] == nil && !v.isZero {
      correction.append((d, v))
    }
    if correction.isEmpty { return nil }
    return MLP.Unit(inputs: [(ResidualLayout.bos, .one)], bias: .zero, outputs: correction)
  }
}
