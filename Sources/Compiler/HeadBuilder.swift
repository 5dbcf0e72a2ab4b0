import ExactArithmetic
import RASP
import Transformer

/// Builds the attention heads of one layer, merging heads whose scores are
/// the same (they compute the same selection).
///
/// The score of query q for key k is the number of the selector's
/// components that hold (each a 0/1 table between the one-hot blocks it
/// reads), so the selected keys are exactly those scoring C: the component
/// count for a conjunction, 1 for disjoint terms (at most one holds). The
/// BOS key scores C − 1/2 for an aggregate (just below a full match: an
/// empty selection lands on BOS, whose value is the default) and C for a
/// selector width (BOS is always among the maxima, so it receives 1/(w+1)).
/// At the BOS query a (bos, bos) weight above every component total makes
/// BOS the only maximum, so the BOS row stays a known vector. A numerical
/// `==` component (``NumericalComparison``) scores c·a² − c·(a − b)²
/// instead, shifted by the per-query c·a² − 1 against the one-hot form, BOS
/// included, so the maxima are the same. A head whose
/// selector never selects a key after the query (``SelectorFormula/isCausal(_:maxLength:)``)
/// is causally masked: the masked keys score below the maximum anyway, so
/// every output is the same, and a model of such heads only is causal (its
/// verification shares prefixes).
struct HeadBuilder {
  let graph: ProgramGraph
  let plan: ProgramPlan
  let layout: ResidualLayout
  let options: CompileOptions

  struct Score: Hashable {
    var query: String
    var key: String
    var weight: Rational
  }

  struct Move: Hashable {
    var value: String
    var output: String
    var weight: Rational
  }

  /// The heads of `layer`.
  func heads(layer: Int) -> [AttentionHead] {
    var merged: [[Score]: (names: [String], moves: [Move])] = [:]
    var order: [[Score]] = []
    var causal: [[Score]: Bool] = [:]
    for head in plan.heads where head.layer == layer {
      let scores = self.scores(head)
      if merged[scores] == nil {
        merged[scores] = ([], [])
        order.append(scores)
      }
      causal[scores] = (causal[scores] ?? true) && head.formula.isCausal(graph, maxLength: options.maxLength)
      let terms = plan.terms[head.node]?.count ?? 1
      let name = layout.names[head.node]! + (terms > 1 ? " term \(termIndex(head) + 1)" : "")
      if !merged[scores]!.names.contains(name) { merged[scores]!.names.append(name) }
      merged[scores]!.moves += moves(head)
    }
    return order.map { scores in
      let entry = merged[scores]!
      return AttentionHead(
        name: entry.names.joined(separator: ", "),
        scores: scores.map { ($0.query, $0.key, $0.weight) },
        moves: entry.moves.map { ($0.value, $0.output, $0.weight) },
        semantics: .averagingHard, mask: causal[scores]! ? .causal : .none)
    }
  }

  func termIndex(_ head: HeadPlan) -> Int {
    switch head.kind {
    case .selectorWidth(let t), .aggregateTerm(let t): return t
    case .aggregate: return 0
    }
  }

  /// The head's score entries, in a canonical order.
  func scores(_ head: HeadPlan) -> [Score] {
    var table: [Score: Rational] = [:]
    func add(_ q: String, _ k: String, _ w: Rational) {
      table[Score(query: q, key: k, weight: .zero), default: .zero] += w
    }
    for component in head.components {
      if let numerical = component.numerical {
        // c·a² − c·(a − b)² at input keys; BOS gets c·a² − 1 (see NumericalComparison).
        let c = numerical.scale
        let a = layout.scalar(.node(numerical.query, .numerical))
        let b = layout.scalar(.node(numerical.key, .numerical))
        add(a, b, c + c)
        add(ResidualLayout.one, layout.scalar(.square(numerical.key)), -c)
        if options.bos {
          if !numerical.neverEmpty { add(layout.scalar(.square(numerical.query)), ResidualLayout.bos, c) }
          add(ResidualLayout.one, ResidualLayout.bos, -.one)
        }
        continue
      }
      let keySide = side(component.keyFeature, nodes: component.keyNodes, key: true)
      let querySide = side(component.queryFeature, nodes: component.queryNodes, key: false)
      for (keyDirections, keyValues) in keySide {
        for (queryDirection, queryValues) in querySide {
          let holds = component.formula.holds(
            graph,
            key: { keyValues[$0] ?? component.constants[$0] ?? .int(0) },
            query: { queryValues[$0] ?? component.constants[$0] ?? .int(0) })
          if holds {
            for k in keyDirections { add(queryDirection[0], k, .one) }
          }
        }
      }
    }
    if options.bos {
      let c = Rational(head.selectedScore)
      let bosScore: Rational
      if case .aggregate = head.kind { bosScore = c - Rational(1, 2) } else { bosScore = c }
      // (Selector-width and aggregate terms: BOS ties with a full match.)
      add(ResidualLayout.one, ResidualLayout.bos, bosScore)
      add(ResidualLayout.bos, ResidualLayout.bos, Rational(head.components.count) + .one)
    }
    return table.filter { !$0.value.isZero }
      .map { Score(query: $0.key.query, key: $0.key.key, weight: $0.value) }
      .sorted { ($0.query, $0.key) < ($1.query, $1.key) }
  }

