import ExactArithmetic

/// How the final residual stream is decoded at each position.
///
/// The first two kinds decode one output; the last two (distribution
/// readouts) also give an exact probability for every label, so whole
/// completions have exact probabilities (the `Decoding` module).
public enum Readout: Sendable, Hashable {
  /// The label of the largest of these directions; a tie is an error.
  case categorical(directions: [String], labels: [OutputValue])
  /// The value of one direction.
  case numerical(direction: String)
  /// Base-2 softmax: label i has probability `2^(s·x_i) / Σ_j 2^(s·x_j)`
  /// for the entries x of `directions` and the declared scale s > 0. Every
  /// logit s·x_i must be an integer (else the position fails, with the
  /// reason), so every probability is an exact rational.
  case softmax(directions: [String], labels: [OutputValue], scale: Rational)
  /// Probabilities proportional to the entries: `x_i / Σ_j x_j`, for a model
  /// that writes its next-token distribution itself (a mixture, as task
  /// superposition does). Entries must be non-negative; a row of zeros has no
  /// distribution and decodes to `empty` (the model predicts nothing there),
  /// or fails when `empty` is nil.
  case proportional(directions: [String], labels: [OutputValue], empty: OutputValue?)

  /// The directions the readout looks at.
  public var directions: [String] {
    switch self {
    case .categorical(let directions, _), .softmax(let directions, _, _), .proportional(let directions, _, _):
      return directions
    case .numerical(let direction): return [direction]
    }
  }

  /// The labels, one per direction (nil for a numerical readout).
  public var labels: [OutputValue]? {
    switch self {
    case .categorical(_, let labels), .softmax(_, let labels, _), .proportional(_, let labels, _): return labels
    case .numerical: return nil
    }
  }

  /// Whether the readout gives next-token probabilities (softmax or proportional).
  public var isDistribution: Bool {
    switch self {
    case .softmax, .proportional: return true
    case .categorical, .numerical: return false
    }
  }

  /// The kind's name as the model file writes it.
  public var kind: String {
    switch self {
    case .categorical: return "categorical"
    case .numerical: return "numerical"
    case .softmax: return "softmax"
    case .proportional: return "proportional"
    }
  }

  /// A categorical readout over the one-hot block `name:value`, labelled by
  /// the values (numbers where the text is a rational, else text).
  public static func oneHot(_ name: String, values: [OutputValue]) -> Readout {
    .categorical(directions: values.map { "\(name):\($0)" }, labels: values)
  }
}

/// A decoded output: a token or label, an exact number, or a truth value.
public enum OutputValue: Sendable, Hashable, CustomStringConvertible {
  case text(String)
  case number(Rational)
  case boolean(Bool)

  /// Canonical text: the string itself, `p/q` for numbers, `True`/`False`.
  public var description: String {
    switch self {
    case .text(let s): return s
    case .number(let r): return r.description
    case .boolean(let b): return b ? "True" : "False"
    }
  }
}
