import ExactArithmetic

/// A prompt to complete and what a family's specification says about its
/// complete answers, for members whose readout gives next-token
/// probabilities: `check` searches the completions exactly (the Decoding
/// module) and compares.
public struct CompletionProbe: Sendable {
  /// The prompt.
  public var prompt: [String]
  /// n, the tokens in a complete answer.
  public var length: Int
  /// The right answer, when the task has one.
  public var answer: [String]?
  /// The exact distribution over complete answers the specification gives
  /// (every answer of positive probability), when it gives one.
  public var distribution: [[String]: Rational]?

  public init(prompt: [String], length: Int, answer: [String]? = nil, distribution: [[String]: Rational]? = nil) {
    self.prompt = prompt
    self.length = length
    self.answer = answer
    self.distribution = distribution
  }
}
