import Foundation
import TestSupport
import Testing

/// `construct` at the top of its parameter ranges: a clear error with the
/// estimate where the member would be too large, a build in seconds elsewhere.
@Suite struct ConstructionSizeTests {
  @Test func anOversizedMultipleChoiceModelIsRefusedWithItsEstimate() throws {
    let r = try Tool.run(["construct", "mcq", "--param", "items=64", "--param", "questions=1000"])
    #expect(r.status == 2)
    #expect(r.stdout == "")
    #expect(r.stderr == "error: mcq: items=64 questions=1000 values=4 make an answer MLP of about 342016000 weights (4·items·questions units reading items + questions + 4·values directions and writing 4·items), over the limit of 50000000; use fewer items or questions\n")
  }

  /// 300 branches wrote the embedding one token at a time, re-reading every
  /// direction after each (45 s in a debug build); now one assignment.
  @Test func aWideGardenPathBuildsInSeconds() throws {
    let started = Date()
    let r = try Tool.run(["construct", "garden-path", "--param", "branches=300", "--param", "answer_len=16"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "garden-path: 0 layers, heads [], residual width 654, parameters 220398\n")
    #expect(Date().timeIntervalSince(started) < 20)
  }
}
