import Automata
import Compiler
import Constructions
import ExactArithmetic
import Foundation
import RASP
import Transformer
import Verification

/// Exhaustive verification: exact (with and without prefix sharing, 1 and
/// 2 cores) against the same forward passes in Double on the same weights.
///
///     Benchmarks verify [compiled|hand-built]   compiled sort and Dyck-2, and the hand-built models below
///     Benchmarks verify --model M.json (--rasp P.rasp --sop NAME [--input-type int] | --automaton A.toml
///         | --expected E.json) --max-len N [--vocab a,b,c] [--growth-from K]
enum VerifyBenchmark {
  struct Case {
    let name: String
    let model: Model
    let specification: any Specification
    let space: InputSpace
    /// Lengths for the growth table.
    let growth: ClosedRange<Int>
  }

  static func run(_ arguments: [String]) throws {
    if arguments.contains("--model") {
      try measure(fileCase(arguments))
      return
    }
    let root = FileManager.default.currentDirectoryPath
    func automaton(_ name: String) throws -> Automaton {
      try Automaton.load(from: "\(root)/Circuits/automata/\(name).toml")
    }
    let four = ["a", "b", "c", "d"]
    let recall = ClosureSpecification("associative recall") { RecurrentRecall.recall($0).map { .text($0) } }
    let s3 = try automaton("s3")
    let parity = try automaton("parity")
    /// A shipped RASP program compiled, with the program itself (the reference evaluator) as the reference.
    func compiled(_ file: String, _ sop: String, _ vocabulary: [String], _ n: Int) throws -> Case {
      let path = "\(root)/Circuits/\(file).rasp"
      let program = try RASPCompiler.compile(
        file: path, sop: sop, options: CompileOptions(vocabulary: vocabulary, maxLength: n))
      let source = String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
      return Case(
        name: "compiled \(file).rasp \(sop) (bidirectional heads: whole runs)", model: program.model,
        specification: RASPSpecification(graph: program.graph, sop: program.output, name: sop, source: source),
        space: try .exhaustive(vocabulary: vocabulary, lengths: 1...n), growth: (n - 2)...n)
    }
    let cases = [
      try compiled("sort", "sorted_tokens", four, 8),
      try compiled("dyck_k", "dyck2", ["(", ")", "{", "}"], 8),
      Case(
        name: "induction head (hand-built, 2 layers, causal)",
        model: try Induction.associativeRecall(vocabulary: four, maxLength: 8), specification: recall,
        space: try .exhaustive(vocabulary: four, lengths: 1...8), growth: 4...8),
      Case(
        name: "automaton-scan S3 (hand-built, 4 layers with MLPs, causal)",
        model: try AutomatonScan.model(for: s3, maxLength: 15), specification: AutomatonSpecification(s3),
        space: try .exhaustive(vocabulary: s3.alphabet, lengths: 1...15), growth: 9...15),
      Case(
        name: "automaton-cot parity (hand-built, chain of thought)",
        model: try AutomatonChainOfThought.model(for: parity, maxInput: 12),
        specification: AutomatonSpecification(parity, output: .chainOfThought),
        space: try .exhaustive(vocabulary: parity.alphabet, lengths: 1...12), growth: 8...12),
    ]
    // `verify compiled` or `verify hand-built` measures one group.
    let group = arguments.first
    for (i, c) in cases.enumerated() where group == nil || (group == "compiled") == (i < 2) {
      try measure(c)
    }
  }

  /// A case from a model file and a reference given on the command line.
  static func fileCase(_ arguments: [String]) throws -> Case {
    func value(_ flag: String) -> String? {
      guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
      return arguments[i + 1]
    }
    let model = try Model.load(from: value("--model")!)
    let maxLength = Int(value("--max-len") ?? "") ?? model.maxLength
    let vocabulary = value("--vocab").map { $0.split(separator: ",").map(String.init) } ?? model.vocabulary
    let specification: any Specification
    if let rasp = value("--rasp") {
      let interpreter = try Interpreter()
      try interpreter.runFile(atPath: rasp)
      guard let name = value("--sop"), let id = interpreter.sop(named: name) else {
        throw VerificationError.usage("--rasp needs --sop NAME naming an s-op of \(rasp)")
      }
      let source = String(decoding: FileManager.default.contents(atPath: rasp)!, as: UTF8.self)
      specification = RASPSpecification(
        graph: interpreter.graph, sop: id, name: name, source: source, inputType: value("--input-type") ?? "str")
    } else if let path = value("--automaton") {
      specification = AutomatonSpecification(try Automaton.load(from: path))
    } else if let path = value("--expected") {
      specification = try ExpectedOutputs.load(from: path)
    } else {
      throw VerificationError.usage("give --rasp FILE --sop NAME, --automaton FILE or --expected FILE")
    }
    let from = Int(value("--growth-from") ?? "") ?? max(model.minLength, maxLength - 4)
    return Case(
      name: "\(model.name) (\(value("--model")!))", model: model, specification: specification,
      space: try .exhaustive(vocabulary: vocabulary, lengths: model.minLength...maxLength),
      growth: from...maxLength)
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// Best of `runs` wall times of `body`.
  static func best(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
      let start = ContinuousClock.now
      try body()
      times.append(seconds(ContinuousClock.now - start))
    }
    return times.min()!
  }

