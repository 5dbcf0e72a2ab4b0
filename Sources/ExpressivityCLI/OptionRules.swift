/// Which options each form of a command takes: one table per command, so an
/// option given to a form it does not apply to is an error naming it (exit 2)
/// instead of being silently ignored.
///
/// A command has several forms (e.g. `verify FILE.rasp`, `verify --model`,
/// `verify --certificate`, `verify --precision`); each row of the table names
/// an option and the forms it applies to.
struct OptionRules<Form: Hashable & CaseIterable & Sendable>: Sendable {
  /// One row: an option (as the user types it) and the forms it applies to.
  struct Rule: Sendable {
    var option: String
    var forms: Set<Form>
  }

  /// The command, for messages (`verify`).
  var command: String
  /// How each form is named in messages (`a RASP file`, `--certificate`).
  var formNames: [Form: String]
  /// The rows, in help order.
  var rules: [Rule]

  init(command: String, formNames: [Form: String], _ rules: [(String, Set<Form>)]) {
    self.command = command
    self.formNames = formNames
    self.rules = rules.map { Rule(option: $0.0, forms: $0.1) }
  }

  /// The forms `option` applies to (nil for an option not in the table).
  func forms(of option: String) -> Set<Form>? {
    rules.first { $0.option == option }?.forms
  }

  /// Refuses the first given option that does not apply to `form`.
  ///
  /// - Parameter given: the options the user gave (as typed, e.g. `--shard`).
  func check(_ given: [String], form: Form) throws {
    for option in given {
      guard let forms = forms(of: option) else {
        preconditionFailure("\(command): option \(option) is missing from its option table")
      }
      if !forms.contains(form) {
        let applies = Form.allCases.filter(forms.contains).compactMap { formNames[$0] }
        let hint = applies.isEmpty ? "" : " (it applies to \(applies.joined(separator: ", ")))"
        throw UserError("\(option) does not apply to \(command) \(formNames[form] ?? "")\(hint)", exitCode: 2)
      }
    }
  }
}

/// Options the user gave, collected from a command's properties.
struct GivenOptions {
  private(set) var names: [String] = []

  /// Records `name` when `value` is set.
  mutating func add<T>(_ name: String, _ value: T?) {
    if value != nil { names.append(name) }
  }

  /// Records a flag when it is on.
  mutating func add(_ name: String, _ flag: Bool) {
    if flag { names.append(name) }
  }

  /// Records a repeatable option when it was given at least once.
  mutating func add<T>(_ name: String, _ values: [T]) {
    if !values.isEmpty { names.append(name) }
  }
}
