import Compiler
import Constructions
import ExactArithmetic
import Foundation
import Transformer

/// The rounded forward pass (every operation rounded, each rounding computed
/// exactly) against the exact pass, on the forward benchmark's synthetic
/// model and on one compiled program.
enum PrecisionBenchmark {
  static let formats: [PrecisionSettings] = [
    PrecisionSettings(format: .fp32), PrecisionSettings(format: .bf16),
    PrecisionSettings(format: .bf16, accumulator: .fp32), PrecisionSettings(format: .fixed(FixedFormat(integerBits: 16, fractionBits: 16))),
    PrecisionSettings(format: .fixed(FixedFormat(integerBits: 8, fractionBits: 8))),
    PrecisionSettings(
      format: .fixed(FixedFormat(integerBits: 8, fractionBits: 8)), accumulator: .fixed(FixedFormat(integerBits: 16, fractionBits: 16))),
  ]

  /// Times one model on `inputs`: the exact run with its trace, the exact
  /// outputs only, and the rounded run in each format (milliseconds per input).
  static func compare(_ label: String, _ model: Model, _ inputs: [[String]], runs: Int) throws {
    let prepared = model.prepared()
    let n = Double(inputs.count)
    let traced = try median(runs: runs) { for input in inputs { _ = try prepared.run(input) } }
    var whole = WholeRun(prepared)
    let outputs = try median(runs: runs) { for input in inputs { _ = try whole.outputs(input) } }
    print("\(label): \(inputs.count) inputs of length \(inputs[0].count)")
    print(String(format: "  exact, with the trace (run):            %9.2f ms per input", traced / n * 1000))
    print(String(format: "  exact, outputs only (WholeRun):         %9.2f ms per input", outputs / n * 1000))
    for settings in formats {
      let pass = try RoundedPass(prepared, settings: settings)
      var differing = 0
      for input in inputs {
        let exact = try prepared.outputsByPosition(input)
        let rounded = try pass.run(input).outputs
        differing += zip(exact, rounded).filter { e, r in
          !RoundedComparison.agree(e, r, format: settings.format, decision: .value)
        }.count
      }
      let time = try median(runs: runs) { for input in inputs { _ = try pass.run(input) } }
      let integers = if case .fixed = settings.format { true } else { false }
      let kernel = pass.usesNativeKernel ? (integers ? "integer kernel" : "native") : "exact"
      let padded = "rounded \(settings), \(kernel):".padding(toLength: 64, withPad: " ", startingAt: 0)
      let figures = String(
        format: "%9.2f ms per input  (%.1fx the traced exact run; %d positions differ)", time / n * 1000, time / traced,
        differing)
      print("  " + padded + figures)
      if pass.usesNativeKernel {
        // The same pass on exact rationals (the kernel the native ones are tested against), for comparison.
        let slow = try median(runs: runs) { for input in inputs { _ = try pass.run(input, kernel: .exactRationals) } }
        let label = "rounded \(settings), exact kernel:".padding(toLength: 64, withPad: " ", startingAt: 0)
        print("  " + label + String(format: "%9.2f ms per input  (%.1fx)", slow / n * 1000, slow / traced))
      }
    }
  }

  static func run() throws {
    for fractional in [false, true] {
      let model = try syntheticModel(width: 256, vocabulary: 32, maxLength: 64, layers: 2, seed: 7, fractional: fractional)
      var rng = ExactSampler(seed: 11)
      let inputs = (0..<10).map { _ in (0..<64).map { _ in "t\(rng.index(below: 32))" } }
      try compare(
        "forward benchmark model, \(fractional ? "fractional" : "integer") weights (width 256, 2 layers, 4 heads a layer)",
        model, inputs, runs: 3)
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    let program = try RASPProgram.load("\(root)/Circuits/sort.rasp")
    let vocabulary = ["a", "b", "c"]
    let compiled = try program.compile(sop: "sorted_tokens", options: CompileOptions(vocabulary: vocabulary, maxLength: 16))
    var rng = ExactSampler(seed: 5)
    let inputs = (0..<50).map { _ in (0..<16).map { _ in vocabulary[rng.index(below: 3)] } }
    try compare("compiled sort (Circuits/sort.rasp, sorted_tokens, a,b,c, max_len 16)", compiled.model, inputs, runs: 3)
  }
}
