import ArgumentParser
import Constructions
import Foundation
import Transformer

struct ConstructCommand: ParsableCommand, OptionCheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "construct",
    abstract: "Build a model from one of the papers' constructions.",
    discussion: "`expressivity construct --list` names the families and their parameters.")

  @Argument(help: "The family to build (see --list).")
  var name: String?

  @Option(name: .customLong("param"), help: "A parameter as key=value (repeatable).")
  var parameters: [String] = []

  @Option(name: .shortAndLong, help: "Write the model file here.")
  var output: String?

  @Flag(help: "List the families and their parameters.")
  var list = false

  @Flag(help: "Print the model's resources as JSON (the keys of `inspect --json`).")
  var json = false

  /// The forms of the command: list the families, or build one.
  enum Form: CaseIterable {
    case list, build
  }

  /// Which options each form takes.
  static let rules = OptionRules<Form>(
    command: "construct",
    formNames: [.list: "--list", .build: "NAME"],
    [
      ("NAME", [.build]), ("--param", [.build]), ("-o", [.build]), ("--json", [.build]), ("--list", [.list]),
    ])

  /// The options given, as typed.
  var given: [String] {
    var g = GivenOptions()
    g.add("NAME", name)
    g.add("--param", parameters)
    g.add("-o", output)
    g.add("--json", json)
    g.add("--list", list)
    return g.names
  }

  /// The form the options select.
  var form: Form { list ? .list : .build }

  func run() throws {
    _ = try checkOptions()
    if list {
      for family in ConstructionFamily.all {
        let params = family.parameters.map { "\($0.name)=\($0.example)" }.joined(separator: " ")
        print("\(family.name)  \(params)\n    \(family.summary)")
      }
      return
    }
    guard let name else { throw UserError("name a family to build (see --list)", exitCode: 2) }
    guard let family = ConstructionFamily.all.first(where: { $0.name == name }) else {
      let known = ConstructionFamily.all.map(\.name).joined(separator: ", ")
      throw UserError("unknown construction '\(name)' (known: \(known))", exitCode: 2)
    }
    let values: [String: String]
    do {
      values = try ParameterValues.assignments(parameters)
    } catch ConstructionError.usage(let why) {
      throw UserError(why, exitCode: 2)
    }
    let model: Model
    let progress = ReportedProgress("construct \(name)", unit: "search steps")
    defer { progress.finish() }
    do {
      var given = try family.parameterValues(values)
      given.progress = { progress.update(done: $0, total: $1) }
      model = try family.build(given)
      try Self.refuseUnused(given, family: family)
    } catch let error as ModelError {
      throw UserError(error.description)
    } catch ConstructionError.usage(let why) {
      throw UserError(why, exitCode: 2)
    } catch ConstructionError.badParameter(let why) {
      throw UserError(why)
    }
    progress.finish()
    if let output { try OutputFile(output).write(model.jsonData()) }
    if json {
      var fields = ModelSummary(model).fields
      fields.insert(("construction", .string(name)), at: 0)
      print(JSONOutput.object(fields).text)
    } else {
      print("\(name): \(model.layers.count) layer\(model.layers.count == 1 ? "" : "s"), heads \(model.headsPerLayer), residual width \(model.residual.dimension), parameters \(model.parameterCount)")
      if let output { print("wrote \(output)") }
    }
  }

  /// Refuses a parameter the build did not read: one that does not apply to
  /// the member the other parameters choose, or one that only sets what
  /// `check` tests (read by the family's reference alone).
  static func refuseUnused(_ values: ParameterValues, family: ConstructionFamily) throws {
    let unused = family.unusedParameters(values)
    if let first = unused.ignored.first {
      throw UserError(
        "--param \(first) does not apply to construct \(family.name) with the other parameters given (the build does not read it)",
        exitCode: 2)
    }
    if let first = unused.checkOnly.first {
      throw UserError(
        "--param \(first) does not change the model construct \(family.name) builds (it sets which inputs check tests): give it in a claim file's build table",
        exitCode: 2)
    }
  }
}
