/// Why a verification could not run (not a counterexample: a failing model
/// is a verdict, not an error).
public enum VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A bad request: an input space the model cannot take, a malformed shard.
  case usage(String)
  /// The specification could not give the expected outputs.
  case specification(String)
  /// The specification defines no outputs on an input (a RASP program that
  /// fails on it): the input is counted as undefined, not compared.
  case undefined(String)
  /// Shard results that cannot be merged (overlapping, missing, mismatched).
  case merge(String)
  /// A certificate that does not match what it certifies.
  case certificate(String)

  public var description: String {
    switch self {
    case .usage(let why), .specification(let why), .undefined(let why), .merge(let why), .certificate(let why): return why
    }
  }
}
