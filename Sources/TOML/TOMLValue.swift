/// One TOML value: a string, integer, float, boolean, array or table.
///
/// Dates and times are not part of this reader (no project file uses them);
/// they are refused with a located error rather than read as something else.
public enum TOMLValue: Equatable, Sendable {
  case string(String)
  case integer(Int)
  case float(Double)
  case boolean(Bool)
  case array([TOMLValue])
  case table(TOMLTable)

  /// The text of a string value, else nil.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The value of an integer, else nil (a float is not an integer).
  public var int: Int? {
    if case .integer(let i) = self { return i }
    return nil
  }

  /// The value of a float, else nil.
  public var double: Double? {
    if case .float(let d) = self { return d }
    return nil
  }

  /// The value of a boolean, else nil.
  public var bool: Bool? {
    if case .boolean(let b) = self { return b }
    return nil
  }

  /// The elements of an array (including an array of tables), else nil.
  public var array: [TOMLValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The table of a table or inline table, else nil.
  public var table: TOMLTable? {
    if case .table(let t) = self { return t }
    return nil
  }
}
