import Compiler
import ExactArithmetic
import Foundation
import Transformer

/// Measures claim points built by compiling a RASP program: `build.program`
/// (a `.rasp` file), `build.sop`, `build.vocab` (a list), `build.max_len`,
/// optionally `build.bos = "false"`. Each point is verified against the
/// program on every input of every length up to the claim's exhaustive
/// length (capped by max_len), and reports the compiled resources beside
/// the reference analyser's.
public struct ProgramEvaluator: PointEvaluator {
  public init() {}

  public func measure(_ claim: Claim, parameters given: [String: String], depth: Claim.Depth) throws -> Measurement {
    var parameters = given
    let precision = try PrecisionMeasurement(extracting: &parameters, claim: claim.id)
    guard let program = parameters["program"], let sop = parameters["sop"], let vocab = parameters["vocab"],
      let maxLength = parameters["max_len"].flatMap(Int.init)
    else {
      throw CompileError("claim \(claim.id): a program claim needs build.program, build.sop, build.vocab and max_len")
    }
    let start = Date()
    let options = CompileOptions(
      vocabulary: vocab.split(separator: ",").map(String.init), maxLength: maxLength,
      bos: parameters["bos"] != "false")
    let compiled = try RASPProgram.load(program).compile(sop: sop, options: options)
    let top = min(depth.exhaustiveUpTo, maxLength)
    let report = compiled.verify(lengths: 1...max(top, 1))
    let model = compiled.model
    let heads = compiled.headsPerAttentionLayer
    var counterexample: String?
    if let m = report.mismatch {
      counterexample = "\(m.input.joined(separator: " ")) at position \(m.position): expected \(m.expected), got \(m.got)"
    }
    var resources: [String: Rational] = [
      "layers": Rational(model.layers.count),
      "attention_layers": Rational(compiled.attentionLayers),
      "heads": Rational(heads.reduce(0, +)),
      "max_heads": Rational(heads.max() ?? 0),
      "analyser_layers": Rational(compiled.analyser.layers),
      "analyser_heads": Rational(compiled.analyser.headsPerLayer.reduce(0, +)),
      "residual_width": Rational(model.residual.dimension),
      "mlp_width": Rational(model.mlpWidths.max() ?? 0),
      "parameters": Rational(model.parameterCount),
      "nonzeros": Rational(model.nonzeroCount),
    ]
    var notes: [String: String] = [:]
    if counterexample == nil, let precision {
      let (measured, note) = try precision.measure(model.prepared(), maxLength: maxLength, seed: depth.seed)
      resources.merge(measured) { $1 }
      notes["break_length"] = note
    }
    return Measurement(
      resources: resources, checked: report.checked, counterexample: counterexample,
      coverage: "every input of length 1...\(max(top, 1))", seconds: Date().timeIntervalSince(start), notes: notes)
  }
}

/// Sends each claim to the evaluator for what it builds: a RASP program
/// (`build.program`), a construction (`build.construction`) or a method
/// that measures the task itself (`method`).
public struct ClaimEvaluator: PointEvaluator {
  public init() {}

  /// Build parameters that name files.
  static let pathParameters = ["automaton", "program"]

  public func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement {
    var parameters = parameters
    for key in ClaimEvaluator.pathParameters {
      if let path = parameters[key] { parameters[key] = claim.resolve(path) }
    }
    if parameters["method"] != nil {
      return try MethodEvaluator().measure(claim, parameters: parameters, depth: depth)
    }
    if parameters["program"] != nil {
      return try ProgramEvaluator().measure(claim, parameters: parameters, depth: depth)
    }
    return try ConstructionEvaluator().measure(claim, parameters: parameters, depth: depth)
  }
}

extension Claim {
  /// A path named in the claim file: absolute as is; relative against the
  /// claim file's folder, or, where nothing is there, the nearest folder
  /// above it that has it (so `Circuits/automata/s3.toml` in a claim under
  /// the repository names the repository's file). Never the current
  /// directory: a claim means the same files from anywhere.
  public func resolve(_ path: String) -> String {
    guard !path.hasPrefix("/") else { return path }
    var base = (folder as NSString).standardizingPath
    let local = ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    while true {
      let candidate = ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent = (base as NSString).deletingLastPathComponent
      if parent == base || parent.isEmpty { return local }
      base = parent
    }
  }
}
