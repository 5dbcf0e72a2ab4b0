/// Why a claim file could not be read.
public enum ClaimError: Error, Equatable, Sendable, CustomStringConvertible {
  case syntax(file: String, line: Int, column: Int, message: String, excerpt: String)
  case badKey(file: String, key: String, expected: String)
  case formula(file: String, key: String, error: FormulaError)

  public var description: String {
    switch self {
    case .syntax(let file, let line, let column, let message, let excerpt):
      return "\(file):\(line):\(column): \(message)\n\(excerpt)"
    case .badKey(let file, let key, let expected):
      return "\(file): '\(key)' must be \(expected)"
    case .formula(let file, let key, let error):
      return "\(file): \(key): \(error)"
    }
  }
}
