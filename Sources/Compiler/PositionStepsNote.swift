/// How a factored two-anchor table was written: one table along the joint
/// coordinate, or shared steps with the position one-hot setting each
/// position's thresholds, whichever has fewer hidden units (the table on a tie).
public struct PositionStepsNote: Sendable, Hashable {
  /// Whether the shared steps per position were kept.
  public let stepsChosen: Bool
  /// Hidden units of the one table along the joint coordinate (worked out from its points).
  public let tableUnits: Int
  /// Hidden units of the shared steps per position.
  public let stepsUnits: Int
  /// Their non-zero weights (0 when they were only counted, not written).
  public let stepsWeights: Int
  /// Step pairs (0 when only counted).
  public let stepPairs: Int
  /// How the steps' units were found.
  public let count: Count

  /// How the steps' units were found.
  public enum Count: String, Sendable {
    /// Written: units and weights exact.
    case written
    /// Counted as 2 per step pair plus lookups, before merging with units already written.
    case beforeMerging = "before merging"
    /// Bounded below by two per output change at the position with the most, which already
    /// reaches the table's units (the steps were not built).
    case atLeast = "at least"
  }

  /// A note from its parts.
  public init(stepsChosen: Bool, tableUnits: Int, stepsUnits: Int, stepsWeights: Int, stepPairs: Int, count: Count) {
    self.stepsChosen = stepsChosen
    self.tableUnits = tableUnits
    self.stepsUnits = stepsUnits
    self.stepsWeights = stepsWeights
    self.stepPairs = stepPairs
    self.count = count
  }

  /// One clause for `--layout`.
  var text: String {
    let name = "shared steps per position (thresholds from indices)"
    let steps: String
    switch count {
    case .written: steps = "\(name) \(stepsUnits) units, \(stepPairs) step pairs, \(stepsWeights) weights"
    case .beforeMerging: steps = "\(name) \(stepsUnits) units before merging"
    case .atLeast: steps = "\(name) at least \(stepsUnits) units"
    }
    return stepsChosen
      ? "as \(steps); one table along the joint coordinate \(tableUnits) units"
      : "as one table along the joint coordinate \(tableUnits) units; \(steps)"
  }
}
