import ExactArithmetic

/// Why a rounded run has no output at a position.
public enum RoundedFailure: Error, Equatable, Sendable, CustomStringConvertible {
  /// The exact model's reason (a bad input, a readout tie).
  case model(ModelError)
  /// A readout entry that is ±∞ or NaN.
  case notFinite(direction: String, value: String)
  /// A fixed-point overflow under the `error` rule, or a fixed-point division by zero.
  case format(FormatError)

  public var description: String {
    switch self {
    case .model(let error): return error.description
    case .notFinite(let direction, let value): return "readout direction '\(direction)' is \(value)"
    case .format(let error): return error.description
    }
  }
}
