import ExactArithmetic

/// The reference evaluator: the exact value of every node on one input.
extension ProgramGraph {
  /// The values of `targets` (and, internally, of everything they depend on)
  /// on `input`.
  ///
  /// - Throws: ``Diagnostic`` of kind `.evaluation` naming the s-op or
  ///   selector, the position, and where the node was defined; an empty input
  ///   is an error, as in the reference.
  /// - Complexity: for input length n, O(n) per map node; O(n log n) per
  ///   `select` whose keys and queries are all numbers (booleans count as 0
  ///   and 1) or all strings, and per aggregate and selector width reading
  ///   such a select directly. A selector combined with `and`, `or` or `not`,
  ///   or asked for as the result, is an n × n matrix: O(n²) time and n²
  ///   bits of memory, as are the aggregates reading it.
  public func evaluate(_ targets: [NodeID], on input: [Atom]) throws(Diagnostic) -> [NodeID:
    NodeValue]
  {
    let order = ancestors(of: targets)
    var values = [NodeValue?](repeating: nil, count: (order.last?.index ?? -1) + 1)
    // A select read only by aggregates and widths need not become an n × n matrix.
    var readAsMatrix = Set(targets.map(\.index))
    for id in order {
      switch self[id].kind {
      case .aggregate, .selectorWidth: break
      case let kind: for operand in kind.operands { readAsMatrix.insert(operand.index) }
      }
    }
    try evaluate(order, on: input, into: &values, matrixNeeded: { readAsMatrix.contains($0.index) })
    var result: [NodeID: NodeValue] = [:]
    for id in targets { result[id] = values[id.index]! }
    return result
  }

  /// The value of one s-op at each position of `input`.
  public func evaluate(sop id: NodeID, on input: [Atom]) throws(Diagnostic) -> [Atom] {
    guard let values = try evaluate([id], on: input)[id]?.sequence else {
      throw Diagnostic(.type, "'\(self[id].displayName)' is a selector, not an s-op", at: nil)
    }
    return values
  }

  /// The matrix of one selector on `input`.
  public func evaluate(selector id: NodeID, on input: [Atom]) throws(Diagnostic)
    -> SelectionMatrix
  {
    guard let matrix = try evaluate([id], on: input)[id]?.selection else {
      throw Diagnostic(.type, "'\(self[id].displayName)' is an s-op, not a selector", at: nil)
    }
    return matrix
  }

