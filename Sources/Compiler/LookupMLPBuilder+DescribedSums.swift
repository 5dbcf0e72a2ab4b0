import ExactArithmetic
import RASP

/// Described values that are sums of functions of one stream value each
/// (`_source = indices + (length - plus_at)` with `plus_at` a mean of
/// positions): the value and the interpolated square a numerical `==`
/// reads (``DescribedComparison``), in O(values of each listed stream
/// value + range of the described one) hidden units, never tabulating the
/// described values.
///
/// The value is K = k₀ + Σ_b F_b(b) + c·D: F_b a function of one listed
/// numerical stream value b (a table along b), D the one described stream
/// value, read linearly. With every F_b and k₀ integer, M = K − c·D is an
/// integer, so h(K) = M² + 2M·c·D + h(c·D) (h interpolates x² through the
/// integers; h(x) − x² has period 1). M² and 2M·c·D expand into tables
/// along one stream value and products G(b)·y of a table along b with a
/// stream value y read linearly (y = D, or a b' on which F_b' is affine):
///
///     G(b)·y = G(t₁)·y + y_lo·(G(b) − G(t₁)) + Σ_r ΔG_r·[b ≥ t_r]·(y − y_lo)
///
/// over b's sorted values t₁ < t₂ < …, where each gated term is the exact pair
/// relu((y − y_lo) + B·(b − t_r)) − relu(B·(b − t_r)) with B = (y_hi − y_lo)/(t_r − t_{r−1}):
/// both are 0 for b ≤ t_{r−1}, and they differ by y − y_lo for b ≥ t_r.
extension LookupMLPBuilder {
  /// One stream value read linearly, with its exact range.
  struct LinearInput {
    var value: StreamValue
    var lower: Rational
    var upper: Rational
  }

  /// What the units compute, before any is written.
  struct SumPlan {
    /// Output constant.
    var constant = Rational.zero
    /// Tables along one listed stream value: value → output.
    var tables: [StreamValue: [Rational: Rational]] = [:]
    /// Linear terms: coefficient of each stream value.
    var linear: [StreamValue: Rational] = [:]
    /// Products κ·G(b)·y.
    var products: [(b: StreamValue, g: [Rational: Rational], y: LinearInput, kappa: Rational)] = []
  }

