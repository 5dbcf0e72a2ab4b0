extension AttentionSemantics {
  /// Every semantics with the name model files and exports give it.
  public static let named: [(name: String, semantics: AttentionSemantics)] = [
    ("unique-hard-leftmost", .uniqueHard(.leftmost)),
    ("unique-hard-rightmost", .uniqueHard(.rightmost)),
    ("averaging-hard", .averagingHard),
    ("softmax-base2", .softmaxBase2),
  ]

  /// The name model files give this semantics (`unique-hard-leftmost`, …).
  public var name: String { Self.named.first { $0.semantics == self }!.name }

  /// The semantics a model file names, or nil for an unknown name.
  public init?(name: String) {
    guard let found = Self.named.first(where: { $0.name == name }) else { return nil }
    self = found.semantics
  }
}
