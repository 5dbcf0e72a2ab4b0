/// Why a claim file could not be read.
public enum ClaimError: Error, Equatable, Sendable, CustomStringConvertible {
  case syntax(file: String, line: Int, column: Int, message: String, excerpt: String)
  case badKey(file: String, key: String, expected: String)
  case formula(file: String, key: String, error: FormulaError)
  /// A well-formed entry the claim cannot be checked with (a build parameter
  /// nothing reads, work over the limit), at the key that sets it.
  case located(file: String, line: Int, column: Int, message: String, excerpt: String)

  public var description: String {
    switch self {
    case .located(let file, let line, _, let message, _) where line < 1:
      return "\(file): \(message)"
    case .syntax(let file, let line, let column, let message, let excerpt),
      .located(let file, let line, let column, let message, let excerpt):
      return "\(file):\(line):\(column): \(message)\n\(excerpt)"
    case .badKey(let file, let key, let expected):
      return "\(file): '\(key)' must be \(expected)"
    case .formula(let file, let key, let error):
      return "\(file): \(key): \(error)"
    }
  }
}
