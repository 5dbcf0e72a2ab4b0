import ExactArithmetic
import Transformer

/// Exact search over the complete n-token continuations of a prompt.
///
/// A completion's probability is the exact product of the model's
/// next-token probabilities along it (a softmax or proportional readout,
/// ``Readout/probabilities(_:position:)``), so every strategy's answer
/// carries an exact rational, and strategies can be compared on the same
/// footing: ``greedy()``, ``beam(width:)``, ``top(_:)`` (the exact K most
/// probable, best-first), ``mass(_:)``, ``samples(_:seed:)`` and
/// ``exactDistribution(top:limit:progress:)``.
///
/// The strategies share one tree of prefixes. Expanding a node computes one
/// new position with the incremental pass (``IncrementalRun``) and keeps it
/// (``IncrementalRun/KeptPosition``), so a prefix's keys and values are
/// computed once for all its extensions, by every strategy run on the same
/// search: returning to a prefix appends its kept positions again instead of
/// computing them. A model that is not causal is run whole at each node.
///
///     var search = try CompletionSearch(model: model.prepared(), prompt: ["t0"], length: 4)
///     let best = try search.top(3)          // exact, most probable first
///     let path = try search.greedy()
///
/// Ties are broken the same way everywhere: a more probable completion
/// first, then the readout's label order, position by position (greedy
/// takes the first of the most probable labels).
public struct CompletionSearch: Sendable {
  /// The model searched.
  public let model: PreparedModel
  /// The prompt (BOS excluded).
  public let prompt: [String]
  /// n, the tokens in a completion.
  public let length: Int
  /// The readout's labels as text (the tokens a completion is made of).
  public let labels: [String]
  /// Work done so far.
  public internal(set) var statistics = SearchStatistics()
  /// The most prefix-tree nodes a search may create before it stops with
  /// ``CompletionError/tooLarge(_:)``.
  public var nodeLimit = 1 << 22

  /// A prefix: the prompt plus the labels on the path from the root.
  struct Node: Sendable {
    var parent: Int32
    var label: Int32
    var depth: Int32
    /// The prefix's exact probability.
    var probability: Rational
    /// The next-token probabilities after the prefix, once expanded.
    var next: [Rational]?
    /// The child node of each label (−1 for a label of probability 0).
    var children: [Int32]?
    /// The prefix's last position, kept (incremental pass only).
    var kept: IncrementalRun.KeptPosition?
  }

  var nodes: [Node]
  /// The incremental run (nil for a model that is not causal).
  var run: IncrementalRun?
  /// The nodes whose tokens the run holds after the prompt, in order.
  var applied: [Int32] = []
  /// Each label's index in the vocabulary, when the label is a token.
  let labelIsToken: [Bool]

  /// A search over the `length`-token completions of `prompt`.
  ///
  /// - Throws: ``CompletionError/badRequest(_:)`` for n < 1, a prompt the
  ///   model rejects, or n too long for the model's maximum length.
  public init(model: PreparedModel, prompt: [String], length: Int) throws {
    guard length >= 1 else {
      throw CompletionError.badRequest("the number of tokens to complete must be at least 1, got \(length)")
    }
    do {
      _ = try model.sequence(for: prompt)
    } catch let error as ModelError {
      throw CompletionError.badRequest("prompt: \(error)")
    }
    let m = model.model
    // The last token is never appended: it only has to be chosen.
    guard prompt.count + length - 1 <= m.maxLength else {
      throw CompletionError.badRequest(
        "a prompt of \(prompt.count) tokens and \(length) more need \(prompt.count + length - 1) positions before the last token; the model's maximum length is \(m.maxLength)")
    }
    self.model = model
    self.prompt = prompt
    self.length = length
    labels = (m.readout.labels ?? []).map(\.description)
    let vocabulary = Set(m.vocabulary)
    labelIsToken = labels.map { vocabulary.contains($0) }
    nodes = [Node(parent: -1, label: -1, depth: 0, probability: .one)]
    if model.isCausal {
      var run = try IncrementalRun(model)
      do {
        try run.extend(by: prompt)
      } catch let error as ModelError {
        throw CompletionError.badRequest("prompt: \(error)")
      }
      statistics.positionsComputed = prompt.count + (m.bos == nil ? 0 : 1)
      self.run = run
    }
  }

  /// Whether the model's readout gives next-token probabilities.
  public var hasDistribution: Bool { model.model.readout.isDistribution }

