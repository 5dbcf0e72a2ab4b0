/// How one MLP target that depends on several numerical anchors was
/// compiled: factored (interpolated along an injective combination of the
/// anchors, each an affine function of numerical stream values) or fused
/// (along an injective combination of the stream values themselves,
/// tabulating their joint values), with the exact cost of each form built.
public struct MapCompilation: Sendable, Hashable {
  /// The two forms.
  public enum Form: String, Sendable {
    case factored, fused
  }

  /// Hidden units and their non-zero weights (inputs, bias, outputs).
  public struct Cost: Sendable, Hashable, Comparable {
    public var units: Int
    public var weights: Int

    public init(units: Int, weights: Int) {
      self.units = units
      self.weights = weights
    }

    public static func < (a: Cost, b: Cost) -> Bool {
      a.units != b.units ? a.units < b.units : a.weights < b.weights
    }
  }

  let value: StreamValue
  /// The program layer whose MLP writes it.
  public let layer: Int
  /// The form chosen: the cheaper one (factored on a tie).
  public let form: Form
  /// The anchors (s-ops affine in numerical stream values) the factored
  /// form reads, in the order of its coordinate a₀ + r₁·a₁ + …: the first
  /// varies fastest.
  public let anchors: [String]
  /// The numerical stream values the fused form reads.
  public let fusedInputs: [String]
  /// The factored form's cost, or nil when its table would be too large
  /// (more than 50 × `--max-values` combinations of the anchors).
  public let factored: Cost?
  /// With two anchors: the factored form's cost in the other order (the
  /// second anchor varying fastest), which was not kept; nil when that
  /// table would be too large.
  public let swapped: Cost?
  /// When the target is a sum of one function of each anchor: the cost of
  /// one table per anchor whose units add up (nil otherwise).
  public let sum: Cost?
  /// Whether the form chosen is that sum.
  public let sumChosen: Bool
  /// The fused form's cost, or nil when it was not built (more than `fusedLimit` combinations).
  public let fused: Cost?
  /// The most combinations the fused form is built for (`--max-values`).
  public let fusedLimit: Int
  /// When the factored form kept was compared with shared steps per
  /// position: that comparison (see ``PositionStepsNote``).
  public var positionSteps: PositionStepsNote? = nil

  /// One line: what was chosen and why.
  func text(describing value: String) -> String {
    var factoredText = sumChosen ? "as a sum of one table per anchor; " : ""
    let along = "factored along (\(anchors.joined(separator: ", ")))"
    factoredText += factored.map { "\(along) \($0.units) units, \($0.weights) weights" } ?? "\(along) too large"
    if anchors.count == 2, factored != nil {
      let other = "along (\(anchors.reversed().joined(separator: ", ")))"
      factoredText += "; " + (swapped.map { "\(other) \($0.units) units, \($0.weights) weights" } ?? "\(other) too large")
    }
    if let sum { factoredText += "; sum of one table per anchor \(sum.units) units, \(sum.weights) weights" }
    if let positionSteps, form == .factored { factoredText += " (\(positionSteps.text))" }
    let fusedText = fused.map { "fused over (\(fusedInputs.joined(separator: ", "))) \($0.units) units, \($0.weights) weights" }
      ?? "fused over (\(fusedInputs.joined(separator: ", "))) not built (more than \(fusedLimit) combinations)"
    return "layer \(layer) mlp: \(value): \(form.rawValue); \(factoredText); \(fusedText)"
  }
}
