import Constructions
import Testing

/// The minimal-machine search's progress callback: told its step budget
/// first, then the steps taken every 65,536, and the budget when it ends.
@Suite struct RecurrentSearchProgressTests {
  @Test func overBudgetSearchReportsEveryStretchOfSteps() {
    var reports: [[Int]] = []
    let outcome = RecurrentRecall.search(
      vocabulary: ["a", "b", "c"], maxLength: 4, maxStates: 64, budget: .init(nodes: 4096, steps: 200_000)
    , progress: { reports.append([$0, $1]) })
    guard case .overBudget = outcome else {
      Issue.record("expected the search to pass 200,000 steps")
      return
    }
    #expect(reports == [[0, 200_000], [65_536, 200_000], [131_072, 200_000], [196_608, 200_000], [200_000, 200_000]])
  }

  @Test func aSearchThatFindsItsMachineEndsAtTheBudget() {
    var reports: [[Int]] = []
    let outcome = RecurrentRecall.search(
      vocabulary: ["a", "b"], maxLength: 3, maxStates: 64, budget: .standard
    , progress: { reports.append([$0, $1]) })
    guard case .found(let machine) = outcome else {
      Issue.record("expected a machine")
      return
    }
    #expect(machine.stateCount == RecurrentRecall.minimalMachine(vocabulary: ["a", "b"], maxLength: 3, maxStates: 64)?.stateCount)
    #expect(reports.first == [0, 5_000_000])
    #expect(reports.last == [5_000_000, 5_000_000])
  }
}
