import ExactArithmetic
import RASP

extension CompiledProgram {
  /// The values the program gives every direction of the model's layout on
  /// `input`: per direction, one value per input position (the BOS position
  /// not included), as the direction holds it after the stage that writes it.
  ///
  /// This is what the layout means, so a verifier can say where a model's
  /// residual stream first departs from the program (``writtenValues`` names
  /// the s-op each direction holds). Nil when the program itself fails on
  /// the input.
  public func expectedStream(on input: [String]) -> [String: [Rational]]? {
    let atoms = input.map { Atom.string($0) }
    guard let values = try? graph.evaluate(plan.order, on: atoms) else { return nil }
    var stream: [String: [Rational]] = [:]
    for block in layout.blocks.values {
      var columns = [[Rational]](repeating: [], count: block.directions.count)
      for p in 0..<input.count {
        for (k, value) in expectedVector(block, position: p, input: atoms, values: values).enumerated() {
          columns[k].append(value)
        }
      }
      for (k, direction) in block.directions.enumerated() { stream[direction] = columns[k] }
    }
    return stream
  }

  /// What a block should hold at an input position.
  func expectedVector(_ block: ResidualLayout.Block, position p: Int, input: [Atom], values: [NodeID: NodeValue])
    -> [Rational]
  {
    var vector = [Rational](repeating: .zero, count: block.directions.count)
    func oneHot(_ category: [Atom]) {
      if let i = block.index[category] { vector[i] = .one }
    }
    switch block.value {
    case .token: oneHot([input[p]])
    case .index: oneHot([.int(p)])
    case .node(let id, .categorical):
      if let v = values[id]?.sequence?[p] { oneHot([v]) }
    case .node(let id, .numerical):
      vector[0] = values[id]?.sequence?[p].numericValue ?? .zero
    case .square(let id):
      let v = values[id]?.sequence?[p].numericValue ?? .zero
      vector[0] = v * v
    case .share(let id, let term), .sum(let id, let term):
      guard let formula = plan.terms[id]?[term].formula else { break }
      var width = 0
      var sum = Rational.zero
      var valuesID: NodeID?
      if case .aggregate(_, let v, _) = graph[id].kind { valuesID = v }
      for k in 0..<input.count
      where formula.holds(
        graph, key: { values[$0]?.sequence?[k] ?? .int(0) }, query: { values[$0]?.sequence?[p] ?? .int(0) })
      {
        width += 1
        if let valuesID { sum += values[valuesID]?.sequence?[k].numericValue ?? .zero }
      }
      if case .share = block.value {
        vector[0] = Rational(1, width + 1)
      } else {
        vector[0] = sum / Rational(width + 1)
      }
    case .tuple(let ids):
      oneHot(ids.map { values[$0]?.sequence?[p] ?? .int(0) })
    }
    return vector
  }
}
