import ExactArithmetic
import RASP

/// Makes a ``ProgramPlan``: origins, layers (as early as possible, which is
/// the minimal depth), aggregate modes and encodings, head components, and
/// the stage at which every needed value is written.
struct Planner {
  let graph: ProgramGraph
  let output: NodeID
  let options: CompileOptions
  let sets: PositionValueSets
  /// Encodings the user chose, by node.
  let annotations: [NodeID: Encoding]

  /// Value sets this small are one-hot encoded when the choice is free.
  static let smallValueSet = 64

  /// The joint limit of the first candidate when the choice is by cost.
  static let defaultJointLimit = 1_024

  /// Whether some head scores disjoint terms over a joint one-hot that a split could avoid.
  static func hasSplittableJointHead(_ plan: ProgramPlan) -> Bool {
    plan.heads.contains { head in
      head.scoring == .disjointTerms
        && head.components.contains { $0.keyFeature.isTuple || $0.queryFeature.isTuple }
    }
  }

  func values(_ id: NodeID) -> Set<Atom> { sets.values[id] ?? [] }

  func isNumeric(_ id: NodeID) -> Bool { !values(id).contains(where: \.isString) }

  /// Whether the s-op's values are described instead of listed (numbers, too many to list).
  func isSummarised(_ id: NodeID) -> Bool { sets.summaries[id] != nil }

