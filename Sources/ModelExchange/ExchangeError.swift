/// Why an export or import failed; the description is one line for the user.
public enum ExchangeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A weight that the chosen dtype cannot hold (e.g. float32 overflow).
  case unrepresentable(tensor: String, index: Int, value: String, dtype: String)
  /// A file that is not a well-formed export.
  case malformed(String)
  /// An export this build does not read (another format or version).
  case unsupported(String)

  public var description: String {
    switch self {
    case .unrepresentable(let tensor, let index, let value, let dtype):
      return "tensor '\(tensor)' entry \(index) is \(value), which \(dtype) cannot hold (out of range)"
    case .malformed(let why): return "not a valid export: \(why)"
    case .unsupported(let why): return why
    }
  }
}
