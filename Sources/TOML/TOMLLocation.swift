/// Where something stands in TOML text: a 1-based line and column (in Unicode scalars).
public struct TOMLLocation: Equatable, Sendable {
  /// The 1-based line.
  public let line: Int
  /// The 1-based column, in Unicode scalars.
  public let column: Int

  /// The place at `line`:`column`.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}