  func make() throws(CompileError) -> ProgramPlan {
    guard !graph[output].isSelector else {
      throw CompileError(graph[output], "is a selector; compile an s-op")
    }
    let order = graph.ancestors(of: output)

    // Origins and availability (the analyser's depth: earliest layers).
    var origin: [NodeID: Origin] = [:]
    var available: [NodeID: Int] = [:]
    var selectorLayer: [NodeID: Int] = [:]
    var headLayer: [NodeID: Int] = [:]
    for id in order {
      let node = graph[id]
      switch node.kind {
      case .tokens:
        origin[id] = .token
        available[id] = 0
      case .indices:
        origin[id] = .index
        available[id] = 0
      case .constant:
        origin[id] = .constant
        available[id] = 0
      case .map, .sequenceMap:
        origin[id] = Origin.combining(node.operands.map { origin[$0]! })
        available[id] = node.operands.map { available[$0]! }.max() ?? 0
      case .select(let keys, let queries, _):
        selectorLayer[id] = max(available[keys]!, available[queries]!) + 1
      case .selectAnd(let a, let b), .selectOr(let a, let b):
        selectorLayer[id] = max(selectorLayer[a]!, selectorLayer[b]!)
      case .selectNot(let a):
        selectorLayer[id] = selectorLayer[a]!
      case .aggregate(let selector, let valuesID, _):
        origin[id] = .attention
        let layer = max(selectorLayer[selector]!, available[valuesID]! + 1)
        headLayer[id] = layer
        available[id] = layer
      case .selectorWidth(let selector):
        origin[id] = .attention
        headLayer[id] = selectorLayer[selector]!
        available[id] = selectorLayer[selector]!
      }
    }
    let depth = headLayer.values.max() ?? 0

    // Aggregate modes.
    var modes: [NodeID: AggregateMode] = [:]
    for id in order {
      guard case .aggregate(_, let valuesID, let defaultValue) = graph[id].kind else { continue }
      modes[id] = try mode(of: id, values: valuesID, defaultValue: defaultValue, order: order)
    }

    // Heads: one per aggregate or selector width, unless a selector is
    // split into disjoint terms with a head each (see `selection`).
    var heads: [HeadPlan] = []
    var splits: [NodeID: [SelectionTerm]] = [:]
    for id in order {
      let selector: NodeID
      let valuesID: NodeID?
      let splittable: Bool
      switch graph[id].kind {
      case .aggregate(let s, let v, _):
        if !options.bos { try requireNonEmpty(id, selector: s) }
        (selector, valuesID, splittable) = (s, v, options.bos && modes[id] == .mean)
      case .selectorWidth(let s):
        guard options.bos else {
          throw CompileError(
            graph[id], "selector_width needs the BOS position to count with (compile without --no-bos)")
        }
        (selector, valuesID, splittable) = (s, nil, true)
      default:
        continue
      }
      let isWidth = valuesID == nil
      let formula = SelectorFormula(graph, selector).simplified(sets)
      switch selection(formula, values: valuesID, splittable: splittable, origin: origin) {
      case .split(let terms):
        splits[id] = terms
        for (t, term) in terms.enumerated() where term.constant == nil {
          heads.append(HeadPlan(
            node: id, kind: isWidth ? .selectorWidth(term: t) : .aggregateTerm(term: t), layer: headLayer[id]!,
            formula: term.formula, components: term.components))
        }
      case .single(let components, let scoring):
        if isWidth { splits[id] = [SelectionTerm(formula: formula, components: components, constant: nil)] }
        heads.append(HeadPlan(
          node: id, kind: isWidth ? .selectorWidth(term: 0) : .aggregate(modes[id]!), layer: headLayer[id]!,
          formula: formula, components: components, scoring: scoring))
      }
    }

    // An aggregate whose selector always selects a key needs no BOS score
    // from a² (BOS only has to stay below the full match, which exists).
    for h in heads.indices where heads[h].components.contains(where: { $0.numerical != nil }) {
      guard case .aggregate = heads[h].kind, neverEmpty(heads[h].formula) else { continue }
      for c in heads[h].components.indices where heads[h].components[c].numerical != nil {
        heads[h].components[c].numerical!.neverEmpty = true
      }
    }

    // Which encoding each consumer needs, and by when.
    var plan = ProgramPlan(
      output: output, outputEncoding: .categorical, order: order, origin: origin,
      available: available, depth: depth, heads: heads, aggregateModes: modes,
      meanValueEncodings: [:], stages: [:], terms: splits)
    for id in order { plan.kinds[id] = graph[id].kind }
    var needs: [(StreamValue, Stage)] = []
    for head in heads {
      let deadline = Stage.mlp(head.layer - 1)
      for component in head.components {
        if let numerical = component.numerical {
          for id in [numerical.key, numerical.query] {
            needs.append((.node(id, .numerical), deadline))
          }
          needs.append((.square(numerical.key), deadline))
          if !numerical.neverEmpty { needs.append((.square(numerical.query), deadline)) }
          continue
        }
        // A component that ignores the key reads "any input position" from the token one-hot.
        needs.append((component.keyFeature ?? .token, deadline))
        if let query = component.queryFeature { needs.append((query, deadline)) }
      }
      if case .aggregate(let mode) = head.kind, case .aggregate(_, let valuesID, _) = graph[head.node].kind {
        if mode == .copy {
          needs.append((.node(valuesID, .categorical), deadline))
        }
      }
    }
    plan.outputEncoding = try outputEncoding(modes: modes)
    let finalStage = Stage.mlp(depth)
    needs.append((.node(output, plan.outputEncoding), finalStage))
    // Averaged values: the one-hot when it is written anyway, else one direction.
    let categoricalNeeds = Set(needs.compactMap { need -> NodeID? in
      if case .node(let id, .categorical) = need.0 { return id }
      if case .token = need.0 { return nil }
      return nil
    })
    for head in heads {
      guard head.kind == .aggregate(.mean) || isTerm(head),
        case .aggregate(_, let valuesID, _) = graph[head.node].kind,
        plan.meanValueEncodings[head.node] == nil
      else { continue }
      // A term whose values are all 0 where it selects moves no value.
      if case .aggregateTerm(let t) = head.kind, splits[head.node]?[t].sumIsZero == true { continue }
      let encoding: Encoding
      if let chosen = annotations[valuesID] {
        encoding = chosen
      } else if categoricalNeeds.contains(valuesID) || values(valuesID).count == 1 {
        encoding = .categorical
      } else {
        encoding = .numerical
      }
      if encoding == .numerical, !isNumeric(valuesID) {
        throw CompileError(graph[valuesID], "is averaged, but takes values that are not numbers")
      }
      plan.meanValueEncodings[head.node] = encoding
      needs.append((.node(valuesID, encoding), .mlp(head.layer - 1)))
    }
    for (raw, deadline) in needs {
      try check(raw)
      let value = alias(raw)
      let stage = self.stage(of: value, deadline: deadline, plan: plan)
      plan.stages[value] = min(plan.stages[value] ?? stage, stage)
    }
    // Terms with the same components in the same layer write one share.
    var firstShare: [[AnyHashable]: StreamValue] = [:]
    for head in heads {
      let t: Int
      switch head.kind {
      case .selectorWidth(let term), .aggregateTerm(let term): t = term
      case .aggregate: continue
      }
      let key: [AnyHashable] = [head.layer, head.components]
      if let first = firstShare[key] {
        plan.shareAliases[.share(head.node, term: t)] = first
      } else {
        firstShare[key] = .share(head.node, term: t)
      }
    }
    for head in heads {
      switch head.kind {
      case .selectorWidth(let t):
        plan.stages[plan.canonical(.share(head.node, term: t))] = .attention(head.layer)
      case .aggregateTerm(let t):
        plan.stages[plan.canonical(.share(head.node, term: t))] = .attention(head.layer)
        if plan.terms[head.node]?[t].sumIsZero != true {
          plan.stages[.sum(head.node, term: t)] = .attention(head.layer)
        }
      case .aggregate(let mode):
        let raw = StreamValue.node(head.node, mode == .copy ? .categorical : .numerical)
        plan.stages[raw] = .attention(head.layer)
      }
    }

    // Values that later MLPs read: written where they are computed.
    var changed = true
    while changed {
      changed = false
      for (value, stage) in plan.stages where stage.isMLP {
        var missing: [NodeID] = []
        let bases = Tracer(graph: graph, plan: plan, layer: stage.layer, target: value)
          .dependencies(of: value, missing: &missing)
        for base in bases where plan.stages[base] == nil {
          plan.stages[base] = .embedding
          changed = true
        }
        for id in missing {
          let encoding = baseEncoding(id, plan: plan)
          let written = StreamValue.node(id, encoding)
          guard plan.stages[written] == nil else { continue }
          try check(written)
          plan.stages[written] = .mlp(available[id]!)
          changed = true
        }
      }
    }
    return plan
  }

