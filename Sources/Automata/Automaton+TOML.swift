import Foundation
internal import TOML

extension Automaton {
  /// Reads an automaton file.
  ///
  /// The format: `name` (string), `alphabet` (list of token strings),
  /// `states` (list of strings), `start` (string), optional `accepting`
  /// (list), and a table `[transitions]` mapping each state to an inline
  /// table from symbol to next state:
  ///
  ///     name = "parity"
  ///     alphabet = ["0", "1"]
  ///     states = ["even", "odd"]
  ///     start = "even"
  ///     accepting = ["odd"]
  ///     [transitions]
  ///     even = { "0" = "even", "1" = "odd" }
  ///     odd  = { "0" = "odd",  "1" = "even" }
  ///
  /// - Throws: ``AutomatonError`` with file:line:column and a caret for
  ///   syntax errors and for a missing or mistyped key (at the key, or at
  ///   the header of the table that lacks it).
  public static func load(from path: String) throws -> Automaton {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw AutomatonError.invalid("cannot read automaton file '\(path)'")
    }
    return try Automaton(toml: String(decoding: data, as: UTF8.self), file: path)
  }

  /// Parses automaton TOML text; `file` names it in errors.
  public init(toml text: String, file: String = "<input>") throws {
    let table: TOMLTable
    do {
      table = try TOMLTable(parsing: text)
    } catch let error as TOMLError {
      throw AutomatonError.syntax(
        file: file, line: error.line, column: error.column, message: error.message,
        excerpt: sourceExcerpt(text, line: error.line, column: error.column))
    }
    /// The error for `key` of `t` (written `path`): at the key when it is
    /// there, else at the header of the table that lacks it (line 1 for the
    /// top of the file).
    func bad(_ t: TOMLTable, _ key: String, _ path: String, _ expected: String) -> AutomatonError {
      let at = t.location(of: key) ?? t.headerLocation ?? TOMLLocation(line: 1, column: 1)
      let message = t[key] == nil ? "'\(path)' is missing: it must be \(expected)" : "'\(path)' must be \(expected)"
      return .located(
        file: file, line: at.line, column: at.column, message: message,
        excerpt: sourceExcerpt(text, line: at.line, column: at.column))
    }
    // Tokens and state names may be written as strings or integers.
    func token(_ value: TOMLValue?) -> String? {
      value?.string ?? value?.int.map(String.init)
    }
    func string(_ key: String) throws -> String {
      guard let value = token(table[key]) else { throw bad(table, key, key, "a string") }
      return value
    }
    func strings(_ key: String) throws -> [String]? {
      guard let value = table[key] else { return nil }
      guard let array = value.array else { throw bad(table, key, key, "a list of strings") }
      return try array.map {
        guard let s = token($0) else { throw bad(table, key, key, "a list of strings") }
        return s
      }
    }
    guard let alphabet = try strings("alphabet") else { throw bad(table, "alphabet", "alphabet", "a list of strings") }
    guard let states = try strings("states") else { throw bad(table, "states", "states", "a list of strings") }
    guard let transitions = table["transitions"]?.table else { throw bad(table, "transitions", "transitions", "a table") }
    var rows: [String: [String: String]] = [:]
    for state in transitions.keys {
      guard let row = transitions[state]?.table else {
        throw bad(transitions, state, "transitions.\(state)", "an inline table from symbol to state")
      }
      var entries: [String: String] = [:]
      for symbol in row.keys {
        guard let target = token(row[symbol]) else {
          throw bad(row, symbol, "transitions.\(state).\(symbol)", "a state name")
        }
        entries[symbol] = target
      }
      rows[state] = entries
    }
    try self.init(
      name: try string("name"), alphabet: alphabet, states: states, start: try string("start"),
      accepting: try strings("accepting"), table: rows)
  }
}