  // MARK: The tree

  /// The labels on the path to node `i`, from the root.
  func path(_ i: Int32) -> [Int32] {
    var out: [Int32] = []
    var j = i
    while j > 0 {
      out.append(nodes[Int(j)].label)
      j = nodes[Int(j)].parent
    }
    return out.reversed()
  }

  /// The nodes on the path to node `i` (root excluded).
  func chain(_ i: Int32) -> [Int32] {
    var out: [Int32] = []
    var j = i
    while j > 0 {
      out.append(j)
      j = nodes[Int(j)].parent
    }
    return out.reversed()
  }

  /// Node `i` as a completion (its tokens and exact probability).
  func completion(_ i: Int32) -> Completion {
    Completion(tokens: path(i).map { labels[Int($0)] }, probability: nodes[Int(i)].probability)
  }

  /// Whether node `a` comes before node `b`: more probable, or as probable
  /// and first in label order.
  func precedes(_ a: Int32, _ b: Int32) -> Bool {
    let (p, q) = (nodes[Int(a)].probability, nodes[Int(b)].probability)
    if p != q { return q < p }
    return path(a).lexicographicallyPrecedes(path(b))
  }

  /// The tokens of the prompt and the path to node `i`.
  func tokens(_ i: Int32) -> [String] { prompt + path(i).map { labels[Int($0)] } }

  /// Computes node `i`'s next-token distribution and creates its children.
  ///
  /// - Complexity: one new position of the incremental pass, after
  ///   restoring the kept positions of the ancestors the run does not hold.
  mutating func expand(_ i: Int32) throws {
    if nodes[Int(i)].next != nil { return }
    let next: [Rational]
    if run != nil {
      next = try expandIncrementally(i)
    } else {
      let tokens = tokens(i)
      let result: Result<[Rational], ModelError>
      do {
        let whole = try model.run(tokens)
        result = model.probabilities(of: whole).last!
      } catch let error as ModelError {
        result = .failure(error)
      }
      statistics.positionsComputed += tokens.count + (model.model.bos == nil ? 0 : 1)
      if i != 0 { statistics.nodesExpanded += 1 }
      next = try result.mapError { CompletionError.model($0, prefix: Array(tokens.dropFirst(prompt.count))) }.get()
    }
    guard nodes.count + next.count <= nodeLimit else {
      throw CompletionError.tooLarge(
        "the search needs more than \(nodeLimit) prefixes; ask for fewer completions, a smaller mass or fewer tokens")
    }
    let p = nodes[Int(i)].probability
    let depth = nodes[Int(i)].depth + 1
    var children: [Int32] = []
    children.reserveCapacity(next.count)
    for (v, q) in next.enumerated() {
      if q.isZero {
        children.append(-1)
      } else {
        children.append(Int32(nodes.count))
        nodes.append(Node(parent: i, label: Int32(v), depth: depth, probability: p * q))
      }
    }
    nodes[Int(i)].next = next
    nodes[Int(i)].children = children
  }

  /// The incremental path of ``expand(_:)``: moves the run to node `i`'s
  /// parent (truncating, then appending kept positions), computes `i`'s
  /// position, keeps it.
  mutating func expandIncrementally(_ i: Int32) throws -> [Rational] {
    let target = chain(i)
    let parents = target.dropLast()
    var common = 0
    while common < applied.count, common < parents.count, applied[common] == parents[parents.startIndex + common] {
      common += 1
    }
    run!.truncate(toLength: prompt.count + common)
    applied.removeLast(applied.count - common)
    for node in parents.dropFirst(common) {
      run!.append(nodes[Int(node)].kept!)
      applied.append(node)
      statistics.positionsRestored += 1
    }
    if let last = target.last {
      let label = Int(nodes[Int(last)].label)
      guard labelIsToken[label] else {
        throw CompletionError.labelNotToken(label: labels[label], prefix: path(nodes[Int(last)].parent).map { labels[Int($0)] })
      }
      do {
        try run!.append(labels[label])
      } catch let error as ModelError {
        throw CompletionError.model(error, prefix: path(last).map { labels[Int($0)] })
      }
      applied.append(last)
      statistics.positionsComputed += 1
      statistics.nodesExpanded += 1
      nodes[Int(last)].kept = run!.keptLastPosition()
    }
    let position = run!.tokens.count - 1
    return try run!.probabilities(at: position).mapError {
      CompletionError.model($0, prefix: path(i).map { labels[Int($0)] })
    }.get()
  }

