/// Why a formula could not be read or evaluated.
public enum FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Malformed text; the column is 1-based.
  case syntax(String, column: Int, text: String)
  case unboundVariable(String)
  case divisionByZero
  case inexactLog2(String)
  case logOfNonPositive(String)
  case badExponent(String)

  public var description: String {
    switch self {
    case .syntax(let why, let column, let text):
      return "formula error at column \(column): \(why)\n    \(text)\n    \(String(repeating: " ", count: column - 1))^"
    case .unboundVariable(let v): return "formula uses '\(v)', which is not the swept parameter, an integer build parameter or a resource measured at this point"
    case .divisionByZero: return "formula divides by zero"
    case .inexactLog2(let x): return "log2(\(x)) is not rational: write ceil(log2(...)) or floor(log2(...))"
    case .logOfNonPositive(let x): return "log2 of \(x), which is not positive"
    case .badExponent(let e): return "exponent \(e) must be an integer between -4096 and 4096"
    }
  }
}
