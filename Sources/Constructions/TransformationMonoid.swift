import Automata

/// The transformation monoid of an automaton: every map on states that some
/// input word induces (the empty word's identity included).
struct TransformationMonoid: Sendable {
  /// The letters' maps, in alphabet order.
  let letters: [Transformation]
  /// Every element, the identity first.
  let elements: [Transformation]

  /// A group inside the monoid that is not solvable, described for messages.
  struct NonSolvableWitness: Sendable, Equatable {
    /// The group's order.
    let order: Int
    /// The order of the last term of its derived series (a perfect group, ≠ 1).
    let perfectCoreOrder: Int
    /// The states the group permutes (the idempotent's image).
    let states: [Int]
  }

  /// The monoid of `automaton`, or nil when it has more than `limit` elements.
  init?(automaton: Automaton, limit: Int = 100_000) {
    let n = automaton.states.count
    letters = automaton.alphabet.indices.map { a in Transformation(automaton.transitions.map { $0[a] }) }
    var list = [Transformation.identity(n)]
    var seen: Set<Transformation> = [list[0]]
    var next = 0
    while next < list.count {
      let x = list[next]
      next += 1
      for letter in letters {
        let y = x.then(letter)
        if seen.insert(y).inserted {
          list.append(y)
          if list.count > limit { return nil }
        }
      }
    }
    elements = list
  }

  /// A maximal subgroup that is not solvable, if any: the monoid's groups
  /// are its H-classes holding an idempotent (same image, same kernel),
  /// each acting faithfully on the idempotent's image.
  func nonSolvableSubgroup() -> NonSolvableWitness? {
    struct Key: Hashable { let image: [Int]; let kernel: [Int] }
    var classes: [Key: [Transformation]] = [:]
    for x in elements { classes[Key(image: x.image, kernel: x.kernel), default: []].append(x) }
    let groups = classes.compactMap { key, members -> (Key, [Transformation])? in
      members.contains { $0.then($0) == $0 } ? (key, members) : nil
    }.sorted { ($0.1.count, $0.0.image.count) > ($1.1.count, $1.0.image.count) }
    for (key, members) in groups where members.count >= 60 {
      // Smaller groups are all solvable (the least non-solvable has order 60).
      let points = key.image
      let position = Dictionary(uniqueKeysWithValues: points.enumerated().map { ($1, $0) })
      let permutations = members.map { x in Transformation(points.map { position[x.images[$0]]! }) }
      let group = PermutationGroup(generators: permutations, degree: points.count)
      let core = group.derivedSeries().last!
      if !core.isTrivial {
        return NonSolvableWitness(order: group.order, perfectCoreOrder: core.order, states: points)
      }
    }
    return nil
  }
}
