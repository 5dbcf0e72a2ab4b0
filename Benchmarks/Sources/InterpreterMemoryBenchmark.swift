import Foundation
import RASP

/// Resident memory before and after many RASP interpreters:
/// `Benchmarks interpreter-memory [--count N]`.
///
/// Each interpreter loads the standard library, one program of Circuits/
/// (in turn) and a program of nested, returned and stored closures, then
/// goes out of scope. With the interpreter's scopes released (no cycle
/// between scopes and the functions defined in them), memory stays flat;
/// before, every interpreter kept about 70 KB.
enum InterpreterMemoryBenchmark {
  /// A program whose functions define, return and store functions.
  static let closures = """
    def make_adder(n) {
      def add(x) { return x + n; }
      return add;
    }
    def twice(f) {
      def g(x) { return f(f(x)); }
      return g;
    }
    def count(n) { return 0 if n == 0 else 1 + count(n - 1); }
    adders = [make_adder(k) for k in range(3)];
    table = {"double": twice(make_adder(5))};
    y = adders[2](indices) + table["double"](tokens_int) + count(5);
    """

  static func run(_ arguments: [String]) throws {
    let count = arguments.firstIndex(of: "--count").flatMap {
      arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil
    } ?? 2000
    let folder = FileManager.default.currentDirectoryPath + "/Circuits"
    let programs = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".rasp") }.sorted().map { folder + "/" + $0 }
    guard !programs.isEmpty else {
      print("error: no Circuits/*.rasp under \(FileManager.default.currentDirectoryPath) (run from the package root)")
      exit(2)
    }
    func oneInterpreter(_ i: Int) throws {
      let interpreter = try Interpreter()
      try interpreter.runFile(atPath: programs[i % programs.count])
      try interpreter.run(SourceText(file: "closures.rasp", text: closures))
    }
    try oneInterpreter(0)  // warm-up: caches, library text
    let before = ResidentMemory.current
    let start = ContinuousClock.now
    for i in 0..<count { try oneInterpreter(i) }
    let elapsed = ContinuousClock.now - start
    let after = ResidentMemory.current
    print("interpreter memory: \(count) interpreters (standard library + one of \(programs.count) Circuits programs + closures), \(elapsed)")
    print("  resident before: \(ResidentMemory.megabytes(before)), after: \(ResidentMemory.megabytes(after)), peak: \(ResidentMemory.megabytes(ResidentMemory.peak))")
    if let before, let after {
      print(String(format: "  growth: %.1f KB per interpreter", Double(after - before) / 1024 / Double(count)))
    }
  }
}
