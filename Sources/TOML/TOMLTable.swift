/// A TOML table: keys in the order the file first names them, each with its value.
public struct TOMLTable: Equatable, Sendable {
  /// The keys in the order they were first defined.
  public private(set) var keys: [String] = []
  private var entries: [String: TOMLValue] = [:]
  /// Where each key was first named, for tables read from text.
  var locations: [String: TOMLLocation] = [:]
  /// Where each key's value starts, for tables read from text.
  var valueLocations: [String: TOMLLocation] = [:]

  /// Where this table is opened in the text it was read from: the last key
  /// of its `[a.b]` or `[[a.b]]` header (`b`), or the `{` of an inline table
  /// (nil for the root table, a table made by dotted keys or one built in
  /// code).
  public internal(set) var headerLocation: TOMLLocation?

  /// An empty table.
  public init() {}

  /// The value under `key`, or nil.
  public subscript(key: String) -> TOMLValue? {
    get { entries[key] }
    set {
      if let newValue {
        if entries.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if entries.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
        locations[key] = nil
        valueLocations[key] = nil
      }
    }
  }

  /// Where `key` is first named in the text this table was read from (nil
  /// for a table built in code, or a key added since).
  public func location(of key: String) -> TOMLLocation? { locations[key] }

  /// Where the value of `key = value` starts in the text (nil for a key
  /// defined by a header or dotted keys, a table built in code, or a key
  /// added since).
  public func valueLocation(of key: String) -> TOMLLocation? { valueLocations[key] }

  /// Equal keys in the same order with equal values (where they stand in
  /// the text does not count).
  public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
    a.keys == b.keys && a.entries == b.entries
  }

  /// The number of keys.
  public var count: Int { keys.count }

  /// Whether the table has no keys.
  public var isEmpty: Bool { keys.isEmpty }

  /// Parses TOML text into its root table.
  ///
  /// - Throws: ``TOMLError`` with the 1-based line and column of the first
  ///   problem. Never traps, whatever the bytes.
  public init(parsing text: String) throws {
    var parser = TOMLParser(text)
    self = try parser.parseDocument()
  }
}
