import ExactArithmetic

/// How one MLP target with categorical inputs and a numerical coordinate
/// was compiled: one table per combination of its categorical inputs
/// (ramps gated by that combination) or shared steps (each pair of units
/// serves every value of one categorical input, its threshold set by the
/// weights on that input's one-hot), with the exact cost of each form.
public struct StepCompilation: Sendable, Hashable {
  /// The two forms.
  public enum Form: String, Sendable {
    case tables, steps
  }

  let value: StreamValue
  /// The program layer whose MLP writes it.
  public let layer: Int
  /// The form chosen: the cheaper one (tables on a tie).
  public let form: Form
  /// The cost of one table per combination of the categorical inputs.
  public let tables: MapCompilation.Cost
  /// The cost of the shared steps.
  public let steps: MapCompilation.Cost
  /// The categorical input whose one-hot sets the steps' thresholds.
  public let thresholdInput: String
  /// The numerical stream values the steps read, with their integer weights before the slope.
  public let direction: String
  /// The slope shared by every step (the steps' input weights are it times `direction`).
  public let slope: Rational
  /// Step pairs (two hidden units each) in the steps form.
  public let stepPairs: Int
  /// The point each group's steps start from (the output there is the
  /// group's base; steps above it ascend, steps below it descend).
  public let reference: Reference

  /// Which point of a group's table its steps start from.
  public enum Reference: String, Sendable, CaseIterable {
    case first = "the first point"
    case nearestZero = "the point nearest 0"
    case last = "the last point"
  }

  /// One line: what was chosen and the cost of each form.
  func text(describing value: String) -> String {
    "layer \(layer) mlp: \(value): \(form.rawValue); shared steps \(steps.units) units (\(stepPairs) step pairs along "
      + "\(slope)·(\(direction)) from \(reference.rawValue), thresholds from "
      + "\(thresholdInput)), \(steps.weights) weights; "
      + "one table per combination of the categorical inputs \(tables.units) units, \(tables.weights) weights"
  }
}
