/// Why TOML text could not be read: a message at a 1-based line and column.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The 1-based line of the problem.
  public let line: Int
  /// The 1-based column (in Unicode scalars) of the problem.
  public let column: Int
  /// What is wrong, without location or "error:" prefix.
  public let message: String

  /// An error at `line`:`column` saying `message`.
  public init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(line):\(column): \(message)" }
}
