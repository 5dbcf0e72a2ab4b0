import ExactArithmetic
import Transformer

/// Builds the layers of a Krohn–Rhodes cascade (``AutomatonCascade``) on a
/// ``ModelBuilder``: one stage per level of the decomposition, each reading
/// the letters of the level above through the residual stream.
///
/// Every level takes a sequence of letters (maps on `n` states, one per
/// position, the identity at BOS and where the level above has nothing to
/// say) and yields the state after each prefix, as a one-hot view:
/// - only permutations: a prefix product in their group, by a composition
///   series with prime factors; each factor Z_p is a counter
///   (``groupProduct(_:letters:outputs:)``);
/// - permutations and other maps: the group part up to the last
///   non-permutation, and a derived level on those positions
///   (``breakLevel(states:letters:view:start:)``);
/// - no permutation but the identity: each state is named by its place in
///   the image of the last letter, a derived level on fewer states
///   (``imageLevel(states:letters:view:start:)``).
struct CascadeAssembly {
  var builder: ModelBuilder
  let maxLength: Int
  /// A line per level, for the model's metadata and reports.
  var levels: [String] = []
  private var counter = 0
  private var inverseReady = false

  init(builder: ModelBuilder, maxLength: Int) {
    self.builder = builder
    self.maxLength = maxLength
  }

  private var bos: String { "tokens:\(builder.bos!)" }
  /// A score weight above every position number.
  private var big: Rational { Rational(maxLength + 2) }

  private mutating func fresh(_ kind: String, count: Int) -> OneHotView {
    counter += 1
    let view = OneHotView.block("\(kind)\(counter)", count: count)
    builder.declare(view.values.map { $0[0].0 })
    return view
  }

  private mutating func freshDirection(_ kind: String) -> String {
    counter += 1
    builder.declare(["\(kind)\(counter)"])
    return "\(kind)\(counter)"
  }

  /// The state after each prefix of the letters `view` holds (`letters[0]`
  /// is the identity), from `start`.
  mutating func solve(states n: Int, letters: [Transformation], view: OneHotView, start: Int) throws -> OneHotView {
    if n == 1 { return OneHotView(values: [[("one", 1)]]) }
    let moving = letters.indices.filter { !letters[$0].isIdentity }
    if moving.isEmpty {
      return OneHotView(values: (0..<n).map { $0 == start ? [("one", 1)] : [] })
    }
    if moving.allSatisfy({ letters[$0].isPermutation }) {
      let group = PermutationGroup(generators: letters, degree: n)
      let asElements = OneHotView(values: group.elements.map { g in
        view.sum(letters.indices.filter { letters[$0] == g })
      })
      let out = fresh("q", count: n)
      levels.append("group of order \(group.order) on \(n) states")
      try groupProduct(group, letters: asElements) { h in out[h.images[start]] }
      return out
    }
    if moving.contains(where: { letters[$0].isPermutation }) {
      return try breakLevel(states: n, letters: letters, view: view, start: start)
    }
    return try imageLevel(states: n, letters: letters, view: view, start: start)
  }