  // MARK: - Encodings

  /// Copy for values that cannot be averaged or never are; mean otherwise.
  func mode(of id: NodeID, values valuesID: NodeID, defaultValue: Atom, order: [NodeID])
    throws(CompileError) -> AggregateMode
  {
    let valueSet = values(valuesID)
    let averageable = !valueSet.contains(where: \.isString) && !valueSet.allSatisfy(\.isBool)
    let averages = sets.mayAverage[id] == true
    let chosen = annotations[id]
    if !averageable {
      if chosen == .numerical {
        throw CompileError(graph[id], "cannot be numerical: it moves values that are not numbers")
      }
      return .copy
    }
    if averages {
      if chosen == .categorical {
        throw CompileError(
          graph[id], "cannot be categorical: its selector may select several keys, so it averages")
      }
      if defaultValue.numericValue == nil, case .aggregate(let selector, _, _) = graph[id].kind,
        mayBeEmpty(selector)
      {
        throw CompileError(
          graph[id], "averages numbers but its default \(defaultValue.reprText) is not a number")
      }
      return .mean
    }
    if let chosen {
      if chosen == .numerical, defaultValue.numericValue == nil {
        throw CompileError(graph[id], "cannot be numerical: its default \(defaultValue.reprText) is not a number")
      }
      return chosen == .categorical ? .copy : .mean
    }
    if defaultValue.numericValue == nil { return .copy }
    let compared = order.contains { other in
      if case .select(let k, let q, _) = graph[other].kind { return k == id || q == id }
      return false
    }
    if isSummarised(id) { return compared ? .copy : .mean }
    return compared || values(id).count <= Planner.smallValueSet ? .copy : .mean
  }

  func outputEncoding(modes: [NodeID: AggregateMode]) throws(CompileError) -> Encoding {
    if let chosen = annotations[output] {
      if chosen == .numerical, !isNumeric(output) {
        throw CompileError(graph[output], "cannot be numerical: it takes values that are not numbers")
      }
      if chosen == .categorical, modes[output] == .mean {
        throw CompileError(graph[output], "cannot be categorical: it averages")
      }
      return chosen
    }
    if modes[output] == .mean || isSummarised(output) { return .numerical }
    if isNumeric(output), values(output).count > Planner.smallValueSet { return .numerical }
    return .categorical
  }

  /// The encoding a later MLP reads a value in.
  func baseEncoding(_ id: NodeID, plan: ProgramPlan) -> Encoding {
    if let chosen = annotations[id] { return chosen }
    if plan.stages[.node(id, .categorical)] != nil { return .categorical }
    if plan.stages[.node(id, .numerical)] != nil { return .numerical }
    if isSummarised(id) { return .numerical }
    if !isNumeric(id) || values(id).count <= Planner.smallValueSet { return .categorical }
    return .numerical
  }