  /// Writes `target` (the described s-op `id` itself, or its square read
  /// as h(K)) as a sum of functions of one stream value each; fails
  /// (writing nothing) when it is not of that shape.
  func addDescribedSum(_ target: StreamValue, of id: NodeID) throws(CompileError) {
    func refuse(_ why: String) -> CompileError {
      CompileError(blame(target), "the MLP computing \(valueName(target)) cannot read its described values: \(why)")
    }
    var leaves: [(node: NodeID, coefficient: Rational)] = []
    var constant = Rational.zero
    guard sumLeaves(id, coefficient: .one, target: id, leaves: &leaves, constant: &constant) else {
      throw refuse("it is not a sum of functions of one stream value each")
    }
    // Group the leaves by their one stream value.
    var byBase: [StreamValue: [(NodeID, Rational)]] = [:]
    for leaf in leaves {
      var bases = Set<StreamValue>()
      guard collectBases(leaf.node, target: id, into: &bases), bases.count <= 1 else {
        throw refuse("a term reads several stream values")
      }
      guard let b = bases.first else {
        // A constant term.
        guard let v = evaluator.value(leaf.node, target: id, bases: [:])?.numericValue else {
          throw refuse("a term has no value")
        }
        constant += leaf.coefficient * v
        continue
      }
      byBase[b, default: []].append((leaf.node, leaf.coefficient))
    }
    var described: (input: LinearInput, coefficient: Rational)?
    var functions: [StreamValue: [Rational: Rational]] = [:]
    for (b, parts) in byBase {
      guard case .node(let x, .numerical) = b else { throw refuse("a term reads \(valueName(b))") }
      if let summary = sets.summaries[x] ?? listedSummary(x) {
        // The described stream value: read linearly only.
        guard described == nil else { throw refuse("it reads two described values") }
        var c = Rational.zero
        for (node, k) in parts {
          guard node == x else { throw refuse("it reads a function of the described \(valueName(b))") }
          c += k
        }
        described = (LinearInput(value: b, lower: summary.lower, upper: summary.upper), c)
        continue
      }
      var table: [Rational: Rational] = [:]
      for atom in sets.values[x] ?? [] {
        guard !atom.isBool, !atom.isString, let v = atom.numericValue else { throw refuse("\(valueName(b)) is not a number") }
        var total = Rational.zero
        var defined = true
        for (node, k) in parts {
          guard let y = evaluator.value(node, target: id, bases: [b: atom])?.numericValue else {
            defined = false
            break
          }
          total += k * y
        }
        if defined { table[v] = total }
      }
      guard !table.isEmpty else { throw refuse("\(valueName(b)) has no values") }
      functions[b] = table
    }
    // A listed value is read this way only for the sake of a described (or large listed) input.
    guard described != nil || sets.summaries[id] != nil else { throw refuse("it reads no described value") }
    var plan = SumPlan()
    let ordered = functions.keys.sorted { ProgramPlan.precedes($0, $1) }
    if case .square = target {
      guard constant.isInteger, functions.values.allSatisfy({ $0.values.allSatisfy(\.isInteger) }) else {
        throw refuse("its listed part is not an integer")
      }
      // h(K) = M² + 2M·x + h(x), M = k₀ + Σ F_b, x = c·D.
      plan.constant = constant * constant
      for b in ordered {
        plan.tables[b] = functions[b]!.mapValues { 2 * constant * $0 + $0 * $0 }
      }
      for (i, b) in ordered.enumerated() {
        for b2 in ordered[(i + 1)...] {
          // 2·F_b·F_b2: one of them must be affine in its stream value.
          if let (alpha, beta) = affineFit(functions[b2]!) {
            add(functions[b]!.mapValues { 2 * beta * $0 }, to: b, in: &plan)
            plan.products.append((b, functions[b]!, linearInput(b2, functions), 2 * alpha))
          } else if let (alpha, beta) = affineFit(functions[b]!) {
            add(functions[b2]!.mapValues { 2 * beta * $0 }, to: b2, in: &plan)
            plan.products.append((b2, functions[b2]!, linearInput(b, functions), 2 * alpha))
          } else {
            throw refuse("\(valueName(b)) and \(valueName(b2)) are both read through tables (their product would be a joint table)")
          }
        }
      }
      if let (input, c) = described, !c.isZero {
        plan.linear[input.value, default: .zero] += 2 * constant * c
        for b in ordered { plan.products.append((b, functions[b]!, input, 2 * c)) }
        // h(c·D) along D: its kinks where c·D is an integer.
        var points = Set([input.lower, input.upper])
        let ends = [c * input.lower, c * input.upper].sorted()
        guard let first = ends[0].ceiling.intValue, let last = ends[1].floor.intValue, last - first <= 50 * options.maxValues else {
          throw refuse("its described range is too wide")
        }
        if first <= last { for j in first...last { points.insert(Rational(j) / c) } }
        var table: [Rational: Rational] = [:]
        for t in points { table[t] = DescribedComparison.interpolatedSquare(c * t) }
        plan.tables[input.value] = table
      }
    } else {
      plan.constant = constant
      for b in ordered { plan.tables[b] = functions[b]! }
      if let (input, c) = described, !c.isZero { plan.linear[input.value, default: .zero] += c }
    }
    emit(plan, target: target, described: described?.input)
  }

  /// Whether `target` is a value (or square) read as a described sum when
  /// it can be: then only with positions read as numbers (a one-hot of the
  /// position would gate a table per position over the described values).
  func readsDescribedSum(_ target: StreamValue) -> Bool {
    switch target {
    case .node(let id, .numerical), .square(let id): return sets.summaries[id] != nil || readsAsDescribed(id)
    default: return false
    }
  }

  /// The summary of a listed s-op that is read as described (``readsAsDescribed(_:)``).
  func listedSummary(_ id: NodeID) -> NumericSummary? {
    guard readsAsDescribed(id) else { return nil }
    return NumericSummary(numbers: (sets.values[id] ?? []).compactMap(\.numericValue))
  }

  /// Adds `values` (along b) to the plan's table along b.
  func add(_ values: [Rational: Rational], to b: StreamValue, in plan: inout SumPlan) {
    for (v, y) in values { plan.tables[b, default: [:]][v, default: .zero] += y }
  }

  /// The listed stream value b read linearly, with its range.
  func linearInput(_ b: StreamValue, _ functions: [StreamValue: [Rational: Rational]]) -> LinearInput {
    let keys = functions[b]!.keys
    return LinearInput(value: b, lower: keys.min()!, upper: keys.max()!)
  }

