import RASP

extension CompiledProgram {
  /// Every node the output depends on (s-ops and selectors), ascending.
  public var scheduledNodes: [NodeID] { plan.order }

  /// The attention layer after which each s-op's value exists (0: the
  /// embedding or the pre-attention MLP); selectors are absent.
  public var availableAfterLayer: [NodeID: Int] { plan.available }

  /// The heads the compiler gives a node (an aggregate or selector width): 0 for other nodes.
  public func headCount(of node: NodeID) -> Int { plan.heads.filter { $0.node == node }.count }
}