  /// Fails when a written value conflicts with the user's choice or a limit.
  func check(_ value: StreamValue) throws(CompileError) {
    guard case .node(let id, let encoding) = value else { return }
    if let chosen = annotations[id], chosen != encoding {
      let use = encoding == .categorical ? "compared by a select or copied by an aggregate" : "averaged"
      throw CompileError(
        graph[id], "is annotated \(chosen.rawValue) but is \(use), which needs it \(encoding.rawValue)")
    }
    if encoding == .numerical, !isNumeric(id) {
      throw CompileError(graph[id], "cannot be numerical: it takes values that are not numbers")
    }
  }

  /// The categorical alias: the tokens s-op is the token one-hot, `indices` the position one-hot.
  func alias(_ value: StreamValue) -> StreamValue {
    Planner.alias(value, graph: graph)
  }

  static func alias(_ value: StreamValue, graph: ProgramGraph) -> StreamValue {
    guard case .node(let id, .categorical) = value else { return value }
    switch graph[id].kind {
    case .tokens(.string), .tokens(.asIs): return .token
    case .indices: return .index
    default: return value
    }
  }

  // MARK: - Stages

  /// Where a value is written, given the latest stage it may be written at.
  func stage(of value: StreamValue, deadline: Stage, plan: ProgramPlan) -> Stage {
    switch value {
    case .token, .index: return .embedding
    case .share(let id, _), .sum(let id, _): return .attention(plan.available[id]!)
    case .square(let id):
      // Where the value is written, but never by attention (an MLP squares it).
      let stage = self.stage(of: .node(id, .numerical), deadline: deadline, plan: plan)
      return stage == .embedding || stage.isMLP ? stage : .mlp(stage.layer)
    case .tuple(let ids):
      return embeds(ids.map { plan.origin[$0]! }) ? .embedding : deadline
    case .node(let id, let encoding):
      switch plan.origin[id]! {
      case .constant, .token, .index: return .embedding
      case .mixed: return options.jointEmbedding ? .embedding : deadline
      case .attention:
        let layer = plan.available[id]!
        if case .aggregate = graph[id].kind, plan.terms[id] == nil {
          let raw: Encoding = plan.aggregateModes[id] == .copy ? .categorical : .numerical
          return encoding == raw ? .attention(layer) : .mlp(layer)
        }
        return .mlp(layer)
      }
    }
  }

  /// Whether the embedding can hold a joint value of s-ops of these origins:
  /// always without attention when the embedding may be joint, else only
  /// for functions of the token alone or of the position alone.
  func embeds(_ origins: [Origin]) -> Bool {
    let kinds = Set(origins)
    if kinds.contains(.attention) { return false }
    if options.jointEmbedding { return true }
    return kinds.isSubset(of: [.token, .constant]) || kinds.isSubset(of: [.index, .constant])
  }

  func isTerm(_ head: HeadPlan) -> Bool {
    if case .aggregateTerm = head.kind { return true }
    return false
  }

  // MARK: - Heads

  /// The score components of a formula: its conjuncts grouped by the s-ops they read.
  func components(of formula: SelectorFormula, origin: [NodeID: Origin]) -> [SelectorComponent] {
    var groups: [[NodeID]: [SelectorFormula]] = [:]
    var keysOf: [[NodeID]: ([NodeID], [NodeID])] = [:]
    var orderOfGroups: [[NodeID]] = []
    for conjunct in formula.conjuncts {
      let keys = conjunct.keyNodes(graph).filter { origin[$0] != .constant }
      let queries = conjunct.queryNodes(graph).filter { origin[$0] != .constant }
      let signature = keys.map(\.index) + [-1] + queries.map(\.index)
      let key = signature.map { NodeID($0) }
      if groups[key] == nil {
        orderOfGroups.append(key)
        keysOf[key] = (keys, queries)
      }
      groups[key, default: []].append(conjunct)
    }
    return orderOfGroups.compactMap { key in
      let parts = groups[key]!
      let (keys, queries) = keysOf[key]!
      let merged = parts.count == 1 ? parts[0] : SelectorFormula.and(parts)
      var constants: [NodeID: Atom] = [:]
      for id in merged.keyNodes(graph) + merged.queryNodes(graph) where origin[id] == .constant {
        constants[id] = values(id).first ?? .int(0)
      }
      // A comparison of constants that always holds adds the same score to every key: drop it.
      if keys.isEmpty, queries.isEmpty,
        merged.holds(graph, key: { constants[$0] ?? .int(0) }, query: { constants[$0] ?? .int(0) })
      {
        return nil
      }
      if let numerical = numericalComparison(merged, origin: origin) {
        return SelectorComponent(
          formula: merged, keyNodes: keys, queryNodes: queries, constants: constants,
          keyFeature: .node(numerical.key, .numerical), queryFeature: .node(numerical.query, .numerical),
          numerical: numerical)
      }
      return SelectorComponent(
        formula: merged, keyNodes: keys, queryNodes: queries, constants: constants,
        keyFeature: feature(keys), queryFeature: feature(queries))
    }
  }

