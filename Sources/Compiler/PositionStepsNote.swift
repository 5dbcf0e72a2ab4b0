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

  /// A note from its parts.
  public init(stepsChosen: Bool, tableUnits: Int, stepsUnits: Int, stepsWeights: Int, stepPairs: Int) {
    self.stepsChosen = stepsChosen
    self.tableUnits = tableUnits
    self.stepsUnits = stepsUnits
    self.stepsWeights = stepsWeights
    self.stepPairs = stepPairs
  }

  /// One clause for `--layout`.
  var text: String {
    let steps = stepsWeights > 0
      ? "shared steps per position (thresholds from indices) \(stepsUnits) units, \(stepPairs) step pairs, \(stepsWeights) weights"
      : "shared steps per position (thresholds from indices) \(stepsUnits) units"
    return stepsChosen
      ? "as \(steps); one table along the joint coordinate \(tableUnits) units"
      : "as one table along the joint coordinate \(tableUnits) units; \(steps)"
  }
}
