import Compiler
import Foundation
import Testing

/// Every program of Circuits/ compiles with exactly the reference analyser's
/// attention layers and at most its heads in every layer, and agrees with the
/// RASP evaluator on every input of every length up to the table's length
/// (at least 10^4 inputs per row; the table in Circuits/README.md is the same
/// check in a release build, `Benchmarks circuits`).
@Suite struct CircuitCompilationTests {
  struct Row: CustomStringConvertible, Sendable {
    let file: String
    let sop: String
    let vocabulary: [String]
    /// The table's length (≥ 10^4 inputs).
    let tableLength: Int
    var description: String { "\(file) \(sop)" }
  }

  /// Circuits/compiled-programs.txt: the table's rows.
  static let rows: [Row] = {
    let text = (try? String(contentsOfFile: "\(circuits)/compiled-programs.txt", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line -> Row? in
      guard !line.hasPrefix("#") else { return nil }
      let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard f.count == 5, let n = Int(f[3]) else { return nil }
      return Row(file: f[0], sop: f[1], vocabulary: f[2].split(separator: ",").map(String.init), tableLength: n)
    }
  }()

  /// The largest length with at most `budget` inputs.
  static func testLength(_ row: Row, budget: Int) -> Int {
    var n = 1
    while n < row.tableLength && inputCount(row.vocabulary.count, n + 1) <= budget { n += 1 }
    return n
  }

  @Test func tableCoversEveryProgram() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: circuits)
      .filter { $0.hasSuffix(".rasp") }.map { String($0.dropLast(5)) }
    #expect(Set(files) == Set(Self.rows.map(\.file)))
    for row in Self.rows {
      #expect(inputCount(row.vocabulary.count, row.tableLength) >= 10_000, "\(row)")
    }
  }

  @Test(arguments: rows)
  func compilesAndVerifies(_ row: Row) throws {
    let n = row.tableLength
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/\(row.file).rasp", sop: row.sop,
      options: CompileOptions(vocabulary: row.vocabulary, maxLength: n))
    #expect(compiled.attentionLayers == compiled.analyser.layers)
    #expect(compiled.model.layers.count == compiled.analyser.layers)
    #expect(compiled.headsPerAttentionLayer.count == compiled.analyser.headsPerLayer.count)
    for (ours, theirs) in zip(compiled.headsPerAttentionLayer, compiled.analyser.headsPerLayer) {
      #expect(ours <= theirs, "\(row): \(compiled.headsPerAttentionLayer) vs \(compiled.analyser.headsPerLayer)")
    }
    let report = compiled.verify()
    #expect(report.passed, "\(row) at length \(n): \(String(describing: report.mismatch))")
    #expect(report.checked + report.undefined == inputCount(row.vocabulary.count, n))
  }

  /// Without enumeration the per-position analysis alone gives the value
  /// sets; the models must be just as right.
  @Test(arguments: rows.filter { ["dyck_k", "sort_by_frequency", "addition", "majority", "induction"].contains($0.file) })
  func analysisOnlyValueSets(_ row: Row) throws {
    let n = Self.testLength(row, budget: 600)
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/\(row.file).rasp", sop: row.sop,
      options: CompileOptions(vocabulary: row.vocabulary, maxLength: n, enumerationLimit: 0))
    #expect(compiled.valueSetMethod == "per-position analysis")
    let report = compiled.verify()
    #expect(report.passed, "\(row) at length \(n): \(String(describing: report.mismatch))")
  }

  /// The same program and options give the same weights every time.
  @Test func deterministic() throws {
    let options = CompileOptions(vocabulary: ["BOS", "a", "b"], maxLength: 5)
    let a = try RASPCompiler.compile(file: "\(circuits)/sort_by_frequency.rasp", sop: "sort_by_frequency", options: options)
    let b = try RASPCompiler.compile(file: "\(circuits)/sort_by_frequency.rasp", sop: "sort_by_frequency", options: options)
    #expect(try a.model.jsonData() == b.model.jsonData())
  }
}
