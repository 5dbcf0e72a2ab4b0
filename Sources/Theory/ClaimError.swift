import Automata

/// Why a claim file could not be read.
public enum ClaimError: Error, Equatable, Sendable, CustomStringConvertible {
  case syntax(file: String, line: Int, column: Int, message: String, excerpt: String)
  /// A parameter a measuring method cannot use, found when a point is measured.
  case badKey(file: String, key: String, expected: String)
  /// An entry the reader refuses (a missing or mistyped key, a bad formula,
  /// a sweep past its bound) or a well-formed one the claim cannot be checked
  /// with (a build parameter nothing reads, work over the limit), at the key
  /// that sets it; line 0 when the place is not known.
  case located(file: String, line: Int, column: Int, message: String, excerpt: String)

  /// The error `message` at `line`:`column` of `text`, with its source line and a caret.
  public static func at(file: String, text: String, line: Int, column: Int, _ message: String) -> ClaimError {
    .located(
      file: file, line: line, column: column, message: message,
      excerpt: sourceExcerpt(text, line: line, column: column))
  }

  public var description: String {
    switch self {
    case .located(let file, let line, _, let message, _) where line < 1:
      return "\(file): \(message)"
    case .syntax(let file, let line, let column, let message, let excerpt),
      .located(let file, let line, let column, let message, let excerpt):
      return locatedMessage(file: file, line: line, column: column, message: message, excerpt: excerpt)
    case .badKey(let file, let key, let expected):
      return "\(file): '\(key)' must be \(expected)"
    }
  }
}