  /// The formula as a numerical `==` (``NumericalComparison``) when the
  /// options ask for one and it can be: one comparison `select(b, a, ==)`,
  /// not negated, of two non-constant s-ops (written by an attention head
  /// or an MLP, or functions of the position in the embedding) whose values
  /// are all numbers, not booleans, and not annotated categorical.
  func numericalComparison(_ formula: SelectorFormula, origin: [NodeID: Origin]) -> NumericalComparison? {
    guard options.numericalComparisons == true, case .compare(let id, negated: false) = formula,
      case .select(let keys, let queries, .equal) = graph[id].kind
    else { return nil }
    if let described = DescribedComparison.scale(keys: keys, queries: queries, sets: sets) {
      guard origin[keys] != .constant, origin[queries] != .constant, annotations[keys] != .categorical,
        annotations[queries] != .categorical
      else { return nil }
      return NumericalComparison(key: keys, query: queries, scale: described)
    }
    var numbers: [[Rational]] = []
    for node in [keys, queries] {
      guard origin[node] != .constant, annotations[node] != .categorical else { return nil }
      let set = values(node)
      guard !set.isEmpty, !set.contains(where: \.isBool) else { return nil }
      let xs = set.compactMap(\.numericValue)
      guard xs.count == set.count else { return nil }
      numbers.append(xs)
    }
    return NumericalComparison(
      key: keys, query: queries, scale: NumericalComparison.scale(queryValues: numbers[1], keyValues: numbers[0]))
  }

  /// Whether some head has a component that a numerical `==` could score.
  static func hasNumericalCandidate(_ graph: ProgramGraph, _ plan: ProgramPlan, options: CompileOptions, sets: PositionValueSets, annotations: [NodeID: Encoding]) -> Bool {
    var numerical = options
    numerical.numericalComparisons = true
    let planner = Planner(graph: graph, output: plan.output, options: numerical, sets: sets, annotations: annotations)
    return plan.heads.contains { head in
      head.components.contains { planner.numericalComparison($0.formula, origin: plan.origin) != nil }
    }
  }

  func feature(_ nodes: [NodeID]) -> StreamValue? {
    if nodes.isEmpty { return nil }
    if nodes.count == 1 { return alias(.node(nodes[0], .categorical)) }
    return .tuple(nodes)
  }

  /// How a selector becomes heads.
  enum Selection {
    /// One head whose score is the sum of these components.
    case single([SelectorComponent], HeadPlan.Scoring)
    /// Disjoint terms, one BOS-tied head each (constant terms need none).
    case split([SelectionTerm])
  }

  /// The heads for a selector. A conjunction of comparisons that each read
  /// one key s-op and one query s-op is one head over separate one-hots. A
  /// selector that compares several s-ops jointly (an `or` of comparisons of
  /// different s-ops) needs joint one-hots: it stays one head when its
  /// disjoint terms can be scored side by side (each term one component over
  /// the joint one-hot of what it reads, written without an extra layer),
  /// with at most `jointLimit` joint directions in all; otherwise it is split
  /// into one narrow head per term. A split that needs one head at most (its
  /// other terms select the same keys everywhere) is taken first. `splittable`: the head may be split at
  /// all (a selector width, or an averaging aggregate with BOS).
  func selection(
    _ formula: SelectorFormula, values: NodeID?, splittable: Bool, origin: [NodeID: Origin]
  ) -> Selection {
    let whole = components(of: formula, origin: origin)
    guard whole.contains(where: { $0.keyFeature.isTuple || $0.queryFeature.isTuple }) else {
      return .single(whole, .conjunction)
    }
    let split = splittable ? self.split(formula, values: values, origin: origin) : nil
    // A split whose other terms are constant (no head) is already one head.
    if let split, split.filter({ $0.constant == nil }).count <= 1 { return .split(split) }
    let limit = split == nil ? options.maxValues : min(options.jointLimit ?? Planner.defaultJointLimit, options.maxValues)
    if let terms = disjointSum(formula, origin: origin, limit: limit) { return .single(terms, .disjointTerms) }
    if let split { return .split(split) }
    return .single(whole, .conjunction)
  }

