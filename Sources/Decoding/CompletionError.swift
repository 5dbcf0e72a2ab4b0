import Transformer

/// Why a completion search could not run or finish.
public enum CompletionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A strategy written wrongly (`beam:0`, `mass:2`, `nucleus`).
  case badStrategy(String)
  /// A bad request: n = 0, a prompt the model rejects, an answer too long for the model.
  case badRequest(String)
  /// A strategy that needs next-token probabilities on a model whose readout has none.
  case needsDistribution(strategy: String, readout: String)
  /// The model failed at a prefix (a non-integer logit, a forward-pass error).
  case model(ModelError, prefix: [String])
  /// A label with positive probability that is not a token, so the
  /// completion cannot continue through it.
  case labelNotToken(label: String, prefix: [String])
  /// The work would exceed a stated limit.
  case tooLarge(String)

  public var description: String {
    switch self {
    case .badStrategy(let why), .badRequest(let why), .tooLarge(let why): return why
    case .needsDistribution(let strategy, let readout):
      return "\(strategy) needs next-token probabilities, and the model's readout is \(readout); give the model a softmax or proportional readout"
    case .model(let error, let prefix):
      return prefix.isEmpty ? error.description : "after '\(prefix.joined(separator: " "))': \(error)"
    case .labelNotToken(let label, let prefix):
      return "the model gives '\(label)' positive probability after '\(prefix.joined(separator: " "))', but '\(label)' is not one of its tokens, so the completion cannot continue"
    }
  }
}
