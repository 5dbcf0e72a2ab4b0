/// What a point evaluator knows about one setting at one sweep point
/// before checking anything: the size of its work and, when it built the
/// model to find out, the parameters nothing read.
public struct PointPlan: Sendable {
  /// The inputs `measure` would check, and their attention work.
  public var work: ClaimWork
  /// Each given parameter that neither the build nor what is checked reads,
  /// with the reason in words; nil when the model was not built (so what
  /// it reads is not known).
  public var unused: [String: String]?

  public init(work: ClaimWork, unused: [String: String]? = nil) {
    self.work = work
    self.unused = unused
  }
}
