import RASP

/// Follows an MLP's target back to the values it is computed from: what is
/// already in the stream before that MLP (earlier outputs, this layer's
/// attention outputs, the token and position one-hots), through the maps
/// between them.
struct Tracer {
  let graph: ProgramGraph
  let plan: ProgramPlan
  /// The MLP's layer (0: before any attention).
  let layer: Int
  /// Folded s-ops (functions of the position, or the one function of the
  /// token a target uses) read from their own one-hot instead of being
  /// recomputed from the token or position one-hot: fewer groups.
  var folded: [NodeID: StreamValue] = [:]

  init(graph: ProgramGraph, plan: ProgramPlan, layer: Int) {
    self.graph = graph
    self.plan = plan
    self.layer = layer
  }

  /// A tracer for one target: positional s-ops at the frontier of its
  /// computation are read from their one-hots (or, with
  /// `numericalPositions`, as numbers where the position embedding writes
  /// them so), and so is a token s-op when it is the only function of the
  /// token the target uses.
  init(graph: ProgramGraph, plan: ProgramPlan, layer: Int, target: StreamValue, numericalPositions: Bool = true) {
    self.init(graph: graph, plan: plan, layer: layer)
    var frontier: [Origin: Set<NodeID>] = [:]
    var seen = Set<NodeID>()
    func visit(_ id: NodeID, _ isTarget: Bool) {
      guard seen.insert(id).inserted else { return }
      let origin = plan.origin[id]!
      if !isTarget, origin == .token || origin == .index {
        frontier[origin, default: []].insert(id)
        return
      }
      switch isTarget ? targetStep(id) : step(id) {
      case .operands(let ids): for o in ids { visit(o, false) }
      default: break
      }
    }
    switch target {
    case .node(let id, _), .square(let id): visit(id, true)
    case .tuple(let ids): for id in ids { visit(id, false) }
    default: break
    }
    for id in frontier[.index] ?? [] {
      // A function of the position already in the stream as a number (the
      // position embedding writes it for a numerical ==) is read as a
      // number: an anchor, so a map such as length − indices − 1 is a sum
      // of one table per anchor instead of one table per position.
      let numerical = StreamValue.node(id, .numerical)
      folded[id] = numericalPositions && plan.stages[numerical] == .embedding
        ? numerical : Planner.alias(.node(id, .categorical), graph: graph)
    }
    if let tokens = frontier[.token], tokens.count == 1 {
      folded[tokens.first!] = Planner.alias(.node(tokens.first!, .categorical), graph: graph)
    }
  }

  /// Whether a value is in the stream before this MLP.
  func isAvailable(_ value: StreamValue) -> Bool {
    if let stage = plan.stages[value] { return stage < .mlp(layer) }
    return false
  }

  /// How this MLP reads `id` when it is already in the stream (one-hot preferred).
  func availableBase(_ id: NodeID) -> StreamValue? {
    let categorical = Planner.alias(.node(id, .categorical), graph: graph)
    if isAvailable(categorical) { return categorical }
    if isAvailable(.node(id, .numerical)) { return .node(id, .numerical) }
    return nil
  }

  /// How a node's value is obtained inside this MLP.
  enum Step {
    /// Read from the stream.
    case base(StreamValue)
    /// A function of the input token alone (computed from the token one-hot).
    case fromToken
    /// A function of the position alone.
    case fromIndex
    /// The same value everywhere.
    case constant(Atom)
    /// Computed from its operands.
    case operands([NodeID])
    /// A selector width or split aggregate, from its term heads' shares (and sums).
    case terms(NodeID, [StreamValue])
    /// Not available: must be written by an earlier MLP.
    case missing
  }

  /// The step for a node met while tracing (not the target itself).
  func step(_ id: NodeID) -> Step {
    if let base = folded[id] { return .base(base) }
    switch plan.origin[id]! {
    case .token: return .fromToken
    case .index: return .fromIndex
    case .constant:
      if case .constant(let c) = graph[id].kind { return .constant(c) }
      return .operands(graph[id].operands)
    default: break
    }
    if let base = availableBase(id) { return .base(base) }
    return expansion(id)
  }

  /// The step for the target node itself (its own earlier encoding counts as a base).
  func targetStep(_ id: NodeID) -> Step {
    if plan.origin[id]!.isFolded { return step(id) }
    if let base = availableBase(id) { return .base(base) }
    return expansion(id)
  }

  func expansion(_ id: NodeID) -> Step {
    let node = graph[id]
    switch node.kind {
    case .map, .sequenceMap:
      if plan.origin[id] == .mixed || plan.available[id]! >= layer { return .operands(node.operands) }
      return .missing
    case .selectorWidth, .aggregate:
      guard plan.available[id]! == layer, let terms = plan.terms[id] else { return .missing }
      var values: [StreamValue] = []
      for (t, term) in terms.enumerated() where term.constant == nil {
        values.append(plan.canonical(.share(id, term: t)))
        if case .aggregate = node.kind, !term.sumIsZero { values.append(.sum(id, term: t)) }
      }
      return .terms(id, values)
    default:
      return .missing
    }
  }

  /// The stream values a target is computed from; nodes that must be
  /// written earlier are appended to `missing`.
  @discardableResult
  func dependencies(of target: StreamValue, missing: inout [NodeID]) -> [StreamValue] {
    var bases = Set<StreamValue>()
    var seen = Set<NodeID>()
    func visit(_ id: NodeID, _ step: Step) {
      switch step {
      case .base(let b): bases.insert(b)
      case .fromToken: bases.insert(.token)
      case .fromIndex: bases.insert(.index)
      case .constant: break
      case .operands(let ids):
        for o in ids where seen.insert(o).inserted { visit(o, self.step(o)) }
      case .terms(_, let values): bases.formUnion(values)
      case .missing: missing.append(id)
      }
    }
    switch target {
    case .node(let id, _), .square(let id):
      visit(id, targetStep(id))
    case .tuple(let ids):
      for id in ids where seen.insert(id).inserted { visit(id, step(id)) }
    default:
      break
    }
    return bases.sorted { ProgramPlan.precedes($0, $1) }
  }
}
