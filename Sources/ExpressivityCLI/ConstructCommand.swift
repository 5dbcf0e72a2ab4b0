import ArgumentParser
import Constructions
import Foundation
import Transformer

struct ConstructCommand: ParsableCommand {
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

  func run() throws {
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
    var values: [String: String] = [:]
    for parameter in parameters {
      let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw UserError("--param takes key=value, got '\(parameter)'", exitCode: 2)
      }
      values[parts[0]] = parts[1]
    }
    let model: Model
    do {
      model = try family.build(family.parameterValues(values))
    } catch let error as ModelError {
      throw UserError(error.description)
    } catch ConstructionError.usage(let why) {
      throw UserError(why, exitCode: 2)
    } catch ConstructionError.badParameter(let why) {
      throw UserError(why)
    }
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
}
