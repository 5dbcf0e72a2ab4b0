/// Why an automaton file could not be read, or a word not run.
public enum AutomatonError: Error, Equatable, Sendable, CustomStringConvertible {
  /// TOML that does not parse: file, 1-based line and column, the message,
  /// and the offending source line with a caret under the column.
  case syntax(file: String, line: Int, column: Int, message: String, excerpt: String)
  /// A required key is absent or has the wrong type.
  case badKey(file: String, key: String, expected: String)
  /// A state lacks a transition on a symbol.
  case missingTransition(state: String, symbol: String)
  /// Any other inconsistency, described.
  case invalid(String)
  /// A word contains a symbol outside the alphabet.
  case unknownSymbol(String, position: Int)

  public var description: String {
    switch self {
    case .syntax(let file, let line, let column, let message, let excerpt):
      return "\(file):\(line):\(column): \(message)\n\(excerpt)"
    case .badKey(let file, let key, let expected):
      return "\(file): '\(key)' must be \(expected)"
    case .missingTransition(let state, let symbol):
      return "missing transition: state '\(state)' has no entry for symbol '\(symbol)' in [transitions]"
    case .invalid(let why): return why
    case .unknownSymbol(let symbol, let position):
      return "symbol '\(symbol)' at position \(position) is not in the alphabet"
    }
  }
}