  /// The formula's `or` as disjoint terms: term i is disjunct i and not any
  /// later disjunct it may overlap with (nil when it is not an `or`).
  func disjointTerms(_ formula: SelectorFormula, origin: [NodeID: Origin]) -> [SelectorFormula]? {
    let disjuncts = formula.disjuncts
    guard disjuncts.count > 1 else { return nil }
    return disjuncts.enumerated().map { i, d in
      var parts = [d]
      for j in (i + 1)..<disjuncts.count where !disjoint(d, disjuncts[j], origin: origin) {
        parts.append(disjuncts[j].negated)
      }
      return parts.count == 1 ? d : SelectorFormula.and(parts).flattened
    }
  }

  /// The selector as disjoint terms, one head each, when no term needs a
  /// joint one-hot.
  func split(_ formula: SelectorFormula, values: NodeID?, origin: [NodeID: Origin]) -> [SelectionTerm]? {
    guard let formulas = disjointTerms(formula, origin: origin) else { return nil }
    var terms: [SelectionTerm] = []
    for term in formulas {
      let termComponents = components(of: term, origin: origin)
      if termComponents.contains(where: { $0.keyFeature.isTuple || $0.queryFeature.isTuple }) { return nil }
      let fixed = constant(term, values: values)
      terms.append(SelectionTerm(
        formula: term, components: termComponents, constant: fixed,
        sumIsZero: fixed == nil && sumIsZero(term, values: values)))
    }
    return terms
  }

  /// The selector's disjoint terms as the components of one head: each term
  /// is one component over the joint one-hots of the s-ops it reads, and at
  /// most one term holds for any query and key, so the score is 1 exactly
  /// on the selected keys. Nil when the formula is not an `or`, or when a
  /// joint one-hot would exceed `maxValues` or need an MLP before the first
  /// attention layer, or when the joint one-hots have more than `limit`
  /// directions in all.
  func disjointSum(_ formula: SelectorFormula, origin: [NodeID: Origin], limit: Int) -> [SelectorComponent]? {
    guard let formulas = disjointTerms(formula, origin: origin) else { return nil }
    var result: [SelectorComponent] = []
    var joints: [[NodeID]: Int] = [:]
    for term in formulas {
      let keys = term.keyNodes(graph).filter { origin[$0] != .constant }
      let queries = term.queryNodes(graph).filter { origin[$0] != .constant }
      var constants: [NodeID: Atom] = [:]
      for id in term.keyNodes(graph) + term.queryNodes(graph) where origin[id] == .constant {
        constants[id] = values(id).first ?? .int(0)
      }
      if keys.isEmpty, queries.isEmpty {
        // A term of constants holds for every key or for none.
        guard term.holds(graph, key: { constants[$0] ?? .int(0) }, query: { constants[$0] ?? .int(0) }) else {
          continue
        }
      }
      for nodes in [keys, queries] where nodes.count > 1 && joints[nodes] == nil {
        guard embeds(nodes.map { origin[$0]! }) || nodes.contains(where: { origin[$0] == .attention }),
          let values = try? ResidualLayout.jointValues(nodes, sets: sets, graph: graph, limit: limit)
        else { return nil }
        joints[nodes] = values.count
        if joints.values.reduce(0, +) > limit { return nil }
      }
      result.append(SelectorComponent(
        formula: term, keyNodes: keys, queryNodes: queries, constants: constants,
        keyFeature: feature(keys), queryFeature: feature(queries)))
    }
    return result
  }