  /// (α, β) with f(v) = α·v + β at every point, or nil.
  func affineFit(_ f: [Rational: Rational]) -> (Rational, Rational)? {
    let xs = f.keys.sorted()
    guard let x0 = xs.first else { return nil }
    guard xs.count > 1 else { return (.zero, f[x0]!) }
    let alpha = (f[xs[1]]! - f[x0]!) / (xs[1] - x0)
    let beta = f[x0]! - alpha * x0
    for x in xs where f[x]! != alpha * x + beta { return nil }
    return (alpha, beta)
  }

  /// Writes the plan's units into `target`'s direction.
  func emit(_ plan: SumPlan, target: StreamValue, described: LinearInput?) {
    let out = layout.scalar(target)
    var bias = plan.constant
    var tables = plan.tables
    var linear = plan.linear
    let bounds = numericBounds()
    for product in plan.products {
      let ts = product.g.keys.sorted()
      let g1 = product.g[ts[0]]!
      let (y, kappa) = (product.y, product.kappa)
      // κ·G(t₁)·y, and κ·y_lo·(G(b) − G(t₁)) along b.
      linear[y.value, default: .zero] += kappa * g1
      for (v, g) in product.g { tables[product.b, default: [:]][v, default: .zero] += kappa * y.lower * (g - g1) }
      let span = y.upper - y.lower
      guard !span.isZero else { continue }
      for r in 1..<ts.count {
        let delta = product.g[ts[r]]! - product.g[ts[r - 1]]!
        if delta.isZero { continue }
        let slope = span / (ts[r] - ts[r - 1])
        let step = InputWeight(direction: layout.scalar(product.b), weight: slope)
        addUnit(
          inputs: [InputWeight(direction: layout.scalar(y.value), weight: .one), step],
          bias: -y.lower - slope * ts[r], outputs: [out: kappa * delta])
        addUnit(inputs: [step], bias: -slope * ts[r], outputs: [out: -kappa * delta])
      }
    }
    for (value, coefficient) in linear.sorted(by: { ProgramPlan.precedes($0.key, $1.key) }) where !coefficient.isZero {
      // c·y = c·relu(y − y_lo) + c·y_lo.
      let lower: Rational
      if let described, described.value == value {
        lower = described.lower
      } else {
        lower = tables[value]?.keys.min() ?? plan.tables[value]?.keys.min() ?? .zero
      }
      addUnit(inputs: [InputWeight(direction: layout.scalar(value), weight: .one)], bias: -lower, outputs: [out: coefficient])
      bias += coefficient * lower
    }
    for (b, table) in tables.sorted(by: { ProgramPlan.precedes($0.key, $1.key) }) {
      let points = table.sorted { $0.key < $1.key }.map { ($0.key, $0.value.isZero ? [String: Rational]() : [out: $0.value]) }
      bias += table[points[0].0]!
      addRamps(points, term: AffineTerm(constant: .zero, coefficients: [b: .one]), gate: [], bounds: bounds)
    }
    if !bias.isZero { outputBias[out, default: .zero] += bias }
  }

  /// Walks `x ± y` maps (``MapShape/affine``) down from `id`: each leaf is a
  /// node with its coefficient; constants add to `constant`. False when a
  /// node on the way is neither.
  func sumLeaves(
    _ id: NodeID, coefficient: Rational, target: NodeID, leaves: inout [(node: NodeID, coefficient: Rational)],
    constant: inout Rational
  ) -> Bool {
    switch evaluator.step(id, target: target) {
    case .constant(let c):
      guard !c.isBool, let v = c.numericValue else { return false }
      constant += coefficient * v
      return true
    case .operands(let operands):
      if case .affine(let coefficients)? = MapShape(graph[id].kind) {
        for (o, k) in zip(operands, coefficients) {
          guard sumLeaves(o, coefficient: coefficient * k, target: target, leaves: &leaves, constant: &constant) else {
            return false
          }
        }
        return true
      }
      leaves.append((id, coefficient))
      return true
    case .base:
      leaves.append((id, coefficient))
      return true
    default:
      return false
    }
  }

  /// The stream values `id` reads (false when it reads the token or
  /// position one-hot, or a value the MLP cannot see).
  func collectBases(_ id: NodeID, target: NodeID, into bases: inout Set<StreamValue>) -> Bool {
    switch evaluator.step(id, target: target) {
    case .base(let b):
      guard !isCategorical(b) else { return false }
      bases.insert(b)
      return true
    case .constant:
      return true
    case .operands(let operands):
      for o in operands where !collectBases(o, target: target, into: &bases) { return false }
      return true
    default:
      return false
    }
  }
}
