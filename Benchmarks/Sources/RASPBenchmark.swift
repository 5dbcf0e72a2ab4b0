import Foundation
import ExactArithmetic
import RASP

/// Times the exact RASP evaluator: `sort` (Circuits/sort.rasp) on inputs of
/// length 256, against the reference interpreter's 0.5–1.6 s per input at
/// that length (anchors.md §3.3, measured on this machine).
enum RASPBenchmark {
  static func run(repetitions: Int = 50) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
    do {
      let interpreter = try Interpreter()
      try interpreter.runFile(atPath: root + "/Circuits/sort.rasp")
      guard let sort = interpreter.sop(named: "sorted_tokens") else {
        print("sorted_tokens not found")
        return
      }
      var generator = SystemRandomNumberGenerator()
      let letters = "abcdefghijklmnopqrstuvwxyz".map { String($0) }
      for length in [16, 64, 256] {
        var times: [Double] = []
        for _ in 0..<repetitions {
          let input = (0..<length).map { _ in Atom.string(letters.randomElement(using: &generator)!) }
          let start = DispatchTime.now().uptimeNanoseconds
          let output = try interpreter.graph.evaluate(sop: sort, on: input)
          let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
          let expected = input.map(\.description).sorted()
          precondition(output.map(\.description) == expected, "sort gave a wrong answer")
          times.append(seconds)
        }
        times.sort()
        let median = times[times.count / 2]
        print(
          "sort, length \(length): median \(String(format: "%.3f", median * 1000)) ms, "
            + "min \(String(format: "%.3f", times[0] * 1000)) ms over \(repetitions) random inputs"
            + (length == 256
              ? "; vs reference 0.5–1.6 s: \(Int(0.5 / median))×–\(Int(1.6 / median))× faster" : ""))
      }
    } catch {
      print("benchmark failed: \(error)")
    }
  }

  /// Long inputs: shipped programs whose selectors are plain comparisons
  /// (aggregates and widths in O(n log n)) at 1,000 to 100,000 tokens, each
  /// output checked against a direct computation.
  static func long(_ lengths: [Int] = [1_000, 10_000, 100_000]) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
    typealias Check = ([String]) -> [String]
    let programs: [(file: String, sop: String, alphabet: [String], check: Check)] = [
      ("histogram", "histogram", ["a", "b", "c", "d"], { input in
        var counts: [String: Int] = [:]
        for t in input { counts[t, default: 0] += 1 }
        return input.map { String(counts[$0]!) }
      }),
      ("reverse", "reverse", ["a", "b", "c", "d"], { $0.reversed() }),
      ("parity", "parity", ["0", "1"], { input in
        var ones = 0
        return input.map { t in
          if t == "1" { ones += 1 }
          return String(ones % 2)
        }
      }),
      ("dyck1", "dyck1", ["(", ")"], { input in
        var depth = 0
        var negative = false
        return input.map { t in
          depth += t == "(" ? 1 : -1
          if depth < 0 { negative = true }
          return negative ? "F" : (depth == 0 ? "T" : "P")
        }
      }),
    ]
    var generator = ExactSampler(seed: 2026)
    print("| program | tokens | seconds |")
    print("|---|---|---|")
    for program in programs {
      let interpreter = try Interpreter()
      try interpreter.runFile(atPath: root + "/Circuits/\(program.file).rasp")
      guard let id = interpreter.sop(named: program.sop) else { throw Diagnostic(.name, "no s-op \(program.sop)", at: nil) }
      for n in lengths {
        let input = (0..<n).map { _ in program.alphabet.randomElement(using: &generator)! }
        let start = DispatchTime.now().uptimeNanoseconds
        let output = try interpreter.graph.evaluate(sop: id, on: input.map { Atom.string($0) })
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(output.map(\.description) == program.check(input), "\(program.file) gave a wrong answer at \(n)")
        print("| \(program.file) | \(n) | \(String(format: "%.3f", seconds)) |")
      }
    }
  }
}
