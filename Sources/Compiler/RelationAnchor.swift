import ExactArithmetic
import RASP

/// A comparison `x OP y` of two numerical s-ops that an MLP reads along
/// the difference d = x − y: for each combination of the categorical
/// inputs d is affine in the numerical stream values (``form``), and
/// x OP y is d OP 0, so the MLP is a step of d at 0 whose width comes from
/// the exact gap bound of d's ``summary`` (no value of d lies strictly
/// between −g and g but 0). Neither operand's values are tabulated.
struct RelationAnchor: Sendable {
  /// The comparison.
  var comparison: Comparison
  /// x − y, per combination of the categorical inputs.
  var form: AffineForm
  /// Every value x − y can take (a sound description).
  var summary: NumericSummary
  /// The operands' own numerical dependences (how the MLP reads them when
  /// the relation is combined with other numerical inputs).
  var parts: [NumericDependence]
}
