import Compiler
import ExactArithmetic
import Foundation
import RASP
import Transformer
import Verification

/// How the compiler scales with the input length: every program of
/// Circuits/compiled-programs.txt and Tracr's example tasks
/// (Circuits/tracr_tasks.rasp) compiled at N = 16, 32, 64, 128, 256, with
/// compile time, layers, heads, width, MLP widths, parameters, non-zeros,
/// and the model checked against the RASP evaluator on 1000 seeded inputs
/// of random lengths and 1000 of length N (outputs only, one input at a
/// time); then the fitted growth exponent of parameters and width between
/// N = 64 and 256; last, the causal models verified exhaustively with
/// prefix sharing on and off (`SHARING=0` skips this part, `SCALING=0` runs
/// it alone, `BUDGET=k` sets its most inputs per program, 40000).
///
/// Usage: `Benchmarks compile-scaling [name ...]` (names as in the table,
/// e.g. `reverse` or `tracr_tasks:shuffle_dyck2`); `LENGTHS=16,32` sets the
/// lengths, `INPUTS=k` the inputs per kind (1000). A program whose compile
/// fails or takes more than 60 s at some N is not tried at larger N.
enum CompileScalingBenchmark {
  struct Program {
    let file: String
    let sop: String
    let vocabulary: [String]
    var name: String { file == "tracr_tasks" ? "tracr_tasks:\(sop)" : "\(file):\(sop)" }
  }

  /// Tracr's example library tasks, written in RASP, with Tracr's vocabularies (reference/tracr.md).
  static let tracrTasks: [Program] = [
    Program(file: "tracr_tasks", sop: "tracr_length", vocabulary: ["a", "b", "c", "d"]),
    Program(file: "tracr_tasks", sop: "tracr_reverse", vocabulary: ["a", "b", "c", "d"]),
    Program(file: "tracr_tasks", sop: "tracr_hist", vocabulary: ["a", "b", "c", "d"]),
    Program(file: "tracr_tasks", sop: "frac_prevs", vocabulary: ["a", "b", "c", "d"]),
    Program(file: "tracr_tasks", sop: "pair_balance", vocabulary: ["(", ")", "a", "b", "c"]),
    Program(file: "tracr_tasks", sop: "shuffle_dyck1", vocabulary: ["(", ")"]),
    Program(file: "tracr_tasks", sop: "shuffle_dyck2", vocabulary: ["(", ")", "{", "}"]),
    Program(file: "tracr_tasks", sop: "sort_unique", vocabulary: ["1", "2", "3", "4", "5"]),
    Program(file: "tracr_tasks", sop: "tracr_sort", vocabulary: ["1", "2", "3", "4"]),
    Program(file: "tracr_tasks", sop: "sort_freq", vocabulary: ["a", "b", "c", "d"]),
    Program(file: "tracr_tasks", sop: "shift_by_1", vocabulary: ["a", "b", "c", "d"]),
    Program(file: "tracr_tasks", sop: "detect_pattern", vocabulary: ["a", "b", "c"]),
    Program(file: "tracr_tasks", sop: "count_a", vocabulary: ["a", "b", "c"]),
  ]