  static func verify(_ c: Case, sharing: Bool, jobs: Int, space: InputSpace? = nil) throws -> (Verdict, Double) {
    var verifier = Verifier(model: c.model)
    verifier.prefixSharing = sharing
    verifier.jobs = jobs
    var verdict: Verdict?
    let time = try best(3) { verdict = try verifier.verifyBlocking(c.specification, over: space ?? c.space) }
    return (verdict!, time)
  }

  static func measure(_ c: Case) throws {
    let model = c.model
    let total = c.space.totalCount
    print("\n\(c.name): \(model.layers.count) layers, heads \(model.headsPerLayer), MLP widths \(model.mlpWidths), residual width \(model.residual.dimension)")
    print("  every input of length \(c.space.lengths.lowerBound)...\(c.space.lengths.upperBound) over \(c.space.vocabulary.count) tokens: \(total) inputs, mode \(Verifier.defaultMode(for: model).rawValue)")
    let (shared, sharedTime) = try verify(c, sharing: true, jobs: 1)
    let (whole, wholeTime) = try verify(c, sharing: false, jobs: 1)
    let (_, twoCores) = try verify(c, sharing: true, jobs: 2)
    let (_, twoCoresWhole) = try verify(c, sharing: false, jobs: 2)
    precondition(shared.verdict == whole.verdict && shared.checked == whole.checked, "prefix sharing changed the verdict")
    print("  verdict: \(shared.verdict), \(shared.checked) checked")
    func rate(_ t: Double) -> String { String(format: "%9.3f s  %10.0f inputs/s", t, Double(total) / t) }
    print("  exact verification, prefix sharing, 1 core:  " + rate(sharedTime))
    print("  exact verification, whole runs, 1 core:      " + rate(wholeTime))
    print("  exact verification, prefix sharing, 2 cores: " + rate(twoCores))
    print("  exact verification, whole runs, 2 cores:     " + rate(twoCoresWhole))

    // The same forward passes (embedding, every layer, readout), exact and Double, no specification.
    let inputs = (0..<total).map { c.space.input(at: $0) }
    let mode = Verifier.defaultMode(for: model)
    if mode == .singlePass {
      let prepared = model.prepared()
      let float = DoubleRunner(model)
      var agree = 0
      for input in inputs.prefix(2000) {
        let exact = try prepared.outputsByPosition(input).map { try $0.get().description }
        if exact == float.outputs(input) { agree += 1 }
      }
      var whole = WholeRun(prepared)
      // Interleaved, best of 5 each, so both see the same machine load.
      var exactPasses = Double.infinity
      var doublePasses = Double.infinity
      for _ in 0..<5 {
        exactPasses = min(exactPasses, try best(1) { for input in inputs { _ = try whole.outputs(input) } })
        doublePasses = min(doublePasses, best(1) { for input in inputs { _ = float.outputs(input) } })
      }
      print("  forward passes only (embed, layers, readout), whole runs, 1 core:")
      print("    exact:  " + rate(exactPasses))
      print("    Double: " + rate(doublePasses) + "   (Double agrees with exact on \(agree) of the first \(min(2000, total)) inputs)")
      print(String(format: "    ratio exact / Double (same passes):                %.2fx", exactPasses / doublePasses))
      print(String(format: "    ratio exact verification with prefix sharing / Double passes: %.2fx", sharedTime / doublePasses))
    }
    print(String(format: "  prefix sharing speed-up: %.2fx;  2 cores vs 1: %.2fx (sharing), %.2fx (whole runs)",
      wholeTime / sharedTime, sharedTime / twoCores, wholeTime / twoCoresWhole))
    // Cost against n.
    print("  cost per input against n (1 core):")
    print("    n   inputs      sharing µs/input   whole µs/input   speed-up")
    for n in c.growth {
      let space = try InputSpace.exhaustive(vocabulary: c.space.vocabulary, lengths: c.space.lengths.lowerBound...n)
      let (_, on) = try verify(c, sharing: true, jobs: 1, space: space)
      let (_, off) = try verify(c, sharing: false, jobs: 1, space: space)
      let count = Double(space.totalCount)
      print(String(format: "    %2d  %9d   %14.2f   %14.2f   %7.2fx", n, space.totalCount, on / count * 1e6, off / count * 1e6, off / on))
    }
  }
}

