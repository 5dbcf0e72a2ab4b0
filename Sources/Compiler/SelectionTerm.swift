import ExactArithmetic

/// One of the disjoint parts a selector is split into for a selector width
/// or an averaging aggregate: each gets its own BOS-tied head, which writes
/// 1/(w+1) (and, for an aggregate, the selected values' sum over w+1); the
/// MLP then adds the widths and sums up.
struct SelectionTerm: Sendable {
  /// The part of the selector.
  var formula: SelectorFormula
  /// Its score components.
  var components: [SelectorComponent]
  /// When the part selects the same number of keys, with the same sum of
  /// values, at every query of every length: that width and sum (no head).
  var constant: Constant?
  /// For an aggregate: the averaged values are 0 at every key the part may
  /// select, so its sum is 0 and its head writes only the share (the mean
  /// then reads one number per term instead of two).
  var sumIsZero = false

  struct Constant: Sendable, Hashable {
    var width: Int
    var sum: Rational
  }
}
