import RASP

/// One additive part of an attention head's score: a formula over one set
/// of key s-ops and one set of query s-ops, scored 1 where it holds.
///
/// A head's selector is the conjunction of its components; the score is the
/// number of components that hold, so exactly the selected keys reach the
/// maximum (the component count).
struct SelectorComponent: Hashable, Sendable {
  /// The conjunction of the selector's conjuncts that read these s-ops.
  var formula: SelectorFormula
  /// Non-constant key s-ops read (sorted).
  var keyNodes: [NodeID]
  /// Non-constant query s-ops read (sorted).
  var queryNodes: [NodeID]
  /// Constant s-ops read, with their values.
  var constants: [NodeID: Atom]
  /// What the head reads at the key position: nil for "every input position"
  /// (the formula does not depend on the key).
  var keyFeature: StreamValue?
  /// What the head reads at the query position: nil for the constant `one`
  /// (the formula does not depend on the query).
  var queryFeature: StreamValue?
  /// When the component is one `==` of two numerically encoded s-ops
  /// scored by −(a − b)² instead of through one-hots (nil otherwise).
  var numerical: NumericalComparison? = nil
}
