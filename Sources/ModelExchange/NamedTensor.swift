import ExactArithmetic

/// One exported weight tensor: a name from the export's naming scheme, a
/// shape, and its exact entries in row-major order.
public struct NamedTensor: Sendable, Hashable {
  /// The tensor's name, e.g. `layers.0.attn.1.W_QK`.
  public var name: String
  /// The extent of each axis.
  public var shape: [Int]
  /// Row-major entries (`shape` multiplied out).
  public var entries: [Rational]

  public init(name: String, shape: [Int], entries: [Rational]) {
    precondition(shape.reduce(1, *) == entries.count, "tensor '\(name)': shape does not match its entries")
    self.name = name
    self.shape = shape
    self.entries = entries
  }
}