  /// The prefix products of the group elements `letters` holds, written by
  /// `outputs` (each element's directions, set to 1 where it is the product).
  ///
  /// For each step G_i ⊳ G_{i+1} of prime index p with coset generator g,
  /// a_t = Σ_{j ≤ t} v(x_j) mod p counts the cosets (one averaging head and
  /// two perceptrons), and x'_t = g^{a_{t−1}} x_t g^{−a_t} ∈ G_{i+1} is the
  /// next step's letter; the product is g_{k−1}^{a_{k−1}} ⋯ g_0^{a_0}.
  mutating func groupProduct(
    _ group: PermutationGroup, letters: OneHotView, outputs: (Transformation) -> [(String, Rational)]
  ) throws {
    guard let series = group.compositionSeries() else {
      let core = group.derivedSeries().last!
      throw ConstructionError.badParameter(
        "automaton-cascade: a level of the decomposition needs a group of order \(group.order) on \(group.degree) coordinates that is not solvable (its derived series stops at order \(core.order)); this decomposition does not cover the automaton (automaton-scan does)")
    }
    // Letters by element: each step's group lists its elements in its own order.
    var current = Dictionary(uniqueKeysWithValues: group.elements.enumerated().map { ($1, letters[$0]) })
    var counts: [OneHotView] = []
    let t = maxLength
    for (i, step) in series.enumerated() {
      let p = step.prime
      levels.append("  counter mod \(p) (composition factor \(i + 1) of \(series.count))")
      // Layer A: the mean of v(x) over positions 0..t, and 1/(t+1) once.
      let mean = freshDirection("mean")
      var moves: [(value: String, output: String, weight: Rational)] = [("one", mean, 0)]
      for x in step.group.elements {
        let v = step.coset(of: x)
        if v > 0 { moves += (current[x] ?? []).map { ($0.0, mean, $0.1 * Rational(v)) } }
      }
      var heads = [
        AttentionHead(name: "count-\(mean)", scores: [("one", "one", 0)], moves: moves, semantics: .averagingHard, mask: .causal)
      ]
      if !inverseReady {
        builder.declare(["inverse_length"])
        heads.append(AttentionHead(
          name: "inverse-length", scores: [("one", "one", 0)], moves: [(bos, "inverse_length", 1)],
          semantics: .averagingHard, mask: .causal))
        inverseReady = true
      }
      // [S ≥ v]/(t+1) = relu(mean − (v−1)/(t+1)) − relu(mean − v/(t+1)) for the integer sum S.
      let scaled = fresh("residue", count: p)
      var units: [MLP.Unit] = [MLP.Unit(inputs: [("inverse_length", 1)], outputs: [(scaled[0][0].0, 1)])]
      for v in 1...max(1, (p - 1) * t) {
        let up = scaled[v % p][0].0
        let down = scaled[(v - 1) % p][0].0
        units.append(MLP.Unit(inputs: [(mean, 1), ("inverse_length", Rational(-(v - 1)))], outputs: [(up, 1), (down, -1)]))
        units.append(MLP.Unit(inputs: [(mean, 1), ("inverse_length", Rational(-v))], outputs: [(up, -1), (down, 1)]))
      }
      try builder.appendLayer(heads: heads, mlp: MLP(name: "sum-\(mean)", units: units))
      // Layer B: (t+1)·scaled clamped to 1 is the one-hot residue.
      let last = i == series.count - 1
      let residue: OneHotView = last && series.count == 1 ? OneHotView(values: []) : fresh("count", count: p)
      var clamp: [MLP.Unit] = []
      for r in 0..<p {
        let target: [(String, Rational)] =
          residue.count == 0 ? outputs(step.generator.power(r)) : residue[r]
        clamp.append(MLP.Unit(inputs: [(scaled[r][0].0, Rational(t + 1))], outputs: target))
        clamp.append(MLP.Unit(
          inputs: [(scaled[r][0].0, Rational(t + 1))], bias: -1, outputs: target.map { ($0.0, -$0.1) }))
      }
      try builder.appendLayer(mlp: MLP(name: "residue-\(mean)", units: clamp))
      counts.append(residue)
      guard !last else { break }
      // Layer C: the next step's letters.
      let nextLetters = fresh("x", count: step.next.order)
      var relabel: [MLP.Unit] = []
      for x in step.group.elements {
        guard let letter = current[x], !letter.isEmpty else { continue }
        let v = step.coset(of: x)
        for r in 0..<p {
          let before = ((r - v) % p + p) % p
          let y = step.generator.power(before).then(x).then(step.generator.power(r).inverse)
          relabel.append(MLP.Unit(
            inputs: letter + residue[r], bias: -1, outputs: nextLetters[step.next.index[y]!]))
        }
      }
      try builder.appendLayer(mlp: MLP(name: "relabel-\(mean)", units: relabel))
      current = Dictionary(uniqueKeysWithValues: step.next.elements.enumerated().map { ($1, nextLetters[$0]) })
    }
    guard series.count > 1 else { return }
    // The product from the residues: one unit per element.
    var product: [MLP.Unit] = []
    func visit(_ i: Int, _ chosen: [Int]) {
      if i < 0 {
        var h = Transformation.identity(group.degree)
        for j in stride(from: series.count - 1, through: 0, by: -1) {
          h = h.then(series[j].generator.power(chosen[series.count - 1 - j]))
        }
        let inputs = (0..<series.count).flatMap { j in counts[j][chosen[series.count - 1 - j]] }
        product.append(MLP.Unit(inputs: inputs, bias: Rational(-(series.count - 1)), outputs: outputs(h)))
        return
      }
      for r in 0..<series[i].prime { visit(i - 1, chosen + [r]) }
    }
    visit(series.count - 1, [])
    try builder.appendLayer(mlp: MLP(name: "product-\(counter)", units: product))
  }