  /// Whether two formulas can never hold together: some component of their
  /// conjunction is false for every value of the s-ops it reads.
  func disjoint(_ a: SelectorFormula, _ b: SelectorFormula, origin: [NodeID: Origin]) -> Bool {
    let both = SelectorFormula.and([a, b]).flattened
    if OrderedComparisons.contradicts(both.conjuncts, graph, sameKind: sameKind) { return true }
    for component in components(of: both, origin: origin) {
      let keys = component.keyNodes
      let queries = component.queryNodes
      // Values not listed: nothing is proved.
      if (keys + queries).contains(where: isSummarised) { return false }
      let choices = (keys + queries).map { Array(values($0)) }
      var total = 1
      for c in choices {
        total *= max(c.count, 1)
        if total > 200_000 { return false }
      }
      var satisfiable = false
      Combinations.search(choices, until: { point in
        var keyValues = component.constants
        var queryValues = component.constants
        for (k, id) in keys.enumerated() { keyValues[id] = point[k] }
        for (k, id) in queries.enumerated() { queryValues[id] = point[keys.count + k] }
        satisfiable = component.formula.holds(
          graph, key: { keyValues[$0] ?? .int(0) }, query: { queryValues[$0] ?? .int(0) })
        return satisfiable
      })
      if !satisfiable { return true }
    }
    return false
  }

  /// Whether two s-ops' values are all numbers (or described numbers), or all
  /// strings: then every key value and query value compare as exactly one
  /// of less, equal or greater (see ``OrderedComparisons``).
  func sameKind(_ a: NodeID, _ b: NodeID) -> Bool {
    func kind(_ id: NodeID) -> Int? {
      if isSummarised(id) { return 0 }
      let set = values(id)
      if set.isEmpty { return nil }
      if set.allSatisfy({ if case .number = $0 { return true } else { return false } }) { return 0 }
      if set.allSatisfy(\.isString) { return 1 }
      return nil
    }
    guard let x = kind(a), let y = kind(b) else { return false }
    return x == y
  }

  /// The width and value sum of a term when they are the same at every
  /// query of every length (every key sure or impossible, values fixed).
  func constant(_ term: SelectorFormula, values: NodeID?) -> SelectionTerm.Constant? {
    if let values, isSummarised(values) { return nil }
    var found: SelectionTerm.Constant?
    for n in 1...sets.maximumLength {
      let matrix = term.selections(sets, length: n)
      for q in 0..<n {
        var width = 0
        var sum = Rational.zero
        for k in 0..<n {
          switch matrix[q * n + k] {
          case 1: return nil
          case 2:
            width += 1
            if let values {
              let cell = sets.values(of: values, length: n, position: k)
              guard cell.count == 1, let v = cell.first!.numericValue else { return nil }
              sum += v
            }
          default: break
          }
        }
        let here = SelectionTerm.Constant(width: width, sum: sum)
        if let found, found != here { return nil }
        found = here
      }
    }
    return found
  }

  /// Whether the averaged values are 0 at every key the term may select, at
  /// every length (false for a selector width, or values not listed).
  func sumIsZero(_ term: SelectorFormula, values: NodeID?) -> Bool {
    guard let values, !isSummarised(values) else { return false }
    for n in 1...sets.maximumLength {
      let matrix = term.selections(sets, length: n)
      for k in 0..<n where (0..<n).contains(where: { matrix[$0 * n + k] != 0 }) {
        guard sets.values(of: values, length: n, position: k).allSatisfy({ $0.numericValue?.isZero == true })
        else { return false }
      }
    }
    return true
  }

  /// Whether the formula selects at least one key at every query of every length.
  func neverEmpty(_ formula: SelectorFormula) -> Bool {
    for n in 1...sets.maximumLength {
      for range in formula.widths(sets, length: n) where range.lowerBound == 0 { return false }
    }
    return true
  }

  /// Whether some query may select no key.
  func mayBeEmpty(_ selector: NodeID) -> Bool {
    for n in 1...sets.maximumLength {
      for q in 0..<n where sets.widths(selector, length: n, query: q).lowerBound == 0 { return true }
    }
    return false
  }

  /// Without BOS an empty selection has nowhere to put its default.
  func requireNonEmpty(_ id: NodeID, selector: NodeID) throws(CompileError) {
    for n in 1...sets.maximumLength {
      for q in 0..<n where sets.widths(selector, length: n, query: q).lowerBound == 0 {
        throw CompileError(
          graph[id],
          "its selector may select no key (input length \(n), position \(q)); the default needs the BOS position (compile without --no-bos)")
      }
    }
  }
}
