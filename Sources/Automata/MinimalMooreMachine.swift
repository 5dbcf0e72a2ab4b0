/// The minimal Moore machine of a task given only as its input→output
/// function, by Myhill–Nerode: two input prefixes need different states
/// exactly when some continuation makes the task's outputs differ. The
/// state count is therefore a lower bound for every finite-state
/// recurrent model that computes the task, whatever its design.
///
/// The task is given on the prefixes of its well-formed inputs (`output`
/// returns nil elsewhere); every other word goes to one absorbing state that
/// outputs `-`, so the function is total and its minimal machine is unique.
/// The prefixes form a finite tree (the task has a longest input), which is
/// minimised bottom-up: a node's class is its output with the classes of
/// its children, so equal classes are exactly equal residual functions.
public struct MinimalMooreMachine: Sendable {
  /// States of the minimal machine: the start, one per class of prefixes,
  /// and the absorbing state for words that are no prefix of an input.
  public let states: Int
  /// Prefixes of well-formed inputs visited (the empty word included).
  public let prefixes: Int

  /// Minimises the task `output` over `alphabet`.
  ///
  /// - Parameters:
  ///   - alphabet: the input tokens.
  ///   - maxLength: the longest well-formed input (longer words are never
  ///     prefixes; the search stops there).
  ///   - output: the task's output after a non-empty word, or nil when the
  ///     word is no prefix of a well-formed input.
  /// - Complexity: O(P·|alphabet|) calls of `output` and hash lookups, for
  ///   P prefixes of well-formed inputs.
  public init(alphabet: [String], maxLength: Int, output: ([String]) -> String?) {
    // Breadth-first tree of prefixes: word, output, children by token (-1: absorbing).
    var words: [[String]] = [[]]
    var outputs: [String] = [""]
    var children: [[Int]] = []
    var next = 0
    while next < words.count {
      let word = words[next]
      var row = [Int](repeating: -1, count: alphabet.count)
      if word.count < maxLength {
        for (a, token) in alphabet.enumerated() {
          let longer = word + [token]
          if let out = output(longer) {
            row[a] = words.count
            words.append(longer)
            outputs.append(out)
          }
        }
      }
      children.append(row)
      next += 1
    }
    // Bottom-up classes; class 0 is the absorbing state (output "-", every token to itself).
    struct Signature: Hashable {
      var output: String
      var children: [Int]
    }
    var classOf = [Int](repeating: 0, count: words.count)
    var classes: [Signature: Int] = [Signature(output: "-", children: Array(repeating: 0, count: alphabet.count)): 0]
    for node in words.indices.reversed() {
      let signature = Signature(output: outputs[node], children: children[node].map { $0 < 0 ? 0 : classOf[$0] })
      if let c = classes[signature] {
        classOf[node] = c
      } else {
        classOf[node] = classes.count
        classes[signature] = classes.count
      }
    }
    // The absorbing state counts only if some word reaches it.
    let absorbingReached = children.contains { $0.contains(-1) }
    states = classes.count - (absorbingReached ? 0 : 1)
    prefixes = words.count
  }
}
