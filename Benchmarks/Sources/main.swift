import Constructions
import ExactArithmetic
import Foundation
import Transformer

// Side-by-side timings. Usage: swift run -c release Benchmarks [forward|rasp|recall-states|compile|circuits|compile-scaling|verify|decoding|precision|expected|fuzz|interpreter-memory]

/// Median wall time of `body` over `runs` runs after one warm-up.
func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
  try body()
  var times: [Double] = []
  for _ in 0..<runs {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }
  return times.sorted()[times.count / 2]
}

func forwardBenchmark(fractional: Bool) throws {
  let model = try syntheticModel(width: 256, vocabulary: 32, maxLength: 64, layers: 2, seed: 7, fractional: fractional)
  let exact = model.prepared()
  let float = DoubleForward(model)
  var rng = ExactSampler(seed: 11)
  let inputs = (0..<20).map { _ in (0..<64).map { _ in "t\(rng.index(below: 32))" } }
  let embedded = try inputs.map { try exact.embed(exact.sequence(for: $0)) }
  let embeddedDouble = embedded.map { m -> DenseDouble in DenseDouble(m) }
  // Agreement check (display only): the largest |exact − double| in the final streams.
  var maxError = 0.0
  for (e, d) in zip(embedded, embeddedDouble) {
    let x = try exact.forward(e).final
    let y = float.forward(d)
    for k in 0..<x.entries.count { maxError = max(maxError, abs(Double(x.entries[k]) - y.data[k])) }
  }
  let exactTime = try median(runs: 5) { for e in embedded { _ = try exact.forward(e) } }
  let doubleTime = median(runs: 5) { for d in embeddedDouble { _ = float.forward(d) } }
  var whole = WholeRun(exact)
  let wholeTime = try median(runs: 5) { for input in inputs { _ = try whole.outputs(input) } }
  print("forward pass, \(fractional ? "fractional weights {1, -1, 1/2, 2, -3/2, 1/3, 3, -1/4}" : "integer weights {±1, ±2, 3}"): residual width \(model.residual.dimension), \(model.layers.count) layers, heads \(model.headsPerLayer), MLP widths \(model.mlpWidths), 20 inputs of length 64 (+BOS)")
  print(String(format: "  exact (row-scaled integer kernels):     %8.2f ms per input", exactTime / 20 * 1000))
  print(String(format: "  Double (same algorithm):                %8.2f ms per input", doubleTime / 20 * 1000))
  print(String(format: "  ratio exact / Double: %.2fx   (max |exact - double| = %.2e)", exactTime / doubleTime, maxError))
  print(String(format: "  outputs only (WholeRun from tokens: embedding, pass, readout): %6.2f ms per input", wholeTime / 20 * 1000))
}

/// Smallest recurrent state for associative recall against n, by exact search.
func recallStates() {
  for vocabulary in [["a", "b"], ["a", "b", "c"]] {
    let limit = vocabulary.count == 2 ? 6 : 4
    for n in 1...limit {
      let start = ContinuousClock.now
      let machine = RecurrentRecall.minimalMachine(vocabulary: vocabulary, maxLength: n, maxStates: 40)
      let seconds = ContinuousClock.now - start
      print("recall, |V| = \(vocabulary.count), n = \(n): \(machine.map { "\($0.stateCount) states" } ?? "> 40 states")  (search \(seconds))")
    }
  }
}

let which = CommandLine.arguments.dropFirst().first ?? "forward"
switch which {
case "recall-states": recallStates()
case "rasp": RASPBenchmark.run()
case "rasp-long": try RASPBenchmark.long()
case "verify": try VerifyBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
case "verify-profile": try VerifyBenchmark.profile(
  CommandLine.arguments.dropFirst(2).first ?? "whole", CommandLine.arguments.dropFirst(3).first ?? "induction")
case "compile": try CompilerBenchmark.compileAndForward(Array(CommandLine.arguments.dropFirst(2)))
case "circuits": try CompilerBenchmark.circuitsTable()
case "compile-scaling": try CompileScalingBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
case "decoding": try DecodingBenchmark.run()
case "precision": try PrecisionBenchmark.run()
case "fuzz": try FuzzBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
case "interpreter-memory": try InterpreterMemoryBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
case "expected": try ExpectedOutputsBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
case "forward":
  try forwardBenchmark(fractional: false)
  try forwardBenchmark(fractional: true)
default:
  print("unknown benchmark '\(which)'; known: forward, rasp, recall-states, compile, circuits, compile-scaling, verify, decoding, precision, expected, fuzz, interpreter-memory")
  exit(2)
}