  /// The directions read on one side of a component and the s-op values each stands for.
  func side(_ feature: StreamValue?, nodes: [NodeID], key: Bool) -> [([String], [NodeID: Atom])] {
    guard let feature else {
      // Any position: every token's direction on the key side, `one` on the query side.
      if key { return [(layout[.token].directions, [:])] }
      return [([ResidualLayout.one], [:])]
    }
    let block = layout[feature]
    return zip(block.directions, block.categories).map { direction, category in
      var values: [NodeID: Atom] = [:]
      for (k, id) in nodes.enumerated() where k < category.count { values[id] = category[k] }
      return ([direction], values)
    }
  }

  /// Moves of an averaged s-op's value into one direction: from its
  /// numerical direction, or from its one-hot weighted by each value.
  func valueMoves(_ valuesID: NodeID, to output: String, node: NodeID) -> [Move] {
    if plan.meanValueEncodings[node] == .categorical {
      let source = layout[Planner.alias(.node(valuesID, .categorical), graph: graph)]
      return zip(source.directions, source.categories).compactMap { direction, category in
        let v = category[0].numericValue ?? .zero
        return v.isZero ? nil : Move(value: direction, output: output, weight: v)
      }
    }
    return [Move(value: layout.scalar(.node(valuesID, .numerical)), output: output, weight: .one)]
  }

  /// The value moves of a head.
  func moves(_ head: HeadPlan) -> [Move] {
    var moves: [Move] = []
    switch head.kind {
    case .selectorWidth(let term):
      let share = StreamValue.share(head.node, term: term)
      if options.bos, plan.canonical(share) == share {
        moves.append(Move(value: ResidualLayout.bos, output: layout.scalar(share), weight: .one))
      }
    case .aggregateTerm(let term):
      guard case .aggregate(_, let valuesID, _) = graph[head.node].kind else { return [] }
      let share = StreamValue.share(head.node, term: term)
      if plan.canonical(share) == share {
        moves.append(Move(value: ResidualLayout.bos, output: layout.scalar(share), weight: .one))
      }
      if plan.terms[head.node]?[term].sumIsZero != true {
        let output = layout.scalar(.sum(head.node, term: term))
        moves += valueMoves(valuesID, to: output, node: head.node)
      }
    case .aggregate(let mode):
      guard case .aggregate(_, let valuesID, let defaultValue) = graph[head.node].kind else { return [] }
      switch mode {
      case .copy:
        let output = StreamValue.node(head.node, .categorical)
        let source = layout[Planner.alias(.node(valuesID, .categorical), graph: graph)]
        for (direction, category) in zip(source.directions, source.categories) {
          if let target = layout.direction(output, category: category) {
            moves.append(Move(value: direction, output: target, weight: .one))
          }
        }
        if options.bos, let target = layout.direction(output, category: [defaultValue]) {
          moves.append(Move(value: ResidualLayout.bos, output: target, weight: .one))
        }
      case .mean:
        let output = layout.scalar(.node(head.node, .numerical))
        moves += valueMoves(valuesID, to: output, node: head.node)
        if options.bos, let d = defaultValue.numericValue, !d.isZero {
          moves.append(Move(value: ResidualLayout.bos, output: output, weight: d))
        }
      }
    }
    return moves
  }
}
