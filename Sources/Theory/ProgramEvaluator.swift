import Compiler
import Constructions
import ExactArithmetic
import Foundation
import Transformer
import Verification

/// Measures claim points built by compiling a RASP program: `build.program`
/// (a `.rasp` file), `build.sop`, `build.vocab` (a list), `build.max_len`,
/// optionally `build.bos = "false"` and `build.comparisons` (how a
/// selector `==` of numbers is compiled: `auto`, the default, `one-hot` or
/// `numerical`, as `compile --comparisons`). Each point is verified against the
/// program on every input of every length up to the claim's exhaustive
/// length (capped by max_len), and reports the compiled resources beside
/// the reference analyser's.
public struct ProgramEvaluator: PointEvaluator {
  public init() {}

  /// The build parameters a program setting reads (besides the `precision*` ones).
  static let keys: Set<String> = ["program", "sop", "vocab", "max_len", "bos", "comparisons"]

  /// Every input up to the exhaustive length (capped by `max_len`), and the
  /// precision search's inputs; keys other than ``keys`` (and the
  /// `precision*` ones) are unused.
  public func plan(_ claim: Claim, parameters given: [String: String], depth: Claim.Depth, build: Bool) throws -> PointPlan {
    var parameters = given
    let precision = try PrecisionMeasurement(extracting: &parameters, claim: claim.id)
    let reason = "a program setting reads only \(Self.keys.sorted().joined(separator: ", ")) and the precision keys"
    let unused = parameters.keys.filter { !Self.keys.contains($0) }.map { ($0, reason) }
    _ = try Self.comparisons(claim, parameters)
    var work = ClaimWork()
    if let vocab = parameters["vocab"], let maxLength = parameters["max_len"].flatMap(Int.init) {
      let top = max(min(depth.exhaustiveUpTo, maxLength), 1)
      work.exhaustiveInputs = ClaimWork.words(over: vocab.split(separator: ",").count, lengths: 1...top)
      work.exhaustiveLength = top
      if let precision { work = work + precision.work(maxLength: maxLength) }
    }
    return PointPlan(work: work, unused: Dictionary(uniqueKeysWithValues: unused))
  }

  /// The `comparisons` key (`auto` when absent), or a usage error naming
  /// the accepted values (refused by the preflight at the setting's table).
  static func comparisons(_ claim: Claim, _ parameters: [String: String]) throws -> ComparisonForm {
    guard let given = parameters["comparisons"] else { return .auto }
    guard let form = ComparisonForm(argument: given) else {
      throw ConstructionError.usage("comparisons takes \(ComparisonForm.accepted), got '\(given)'")
    }
    return form
  }

  public func measure(_ claim: Claim, parameters given: [String: String], depth: Claim.Depth) throws -> Measurement {
    var parameters = given
    let precision = try PrecisionMeasurement(extracting: &parameters, claim: claim.id)
    guard let program = parameters["program"], let sop = parameters["sop"], let vocab = parameters["vocab"],
      let maxLength = parameters["max_len"].flatMap(Int.init)
    else {
      throw CompileError("claim \(claim.id): a program claim needs build.program, build.sop, build.vocab and max_len")
    }
    let comparisons = try Self.comparisons(claim, parameters)
    let start = Date()
    let options = CompileOptions(
      vocabulary: vocab.split(separator: ",").map(String.init), maxLength: maxLength,
      bos: parameters["bos"] != "false", comparisons: comparisons)
    let loaded = try RASPProgram.load(program)
    let compiled = try loaded.compile(sop: sop, options: options)
    let top = min(depth.exhaustiveUpTo, maxLength)
    let source = (try? String(contentsOfFile: program, encoding: .utf8)) ?? program
    let verdict: Verdict
    do {
      let space = try InputSpace.exhaustive(vocabulary: options.vocabulary, lengths: 1...max(top, 1))
      verdict = try Verifier(model: compiled.model).verifyBlocking(
        RASPSpecification(compiled: compiled, name: sop, source: source), over: space)
    } catch let error as VerificationError {
      throw CompileError("claim \(claim.id): \(error.description)")
    }
    let model = compiled.model
    let heads = compiled.headsPerAttentionLayer
    var counterexample: String?
    if let m = verdict.counterexample {
      let at = m.position.map { "position \($0): expected \(m.expected ?? "no output"), got \(m.got ?? m.error ?? "no output")" }
        ?? "the model could not run: \(m.error ?? "unknown error")"
      counterexample = "\(m.input.joined(separator: " ")) at \(at)"
    } else if verdict.isVacuous {
      counterexample = "no input compared: the program is undefined on every input of length 1...\(max(top, 1))"
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
      resources: resources, checked: verdict.compared, counterexample: counterexample,
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
    let parameters = resolved(claim, parameters)
    return try evaluator(for: parameters).measure(claim, parameters: parameters, depth: depth)
  }

  public func plan(_ claim: Claim, parameters: [String: String], depth: Claim.Depth, build: Bool) throws -> PointPlan {
    let parameters = resolved(claim, parameters)
    return try evaluator(for: parameters).plan(claim, parameters: parameters, depth: depth, build: build)
  }

  /// The parameters with the files they name resolved against the claim's folder.
  func resolved(_ claim: Claim, _ parameters: [String: String]) -> [String: String] {
    var parameters = parameters
    for key in ClaimEvaluator.pathParameters {
      if let path = parameters[key] { parameters[key] = claim.resolve(path) }
    }
    return parameters
  }

  /// The evaluator for what the parameters build.
  func evaluator(for parameters: [String: String]) -> any PointEvaluator {
    if parameters["method"] != nil { return MethodEvaluator() }
    if parameters["program"] != nil { return ProgramEvaluator() }
    return ConstructionEvaluator()
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
