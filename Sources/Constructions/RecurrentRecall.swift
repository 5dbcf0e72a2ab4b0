/// Associative recall by recurrent models: the exact machine whose state
/// holds everything recall needs, and the smallest machine that is right on
/// every input up to a length, found by search (Wen, Dang & Lyu 2024,
/// "RNNs are not Transformers (Yet)": recurrent models need state growing
/// with n where a two-layer transformer of constant width suffices).
///
/// The task is the one ``Induction/associativeRecall(vocabulary:maxLength:)``
/// solves: at each position, the token that followed the most recent earlier
/// occurrence of the current token, or ``Induction/noMatch``.
public enum RecurrentRecall {
  /// The most states `construct recurrent-recall` builds an exact machine with
  /// (four tokens need 469; five need 5306, a model of several gigabytes).
  public static let exactStateBudget = 1000

  /// The task's outputs on `word`, computed directly.
  public static func recall(_ word: [String]) -> [String] {
    word.indices.map { i in
      guard let k = (0..<i).last(where: { word[$0] == word[i] }) else { return Induction.noMatch }
      return word[k + 1]
    }
  }

  /// The machine whose state is (last token, successor of each token): right
  /// at every length. Only reachable states are built (11 for two tokens:
  /// start, 2 after one token, 4 with one successor known and 4 with both,
  /// since a token that is its own successor must also be the last token).
  public static func exactMachine(vocabulary: [String]) -> RecurrentMachine {
    exactMachine(vocabulary: vocabulary, maxStates: .max)!
  }

  /// The exact machine, or nil when it has more than `maxStates` reachable
  /// states (the count grows about as |V|·(|V|+1)^|V|: 5306 for five tokens).
  public static func exactMachine(vocabulary: [String], maxStates: Int) -> RecurrentMachine? {
    let v = vocabulary.count
    // A state: last token (v = none) and successor per token (v = none).
    struct Key: Hashable {
      var last: Int
      var successor: [Int]
    }
    let start = Key(last: v, successor: Array(repeating: v, count: v))
    var index: [Key: Int] = [start: 0]
    var keys = [start]
    var transitions: [[Int]] = []
    var outputs: [[String]] = []
    var next = 0
    while next < keys.count {
      let key = keys[next]
      var row: [Int] = []
      var emitted: [String] = []
      for a in 0..<v {
        var successor = key.successor
        if key.last < v { successor[key.last] = a }
        emitted.append(successor[a] < v ? vocabulary[successor[a]] : Induction.noMatch)
        let target = Key(last: a, successor: successor)
        if index[target] == nil {
          guard keys.count < maxStates else { return nil }
          index[target] = keys.count
          keys.append(target)
        }
        row.append(index[target]!)
      }
      transitions.append(row)
      outputs.append(emitted)
      next += 1
    }
    return RecurrentMachine(
      vocabulary: vocabulary, stateCount: keys.count, transitions: transitions, outputs: outputs)
  }

  /// The smallest recurrent machine that computes `task` on every input of
  /// every length up to `maxLength`, or nil if none has at most `maxStates`
  /// states.
  ///
  /// Exact search: the input trie is visited breadth first, each node gets
  /// a state, and a state already reached by the same (state, token) pair
  /// is forced; new states are numbered in order of first use, so no
  /// renaming of a machine is tried twice. The state count is raised one at
  /// a time, so the first machine found is a smallest one.
  ///
  /// - Complexity: exponential in the worst case; meant for small lengths.
  public static func minimalMachine(
    vocabulary: [String], maxLength: Int, maxStates: Int,
    task: ([String]) -> [String] = recall
  ) -> RecurrentMachine? {
    switch search(vocabulary: vocabulary, maxLength: maxLength, maxStates: maxStates, budget: .max, task: task) {
    case .found(let machine): return machine
    case .none, .overBudget: return nil
    }
  }

  /// What a bounded search for a smallest machine ended with.
  public enum SearchOutcome: Sendable {
    /// A smallest machine.
    case found(RecurrentMachine)
    /// No machine with at most the given number of states.
    case none
    /// The input tree has more than ``SearchBudget/nodes`` nodes, or the
    /// search took more than ``SearchBudget/steps`` steps, before an answer.
    case overBudget(String)
  }

