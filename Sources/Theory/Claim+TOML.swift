import Automata
import Foundation
internal import TOML

extension Claim {
  /// The largest value a claim may sweep (the shipped claims go to 2048).
  public static let largestSweptValue = 4096

  /// Reads a claim file.
  ///
  /// - Throws: ``ClaimError`` with file:line:column and a caret: for TOML
  ///   errors, at the problem; for a mistyped or refused entry, at its key;
  ///   for a missing key, at the header of the table that lacks it (line 1
  ///   for the top of the file); for a formula that does not parse, at the
  ///   problem inside its string.
  public static func load(from path: String) throws -> Claim {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ClaimError.located(file: path, line: 0, column: 0, message: "cannot read the claim file", excerpt: "")
    }
    let url = URL(fileURLWithPath: path)
    let id = url.deletingPathExtension().lastPathComponent
    var claim = try Claim(toml: String(decoding: data, as: UTF8.self), file: path, id: id)
    claim.folder = url.deletingLastPathComponent().path
    return claim
  }

  /// An error at the key `path` (`setting.chain.max_len`): file:line:column
  /// and the source line with a caret where the key is written, else the
  /// file and the key.
  public func error(at path: String, _ message: String) -> ClaimError {
    guard let at = keyLocations[path] else {
      return .located(file: file, line: 0, column: 0, message: "\(path): \(message)", excerpt: "")
    }
    return .at(file: file, text: text, line: at.line, column: at.column, message)
  }

  /// Parses claim TOML.
  public init(toml text: String, file: String, id: String) throws {
    let table: TOMLTable
    do {
      table = try TOMLTable(parsing: text)
    } catch let error as TOMLError {
      throw ClaimError.syntax(
        file: file, line: error.line, column: error.column, message: error.message,
        excerpt: sourceExcerpt(text, line: error.line, column: error.column))
    }
    func located(_ at: TOMLLocation, _ message: String) -> ClaimError {
      .at(file: file, text: text, line: at.line, column: at.column, message)
    }
    /// Where `key` of `t` is written, else where `t` is opened (its header),
    /// else the top of the file.
    func place(_ t: TOMLTable?, _ key: String) -> TOMLLocation {
      t?.location(of: key) ?? t?.headerLocation ?? TOMLLocation(line: 1, column: 1)
    }
    /// The error for the entry `key` of `t` (written `path`): at the key when
    /// it is there, else (missing) at the header of `t`.
    func bad(_ t: TOMLTable?, _ key: String, _ path: String, _ expected: String) -> ClaimError {
      located(
        place(t, key),
        t?[key] == nil ? "'\(path)' is missing: it must be \(expected)" : "'\(path)' must be \(expected)")
    }
    /// The error for the table `t` itself (written `path`), at its header.
    func badTable(_ t: TOMLTable, _ path: String, _ expected: String) -> ClaimError {
      located(t.headerLocation ?? TOMLLocation(line: 1, column: 1), "'\(path)' must be \(expected)")
    }
    func string(_ t: TOMLTable, _ key: String, _ path: String) throws -> String {
      guard let v = t[key]?.string else { throw bad(t, key, path, "a string") }
      return v
    }
    /// The string `key` of `t` when given (a value of another type is refused).
    func optionalString(_ t: TOMLTable, _ key: String, _ path: String) throws -> String? {
      t[key] == nil ? nil : try string(t, key, path)
    }
    /// The formula written as the string `key` of `t`; one that does not
    /// parse is refused at the problem inside the string when the string is
    /// written as it reads (no escapes), else at the key.
    func formula(_ t: TOMLTable, _ key: String, _ path: String) throws -> Formula {
      guard let source = t[key]?.string else { throw bad(t, key, path, "a formula (a string)") }
      do { return try Formula(source) } catch FormulaError.syntax(let why, let column, _) {
        if let at = t.valueLocation(of: key), written(source, at: at) {
          throw located(TOMLLocation(line: at.line, column: at.column + column), "'\(path)' is not a formula: \(why)")
        }
        throw located(place(t, key), "'\(path)' is not a formula: \(why) (at column \(column) of \"\(source)\")")
      } catch {
        throw located(place(t, key), "'\(path)' is not a formula: \(error)")
      }
    }
    /// Whether the one-line string at `at` is written quote, `source`, quote,
    /// each character one scalar (so a column in `source` is a column in the text).
    func written(_ source: String, at: TOMLLocation) -> Bool {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      guard at.line >= 1, at.line <= lines.count, source.unicodeScalars.count == source.count else { return false }
      let scalars = Array(lines[at.line - 1].unicodeScalars).dropFirst(at.column - 1)
      guard let quote = scalars.first, quote == "\"" || quote == "'" else { return false }
      let body = Array(source.unicodeScalars)
      return Array(scalars.dropFirst().prefix(body.count + 1)) == body + [quote]
    }
    /// Rejects keys the format does not know (a misspelt `kind` must not pass silently).
    func onlyKnown(_ t: TOMLTable, _ known: Set<String>, _ path: String) throws {
      for key in t.keys.sorted() where !known.contains(key) {
        throw bad(t, key, path.isEmpty ? key : "\(path).\(key)", "one of the known keys (\(known.sorted().joined(separator: ", ")))")
      }
    }
    func ints(_ t: TOMLTable, _ name: String, _ key: String) throws -> [Int] {
      let value = t[name]
      func refuse(_ expected: String) -> ClaimError { bad(t, name, key, expected) }
      // "a..b" is every integer from a to b.
      if let text = value?.string {
        let bounds = text.split(separator: ".", omittingEmptySubsequences: true).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard text.contains(".."), bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high,
          case let (span, overflow) = high.subtractingReportingOverflow(low), !overflow, span < 100_000
        else {
          throw refuse("a list of integers or a range \"a..b\" of at most 100000 values")
        }
        return try bounded(Array(low...high), refuse)
      }
      guard let array = value?.array else { throw refuse("a list of integers") }
      let values = array.compactMap { $0.int }
      guard values.count == array.count, !values.isEmpty else { throw refuse("a non-empty list of integers") }
      return try bounded(values, refuse)
    }
    /// Refuses swept values past ``Claim/largestSweptValue``: each value builds and checks a model
    /// whose size grows with it, so a sweep to 100000 would run for hours.
    func bounded(_ values: [Int], _ refuse: (String) -> ClaimError) throws -> [Int] {
      if let big = values.first(where: { $0 > Claim.largestSweptValue }) {
        throw refuse("values at most \(Claim.largestSweptValue) (found \(big): every swept value builds a model of that size and checks it exactly)")
      }
      return values
    }
    try onlyKnown(
      table,
      ["title", "paper", "theorem", "task", "mode", "build", "setting", "sweep", "predict", "verify", "ablation", "known_gap"],
      "")
    self.id = id
    self.file = file
    self.text = text
    var locations: [String: (line: Int, column: Int)] = [:]
    /// Notes where each key of `t` is written, under `path`.
    func locate(_ t: TOMLTable?, _ path: String) {
      guard let t else { return }
      for key in t.keys {
        if let at = t.location(of: key) { locations[path.isEmpty ? key : "\(path).\(key)"] = (at.line, at.column) }
      }
    }
    locate(table, "")
    locate(table["setting"]?.table, "setting")
    title = try string(table, "title", "title")
    paper = try string(table, "paper", "paper")
    theorem = try string(table, "theorem", "theorem")
    task = try string(table, "task", "task")
    mode = try optionalString(table, "mode", "mode") ?? "single-pass"
    guard Claim.modes.contains(mode) else {
      throw bad(table, "mode", "mode", "single-pass, chain-of-thought or looped")
    }

    // Settings: one [build] table, or [setting.NAME] tables measured side by side.
    func setting(_ name: String, _ t: TOMLTable, _ path: String) throws -> Setting {
      var build: [String: String] = [:]
      var derived: [(name: String, formula: Formula)] = []
      var sweepAs: String?
      var when: Formula?
      var mode: String?
      for key in t.keys.sorted() {
        let value = t[key]!
        if key == "when" {
          guard value.string != nil else { throw bad(t, key, "\(path).when", "a formula over the swept parameter") }
          when = try formula(t, key, "\(path).when")
        } else if key == "table_column" {
          guard let s = value.string, Claim.modes.contains(s) else {
            throw bad(t, key, "\(path).table_column", "single-pass, chain-of-thought or looped")
          }
          mode = s
        } else if key == "sweep_as" {
          guard let s = value.string, !s.isEmpty else { throw bad(t, key, "\(path).sweep_as", "a parameter name") }
          sweepAs = s
        } else if let s = value.string { build[key] = s }
        else if let i = value.int { build[key] = String(i) }
        else if let a = value.array {
          build[key] = a.map { $0.string ?? $0.int.map(String.init) ?? "" }.joined(separator: ",")
        } else if let inner = value.table, inner["formula"]?.string != nil, inner.keys.count == 1 {
          derived.append((key, try formula(inner, "formula", "\(path).\(key).formula")))
        } else {
          throw bad(t, key, "\(path).\(key)", "a string, an integer, a list or { formula = \"…\" }")
        }
      }
      guard build["construction"] != nil || build["program"] != nil || build["method"] != nil else {
        throw badTable(t, path, "a table naming a construction, a program or a method")
      }
      var setting = Setting(name: name, build: build, derived: derived, sweepAs: sweepAs ?? "", when: when, mode: mode)
      setting.table = path
      locate(t, path)
      return setting
    }
    for name in ["build", "setting", "verify", "ablation"] where table[name] != nil && table[name]?.table == nil {
      throw bad(table, name, name, "a table")
    }
    var settings: [Setting] = []
    if let buildTable = table["build"]?.table {
      guard table["setting"] == nil else { throw bad(table, "setting", "setting", "absent when [build] is given (use [setting.NAME] tables for several settings)") }
      settings.append(try setting("main", buildTable, "build"))
    } else if let named = table["setting"]?.table {
      // Sorted by name, as before (the old reader's tables were sorted maps).
      for name in named.keys.sorted() {
        guard let t = named[name]?.table else { throw bad(named, name, "setting.\(name)", "a table") }
        settings.append(try setting(name, t, "setting.\(name)"))
      }
      guard !settings.isEmpty else { throw bad(table, "setting", "setting", "at least one [setting.NAME] table") }
    } else {
      throw bad(table, "build", "build", "a table (or [setting.NAME] tables)")
    }

    guard let sweepTable = table["sweep"]?.table else {
      throw bad(table, "sweep", "sweep", "a table with one list of integers")
    }
    let swept = sweepTable.keys.filter { $0 != "quick" }
    guard swept.count == 1 else {
      // At the second swept parameter, else at the header of an empty table.
      throw located(swept.count > 1 ? place(sweepTable, swept[1]) : place(table, "sweep"), "'sweep' must be exactly one swept parameter (and an optional quick table)")
    }
    sweepParameter = swept[0]
    locate(sweepTable, "sweep")
    locate(sweepTable["quick"]?.table, "sweep.quick")
    sweep = try ints(sweepTable, swept[0], "sweep.\(swept[0])")
    if let quick = sweepTable["quick"]?.table {
      quickSweep = try ints(quick, swept[0], "sweep.quick.\(swept[0])")
    } else {
      quickSweep = sweep
    }
    for i in settings.indices where settings[i].sweepAs.isEmpty { settings[i].sweepAs = sweepParameter }
    self.settings = settings

    guard let predictionArray = table["predict"]?.array, !predictionArray.isEmpty else {
      throw bad(table, "predict", "predict", "an array of tables ([[predict]])")
    }
    let kindNames = Kind.predictionKinds.map(\.rawValue).joined(separator: ", ")
    var predictions: [Prediction] = try predictionArray.enumerated().map { i, value in
      let path = "predict[\(i)]"
      guard let p = value.table else { throw located(place(table, "predict"), "'\(path)' must be a table") }
      try onlyKnown(p, ["kind", "setting", "resource", "relation", "formula", "note"], path)
      guard let kindText = p["kind"]?.string, let kind = Kind(rawValue: kindText), kind != .ablation else {
        throw bad(p, "kind", "\(path).kind", "one of \(kindNames) (ablations go in [ablation])")
      }
      let settingName: String
      if let s = try optionalString(p, "setting", "\(path).setting") {
        guard settings.contains(where: { $0.name == s }) else {
          throw bad(p, "setting", "\(path).setting", "the name of a setting (\(settings.map(\.name).joined(separator: ", ")))")
        }
        settingName = s
      } else {
        guard settings.count == 1 else {
          throw bad(p, "setting", "\(path).setting", "the name of a setting (\(settings.map(\.name).joined(separator: ", ")))")
        }
        settingName = settings[0].name
      }
      let resource = try string(p, "resource", "\(path).resource")
      let relationText = try string(p, "relation", "\(path).relation")
      guard let relation = Prediction.Relation(rawValue: relationText) else {
        throw bad(p, "relation", "\(path).relation", "one of ==, <=, >=, constant")
      }
      let f = p["formula"] == nil ? nil : try formula(p, "formula", "\(path).formula")
      if relation != .constant && f == nil { throw bad(p, "formula", "\(path).formula", "a formula") }
      if kind == .lowerBound && !(settings.first { $0.name == settingName }!.isMethod) {
        throw bad(
          p, "kind", "\(path).kind",
          "a kind other than lower-bound: a lower bound is measured by a method that never looks at our construction (a setting with method = …), not read off a model we built")
      }
      return Prediction(
        kind: kind, setting: settingName, resource: resource, relation: relation, formula: f, note: try optionalString(p, "note", "\(path).note"))
    }
    let separated = Set(predictions.filter { $0.kind == .separation }.map(\.setting))
    if predictions.contains(where: { $0.kind == .separation }) && separated.count < 2 {
      // At the kind of the first separation check.
      let first = predictionArray.first { $0.table?["kind"]?.string == Kind.separation.rawValue }?.table
      throw located(place(first, "kind"), "'predict' must be separation checks on at least two settings (a separation measures two settings side by side)")
    }
    // Keys: the (qualified) resource, with the relation when a resource is predicted twice.
    let qualified = settings.count > 1
    for i in predictions.indices {
      predictions[i].label = qualified ? "\(predictions[i].setting).\(predictions[i].resource)" : predictions[i].resource
    }
    var seen: [String: Int] = [:]
    for i in predictions.indices {
      let label = predictions[i].label
      var key = predictions.filter { $0.label == label }.count > 1 ? "\(label)_\(predictions[i].relation.word)" : label
      seen[key, default: 0] += 1
      if seen[key]! > 1 { key += "_\(seen[key]!)" }
      predictions[i].key = key
    }
    self.predictions = predictions

    func nonNegative(_ t: TOMLTable?, _ name: String, default fallback: Int) throws -> Int {
      guard let value = t?[name] else { return fallback }
      guard let n = value.int, n >= 0 else { throw bad(t, name, "verify.\(name)", "a non-negative integer") }
      return n
    }
    let verify = table["verify"]?.table
    if let verify { try onlyKnown(verify, ["exhaustive_up_to", "samples", "seed"], "verify") }
    locate(verify, "verify")
    depth = Depth(
      exhaustiveUpTo: try nonNegative(verify, "exhaustive_up_to", default: 0),
      samples: try nonNegative(verify, "samples", default: 0),
      seed: UInt64(try nonNegative(verify, "seed", default: 1)))
    knownGap = try optionalString(table, "known_gap", "known_gap")
    if let a = table["ablation"]?.table {
      try onlyKnown(a, ["kind", "setting", "parameter", "formula", "when", "note"], "ablation")
      locate(a, "ablation")
      if let k = a["kind"], k.string != Kind.ablation.rawValue {
        throw bad(a, "kind", "ablation.kind", "\"ablation\" (a smaller model that fails is never a lower bound)")
      }
      let settingName = try optionalString(a, "setting", "ablation.setting") ?? settings[0].name
      guard settings.contains(where: { $0.name == settingName }) else {
        throw bad(a, "setting", "ablation.setting", "the name of a setting (\(settings.map(\.name).joined(separator: ", ")))")
      }
      ablation = Ablation(
        setting: settingName,
        parameter: try string(a, "parameter", "ablation.parameter"),
        formula: try formula(a, "formula", "ablation.formula"),
        when: a["when"] == nil ? nil : try formula(a, "when", "ablation.when"),
        note: try optionalString(a, "note", "ablation.note"))
    } else {
      ablation = nil
    }
    keyLocations = locations
  }
}
