import Compiler
import Testing

/// The compiler's progress callback: told the work's size first (one step per
/// node whose value sets are inferred, one for planning and assembly), then
/// each step, ending at the total.
@Suite struct CompileProgressTests {
  @Test func progressStartsWithTheTotalAndReachesIt() throws {
    // tokens, indices, the selector and the aggregate: 4 nodes, then assembly.
    let program = try RASPProgram.parse("y = aggregate(select(indices, indices, ==), tokens);")
    var reports: [[Int]] = []
    let options = CompileOptions(vocabulary: ["a", "b"], maxLength: 4)
    let compiled = try program.compile(sop: "y", options: options) { reports.append([$0, $1]) }
    #expect(compiled.model.layers.count == 1)
    #expect(reports == [[0, 5], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5]])
  }

  @Test func withoutACallbackNothingChanges() throws {
    let program = try RASPProgram.parse("y = aggregate(select(indices, indices, ==), tokens);")
    let options = CompileOptions(vocabulary: ["a", "b"], maxLength: 4)
    let quiet = try program.compile(sop: "y", options: options)
    var told = 0
    let observed = try program.compile(sop: "y", options: options) { _, _ in told += 1 }
    #expect(told == 6)
    #expect(try quiet.model.jsonData() == observed.model.jsonData())
  }
}