/// Whole runs in Double on a model's weights: embedding, ``DoubleForward``, readout.
struct DoubleRunner {
  let model: Model
  let forward: DoubleForward
  let tokenRows: [String: [(Int, Double)]]
  let positionRows: [[(Int, Double)]]
  let constantRow: [(Int, Double)]
  let readout: [Int]

  init(_ model: Model) {
    self.model = model
    forward = DoubleForward(model)
    let space = model.residual
    func row(_ entries: [String: Rational]) -> [(Int, Double)] {
      entries.map { (space.index(of: $0.key)!, Double($0.value)) }
    }
    tokenRows = model.embedding.tokens.mapValues(row)
    positionRows = model.embedding.positions.map(row)
    constantRow = row(model.embedding.constant)
    readout = model.readout.directions.map { space.index(of: $0)! }
  }

  /// Decoded outputs of a whole run on `input` (categorical argmax, or the numerical value).
  func outputs(_ input: [String]) -> [String] {
    let sequence = (model.bos.map { [$0] } ?? []) + input
    var stream = DenseDouble(rows: sequence.count, cols: forward.width)
    for (i, token) in sequence.enumerated() {
      for (c, x) in tokenRows[token]! { stream[i, c] += x }
      for (c, x) in positionRows[i] { stream[i, c] += x }
      for (c, x) in constantRow { stream[i, c] += x }
    }
    let final = forward.forward(stream)
    let first = model.bos == nil ? 0 : 1
    return (first..<final.rows).map { i in
      switch model.readout {
      case .numerical: return String(final[i, readout[0]])
      case .categorical(_, let labels), .softmax(_, let labels, _), .proportional(_, let labels, _):
        var best = 0
        for k in 1..<readout.count where final[i, readout[k]] > final[i, readout[best]] { best = k }
        return labels[best].description
      }
    }
  }
}

extension VerifyBenchmark {
  /// One part of the induction case, for a profiler: `whole` (exact whole
  /// passes), `double`, `shared` (verification with prefix sharing).
  static func profile(_ what: String, _ which: String) throws {
    let four = ["a", "b", "c", "d"]
    var model = try Induction.associativeRecall(vocabulary: four, maxLength: 8)
    var space = try InputSpace.exhaustive(vocabulary: four, lengths: 1...8)
    if which == "scan" {
      let s3 = try Automaton.load(from: FileManager.default.currentDirectoryPath + "/Circuits/automata/s3.toml")
      model = try AutomatonScan.model(for: s3, maxLength: 13)
      space = try InputSpace.exhaustive(vocabulary: s3.alphabet, lengths: 1...13)
    }
    let inputs = (0..<space.totalCount).map { space.input(at: $0) }
    if which == "dyck" {
      // Compiled Dyck-2 against its program, one core: the whole-run verification path.
      let path = FileManager.default.currentDirectoryPath + "/Circuits/dyck_k.rasp"
      let program = try RASPCompiler.compile(
        file: path, sop: "dyck2", options: CompileOptions(vocabulary: ["(", ")", "{", "}"], maxLength: 8))
      let spec = RASPSpecification(graph: program.graph, sop: program.output, name: "dyck2", source: "")
      var verifier = Verifier(model: program.model)
      verifier.jobs = 1
      let start = ContinuousClock.now
      _ = try verifier.verifyBlocking(spec, over: .exhaustive(vocabulary: ["(", ")", "{", "}"], lengths: 1...8))
      print("dyck: \(seconds(ContinuousClock.now - start)) s")
      return
    }
    let start = ContinuousClock.now
    switch what {
    case "whole":
      var whole = WholeRun(model.prepared())
      for _ in 0..<3 { for input in inputs { _ = try whole.outputs(input) } }
    case "double":
      let float = DoubleRunner(model)
      for _ in 0..<3 { for input in inputs { _ = float.outputs(input) } }
    default:
      var verifier = Verifier(model: model)
      verifier.jobs = 1
      let recall = ClosureSpecification("associative recall") { RecurrentRecall.recall($0).map { .text($0) } }
      for _ in 0..<3 { _ = try verifier.verifyBlocking(recall, over: space) }
    }
    print("\(what): \(seconds(ContinuousClock.now - start) / 3) s per pass")
  }
}