  /// Limits on a search's input tree and its steps (each step assigns a
  /// state to one node of the tree).
  public struct SearchBudget: Sendable {
    public var nodes: Int
    public var steps: Int
    public init(nodes: Int, steps: Int) {
      self.nodes = nodes
      self.steps = steps
    }
    /// About a second of search (debug build); a tree the recursion handles on any stack.
    public static let standard = SearchBudget(nodes: 4096, steps: 5_000_000)
    /// No limit.
    public static let max = SearchBudget(nodes: .max, steps: .max)
  }

  /// ``minimalMachine(vocabulary:maxLength:maxStates:task:)`` within `budget`.
  ///
  /// - Parameter progress: told the step budget first (`(0, budget.steps)`),
  ///   then the steps taken every 65,536 steps, and `(budget.steps,
  ///   budget.steps)` when the search ends, whatever its outcome.
  public static func search(
    vocabulary: [String], maxLength: Int, maxStates: Int, budget: SearchBudget,
    task: ([String]) -> [String] = recall, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) -> SearchOutcome {
    progress?(0, budget.steps)
    defer { progress?(budget.steps, budget.steps) }
    // The tree has |V| + |V|^2 + … + |V|^maxLength nodes below the root: counted before it is built.
    var nodes = 1
    var level = 1
    for _ in 0..<maxLength {
      let (widened, overflowA) = level.multipliedReportingOverflow(by: vocabulary.count)
      let (total, overflowB) = nodes.addingReportingOverflow(widened)
      guard !overflowA, !overflowB, total <= budget.nodes else {
        return .overBudget(
          "the inputs up to length \(maxLength) over \(vocabulary.count) tokens form a tree of more than \(budget.nodes) nodes")
      }
      level = widened
      nodes = total
    }
    var steps = 0
    // The trie, breadth first: parent, token, output label.
    var parent: [Int] = [-1]
    var token: [Int] = [-1]
    var label: [Int] = [-1]
    var words: [[String]] = [[]]
    var labels: [String] = []
    var labelIndex: [String: Int] = [:]
    var frontier = [0]
    for _ in 0..<maxLength {
      var nextFrontier: [Int] = []
      for node in frontier {
        for (a, symbol) in vocabulary.enumerated() {
          let word = words[node] + [symbol]
          let out = task(word).last!
          if labelIndex[out] == nil {
            labelIndex[out] = labels.count
            labels.append(out)
          }
          parent.append(node)
          token.append(a)
          label.append(labelIndex[out]!)
          words.append(word)
          nextFrontier.append(words.count - 1)
        }
      }
      frontier = nextFrontier
    }
    guard maxStates >= 1 else { return .none }
    let v = vocabulary.count
    for k in 1...maxStates {
      var delta = [Int](repeating: -1, count: k * v)
      var lambda = [Int](repeating: -1, count: k * v)
      var state = [Int](repeating: -1, count: words.count)
      state[0] = 0
      func assign(_ node: Int, _ used: Int) -> Bool {
        if node == words.count { return true }
        steps += 1
        if steps > budget.steps { return false }
        if steps & 0xFFFF == 0 { progress?(steps, budget.steps) }
        let cell = state[parent[node]] * v + token[node]
        if delta[cell] >= 0 {
          guard lambda[cell] == label[node] else { return false }
          state[node] = delta[cell]
          return assign(node + 1, used)
        }
        for s in 0..<min(used + 1, k) {
          delta[cell] = s
          lambda[cell] = label[node]
          state[node] = s
          if assign(node + 1, max(used, s + 1)) { return true }
        }
        delta[cell] = -1
        lambda[cell] = -1
        return false
      }
      let assigned = assign(1, 1)
      if steps > budget.steps {
        return .overBudget("the search passed \(budget.steps) steps while trying machines of \(k) states")
      }
      if assigned {
        // Unvisited cells are never used on inputs up to maxLength: loop to 0.
        let transitions = (0..<k).map { s in (0..<v).map { max(delta[s * v + $0], 0) } }
        let outputs = (0..<k).map { s in
          (0..<v).map { lambda[s * v + $0] >= 0 ? labels[lambda[s * v + $0]] : Induction.noMatch }
        }
        return .found(RecurrentMachine(vocabulary: vocabulary, stateCount: k, transitions: transitions, outputs: outputs))
      }
    }
    return .none
  }
}
