import ArgumentParser
import ExactArithmetic
import Foundation
import ModelExchange
import Transformer

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a model's weights as safetensors or npz (exact, float64 or float32).",
    discussion: """
      One tensor per weight (embed.tokens, embed.positions, embed.constant, \
      embed.joint, layers.L.attn.H.W_QK and W_VO, layers.L.mlp.W_in, b_in, \
      W_out, b_out, unembed) and a manifest with everything else a run needs \
      (safetensors: __metadata__["expressivity"]; npz: __metadata__.json). \
      --dtype exact stores int64 numerators over one int64 denominator per \
      tensor (a tensor that does not fit is listed as "p/q" text in the \
      manifest); float64 and float32 round to nearest, ties to even, and \
      report the largest rounding error. python/expressivity_models loads \
      and runs the file.
      """)

  @Argument(help: "The model file (JSON).")
  var model: String

  @Option(help: "safetensors or npz (default: from the output file's extension).")
  var format: String?

  @Option(name: .shortAndLong, help: "The file to write.")
  var output: String

  @Option(help: "exact, float64 or float32.")
  var dtype: String = "float64"

  @Flag(help: "Print JSON: file, format, dtype, tensors, sha256, max_rounding_error (\"p/q\").")
  var json = false

  func run() throws {
    guard let chosen = TensorDType(rawValue: dtype) else {
      throw UserError("--dtype: '\(dtype)' is not one of exact, float64, float32", exitCode: 2)
    }
    let container = try format ?? Self.format(inferredFrom: output)
    guard ["safetensors", "npz"].contains(container) else {
      throw UserError("--format: '\(container)' is not one of safetensors, npz", exitCode: 2)
    }
    if let format, let named = try? Self.format(inferredFrom: output), named != format {
      throw UserError("--format \(format) contradicts the output name \(output) (a .\(named) file)", exitCode: 2)
    }
    let loaded = try loadModel(model)
    let export: ModelExport
    do {
      export = try ModelExport(model: loaded, dtype: chosen)
    } catch let error as ExchangeError {
      throw UserError("\(model): \(error.description)")
    }
    let bytes = container == "npz" ? export.npz() : export.safetensors()
    try OutputFile(output).write(Data(bytes))
    let error = export.maxRoundingError
    if json {
      print(JSONOutput.object([
        ("file", .string(output)), ("format", .string(container)), ("dtype", .string(chosen.rawValue)),
        ("tensors", .integer(export.manifest.tensors.count)), ("sha256", .string(export.manifest.model_sha256)),
        ("max_rounding_error", chosen == .exact ? .null : .string(error.description)),
      ]).text)
      return
    }
    let inText = export.manifest.tensors.values.filter { $0.entries != nil }.count
    print("wrote \(output): \(export.manifest.tensors.count) tensors, \(container), \(chosen.rawValue)")
    print("model \(loaded.name), sha256 \(export.manifest.model_sha256)")
    if chosen == .exact {
      print(inText == 0 ? "every weight exact (int64 numerators over one denominator per tensor)"
        : "every weight exact; \(inText) tensor\(inText == 1 ? "" : "s") too wide for int64 written as p/q text in the manifest")
    } else {
      print("largest rounding error: \(error.isZero ? "0 (every weight is exact in \(chosen.rawValue))" : "\(error) ≈ \(error.doubleValue)")")
    }
  }

  static func format(inferredFrom path: String) throws -> String {
    if path.hasSuffix(".safetensors") { return "safetensors" }
    if path.hasSuffix(".npz") { return "npz" }
    throw UserError("--format: give safetensors or npz (the output name ends in neither .safetensors nor .npz)", exitCode: 2)
  }
}