  /// The Circuits table's programs (their vocabularies), then Tracr's tasks.
  static func programs() throws -> [Program] {
    let text = try String(contentsOfFile: "\(CompilerBenchmark.root)/Circuits/compiled-programs.txt", encoding: .utf8)
    var result: [Program] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard f.count == 5, f[0] != "tracr_tasks" else { continue }
      result.append(Program(file: f[0], sop: f[1], vocabulary: f[2].split(separator: ",").map(String.init)))
    }
    return result + tracrTasks
  }

  /// One compiled size.
  struct Figures {
    var n: Int
    var parameters: Int
    var width: Int
  }

  static func run(_ arguments: [String]) throws {
    let environment = ProcessInfo.processInfo.environment
    let lengths = environment["LENGTHS"].map { $0.split(separator: ",").compactMap { Int($0) } } ?? [16, 32, 64, 128, 256]
    let inputsPerKind = environment["INPUTS"].flatMap { Int($0) } ?? 1000
    let budget = environment["BUDGET"].flatMap { Int($0) } ?? 40_000
    if environment["SCALING"] == "0" {
      try prefixSharing(arguments, budget: budget)
      return
    }
    emit("| program | N | compile s | layers (attn; analyser) | heads (analyser) | resid | MLP widths | params | non-zeros | checked: random lengths / length N | s per 1000 inputs (outputs only) |")
    emit("|---|---|---|---|---|---|---|---|---|---|---|")
    var fits: [(String, Double?, Double?)] = []
    for program in try programs() where arguments.isEmpty || arguments.contains(program.name) || arguments.contains(program.file) {
      let source = try RASPProgram.load("\(CompilerBenchmark.root)/Circuits/\(program.file).rasp")
      var figures: [Figures] = []
      for n in lengths {
        let options = CompileOptions(vocabulary: program.vocabulary, maxLength: n)
        let clock = ContinuousClock()
        let start = clock.now
        let compiled: CompiledProgram
        do {
          compiled = try source.compile(sop: program.sop, options: options)
        } catch {
          let elapsed = CompilerBenchmark.seconds(clock.now - start)
          let message = error.message.prefix(120)
          emit("| \(program.name) | \(n) | \(String(format: "%.2f", elapsed)) | fails: \(message) | | | | | | | |")
          break
        }
        let compileTime = CompilerBenchmark.seconds(clock.now - start)
        let m = compiled.model
        var rng = ExactSampler(seed: 2024)
        let random = (0..<inputsPerKind).map { _ in
          (0..<(1 + rng.index(below: n))).map { _ in program.vocabulary[rng.index(below: program.vocabulary.count)] }
        }
        let full = (0..<inputsPerKind).map { _ in
          (0..<n).map { _ in program.vocabulary[rng.index(below: program.vocabulary.count)] }
        }
        var whole = WholeRun(m.prepared())
        let runStart = clock.now
        let outputs = try (random + full).map { try whole.outputs($0) }
        let runTime = CompilerBenchmark.seconds(clock.now - runStart) / Double(2 * inputsPerKind) * 1000
        var agree = [0, 0]
        var checked = [0, 0]
        for (k, (input, got)) in zip(random + full, outputs).enumerated() {
          guard let expected = try? compiled.graph.evaluate(sop: compiled.output, on: input.map { Atom.string($0) })
          else { continue }
          let kind = k < inputsPerKind ? 0 : 1
          checked[kind] += 1
          let same = zip(expected, got).allSatisfy { want, result in
            guard case .success(let value) = result else { return false }
            return agrees(want, value)
          }
          if same { agree[kind] += 1 }
        }
        let heads = compiled.headsPerAttentionLayer.map(String.init).joined(separator: ",")
        let analyserHeads = compiled.analyser.headsPerLayer.map(String.init).joined(separator: ",")
        emit(
          "| \(program.name) | \(n) | \(String(format: "%.2f", compileTime)) | \(m.layers.count) (\(compiled.attentionLayers); \(compiled.analyser.layers)) | \(heads) (\(analyserHeads)) | \(m.residual.dimension) | \(m.mlpWidths.map(String.init).joined(separator: ",")) | \(m.parameterCount) | \(m.nonzeroCount) | \(agree[0])/\(checked[0]) / \(agree[1])/\(checked[1]) | \(String(format: "%.3f", runTime)) |")
        figures.append(Figures(n: n, parameters: m.parameterCount, width: m.residual.dimension))
        if compileTime > 60 { break }
      }
      fits.append((program.name, exponent(figures, \.parameters), exponent(figures, \.width)))
    }
    emit("")
    emit("| program | parameter exponent, N = 64 → 256 | width exponent |")
    emit("|---|---|---|")
    for (name, p, w) in fits {
      func text(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "–" }
      emit("| \(name) | \(text(p)) | \(text(w)) |")
    }
    if environment["SHARING"] != "0" { try prefixSharing(arguments, budget: budget) }
  }

  /// Exhaustive verification of the causal models with prefix sharing on
  /// and off (one job each): every input of length 1...n, n the largest
  /// length with at most `budget` inputs (at most 32). Programs whose model
  /// is not causal are listed after the table.
  static func prefixSharing(_ arguments: [String], budget: Int) throws {
    emit("")
    emit("| program | N | inputs | verify s, prefix sharing on | off | ratio (off / on) | verdict on / off |")
    emit("|---|---|---|---|---|---|---|")
    var bidirectional: [String] = []
    for program in try programs() where arguments.isEmpty || arguments.contains(program.name) || arguments.contains(program.file) {
      var n = 1
      var count = program.vocabulary.count
      var power = program.vocabulary.count
      while true {
        power *= program.vocabulary.count
        if count + power > budget || n >= 32 { break }
        count += power
        n += 1
      }
      let path = "\(CompilerBenchmark.root)/Circuits/\(program.file).rasp"
      let source = try RASPProgram.load(path)
      let compiled: CompiledProgram
      do {
        compiled = try source.compile(sop: program.sop, options: CompileOptions(vocabulary: program.vocabulary, maxLength: n))
      } catch {
        bidirectional.append("\(program.name) (does not compile at N = \(n): \(error.message.prefix(80)))")
        continue
      }
      guard compiled.model.prepared().isCausal else {
        let open = compiled.model.layers.flatMap(\.heads).filter { $0.mask != .causal }.map(\.name)
        bidirectional.append("\(program.name) (unmasked: \(open.joined(separator: "; ")))")
        continue
      }
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let specification = RASPSpecification(graph: compiled.graph, sop: compiled.output, name: program.sop, source: text)
      let space = try InputSpace.exhaustive(vocabulary: program.vocabulary, lengths: 1...n)
      var times: [Double] = []
      var verdicts: [String] = []
      for sharing in [true, false] {
        var verifier = Verifier(model: compiled.model)
        verifier.prefixSharing = sharing
        verifier.jobs = 1
        let clock = ContinuousClock()
        let start = clock.now
        let verdict = try verifier.verifyBlocking(specification, over: space)
        times.append(CompilerBenchmark.seconds(clock.now - start))
        verdicts.append("\(verdict.verdict) \(verdict.checked)\(verdict.prefixSharing == sharing ? "" : " (sharing \(verdict.prefixSharing.map { "\($0)" } ?? "unknown"))")")
      }
      emit("| \(program.name) | \(n) | \(count) | \(String(format: "%.3f", times[0])) | \(String(format: "%.3f", times[1])) | \(String(format: "%.1f×", times[1] / times[0])) | \(verdicts.joined(separator: " / ")) |")
    }
    if !bidirectional.isEmpty {
      emit("")
      emit("Not causal (some head reads later positions): \(bidirectional.joined(separator: ", ")).")
    }
  }

  /// The least-squares slope of log(value) against log(N) over 64 ≤ N ≤ 256 (nil with fewer than two sizes).
  static func exponent(_ figures: [Figures], _ value: KeyPath<Figures, Int>) -> Double? {
    let points = figures.filter { $0.n >= 64 && $0.n <= 256 }.map { (log(Double($0.n)), log(Double($0[keyPath: value]))) }
    guard points.count >= 2 else { return nil }
    let mx = points.map(\.0).reduce(0, +) / Double(points.count)
    let my = points.map(\.1).reduce(0, +) / Double(points.count)
    let sxy = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
    let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
    return sxy / sxx
  }

  /// Writes a line unbuffered, so a long run shows its progress.
  static func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  /// Whether a decoded output equals a program value (Python equality: `True == 1`).
  static func agrees(_ atom: Atom, _ value: OutputValue) -> Bool {
    switch value {
    case .text(let s): return atom == .string(s)
    case .number(let r): return atom == .number(r)
    case .boolean(let b): return atom == .bool(b)
    }
  }
}