  /// Letters that are permutations and letters that are not: the state is
  /// the group product since the last non-permutation applied to the state
  /// there, and the states at non-permutations are a derived level whose
  /// letters are (group element since the previous one, then the letter).
  mutating func breakLevel(states n: Int, letters: [Transformation], view: OneHotView, start: Int) throws -> OneHotView {
    let group = PermutationGroup(generators: letters.filter(\.isPermutation), degree: n)
    let breaking = letters.indices.filter { !letters[$0].isPermutation }
    levels.append("reset level on \(n) states: group of order \(group.order), \(breaking.count) non-permutation letters")
    let asElements = OneHotView(values: group.elements.map { g in
      view.sum(letters.indices.filter { letters[$0] == g }) + (g.isIdentity ? view.sum(breaking) : [])
    })
    let product = fresh("P", count: group.order)
    try groupProduct(group, letters: asElements) { h in product[group.index[h]!] }
    // Fetch the product at the last break ≤ t and < t (BOS is a break).
    let flag = view.sum(breaking) + [(bos, 1)]
    let scores = flag.map { ("one", $0.0, $0.1 * big) } + [("one", "pos", Rational.one)]
    let atLast = fresh("Ps", count: group.order)
    let atPrevious = fresh("Pp", count: group.order)
    func copy(to target: OneHotView) -> [(value: String, output: String, weight: Rational)] {
      (0..<group.order).map { (product[$0][0].0, target[$0][0].0, Rational.one) }
    }
    let heads = [
      AttentionHead(name: "last-break-\(counter)", scores: scores, moves: copy(to: atLast),
        semantics: .uniqueHard(.rightmost), mask: .causal),
      AttentionHead(name: "previous-break-\(counter)", scores: scores, moves: copy(to: atPrevious),
        semantics: .uniqueHard(.rightmost), mask: .strictCausal),
    ]
    var derived = [Transformation.identity(n)]
    var derivedIndex: [Transformation: Int] = [derived[0]: 0]
    func indexOf(_ y: Transformation) -> Int {
      if let i = derivedIndex[y] { return i }
      derivedIndex[y] = derived.count
      derived.append(y)
      return derived.count - 1
    }
    var pending: [(inputs: [(String, Rational)], bias: Rational, derived: Int)] = []
    let since = fresh("G", count: group.order)
    var units: [MLP.Unit] = []
    for (a, ga) in group.elements.enumerated() {
      for (b, gb) in group.elements.enumerated() {
        let between = ga.inverse.then(gb)
        units.append(MLP.Unit(inputs: atLast[a] + product[b], bias: -1, outputs: since[group.index[between]!]))
        for l in breaking {
          pending.append((atPrevious[a] + product[b] + view[l], -2, indexOf(between.then(letters[l]))))
        }
      }
    }
    let derivedView = fresh("y", count: derived.count)
    for p in pending { units.append(MLP.Unit(inputs: p.inputs, bias: p.bias, outputs: derivedView[p.derived])) }
    units.append(MLP.Unit(inputs: view.sum(breaking).map { ($0.0, -$0.1) }, bias: 1, outputs: derivedView[0]))
    try builder.appendLayer(heads: heads, mlp: MLP(name: "break-letters-\(counter)", units: units))
    let state = try solve(states: n, letters: derived, view: derivedView, start: start)
    let out = fresh("q", count: n)
    var apply: [MLP.Unit] = []
    for (g, element) in group.elements.enumerated() {
      for z in 0..<n where !state[z].isEmpty {
        apply.append(MLP.Unit(inputs: since[g] + state[z], bias: -1, outputs: out[element.images[z]]))
      }
    }
    try builder.appendLayer(mlp: MLP(name: "apply-\(counter)", units: apply))
    return out
  }

