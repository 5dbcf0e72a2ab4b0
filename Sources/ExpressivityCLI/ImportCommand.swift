import ArgumentParser
import Foundation
import ModelExchange
import Transformer

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Restore a model file from an export (safetensors or npz).",
    discussion: """
      An exact export comes back as the same model: its canonical SHA-256 \
      equals the exported model's. A float export is read with --floats:
      simplest (default) takes for each weight the simplest rational that \
      rounds to the stored float (so small denominators come back exactly); \
      exact takes the float's binary value.
      """)

  @Argument(help: "The export (.safetensors or .npz).")
  var file: String

  @Option(name: .shortAndLong, help: "The model file to write (JSON).")
  var output: String

  @Option(help: "For float exports: simplest or exact.")
  var floats: String?

  func run() throws {
    var reading = FloatReading.simplest
    if let floats {
      guard let r = FloatReading(rawValue: floats) else {
        throw UserError("--floats: '\(floats)' is not one of simplest, exact", exitCode: 2)
      }
      reading = r
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw UserError("cannot read '\(file)'")
    }
    let restored: ModelImport
    do {
      restored = try ModelImport(bytes: Array(data), floats: reading)
    } catch let error as ExchangeError {
      throw UserError("\(file): \(error.description)")
    } catch let error as ModelError {
      throw UserError("\(file): \(error.description)")
    }
    if floats != nil && restored.manifest.dtype == "exact" {
      throw UserError("--floats applies to float exports; '\(file)' is exact", exitCode: 2)
    }
    let json: Data
    do {
      json = try restored.model.jsonData()
    } catch {
      throw UserError("cannot encode the model (\(error))")
    }
    try OutputFile(output).write(json)
    print("wrote \(output): model \(restored.model.name) from an export in \(restored.manifest.dtype)")
    if restored.matchesExportedDigest {
      print("sha256 \(restored.manifest.model_sha256): equal to the exported model's")
    } else {
      print("sha256 differs from the exported model's (\(restored.manifest.model_sha256.prefix(12))...): weights read from \(restored.manifest.dtype) with --floats \(reading.rawValue)")
    }
  }
}
