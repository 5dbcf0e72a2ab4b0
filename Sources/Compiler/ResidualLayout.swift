import RASP

/// The residual stream's named directions: which directions hold each
/// written value, and what each direction of a one-hot block stands for.
///
/// Names follow the project's convention: `one` (constant 1), `bos` (1 at
/// the BOS position only), `tokens:a`, `indices:3`, `sop:value` for an
/// s-op's one-hot block, `sop` for a numerical s-op, `sop.share` for a
/// selector width's BOS share, `(a,b):(x,y)` for a joint key or query.
struct ResidualLayout: Sendable {
  /// One written value.
  struct Block: Sendable {
    var value: StreamValue
    var stage: Stage
    /// Its directions.
    var directions: [String]
    /// For a one-hot block: the value (a one-element tuple for an s-op) each direction stands for.
    var categories: [[Atom]]
    /// Direction of each category.
    var index: [[Atom]: Int]
  }

  /// Every written value's block.
  var blocks: [StreamValue: Block] = [:]
  /// All directions in stream order: `one`, `bos`, then blocks by stage.
  var directions: [String] = []
  /// Unique readable names of the s-ops.
  var names: [NodeID: String] = [:]

  static let one = "one"
  static let bos = "bos"

  /// The block of a value.
  subscript(value: StreamValue) -> Block { blocks[value]! }

  /// The direction of an s-op's value in its one-hot block (nil when not in the value set).
  func direction(_ value: StreamValue, category: [Atom]) -> String? {
    guard let block = blocks[value], let i = block.index[category] else { return nil }
    return block.directions[i]
  }

  /// The numerical direction of a value.
  func scalar(_ value: StreamValue) -> String { blocks[value]!.directions[0] }

  /// Lays out every value of `plan`.
  ///
  /// - Throws: ``CompileError`` when a joint key or query has more value
  ///   combinations than `maxValues`.
  static func make(
    plan: ProgramPlan, graph: ProgramGraph, sets: PositionValueSets, options: CompileOptions,
    outputName: String
  ) throws(CompileError) -> ResidualLayout {
    var layout = ResidualLayout()
    layout.names = uniqueNames(plan: plan, graph: graph, outputName: outputName)
    layout.directions = [one] + (options.bos ? [bos] : [])
    let ordered = plan.stages.sorted { a, b in
      a.value != b.value ? a.value < b.value : ProgramPlan.precedes(a.key, b.key)
    }
    for (value, stage) in ordered {
      var categories: [[Atom]] = []
      var directions: [String] = []
      switch value {
      case .token:
        categories = options.vocabulary.map { [Atom.string($0)] }
        directions = options.vocabulary.map { "tokens:\($0)" }
      case .index:
        categories = (0..<options.maxLength).map { [Atom.int($0)] }
        directions = (0..<options.maxLength).map { "indices:\($0)" }
      case .node(let id, .categorical):
        try sets.requireListed(id, in: graph, for: "its one-hot")
        categories = sets.sortedValues(of: id).map { [$0] }
        directions = categories.map { "\(layout.names[id]!):\($0[0].description)" }
      case .node(let id, .numerical):
        directions = [layout.names[id]!]
      case .square(let id):
        directions = [layout.names[id]! + "²"]
      case .share(let id, let term):
        let terms = plan.terms[id]?.count ?? 1
        directions = ["\(layout.names[id]!).share" + (terms > 1 ? "\(term + 1)" : "")]
      case .sum(let id, let term):
        let terms = plan.terms[id]?.count ?? 1
        directions = ["\(layout.names[id]!).sum" + (terms > 1 ? "\(term + 1)" : "")]
      case .tuple(let ids):
        // The head that reads the joint value is the one an error names.
        let reader = plan.heads.first { head in
          head.components.contains { $0.keyFeature == value || $0.queryFeature == value }
        }
        let tuples = try jointValues(
          ids, sets: sets, graph: graph, limit: options.maxValues, reader: reader.map { graph[$0.node] })
        categories = tuples
        let name = "(" + ids.map { layout.names[$0]! }.joined(separator: ",") + ")"
        directions = tuples.map { t in name + ":(" + t.map(\.description).joined(separator: ",") + ")" }
      }
      var index: [[Atom]: Int] = [:]
      for (i, c) in categories.enumerated() { index[c] = i }
      layout.blocks[value] = Block(
        value: value, stage: stage, directions: directions, categories: categories, index: index)
      layout.directions += directions
    }
    return layout
  }

  /// The tuples of values the s-ops take together at some cell, in canonical order.
  static func jointValues(
    _ ids: [NodeID], sets: PositionValueSets, graph: ProgramGraph, limit: Int, reader: Node? = nil
  ) throws(CompileError) -> [[Atom]]
  {
    var seen = Set<[Int]>()
    var tuples = Set<[Atom]>()
    for id in ids { try sets.requireListed(id, in: graph, for: "a joint one-hot", countingUnion: false) }
    for c in 0..<sets.cellCount {
      let signature = ids.map { sets.setIndex(of: $0, cell: c) }
      guard seen.insert(signature).inserted else { continue }
      var partial: [[Atom]] = [[]]
      for s in signature {
        partial = partial.flatMap { prefix in sets.set(s).map { prefix + [$0] } }
        if partial.count > limit { break }
      }
      tuples.formUnion(partial)
      if tuples.count > limit {
        let names = ids.map { "'\(graph[$0].displayName)'" }.joined(separator: ", ")
        throw CompileError(
          reader ?? graph[ids[0]],
          "its selector compares \(names) jointly (an `or` of comparisons of different s-ops); their \(tuples.count)+ value combinations exceed the limit of \(limit) (raise --max-values)")
      }
    }
    return tuples.sorted { a, b in
      for (x, y) in zip(a, b) where x != y || x.isBool != y.isBool {
        return Atom.canonicallyPrecedes(x, y)
      }
      return a.count < b.count
    }
  }

  /// Readable, unique names: the output keeps its name; others use their
  /// variable name or label (spaces removed, `:` replaced), with `#id` when taken.
  static func uniqueNames(plan: ProgramPlan, graph: ProgramGraph, outputName: String) -> [NodeID: String] {
    var names: [NodeID: String] = [:]
    var taken: Set<String> = [one, bos, "tokens", "indices"]
    names[plan.output] = outputName
    taken.insert(outputName)
    for id in plan.order where id != plan.output && !graph[id].isSelector {
      // The tokens and indices s-ops are the token and position one-hots.
      switch graph[id].kind {
      case .indices:
        names[id] = "indices"
        continue
      case .tokens(.string), .tokens(.asIs):
        names[id] = "tokens"
        continue
      default: break
      }
      var base = graph[id].displayName.filter { !$0.isWhitespace }
      base = base.replacingOccurrences(of: ":", with: "_")
      if base.isEmpty { base = "sop" }
      var name = base
      if taken.contains(name) { name = "\(base)#\(id.index)" }
      taken.insert(name)
      names[id] = name
    }
    return names
  }
}
