import ExactArithmetic

/// The rounded forward pass of ``RoundedPass`` on machine numbers: native
/// `Double`s for the float formats Double rounds exactly
/// (``NativeFloatArithmetic``), integers for fixed point
/// (``NativeFixedArithmetic``).
///
/// The order of operations is ``RoundedPass``'s, step for step, and every
/// operation of the arithmetic gives the value the exact operation gives, so
/// the two kernels agree bit for bit (tests compare every stage of both).
/// Softmax's exponentials go through the exact, certified
/// ``NumberFormat/exponential(_:base:)`` (each distinct difference once a run).
struct NativeRoundedKernel<Arithmetic: RoundedArithmetic>: Sendable {
  typealias Value = Arithmetic.Value

  let arithmetic: Arithmetic

  struct Head: Sendable {
    let query: [Int]
    let key: [Int]
    let value: [Int]
    let output: [Int]
    let queryKey: [[(Int, Value)]]
    let valueOutput: [[(Int, Value)]]
    let semantics: AttentionSemantics
    let mask: AttentionMask
  }

  struct Perceptron: Sendable {
    let input: [Int]
    let output: [Int]
    let first: [[(Int, Value)]]
    let firstBias: [Value]
    let second: [[(Int, Value)]]
    let secondBias: [Value]
  }

  let heads: [[Head]]
  let mlps: [Perceptron?]

  /// The kernel for `pass`, or nil when the arithmetic does not compute its formats.
  init?(_ pass: RoundedPass) {
    guard let arithmetic = Arithmetic(pass) else { return nil }
    self.arithmetic = arithmetic
    func native(_ columns: [[(Int, FormatValue)]]) -> [[(Int, Value)]] {
      columns.map { $0.map { ($0.0, arithmetic.value($0.1)) } }
    }
    heads = pass.heads.map { layer in
      layer.map { h in
        Head(
          query: h.query, key: h.key, value: h.value, output: h.output, queryKey: native(h.queryKey),
          valueOutput: native(h.valueOutput), semantics: h.semantics, mask: h.mask)
      }
    }
    mlps = pass.mlps.map { m in
      m.map {
        Perceptron(
          input: $0.input, output: $0.output, first: native($0.first), firstBias: $0.firstBias.map(arithmetic.value),
          second: native($0.second), secondBias: $0.secondBias.map(arithmetic.value))
      }
    }
  }

  /// The layers run on the embedded rows: appends the stream after every
  /// stage to `stages` as it is reached (so a ``FormatError`` leaves the
  /// stages before it, as in ``RoundedPass``) and returns the last stream.
  ///
  /// - Throws: the ``FormatError`` the exact pass throws, at the same operation.
  /// - Complexity: per layer, O(n² · width) machine operations for n positions.
  func run(_ pass: RoundedPass, embedded: [[FormatValue]], stages: inout [RoundedRun.Stage]) throws -> [[Value]] {
    var stream = embedded.map { $0.map(arithmetic.value) }
    stages.append(arithmetic.stage(label: "embedding", layer: nil, rows: stream))
    let labels = pass.model.stageLabels
    var exponentials: [Value: Value] = [:]
    for l in heads.indices {
      if !heads[l].isEmpty {
        var outputs: [[[Value]]] = []
        for head in heads[l] { outputs.append(try attend(head, stream, exponentials: &exponentials)) }
        for (h, head) in heads[l].enumerated() {
          for i in stream.indices {
            for (k, c) in head.output.enumerated() { stream[i][c] = try arithmetic.sum(stream[i][c], outputs[h][i][k]) }
          }
        }
        stages.append(arithmetic.stage(label: labels[l].attention, layer: l, rows: stream))
      }
      if let mlp = mlps[l] {
        for i in stream.indices {
          let x = mlp.input.map { stream[i][$0] }
          let hidden = try product(x, mlp.first, bias: mlp.firstBias).map(arithmetic.relu)
          let y = try product(hidden, mlp.second, bias: mlp.secondBias)
          for (k, c) in mlp.output.enumerated() { stream[i][c] = try arithmetic.sum(stream[i][c], y[k]) }
        }
        stages.append(arithmetic.stage(label: labels[l].mlp, layer: l, rows: stream))
      }
    }
    return stream
  }

