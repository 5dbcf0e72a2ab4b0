import ExactArithmetic
import RASP

/// How a value computed by an MLP depends on the numerical values in the stream.
enum NumericDependence: Sendable {
  /// Only on categorical values (one-hot blocks): a lookup.
  case none
  /// On numerical values only through one anchor, which is an affine
  /// function of them for each combination of the categorical inputs: a
  /// piecewise-linear function of that one coordinate.
  case anchor(AnchorReference)
  /// On numerical values only through several anchors (each affine, as
  /// for `anchor`): factored, a piecewise-linear function of an injective
  /// combination of the anchors, or of each anchor separately when the
  /// function is a sum of functions of one anchor each.
  case anchors([AnchorReference])
  /// On several numerical values jointly.
  case joint([StreamValue])
}
