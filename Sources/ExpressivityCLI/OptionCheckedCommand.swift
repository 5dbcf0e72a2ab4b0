/// A command whose options are checked against its ``OptionRules`` table
/// before it runs; the check itself is written once, here.
protocol OptionCheckedCommand {
  associatedtype Form: Hashable & CaseIterable & Sendable
  /// Which options each form takes.
  static var rules: OptionRules<Form> { get }
  /// The options given, as typed.
  var given: [String] { get }
  /// The form the options select.
  var form: Form { get throws }
  /// Refuses options that do not apply to the chosen form, and returns it
  /// (a command with rules beyond its table adds them around ``checkForm()``).
  func checkOptions() throws -> Form
}

extension OptionCheckedCommand {
  /// The chosen form, after refusing the first given option that does not apply to it.
  func checkForm() throws -> Form {
    let form = try form
    try Self.rules.check(given, form: form)
    return form
  }

  func checkOptions() throws -> Form { try checkForm() }
}
