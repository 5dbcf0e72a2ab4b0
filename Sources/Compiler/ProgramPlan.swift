import RASP

/// The decisions taken before any weight is written: where each s-op comes
/// from, the attention layer of every aggregate and selector width, how each
/// value is encoded, and at which stage of the forward pass it is written.
struct ProgramPlan: Sendable {
  /// The s-op read out.
  var output: NodeID
  /// The output's encoding (the readout's kind).
  var outputEncoding: Encoding
  /// Every node the output depends on (s-ops and selectors), ascending.
  var order: [NodeID]
  /// What each s-op depends on.
  var origin: [NodeID: Origin]
  /// The attention layer after which each s-op's value exists (0: embedding
  /// or the pre-attention MLP).
  var available: [NodeID: Int]
  /// The number of attention layers.
  var depth: Int
  /// The heads, by layer.
  var heads: [HeadPlan]
  /// How each aggregate moves values.
  var aggregateModes: [NodeID: AggregateMode]
  /// For averaging aggregates: whether the values are read from their
  /// numerical direction or from their one-hot (weighted by each value).
  var meanValueEncodings: [NodeID: Encoding]
  /// Where each written value is written.
  var stages: [StreamValue: Stage]
  /// Selector widths and split aggregates: the disjoint terms of their selector.
  var terms: [NodeID: [SelectionTerm]] = [:]

  /// Shares written by another head with the same selection in the same
  /// layer: they hold the same value, so they are read from that one.
  var shareAliases: [StreamValue: StreamValue] = [:]

  /// The share actually written for a term (itself, or its alias).
  func canonical(_ share: StreamValue) -> StreamValue { shareAliases[share] ?? share }

  /// The kind of a node (kept so later stages need not hold the graph).
  var kinds: [NodeID: NodeKind] = [:]

  func graphKind(_ id: NodeID) -> NodeKind? { kinds[id] }

  /// Whether an MLP runs before the first attention layer.
  var hasPreAttentionMLP: Bool { stages.values.contains(.mlp(0)) }

  /// The values written at a stage, in a fixed order.
  func written(at stage: Stage) -> [StreamValue] {
    stages.filter { $0.value == stage }.map(\.key).sorted { ProgramPlan.precedes($0, $1) }
  }

  /// A fixed order on tuples of values (canonical order, element by element).
  static func lexicographic(_ a: [Atom], _ b: [Atom]) -> Bool {
    for (x, y) in zip(a, b) where !(x == y && x.isBool == y.isBool) {
      return Atom.canonicallyPrecedes(x, y)
    }
    return a.count < b.count
  }

  /// A fixed order on stream values: token, index, nodes by id, shares, tuples.
  static func precedes(_ a: StreamValue, _ b: StreamValue) -> Bool {
    func key(_ v: StreamValue) -> [Int] {
      switch v {
      case .token: return [0]
      case .index: return [1]
      case .node(let id, let e): return [2, id.index, e == .categorical ? 0 : 1]
      case .share(let id, let t): return [3, id.index, t, 0]
      case .sum(let id, let t): return [3, id.index, t, 1]
      case .tuple(let ids): return [4] + ids.map(\.index)
      case .square(let id): return [2, id.index, 2]
      }
    }
    return key(a).lexicographicallyPrecedes(key(b))
  }
}
