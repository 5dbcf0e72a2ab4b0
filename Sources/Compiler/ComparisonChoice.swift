/// The exact cost of compiling a program's selector `==` comparisons of
/// numbers through one-hots and numerically (``NumericalComparison``), and
/// which compilation was kept: fewer parameters, then the narrower residual
/// stream, with no more attention layers and no more heads in a layer than
/// the reference analyser counts; the one-hot form on a tie.
public struct ComparisonChoice: Sendable, Hashable {
  /// Parameters of the one-hot compilation.
  public let oneHotParameters: Int
  /// Residual width of the one-hot compilation.
  public let oneHotWidth: Int
  /// Parameters of the numerical compilation (nil when it failed).
  public let numericalParameters: Int?
  /// Residual width of the numerical compilation (nil when it failed).
  public let numericalWidth: Int?
  /// Whether the numerical compilation was kept.
  public let numericalChosen: Bool

  /// One line: both costs and the choice.
  public var text: String {
    let numerical = numericalParameters.map { "\($0) parameters, width \(numericalWidth!)" } ?? "failed"
    return "selector == of numbers: \(numericalChosen ? "numerical" : "one-hot") kept; one-hot \(oneHotParameters) parameters, width \(oneHotWidth); numerical \(numerical)"
  }
}