  /// No letter permutes the states (but the identity): the state after a
  /// letter lies in its image A, so it is named by its place in A (fewer
  /// than n coordinates); the derived letter maps places in the previous
  /// letter's image to places in this one's.
  mutating func imageLevel(states n: Int, letters: [Transformation], view: OneHotView, start: Int) throws -> OneHotView {
    let moving = letters.indices.filter { !letters[$0].isIdentity }
    var sets: [[Int]] = [[start]]
    for l in moving where !sets.contains(letters[l].image) { sets.append(letters[l].image) }
    let width = sets.map(\.count).max()!
    levels.append("image level on \(n) states: \(sets.count) images, at most \(width) states each")
    let flag = view.sum(moving) + [(bos, 1)]
    let scores = flag.map { ("one", $0.0, $0.1 * big) } + [("one", "pos", Rational.one)]
    let current = fresh("Ic", count: sets.count)
    func imageMoves(_ target: OneHotView) -> [(value: String, output: String, weight: Rational)] {
      var moves: [(value: String, output: String, weight: Rational)] = [(bos, target[0][0].0, 1)]
      for l in moving {
        let s = sets.firstIndex(of: letters[l].image)!
        moves += view[l].map { ($0.0, target[s][0].0, $0.1) }
      }
      return moves
    }
    var heads = [
      AttentionHead(name: "last-image-\(counter)", scores: scores, moves: imageMoves(current),
        semantics: .uniqueHard(.rightmost), mask: .causal)
    ]
    if width == 1 {
      try builder.appendLayer(heads: heads)
      return OneHotView(values: (0..<n).map { q in
        sets.indices.filter { sets[$0][0] == q }.map { current[$0][0] }
      })
    }
    let previous = fresh("Ip", count: sets.count)
    heads.append(AttentionHead(name: "previous-image-\(counter)", scores: scores, moves: imageMoves(previous),
      semantics: .uniqueHard(.rightmost), mask: .strictCausal))
    var derived = [Transformation.identity(width)]
    var derivedIndex: [Transformation: Int] = [derived[0]: 0]
    var pending: [(inputs: [(String, Rational)], derived: Int)] = []
    for (a, from) in sets.enumerated() {
      for l in moving {
        let to = letters[l].image
        var slots = from.map { to.firstIndex(of: letters[l].images[$0])! }
        slots += Array(repeating: slots[0], count: width - from.count)
        let y = Transformation(slots)
        if derivedIndex[y] == nil {
          derivedIndex[y] = derived.count
          derived.append(y)
        }
        pending.append((previous[a] + view[l], derivedIndex[y]!))
      }
    }
    let derivedView = fresh("y", count: derived.count)
    var units = pending.map { MLP.Unit(inputs: $0.inputs, bias: -1, outputs: derivedView[$0.derived]) }
    units.append(MLP.Unit(inputs: view.sum(moving).map { ($0.0, -$0.1) }, bias: 1, outputs: derivedView[0]))
    try builder.appendLayer(heads: heads, mlp: MLP(name: "image-letters-\(counter)", units: units))
    let place = try solve(states: width, letters: derived, view: derivedView, start: 0)
    let out = fresh("q", count: n)
    var apply: [MLP.Unit] = []
    for (a, set) in sets.enumerated() {
      for z in set.indices where !place[z].isEmpty {
        apply.append(MLP.Unit(inputs: current[a] + place[z], bias: -1, outputs: out[set[z]]))
      }
    }
    try builder.appendLayer(mlp: MLP(name: "place-\(counter)", units: apply))
    return out
  }
}