  /// Evaluates `order` (ascending ids, closed under operands) into `values`.
  ///
  /// A `select` for which `matrixNeeded` is false, and whose operands rank,
  /// is kept as a ``ComparisonSelection`` and its slot left empty.
  func evaluate(
    _ order: [NodeID], on input: [Atom], into values: inout [NodeValue?],
    matrixNeeded: (NodeID) -> Bool = { _ in true }
  ) throws(Diagnostic) {
    var comparisons: [Int: ComparisonSelection] = [:]
    guard !input.isEmpty else {
      throw Diagnostic(.evaluation, "RASP s-ops and selectors need a non-empty input", at: nil)
    }
    let n = input.count
    func sequence(_ id: NodeID) -> [Atom] {
      if case .sequence(let v)? = values[id.index] { return v }
      preconditionFailure("operand \(id) of a map or aggregate is not an evaluated s-op")
    }
    func selection(_ id: NodeID) -> SelectionMatrix {
      if case .selection(let m)? = values[id.index] { return m }
      preconditionFailure("operand \(id) is not an evaluated selector")
    }
    for id in order {
      let node = self[id]
      func fail(_ message: String, position: String) -> Diagnostic {
        failure(node, message, position: position, input: input)
      }
      switch node.kind {
      case .tokens(let encoding):
        var out: [Atom] = []
        out.reserveCapacity(n)
        for (i, token) in input.enumerated() {
          do {
            out.append(try ProgramGraph.convert(token, encoding))
          } catch {
            throw fail(error.message, position: "position \(i)")
          }
        }
        values[id.index] = .sequence(out)
      case .indices:
        values[id.index] = .sequence((0..<n).map { Atom.int($0) })
      case .constant(let value):
        values[id.index] = .sequence(Array(repeating: value, count: n))
      case .map(let operand, let function):
        let xs = sequence(operand)
        var out: [Atom] = []
        out.reserveCapacity(n)
        for i in 0..<n {
          do {
            out.append(try function(xs[i]))
          } catch {
            throw fail(error.message, position: "position \(i)")
          }
        }
        values[id.index] = .sequence(out)
      case .sequenceMap(let operands, let function):
        let columns = operands.map { sequence($0) }
        var out: [Atom] = []
        out.reserveCapacity(n)
        var arguments = [Atom](repeating: .int(0), count: columns.count)
        for i in 0..<n {
          for c in columns.indices { arguments[c] = columns[c][i] }
          do {
            out.append(try function(arguments))
          } catch {
            throw fail(error.message, position: "position \(i)")
          }
        }
        values[id.index] = .sequence(out)
      case .select(let keysID, let queriesID, let predicate):
        let keys = sequence(keysID)
        let queries = sequence(queriesID)
        if let (keyRanks, queryRanks) = ProgramGraph.orderPreservingRanks(keys, queries) {
          if matrixNeeded(id) {
            values[id.index] = .selection(ProgramGraph.select(keyRanks, queryRanks, predicate))
          } else {
            values[id.index] = nil
            comparisons[id.index] = ComparisonSelection(keys: keyRanks, queries: queryRanks, predicate: predicate)
          }
          break
        }
        var matrix = SelectionMatrix(size: n)
        for q in 0..<n {
          let query = queries[q]
          for k in 0..<n {
            let selected: Bool
            do {
              selected = try Atom.compare(keys[k], predicate, query)
            } catch {
              throw fail(error.message, position: "query position \(q), key position \(k)")
            }
            if selected { matrix.set(query: q, key: k) }
          }
        }
        values[id.index] = .selection(matrix)
      case .selectAnd(let a, let b):
        values[id.index] = .selection(selection(a).and(selection(b)))
      case .selectOr(let a, let b):
        values[id.index] = .selection(selection(a).or(selection(b)))
      case .selectNot(let a):
        values[id.index] = .selection(selection(a).inverted())
      case .aggregate(let selectorID, let valuesID, let defaultValue):
        let column = sequence(valuesID)
        // The reference averages only columns of numbers; a column of
        // booleans alone (no numbers) or of strings cannot be averaged.
        let averageable = !column.contains(where: \.isString) && !column.allSatisfy(\.isBool)
        if let comparison = comparisons[selectorID.index] {
          values[id.index] = .sequence(
            try aggregate(comparison, column, defaultValue: defaultValue, averageable: averageable, fail))
          break
        }
        let matrix = selection(selectorID)
        var out: [Atom] = []
        out.reserveCapacity(n)
        for q in 0..<n {
          let count = matrix.count(query: q)
          if count == 0 {
            out.append(defaultValue)
          } else if count == 1 {
            var only = 0
            matrix.forEachSelected(query: q) { only = $0 }
            out.append(column[only])
          } else {
            guard averageable else {
              let chosen = matrix.selectedKeys(query: q).map { column[$0].reprText }
              throw fail(
                "cannot average several values that are not numbers: ["
                  + chosen.joined(separator: ", ") + "]"
                  + (column.contains(where: \.isString) ? "" : " (booleans average only among numbers)"),
                position: "position \(q)")
            }
            var sum = Rational.zero
            matrix.forEachSelected(query: q) { sum += column[$0].numericValue! }
            out.append(.number(sum / Rational(count)))
          }
        }
        values[id.index] = .sequence(out)
      case .selectorWidth(let selectorID):
        if let comparison = comparisons[selectorID.index] {
          values[id.index] = .sequence((0..<n).map { Atom.int(comparison.count(query: $0)) })
          break
        }
        let matrix = selection(selectorID)
        values[id.index] = .sequence((0..<n).map { Atom.int(matrix.count(query: $0)) })
      }
      if case .sequence(let out)? = values[id.index],
        let first = out.first,
        let mismatch = out.firstIndex(where: { $0.isString != first.isString })
      {
        throw fail(
          "values of different types: \(first.reprText) at position 0"
            + " but \(out[mismatch].reprText) at position \(mismatch)"
            + " (an s-op holds only strings, or only numbers and booleans)",
          position: "position \(mismatch)")
      }
    }
  }

  /// `aggregate` over a selector kept as ranks: each query's selected keys
  /// are one or two runs of the sorted keys, summed by prefix sums.
  ///
  /// - Complexity: O(n log n) for input length n.
  func aggregate(
    _ selection: ComparisonSelection, _ column: [Atom], defaultValue: Atom, averageable: Bool,
    _ fail: (String, String) -> Diagnostic
  ) throws(Diagnostic) -> [Atom] {
    let n = column.count
    // prefix[i]: the sum of the values of the first i sorted keys (numbers only).
    var prefix: [Rational] = []
    if averageable {
      prefix.reserveCapacity(n + 1)
      var total = Rational.zero
      prefix.append(total)
      for k in selection.sortedKeys {
        total += column[k].numericValue!
        prefix.append(total)
      }
    }
    var out: [Atom] = []
    out.reserveCapacity(n)
    for q in 0..<n {
      let runs = selection.runs(query: q)
      let count = runs.reduce(0) { $0 + $1.count }
      if count == 0 {
        out.append(defaultValue)
      } else if count == 1 {
        out.append(column[selection.sortedKeys[runs.first { !$0.isEmpty }!.lowerBound]])
      } else {
        guard averageable else {
          let chosen = selection.selectedKeys(query: q).map { column[$0].reprText }
          throw fail(
            "cannot average several values that are not numbers: ["
              + chosen.joined(separator: ", ") + "]"
              + (column.contains(where: \.isString) ? "" : " (booleans average only among numbers)"),
            "position \(q)")
        }
        var sum = Rational.zero
        for run in runs where !run.isEmpty { sum += prefix[run.upperBound] - prefix[run.lowerBound] }
        out.append(.number(sum / Rational(count)))
      }
    }
    return out
  }

