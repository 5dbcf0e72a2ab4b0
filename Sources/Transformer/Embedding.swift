import ExactArithmetic

/// How tokens and positions enter the residual stream.
///
/// The stream at position i starts as
/// `token[t_i] + position[i] + joint[t_i][i] + constant`.
/// The default embedding is one-hot (`tokens:t`, `indices:i`) plus the
/// constant direction `one`; a compiler may fold maps of tokens or indices
/// into richer vectors. The optional joint table makes the embedding any
/// function of the token and its position, as the input layer of many
/// expressivity papers allows; it is empty in the common additive case.
public struct Embedding: Sendable, Hashable {
  /// Non-zero entries of each token's vector (BOS included when declared).
  public var tokens: [String: [String: Rational]]
  /// Non-zero entries of each position's vector, for positions 0..<count.
  public var positions: [[String: Rational]]
  /// Entries added at every position (e.g. `one` = 1).
  public var constant: [String: Rational]
  /// Non-zero entries added for a token at a position, by token, then
  /// position (a listed token has one row per position, BOS included);
  /// usually empty.
  public var joint: [String: [[String: Rational]]]

  public init(
    tokens: [String: [String: Rational]], positions: [[String: Rational]],
    constant: [String: Rational], joint: [String: [[String: Rational]]] = [:]
  ) {
    self.tokens = tokens
    self.positions = positions
    self.constant = constant
    self.joint = joint
  }

  /// One-hot tokens (`tokens:t`), one-hot positions (`indices:i`) and `one`.
  public static func oneHot(tokens: [String], positions: Int) -> Embedding {
    Embedding(
      // A repeated token keeps one row; ``Model`` refuses the repeat when the model is built.
      tokens: Dictionary(tokens.map { ($0, ["tokens:\($0)": Rational.one]) }, uniquingKeysWith: { first, _ in first }),
      positions: (0..<positions).map { ["indices:\($0)": Rational.one] },
      constant: ["one": .one])
  }

  /// Every direction the embedding writes.
  public var directions: [String] {
    let tokenDirections = tokens.keys.sorted().flatMap { tokens[$0]!.keys.sorted() }
    let jointDirections = joint.keys.sorted().flatMap { joint[$0]!.flatMap { $0.keys.sorted() } }
    return tokenDirections + positions.flatMap { $0.keys.sorted() } + jointDirections + constant.keys.sorted()
  }
}
