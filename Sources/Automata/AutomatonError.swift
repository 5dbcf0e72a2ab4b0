/// Why an automaton file could not be read, or a word not run.
public enum AutomatonError: Error, Equatable, Sendable, CustomStringConvertible {
  /// TOML that does not parse: file, 1-based line and column, the message,
  /// and the offending source line with a caret under the column.
  case syntax(file: String, line: Int, column: Int, message: String, excerpt: String)
  /// A required key is absent or has the wrong type, at the key (or, for a
  /// missing key, the table that lacks it): file, 1-based line and column,
  /// the message, and the source line with a caret.
  case located(file: String, line: Int, column: Int, message: String, excerpt: String)
  /// A state lacks a transition on a symbol.
  case missingTransition(state: String, symbol: String)
  /// Any other inconsistency, described.
  case invalid(String)
  /// A word contains a symbol outside the alphabet.
  case unknownSymbol(String, position: Int)

  public var description: String {
    switch self {
    case .syntax(let file, let line, let column, let message, let excerpt),
      .located(let file, let line, let column, let message, let excerpt):
      return locatedMessage(file: file, line: line, column: column, message: message, excerpt: excerpt)
    case .missingTransition(let state, let symbol):
      return "missing transition: state '\(state)' has no entry for symbol '\(symbol)' in [transitions]"
    case .invalid(let why): return why
    case .unknownSymbol(let symbol, let position):
      return "symbol '\(symbol)' at position \(position) is not in the alphabet"
    }
  }
}
