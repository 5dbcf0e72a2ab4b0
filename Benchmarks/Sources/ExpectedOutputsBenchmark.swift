import ExactArithmetic
import Foundation
import Transformer
import Verification

/// Loading an expected-outputs file (`verify --expected`): the schema reader
/// against `JSONDecoder` on the same bytes.
///
///     Benchmarks expected [--cases N] [--length L]   default: 1000 cases of length 48 (about 0.5 MB)
enum ExpectedOutputsBenchmark {
  /// The `JSONDecoder` form of the schema (what the loader used before its reader).
  struct File: Decodable {
    var vocabulary: [String]?
    var cases: [Case]
  }

  struct Case: Decodable {
    var input: [Token]
    var output: [Token]
  }

  struct Token: Decodable {
    var value: String
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self) {
        value = s
      } else if let b = try? c.decode(Bool.self) {
        value = b ? "True" : "False"
      } else {
        value = String(try c.decode(Int.self))
      }
    }
  }

  /// A file of `cases` distinct seeded inputs of `length` tokens over a, b, c, d
  /// with outputs of integers and strings (the running count of `a`, then the token).
  static func file(cases: Int, length: Int) -> Data {
    var random = ExactSampler(seed: 5)
    var seen = Set<[String]>()
    var rows: [(input: [String], output: [OutputValue])] = []
    let vocabulary = ["a", "b", "c", "d"]
    while rows.count < cases {
      let input = (0..<length).map { _ in vocabulary[random.index(below: 4)] }
      guard seen.insert(input).inserted else { continue }
      var count = 0
      let output: [OutputValue] = input.enumerated().map { k, token in
        if token == "a" { count += 1 }
        return k % 2 == 0 ? .text(String(count)) : .text(token)
      }
      rows.append((input, output))
    }
    return ExpectedOutputs.jsonData(vocabulary: vocabulary, cases: rows)
  }

  static func run(_ arguments: [String]) throws {
    func value(_ name: String) -> Int? {
      arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    }
    let cases = value("--cases") ?? 1000
    let length = value("--length") ?? 48
    let data = file(cases: cases, length: length)
    var table: ExpectedOutputs?
    let reader = try VerifyBenchmark.best(7) { table = try ExpectedOutputs(jsonData: data, label: "bench.json") }
    let decoder = try VerifyBenchmark.best(3) { _ = try JSONDecoder().decode(File.self, from: data) }
    print("expected-outputs file: \(cases) cases of length \(length), \(data.count) bytes (\(String(format: "%.2f", Double(data.count) / 1_048_576)) MB), \(table!.inputs.count) inputs read")
    print(String(format: "  ExpectedOutputs(jsonData:) (schema reader, table, digest): %8.1f ms", reader * 1000))
    print(String(format: "  JSONDecoder on the same schema (decode only):              %8.1f ms", decoder * 1000))
  }
}