  /// x·W + b for sparse columns, as ``RoundedPass``'s product (the first
  /// term starts the sum, so a lone −0 stays −0).
  func product(_ x: [Value], _ columns: [[(Int, Value)]], bias: [Value]? = nil) throws -> [Value] {
    var out = [Value](repeating: .zero, count: columns.count)
    for c in columns.indices {
      var sum = Value.zero
      var started = false
      for (r, w) in columns[c] {
        let term = try arithmetic.wideProduct(x[r], w)
        if started { sum = try arithmetic.wideSum(sum, term) } else { sum = term; started = true }
      }
      if let bias, bias[c] != .zero || !started {
        if started { sum = try arithmetic.wideSum(sum, bias[c]) } else { sum = bias[c]; started = true }
      }
      out[c] = try arithmetic.narrow(started ? sum : .zero)
    }
    return out
  }

  /// Dot product of two equally long vectors in the accumulator, rounded to the format.
  func dot(_ a: [Value], _ b: [Value]) throws -> Value {
    var sum = Value.zero
    var started = false
    for k in a.indices {
      let term = try arithmetic.wideProduct(a[k], b[k])
      if started { sum = try arithmetic.wideSum(sum, term) } else { sum = term; started = true }
    }
    return try arithmetic.narrow(started ? sum : .zero)
  }

  /// One head at every position: its output rows (in the head's output directions).
  func attend(_ head: Head, _ stream: [[Value]], exponentials: inout [Value: Value]) throws -> [[Value]] {
    let n = stream.count
    let values = try stream.map { row in try product(head.value.map { row[$0] }, head.valueOutput) }
    let keys = stream.map { row in head.key.map { row[$0] } }
    let width = head.output.count
    let zeros = [Value](repeating: .zero, count: width)
    var rows: [[Value]] = []
    rows.reserveCapacity(n)
    for i in 0..<n {
      let range = head.mask.keys(query: i, count: n)
      if range.isEmpty {
        rows.append(zeros)
        continue
      }
      let query = try product(head.query.map { stream[i][$0] }, head.queryKey)
      let scores = try range.map { try dot(query, keys[$0]) }
      if let nan = scores.first(where: arithmetic.isNaN) {
        rows.append([Value](repeating: nan, count: width))
        continue
      }
      var top = scores[0]
      for s in scores where top < s { top = s }
      let selected = scores.indices.filter { scores[$0] == top }.map { range.lowerBound + $0 }
      switch head.semantics {
      case .uniqueHard(let tie):
        rows.append(values[tie == .leftmost ? selected.first! : selected.last!])
      case .averagingHard:
        if selected.count == 1 {
          rows.append(values[selected[0]])
          continue
        }
        let count = try arithmetic.count(selected.count)
        rows.append(
          try (0..<width).map { c in
            var sum = values[selected[0]][c]
            for j in selected.dropFirst() { sum = try arithmetic.wideSum(sum, values[j][c]) }
            return try arithmetic.quotient(try arithmetic.narrow(sum), count)
          })
      case .softmaxBase2:
        var weights: [Value] = []
        var total: Value? = nil
        for s in scores {
          let d = try arithmetic.difference(s, top)
          let w: Value
          if let known = exponentials[d] {
            w = known
          } else {
            w = try arithmetic.exponential(d)
            if !arithmetic.isNaN(d) { exponentials[d] = w }
          }
          weights.append(w)
          total = try total.map { try arithmetic.wideSum($0, w) } ?? w
        }
        let z = try arithmetic.narrow(total!)
        let shares = try weights.map { try arithmetic.quotient($0, z) }
        rows.append(
          try (0..<width).map { c in
            var sum: Value? = nil
            for (k, a) in shares.enumerated() where a != .zero {
              let term = try arithmetic.wideProduct(a, values[range.lowerBound + k][c])
              sum = try sum.map { try arithmetic.wideSum($0, term) } ?? term
            }
            return try arithmetic.narrow(sum ?? .zero)
          })
      }
    }
    return rows
  }
}
