import ExactArithmetic

extension CompletionSearch {
  /// The exact `k` most probable complete continuations, most probable
  /// first (fewer when fewer have positive probability).
  ///
  /// Best-first search over the prefix tree: a prefix's probability bounds
  /// every completion through it from above (each further factor is at most
  /// 1), so the frontier is popped in order of that bound, and a complete
  /// continuation popped is at least as probable as every one not yet
  /// popped. This is exact, never a beam: only prefixes whose bound reaches
  /// the k-th answer's probability are ever expanded.
  public mutating func top(_ k: Int) throws -> [Completion] {
    precondition(k >= 1, "ask for at least one completion")
    try requireDistribution("top:\(k)")
    var found: [Int32] = []
    try bestFirst { node, _ in
      found.append(node)
      return found.count < k
    }
    return found.map(completion)
  }

  /// The most probable completions, in order, until together they hold at
  /// least `fraction` of the probability (best-first, as ``top(_:)``).
  public mutating func mass(_ fraction: Rational) throws -> MassSelection {
    precondition(fraction.signum > 0 && fraction <= 1, "a fraction in (0, 1]")
    try requireDistribution("mass:\(fraction)")
    var found: [Int32] = []
    var total = Rational.zero
    try bestFirst { node, probability in
      found.append(node)
      total += probability
      return total < fraction
    }
    return MassSelection(fraction: fraction, completions: found.map(completion), mass: total)
  }

  /// Pops complete continuations in ``precedes(_:_:)`` order, handing each
  /// to `take` until it returns false or none is left.
  mutating func bestFirst(_ take: (Int32, Rational) throws -> Bool) throws {
    var heap: [Int32] = [0]
    while let i = pop(&heap) {
      if Int(nodes[Int(i)].depth) == length {
        if try !take(i, nodes[Int(i)].probability) { return }
        continue
      }
      try expand(i)
      for child in nodes[Int(i)].children! where child >= 0 { push(child, onto: &heap) }
    }
  }

  // A binary heap of nodes, first in `precedes` order at the top.

  func push(_ node: Int32, onto heap: inout [Int32]) {
    heap.append(node)
    var c = heap.count - 1
    while c > 0 {
      let p = (c - 1) / 2
      if !precedes(heap[c], heap[p]) { break }
      heap.swapAt(c, p)
      c = p
    }
  }

  func pop(_ heap: inout [Int32]) -> Int32? {
    guard let last = heap.popLast() else { return nil }
    guard !heap.isEmpty else { return last }
    let top = heap[0]
    heap[0] = last
    var p = 0
    while true {
      let (l, r) = (2 * p + 1, 2 * p + 2)
      var best = p
      if l < heap.count, precedes(heap[l], heap[best]) { best = l }
      if r < heap.count, precedes(heap[r], heap[best]) { best = r }
      if best == p { break }
      heap.swapAt(p, best)
      p = best
    }
    return top
  }
}

extension CompletionSearch {
  /// `count` completions drawn with exactly the model's probabilities
  /// (each token from the exact next-token distribution, by
  /// ``ExactSampler``, seeded), grouped: distinct strings, most often drawn
  /// first (then more probable first), each with its exact probability.
  public mutating func samples(_ count: Int, seed: UInt64) throws -> [SampledCompletion] {
    precondition(count >= 1, "draw at least one sample")
    try requireDistribution("sample:\(count)")
    var sampler = ExactSampler(seed: seed)
    var counts: [Int32: Int] = [:]
    var order: [Int32] = []
    for _ in 0..<count {
      var i: Int32 = 0
      for _ in 0..<length {
        try expand(i)
        let v = sampler.draw(nodes[Int(i)].next!)
        i = nodes[Int(i)].children![v]
      }
      if counts[i] == nil { order.append(i) }
      counts[i, default: 0] += 1
    }
    order.sort { a, b in counts[a]! != counts[b]! ? counts[a]! > counts[b]! : precedes(a, b) }
    return order.map { SampledCompletion(completion: completion($0), count: counts[$0]!) }
  }
}
