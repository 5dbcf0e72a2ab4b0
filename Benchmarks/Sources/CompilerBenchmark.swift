import Compiler
import Constructions
import ExactArithmetic
import Foundation
import RASP
import Transformer
import Verification

/// The compiler's figures: compile and exact forward-pass times at N = 32
/// against Tracr's (reference/tracr.md, measured on this machine), and the
/// Circuits/README.md table (every row compiled and verified exhaustively).
enum CompilerBenchmark {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  /// A program Tracr also ships, with Tracr's measured figures at that length.
  struct TracrRow {
    let name: String
    let file: String
    let sop: String
    let vocabulary: [String]
    let maxLength: Int
    /// Tracr's warm compile, seconds.
    let tracrCompile: Double
    /// Tracr's jitted forward pass of 1000 inputs: random lengths, all of length N.
    let tracrForward: (random: Double, full: Double)
  }

  static let tracrRows: [TracrRow] = [
    TracrRow(name: "length", file: "reverse", sop: "length", vocabulary: ["a", "b", "c", "d"], maxLength: 32,
      tracrCompile: 0.042, tracrForward: (0.019, 0.043)),
    TracrRow(name: "reverse", file: "reverse", sop: "reverse", vocabulary: ["a", "b", "c", "d"], maxLength: 32,
      tracrCompile: 0.691, tracrForward: (0.886, 2.176)),
    TracrRow(name: "hist", file: "histogram", sop: "histogram", vocabulary: ["a", "b", "c", "d"], maxLength: 32,
      tracrCompile: 0.039, tracrForward: (0.022, 0.018)),
    TracrRow(name: "sort", file: "sort", sop: "sorted_tokens", vocabulary: ["a", "b", "c", "d"], maxLength: 32,
      tracrCompile: 0.169, tracrForward: (0.182, 0.436)),
    TracrRow(name: "sort_freq", file: "sort_by_frequency", sop: "sort_by_frequency", vocabulary: ["BOS", "a", "b", "c"],
      maxLength: 32, tracrCompile: 7.148, tracrForward: (8.454, 18.772)),
    TracrRow(name: "dyck1", file: "dyck1", sop: "dyck1", vocabulary: ["(", ")"], maxLength: 32,
      tracrCompile: 17.416, tracrForward: (2.425, 3.206)),
    TracrRow(name: "dyck2", file: "dyck_k", sop: "dyck2", vocabulary: ["(", ")", "{", "}"], maxLength: 32,
      tracrCompile: 37.857, tracrForward: (4.501, 9.200)),
    TracrRow(name: "dyck3", file: "dyck_k", sop: "dyck3", vocabulary: ["(", ")", "{", "}", "[", "]"], maxLength: 16,
      tracrCompile: 0.778, tracrForward: (0.929, 1.787)),
  ]

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// Compile time (median of 5 warm runs) and forward pass of 1000 random
  /// inputs (random lengths, and all of length N; median of 5 timings), by
  /// `PreparedModel.run` (outputs and trace) and by `WholeRun.outputs`
  /// (outputs only), each input checked against the RASP evaluator.
  /// Arguments name the programs to measure (all by default); `REPEAT=k`
  /// (with `ONLY=run` or `ONLY=outputs`) repeats the passes first, for profiling.
  static func compileAndForward(_ arguments: [String] = []) throws {
    print("| program | N | compile s (Tracr warm) | speed-up | run s / 1000, random lengths (Tracr) | all length N (Tracr) | outputs only, random / all N | layers (attn) | heads (analyser) | resid | MLP widths | params | checked |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in tracrRows where arguments.isEmpty || arguments.contains(row.name) {
      let program = try RASPProgram.load("\(root)/Circuits/\(row.file).rasp")
      let options = CompileOptions(vocabulary: row.vocabulary, maxLength: row.maxLength)
      var compiled = try program.compile(sop: row.sop, options: options)
      var times: [Double] = []
      for _ in 0..<5 {
        let clock = ContinuousClock()
        let start = clock.now
        compiled = try program.compile(sop: row.sop, options: options)
        times.append(seconds(clock.now - start))
      }
      times.sort()
      let compileTime = times[2]
      if ProcessInfo.processInfo.environment["SCALES"] != nil {
        for layer in compiled.model.layers {
          if let mlp = layer.mlp {
            let a = CommonScaleMatrix(mlp.firstWeight, bias: mlp.firstBias.entries).scale
            let b = CommonScaleMatrix(mlp.secondWeight, bias: mlp.secondBias.entries).scale
            print("  \(row.name) mlp scales: \(String(describing: a)) \(String(describing: b))")
          }
          for head in layer.heads {
            print("  \(row.name) head scales: \(String(describing: CommonScaleMatrix(head.queryKey).scale)) \(String(describing: CommonScaleMatrix(head.valueOutput).scale))")
          }
        }
      }
      let prepared = compiled.model.prepared()
      var rng = ExactSampler(seed: 2024)
      let random = (0..<1000).map { _ in
        (0..<(1 + rng.index(below: row.maxLength))).map { _ in row.vocabulary[rng.index(below: row.vocabulary.count)] }
      }
      let full = (0..<1000).map { _ in
        (0..<row.maxLength).map { _ in row.vocabulary[rng.index(below: row.vocabulary.count)] }
      }
      func time(_ inputs: [[String]]) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for input in inputs { _ = try prepared.run(input) }
        return seconds(clock.now - start)
      }
      var whole = WholeRun(prepared)
      func timeOutputs(_ inputs: [[String]]) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for input in inputs { _ = try whole.outputs(input) }
        return seconds(clock.now - start)
      }
      if let r = ProcessInfo.processInfo.environment["REPEAT"], let k = Int(r) {
        // Profiling: repeat one kind of pass only.
        let only = ProcessInfo.processInfo.environment["ONLY"]
        for _ in 0..<k {
          if only != "outputs" { _ = try time(random); _ = try time(full) }
          if only != "run" { _ = try timeOutputs(random); _ = try timeOutputs(full) }
        }
      }
      // Median of 5 timings of each (after one warm-up), interleaved so both see the same load.
      var timings: [[Double]] = [[], [], [], []]
      for round in 0..<6 {
        let t = [try time(random), try time(full), try timeOutputs(random), try timeOutputs(full)]
        if round > 0 { for k in 0..<4 { timings[k].append(t[k]) } }
      }
      let medians = timings.map { $0.sorted()[2] }
      let (randomTime, fullTime, randomOutputs, fullOutputs) = (medians[0], medians[1], medians[2], medians[3])
      // The timed inputs checked against the program by the verification engine.
      let checkedInputs = try Verifier(model: compiled.model).verifyBlocking(
        RASPSpecification(compiled: compiled, name: row.name, source: ""),
        over: .explicit(random + full, vocabulary: compiled.options.vocabulary))
      let agreement = checkedInputs.isVerified
        ? "\(checkedInputs.compared)/\(checkedInputs.compared) agree"
        : "\(checkedInputs.verdict) (\(checkedInputs.compared) compared)"
      let m = compiled.model
      print(
        "| \(row.name) | \(row.maxLength) | "
          + String(format: "%.4f (%.3f) | %.0f× | %.4f (%.3f) | %.4f (%.3f) | %.4f / %.4f", compileTime, row.tracrCompile,
            row.tracrCompile / compileTime, randomTime, row.tracrForward.random, fullTime, row.tracrForward.full,
            randomOutputs, fullOutputs)
          + " | \(m.layers.count) (\(compiled.attentionLayers)) | \(m.headsPerLayer.map(String.init).joined(separator: ",")) (\(compiled.analyser.headsPerLayer.map(String.init).joined(separator: ","))) | \(m.residual.dimension) | \(m.mlpWidths.map(String.init).joined(separator: ",")) | \(m.parameterCount) | \(agreement) |")
    }
  }

  /// The Circuits/README.md table: every row of Circuits/compiled-programs.txt
  /// compiled and verified on every input up to its length.
  static func circuitsTable() throws {
    let text = try String(contentsOfFile: "\(root)/Circuits/compiled-programs.txt", encoding: .utf8)
    print("| program | s-op | vocabulary | max length | inputs checked | layers (attention) | heads per layer | residual width | parameters | non-zeros | analyser layers | analyser heads | Tracr layers (attention/MLP) | verdict |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard fields.count == 5, let n = Int(fields[3]) else { continue }
      let vocabulary = fields[2].split(separator: ",").map(String.init)
      let compiled = try RASPCompiler.compile(
        file: "\(root)/Circuits/\(fields[0]).rasp", sop: fields[1],
        options: CompileOptions(vocabulary: vocabulary, maxLength: n))
      let report = try Verifier(model: compiled.model).verifyBlocking(
        RASPSpecification(compiled: compiled, name: fields[1], source: ""),
        over: .exhaustive(vocabulary: vocabulary, lengths: 1...n))
      let m = compiled.model
      let heads = compiled.headsPerAttentionLayer.map(String.init).joined(separator: ", ")
      let analyserHeads = compiled.analyser.headsPerLayer.map(String.init).joined(separator: ", ")
      let verdict = report.isVerified
        ? "all agree" : report.counterexample.map { "MISMATCH on \($0.input.joined(separator: " "))" } ?? report.verdict
      print(
        "| \(fields[0]) | \(fields[1]) | \(vocabulary.joined(separator: " ")) | \(n) | \(report.compared) | \(m.layers.count) (\(compiled.attentionLayers)) | \(heads) | \(m.residual.dimension) | \(m.parameterCount) | \(m.nonzeroCount) | \(compiled.analyser.layers) | \(analyserHeads) | \(fields[4]) | \(verdict) |")
    }
  }
}
