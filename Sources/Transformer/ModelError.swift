/// Why a model could not be built, loaded or run.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A weight or readout refers to a direction the residual space lacks.
  case unknownDirection(String)
  /// A matrix does not match the subspaces it maps between.
  case shapeMismatch(String)
  /// An input token outside the model's vocabulary.
  case unknownToken(String, position: Int)
  /// An input longer than the model's maximum length.
  case inputTooLong(length: Int, maxLength: Int)
  /// An input shorter than the model's minimum length.
  case inputTooShort(length: Int, minLength: Int)
  /// An empty input.
  case emptyInput
  /// A categorical readout with several maximal directions at a position.
  case readoutTie(position: Int, labels: [String])
  /// A softmax head was given a score that is not an integer.
  case nonIntegerScore(head: String, score: String)
  /// A model file that is not a valid model.
  case invalidFile(String)
  /// A vocabulary that repeats a token, contains BOS or is empty (from a
  /// file or a construction's parameters alike).
  case invalidVocabulary(String)
  /// A softmax readout's logit (scale × entry) that is not an integer.
  case nonIntegerLogit(label: String, position: Int, logit: String)
  /// A distribution readout with no distribution at a position (a negative
  /// or all-zero proportional row, a logit spread too wide), with the reason.
  case noDistribution(position: Int, reason: String)

  public var description: String {
    switch self {
    case .unknownDirection(let name): return "unknown residual direction '\(name)'"
    case .shapeMismatch(let what): return "shape mismatch: \(what)"
    case .unknownToken(let token, let position):
      return "token '\(token)' at position \(position) is not in the model's vocabulary"
    case .inputTooLong(let length, let maxLength):
      return "input has \(length) tokens; the model's maximum length is \(maxLength)"
    case .inputTooShort(let length, let minLength):
      return "input has \(length) tokens; the model needs at least \(minLength)"
    case .emptyInput: return "empty input: give at least one token"
    case .readoutTie(let position, let labels):
      return "readout tie at position \(position) between \(labels.joined(separator: ", "))"
    case .nonIntegerScore(let head, let score):
      return "softmax head '\(head)' needs integer scores; got \(score)"
    case .invalidFile(let why): return "invalid model file: \(why)"
    case .invalidVocabulary(let why): return "invalid vocabulary: \(why)"
    case .nonIntegerLogit(let label, let position, let logit):
      return "softmax readout: the logit of '\(label)' at position \(position) is \(logit), not an integer (base-2 softmax is exact on integer logits; declare a scale that makes them integers)"
    case .noDistribution(let position, let reason):
      return "no next-token distribution at position \(position): \(reason)"
    }
  }
}