  /// Throws unless the readout gives probabilities.
  func requireDistribution(_ strategy: String) throws {
    guard hasDistribution else {
      throw CompletionError.needsDistribution(strategy: strategy, readout: model.model.readout.kind)
    }
  }

  // MARK: Strategies

  /// Greedy decoding: the most probable next token at each step (ties to
  /// the first label), with the path's exact joint probability. On a
  /// readout without probabilities (categorical, numerical), the decoded
  /// output at each step, with no probability.
  public mutating func greedy() throws -> Completion {
    guard hasDistribution else { return try greedyByOutputs() }
    var i: Int32 = 0
    for _ in 0..<length {
      try expand(i)
      let next = nodes[Int(i)].next!
      var best = 0
      for v in next.indices where next[best] < next[v] { best = v }
      i = nodes[Int(i)].children![best]
    }
    return completion(i)
  }

  /// Greedy on the decoded outputs (a chain of thought of n steps).
  mutating func greedyByOutputs() throws -> Completion {
    var generated: [String] = []
    let vocabulary = Set(model.model.vocabulary)
    for step in 0..<length {
      let output: Result<OutputValue, ModelError>
      if run != nil {
        if step == 0 {
          run!.truncate(toLength: prompt.count)
          applied = []
        }
        output = run!.outputs.last!
      } else {
        do {
          output = try model.outputsByPosition(prompt + generated).last!
        } catch let error as ModelError {
          output = .failure(error)
        }
        statistics.positionsComputed += prompt.count + generated.count + (model.model.bos == nil ? 0 : 1)
      }
      let token = try output.mapError { CompletionError.model($0, prefix: generated) }.get().description
      generated.append(token)
      if step == length - 1 { break }
      guard vocabulary.contains(token) else {
        throw CompletionError.labelNotToken(label: token, prefix: Array(generated.dropLast()))
      }
      if run != nil {
        do {
          try run!.append(token)
        } catch let error as ModelError {
          throw CompletionError.model(error, prefix: generated)
        }
        statistics.positionsComputed += 1
        statistics.nodesExpanded += 1
      }
    }
    if run != nil {
      run!.truncate(toLength: prompt.count)
      applied = []
    }
    return Completion(tokens: generated, probability: nil)
  }

  /// Beam search: at each step, every child of the kept prefixes, of which
  /// the `width` most probable are kept. Returns the final beams, most
  /// probable first, each with its exact probability.
  public mutating func beam(width: Int) throws -> [Completion] {
    precondition(width >= 1, "a beam needs width at least 1")
    try requireDistribution("beam:\(width)")
    var level: [Int32] = [0]
    for _ in 0..<length {
      var candidates: [Int32] = []
      for i in level {
        try expand(i)
        candidates += nodes[Int(i)].children!.filter { $0 >= 0 }
      }
      level = Array(smallest(width, of: candidates))
    }
    return level.map(completion)
  }

  /// The first `k` of `candidates` in ``precedes(_:_:)`` order.
  func smallest(_ k: Int, of candidates: [Int32]) -> [Int32] {
    let paths = Dictionary(uniqueKeysWithValues: candidates.map { ($0, path($0)) })
    let sorted = candidates.sorted { a, b in
      let (p, q) = (nodes[Int(a)].probability, nodes[Int(b)].probability)
      if p != q { return q < p }
      return paths[a]!.lexicographicallyPrecedes(paths[b]!)
    }
    return Array(sorted.prefix(k))
  }

  /// The exact probability of one completion (the product of the model's
  /// next-token probabilities along it; 0 once a token has probability 0).
  ///
  /// - Throws: ``CompletionError/badRequest(_:)`` for a completion of the wrong
  ///   length or a token that is not a label.
  public mutating func probability(of completion: [String]) throws -> Rational {
    try requireDistribution("a completion's probability")
    guard completion.count == length else {
      throw CompletionError.badRequest("the completion has \(completion.count) tokens; the search is for \(length)")
    }
    var i: Int32 = 0
    for token in completion {
      guard let v = labels.firstIndex(of: token) else {
        throw CompletionError.badRequest("'\(token)' is not one of the readout's labels")
      }
      try expand(i)
      i = nodes[Int(i)].children![v]
      if i < 0 { return .zero }
    }
    return nodes[Int(i)].probability
  }
}
