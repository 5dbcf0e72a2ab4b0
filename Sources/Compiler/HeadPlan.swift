import RASP

/// An attention head to build: what it computes, in which layer, and the
/// components of its score.
struct HeadPlan: Sendable {
  enum Kind: Sendable, Hashable {
    /// An aggregate's head.
    case aggregate(AggregateMode)
    /// One term of a selector width (the BOS position ties with the selected keys).
    case selectorWidth(term: Int)
    /// One term of a split averaging aggregate (BOS ties; writes 1/(w+1) and Σv/(w+1)).
    case aggregateTerm(term: Int)
  }

  /// The aggregate or selector-width node.
  var node: NodeID
  var kind: Kind
  /// The attention layer (≥ 1).
  var layer: Int
  /// The selector (or selector term) formula.
  var formula: SelectorFormula
  /// Its score components.
  var components: [SelectorComponent]
  /// How the components' scores add up to a selection.
  var scoring: Scoring = .conjunction

  /// How a head's components make its selection.
  enum Scoring: Sendable, Hashable {
    /// Every component must hold: the selected keys score the component count.
    case conjunction
    /// The components are disjoint terms, at most one holds: the selected keys score 1.
    case disjointTerms
  }

  /// The score of exactly the selected keys.
  var selectedScore: Int { scoring == .conjunction ? components.count : 1 }
}