  /// Integers that order and equate keys and queries exactly as their atoms
  /// do: the values themselves when all are integers (booleans as 0/1),
  /// ranks of the exact values when all are numbers, or ranks by code points
  /// when all are strings; nil otherwise.
  ///
  /// - Complexity: O(n log n).
  static func orderPreservingRanks(_ keys: [Atom], _ queries: [Atom]) -> ([Int], [Int])? {
    func integers(_ atoms: [Atom]) -> [Int]? {
      var result: [Int] = []
      result.reserveCapacity(atoms.count)
      for atom in atoms {
        switch atom {
        case .bool(let b): result.append(b ? 1 : 0)
        case .number(let r):
          guard let i = r.intValue, r.isInteger else { return nil }
          result.append(i)
        case .string: return nil
        }
      }
      return result
    }
    if let k = integers(keys), let q = integers(queries) { return (k, q) }
    if !keys.contains(where: \.isString), !queries.contains(where: \.isString) {
      // Numbers that are not all integers: ranks of the distinct exact values.
      let numbers = (keys + queries).map { $0.numericValue! }
      let distinct = Array(Set(numbers)).sorted()
      var rank: [Rational: Int] = [:]
      for (i, r) in distinct.enumerated() { rank[r] = i }
      return (numbers[..<keys.count].map { rank[$0]! }, numbers[keys.count...].map { rank[$0]! })
    }
    guard keys.allSatisfy(\.isString), queries.allSatisfy(\.isString) else { return nil }
    var texts: [String] = []
    for atom in keys + queries { if case .string(let t) = atom { texts.append(t) } }
    let distinct = Array(Set(texts)).sorted { Atom.compareCodePoints($0, $1) < 0 }
    var rank: [String: Int] = [:]
    for (i, t) in distinct.enumerated() { rank[t] = i }
    let k = texts[..<keys.count].map { rank[$0]! }
    let q = texts[keys.count...].map { rank[$0]! }
    return (k, q)
  }

  /// The selection `predicate(key[k], query[q])` over integers.
  ///
  /// - Complexity: O(n²) comparisons, without allocation per entry.
  static func select(_ keys: [Int], _ queries: [Int], _ predicate: Comparison) -> SelectionMatrix {
    let n = keys.count
    var matrix = SelectionMatrix(size: n)
    let wordsPerRow = matrix.wordsPerRow
    matrix.words.withUnsafeMutableBufferPointer { words in
      keys.withUnsafeBufferPointer { keys in
        for q in 0..<n {
          let query = queries[q]
          let row = q * wordsPerRow
          for k in 0..<n {
            let key = keys[k]
            let selected: Bool
            switch predicate {
            case .equal: selected = key == query
            case .notEqual: selected = key != query
            case .less: selected = key < query
            case .greater: selected = key > query
            case .lessOrEqual: selected = key <= query
            case .greaterOrEqual: selected = key >= query
            }
            if selected { words[row + k >> 6] |= 1 << UInt64(k & 63) }
          }
        }
      }
    }
    return matrix
  }

  /// An evaluation diagnostic naming the node and position.
  func failure(_ node: Node, _ message: String, position: String, input: [Atom]) -> Diagnostic {
    let what = node.isSelector ? "selector" : "s-op"
    let text = "\(what) '\(node.displayName)' at \(position): \(message)"
    let notes = ["  input: [" + input.map(\.reprText).joined(separator: ", ") + "]"]
    if let location = node.location {
      var d = Diagnostic(.evaluation, text, at: location, in: node.source, notes: notes)
      d.atEndOfInput = false
      return d
    }
    return Diagnostic(.evaluation, text, at: nil, notes: notes)
  }

  /// One input element read as the base s-op `encoding` reads it.
  static func convert(_ token: Atom, _ encoding: TokenEncoding) throws(OperationError) -> Atom {
    switch encoding {
    case .asIs:
      return token
    case .string:
      return .string(token.description)
    case .bool:
      return .bool(token.isTruthy)
    case .int:
      switch token {
      case .bool, .number: return .number(token.numericValue!.truncated)
      case .string(let text):
        let trimmed = text.trimmingASCIIWhitespace()
        var digits = Substring(trimmed)
        if let sign = digits.first, sign == "-" || sign == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
          let value = try? Rational(parsing: trimmed)
        else {
          throw OperationError("invalid literal for int(): '\(text)'")
        }
        return .number(value)
      }
    case .float:
      switch token {
      case .bool, .number: return .number(token.numericValue!)
      case .string(let text):
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.contains("/"), let value = try? Rational(parsing: trimmed) else {
          throw OperationError("could not convert string to an exact number: '\(text)'")
        }
        return .number(value)
      }
    }
  }
}
