import RASP

/// A quantity the compiled model writes in its residual stream.
enum StreamValue: Hashable, Sendable {
  /// The input token, one-hot over the vocabulary (`tokens:t`).
  case token
  /// The input position, one-hot over 0..<maxLength (`indices:i`).
  case index
  /// An s-op's value in one encoding.
  case node(NodeID, Encoding)
  /// The share 1/(w+1) a selector-width head gives the BOS position, for
  /// one term of its selector (terms split a selector into disjoint parts).
  case share(NodeID, term: Int)
  /// For an averaging aggregate split into disjoint terms: the sum of the
  /// values term t selects, over w+1 (what its BOS-tied head writes).
  case sum(NodeID, term: Int)
  /// The joint value of several s-ops, one-hot over the tuples that occur
  /// (what an attention head reads when a selector compares several s-ops).
  case tuple([NodeID])
  /// The square of a numerically encoded s-op's value (what a head that
  /// compares two numerical s-ops with `==` reads: its score is
  /// 2c·a·b − c·b² at the key, see ``NumericalComparison``).
  case square(NodeID)
}
