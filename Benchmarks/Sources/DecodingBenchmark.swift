import Constructions
import Decoding
import ExactArithmetic
import Foundation
import Transformer

/// Exact top-K by best-first search against enumerating all V^n completions:
/// prefixes expanded, positions computed and time, on the decoding constructions.
enum DecodingBenchmark {
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// Every logit 0: every prefix's bound exceeds every completion's
  /// probability, so best-first search expands the whole tree (its worst case).
  static func uniform(_ v: Int, maxLength: Int) throws -> Model {
    let tokens = (0..<v).map { "t\($0)" }
    var builder = ModelBuilder(name: "uniform", vocabulary: tokens, maxLength: maxLength)
    builder.declare(tokens.map { "logit:\($0)" })
    return try builder.build(readout: .softmax(directions: tokens.map { "logit:\($0)" }, labels: tokens.map { .text($0) }, scale: 1))
  }

  static func run() throws {
    let k = 10
    let cases: [(String, Model, [String], [Int])] = [
      ("degenerate-mode V = 8, r = 1", try DegenerateMode.model(.init(vocabularySize: 8, strength: 1, maxLength: 24)), ["t0"], [2, 4, 6, 8, 12, 16, 24]),
      ("degenerate-mode V = 32, r = 2", try DegenerateMode.model(.init(vocabularySize: 32, strength: 2, maxLength: 24)), ["t0"], [2, 3, 4, 6, 8, 12, 16]),
    ] + [2, 4, 6, 8, 12, 16].map { n in
      ("garden-path m = 4 (V = n + 5)", try! GardenPath.model(.init(answerLength: n, branches: 4, lead: 1, confidence: 6)), ["Q"], [n])
    } + [("uniform V = 4 (worst case)", try uniform(4, maxLength: 12), ["t0"], [2, 4, 6, 8, 10])]
    print("exact top-\(k) (best-first, exact bounds) against enumerating every completion; times in seconds, one run each")
    print("model                          |  n |                V^n | top-\(k): prefixes | positions | restored |    time | enumeration: prefixes |    time | agree")
    for (name, model, prompt, lengths) in cases {
      let prepared = model.prepared()
      for n in lengths {
        let v = model.readout.labels!.count
        let size = (0..<n).reduce(1.0) { r, _ in r * Double(v) }
        var search = try CompletionSearch(model: prepared, prompt: prompt, length: n)
        var top: [Completion] = []
        let topTime = try seconds { top = try search.top(k) }
        let s = search.statistics
        var enumeration = "                    — |       —"
        var agree = "—"
        if size <= Double(CompletionSearch.exactLimit) {
          var whole = try CompletionSearch(model: prepared, prompt: prompt, length: n)
          var all: ExactDistribution?
          let time = try seconds { all = try whole.exactDistribution(top: k) }
          enumeration = String(format: "%21d | %7.3f", whole.statistics.nodesExpanded, time)
          agree = Array(all!.completions.prefix(k)) == top ? "yes" : "NO"
        }
        let padded = name + String(repeating: " ", count: max(0, 30 - name.count))
        let text = size < 1e9 ? String(format: "%.0f", size) : String(format: "%d^%d = %.2g", v, n, size)
        let count = String(repeating: " ", count: max(0, 18 - text.count)) + text
        print(String(
          format: "%@ | %2d | %@ | %17d | %9d | %8d | %7.3f | %@ | %@",
          padded, n, count, s.nodesExpanded, s.positionsComputed, s.positionsRestored, topTime, enumeration, agree))
      }
    }
  }
}
