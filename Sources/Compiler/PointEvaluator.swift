import ExactArithmetic
import RASP

/// Evaluates the s-ops an MLP computes at one point of its domain: given the
/// values of the stream quantities it reads, it follows the maps between
/// them with the program's own functions (so the table is the program's).
final class PointEvaluator {
  let graph: ProgramGraph
  let tracer: Tracer
  let vocabulary: [Atom]
  var steps: [NodeID: Tracer.Step] = [:]
  var tokenValues: [NodeID: [Atom: Atom?]] = [:]
  var indexValues: [NodeID: [Int: Atom?]] = [:]

  init(graph: ProgramGraph, tracer: Tracer, vocabulary: [Atom]) {
    self.graph = graph
    self.tracer = tracer
    self.vocabulary = vocabulary
  }

  func step(_ id: NodeID, target: NodeID?) -> Tracer.Step {
    if id == target { return tracer.targetStep(id) }
    if let s = steps[id] { return s }
    let s = tracer.step(id)
    steps[id] = s
    return s
  }

  /// The value of `id` when the stream holds `bases` (and `overrides` fix
  /// some nodes); nil where the program's functions fail (no input reaches it).
  func value(
    _ id: NodeID, target: NodeID?, bases: [StreamValue: Atom], overrides: [NodeID: Atom] = [:]
  ) -> Atom? {
    var memo: [NodeID: Atom?] = [:]
    return evaluate(id, target: target, bases: bases, overrides: overrides, memo: &memo)
  }

  func evaluate(
    _ id: NodeID, target: NodeID?, bases: [StreamValue: Atom], overrides: [NodeID: Atom],
    memo: inout [NodeID: Atom?]
  ) -> Atom? {
    if let fixed = overrides[id] { return fixed }
    if let known = memo[id] { return known }
    var result: Atom?
    switch step(id, target: target) {
    case .base(let b):
      result = bases[b]
    case .fromToken:
      guard let token = bases[.token] else { break }
      result = tokenValue(id, token)
    case .fromIndex:
      guard let i = bases[.index]?.integerValue else { break }
      result = indexValue(id, i)
    case .constant(let c):
      result = c
    case .operands(let operands):
      var arguments: [Atom] = []
      for operand in operands {
        guard let v = evaluate(operand, target: target, bases: bases, overrides: overrides, memo: &memo) else {
          memo[id] = .some(nil)
          return nil
        }
        arguments.append(v)
      }
      switch graph[id].kind {
      case .map(_, let f): result = try? f(arguments[0])
      case .sequenceMap(_, let f): result = try? f(arguments)
      default: result = nil
      }
    case .terms(let node, _):
      result = termsValue(node, bases: bases)
    case .missing:
      result = nil
    }
    memo[id] = .some(result)
    return result
  }

  /// A selector width or split aggregate from its terms: widths add up, and
  /// the mean is the total of the sums over the total width.
  func termsValue(_ id: NodeID, bases: [StreamValue: Atom]) -> Atom? {
    guard let terms = tracer.plan.terms[id] else { return nil }
    var width = Rational.zero
    var sum = Rational.zero
    for (t, term) in terms.enumerated() {
      if let constant = term.constant {
        width += Rational(constant.width)
        sum += constant.sum
        continue
      }
      guard let share = bases[tracer.plan.canonical(.share(id, term: t))]?.numericValue, !share.isZero
      else { return nil }
      width += Rational.one / share - .one
      if let s = bases[.sum(id, term: t)]?.numericValue { sum += s / share }
    }
    switch graph[id].kind {
    case .selectorWidth:
      guard width.isInteger, let w = width.intValue else { return nil }
      return .int(w)
    case .aggregate(_, _, let defaultValue):
      if width.isZero { return defaultValue }
      return .number(sum / width)
    default:
      return nil
    }
  }

  /// A token-origin s-op's value for an input token (evaluated on that one token).
  func tokenValue(_ id: NodeID, _ token: Atom) -> Atom? {
    if let hit = tokenValues[id]?[token] { return hit }
    let v = try? graph.evaluate(sop: id, on: [token]).first
    tokenValues[id, default: [:]][token] = .some(v)
    return v
  }

  /// The value at position i of an s-op computed from the token and the
  /// position alone (no attention), when position i holds `token`.
  func jointValue(_ id: NodeID, _ token: Atom, _ i: Int) -> Atom? {
    let input = [Atom](repeating: token, count: i + 1)
    return try? graph.evaluate(sop: id, on: input)[i]
  }

  /// A position-origin s-op's value at position i (it does not depend on the tokens or the length).
  func indexValue(_ id: NodeID, _ i: Int) -> Atom? {
    if let hit = indexValues[id]?[i] { return hit }
    let input = [Atom](repeating: vocabulary[0], count: i + 1)
    let v = try? graph.evaluate(sop: id, on: input)[i]
    indexValues[id, default: [:]][i] = .some(v)
    return v
  }
}
