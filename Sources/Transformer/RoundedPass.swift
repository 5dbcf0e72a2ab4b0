import ExactArithmetic

/// A model run in a rounded number format, every operation rounded in a
/// stated order, each rounding computed exactly (the result is the value
/// IEEE hardware with correctly rounded operations would produce).
///
/// Order of operations (the README's table): weights and embedding entries
/// are rounded to the format once; the embedded vector sums token, position,
/// constant and joint entries in that order. A matrix–vector product takes
/// each output as a dot product: products and running sums in the
/// accumulator format, in input order, the bias added last, the sum rounded
/// to the format. Scores are the query row times the query–key matrix
/// (rounded), dot the key row (rounded). Hard attention picks the maximal
/// rounded scores (ties as the head says); averaging sums the chosen value
/// rows in the accumulator and divides by their count; softmax takes
/// d_j = s_j − max (rounded), w_j = 2^(d_j) correctly rounded (or e^(d_j·ln 2)
/// with the product rounded), Z = Σ w_j, a_j = w_j / Z, out = Σ a_j·v_j.
/// Every head reads the stream as the layer found it; head outputs are added
/// to the stream in head order, then the MLP: hidden = ReLU(x·W1 + b1),
/// out = hidden·W2 + b2, added to the stream. Zero weights are skipped (a
/// sparse kernel); this can only change the sign of a zero.
public struct RoundedPass: Sendable {
  /// The model run.
  public let model: PreparedModel
  /// How it rounds.
  public let settings: PrecisionSettings

  struct Head: Sendable {
    let query: [Int]
    let key: [Int]
    let value: [Int]
    let output: [Int]
    /// Non-zero entries per column: (row, weight).
    let queryKey: [[(Int, FormatValue)]]
    let valueOutput: [[(Int, FormatValue)]]
    let semantics: AttentionSemantics
    let mask: AttentionMask
  }

  struct Perceptron: Sendable {
    let input: [Int]
    let output: [Int]
    let first: [[(Int, FormatValue)]]
    let firstBias: [FormatValue]
    let second: [[(Int, FormatValue)]]
    let secondBias: [FormatValue]
  }

  let heads: [[Head]]
  let mlps: [Perceptron?]
  let ln2: FormatValue
  /// The same pass on native Doubles, where the float formats allow it.
  var floatKernel: NativeRoundedKernel<NativeFloatArithmetic>? = nil
  /// The same pass on integers, where the fixed-point formats allow it.
  var fixedKernel: NativeRoundedKernel<NativeFixedArithmetic>? = nil

  /// Which arithmetic carries the pass; all give the same values bit for bit.
  public enum Kernel: Sendable {
    /// Native Doubles where the float formats allow (fp16, bf16, fp32, fp64
    /// and narrow `float:E,M`), integers for fixed point (a fixed accumulator
    /// whose bits fit, see ``usesNativeKernel``), exact rationals otherwise.
    case automatic
    /// Every operation on exact rationals, rounded exactly (the reference the native kernels are tested against).
    case exactRationals
  }

  /// Whether ``run(_:kernel:)`` with `.automatic` computes on machine
  /// numbers: Doubles for fp16, bf16, fp32, fp64 and `float:E,M` with E ≤ 8
  /// and M ≤ 24 whose accumulator holds the format's values; Int64 and
  /// Int128 for `fixed:I.F` with a fixed accumulator `fixed:I'.F'` and
  /// max(I, I') + max(F, F') ≤ 62 (every fixed format with its own accumulator).
  public var usesNativeKernel: Bool { floatKernel != nil || fixedKernel != nil }

  /// Rounds the model's weights into the format.
  ///
  /// - Throws: ``FormatError`` when a weight overflows a fixed-point format under the `error` rule.
  public init(_ model: PreparedModel, settings: PrecisionSettings) throws {
    self.model = model
    self.settings = settings
    let format = settings.format
    let space = model.model.residual
    func indices(_ names: [String]) -> [Int] { names.map { space.index(of: $0)! } }
    func columns(_ m: Matrix) throws -> [[(Int, FormatValue)]] {
      try (0..<m.columnCount).map { c in
        try (0..<m.rowCount).compactMap { r in
          let w = m.entries[r * m.columnCount + c]
          return w.isZero ? nil : (r, try format.round(w))
        }
      }
    }
    heads = try model.model.layers.map { layer in
      try layer.heads.map { h in
        Head(
          query: indices(h.query), key: indices(h.key), value: indices(h.value), output: indices(h.output),
          queryKey: try columns(h.queryKey), valueOutput: try columns(h.valueOutput),
          semantics: h.semantics, mask: h.mask)
      }
    }
    mlps = try model.model.layers.map { layer in
      try layer.mlp.map { m in
        Perceptron(
          input: indices(m.input), output: indices(m.output),
          first: try columns(m.firstWeight), firstBias: try m.firstBias.entries.map { try format.round($0) },
          second: try columns(m.secondWeight), secondBias: try m.secondBias.entries.map { try format.round($0) })
      }
    }
    // ln 2 in the format, for softmax through exp.
    ln2 = try format.naturalLogarithmOfTwo()
    floatKernel = NativeRoundedKernel(self)
    fixedKernel = NativeRoundedKernel(self)
  }

  /// Runs the model on `tokens` with every operation rounded.
  ///
  /// - Throws: ``ModelError`` for an input the model rejects.
  /// - Complexity: per layer, O(n² · width) rounded operations for n positions.
  public func run(_ tokens: [String], kernel: Kernel = .automatic) throws -> RoundedRun {
    let sequence = try model.sequence(for: tokens)
    let first = model.model.bos == nil ? 0 : 1
    var stages: [RoundedRun.Stage] = []
    do {
      if kernel == .automatic {
        if let native = floatKernel { return try run(native, sequence, firstInputRow: first, stages: &stages) }
        if let native = fixedKernel { return try run(native, sequence, firstInputRow: first, stages: &stages) }
      }
      var stream = try embed(sequence)
      stages.append(RoundedRun.Stage(label: "embedding", layer: nil, stream: stream))
      for l in heads.indices {
        if !heads[l].isEmpty {
          let outputs = try heads[l].map { try attend($0, stream) }
          for (h, head) in heads[l].enumerated() {
            for i in stream.indices {
              for (k, c) in head.output.enumerated() {
                stream[i][c] = try settings.format.sum(stream[i][c], outputs[h][i][k])
              }
            }
          }
          stages.append(RoundedRun.Stage(label: model.stageLabels[l].attention, layer: l, stream: stream))
        }
        if let mlp = mlps[l] {
          for i in stream.indices {
            let x = mlp.input.map { stream[i][$0] }
            let hidden = try product(x, mlp.first, bias: mlp.firstBias).map(Self.relu)
            let y = try product(hidden, mlp.second, bias: mlp.secondBias)
            for (k, c) in mlp.output.enumerated() { stream[i][c] = try settings.format.sum(stream[i][c], y[k]) }
          }
          stages.append(RoundedRun.Stage(label: model.stageLabels[l].mlp, layer: l, stream: stream))
        }
      }
      let outputs = (first..<stream.count).map { decode(stream[$0], position: $0 - first) }
      return RoundedRun(outputs: outputs, stages: stages, firstInputRow: first, settings: settings)
    } catch let error as FormatError {
      let failed = Array(repeating: Result<OutputValue, RoundedFailure>.failure(.format(error)), count: tokens.count)
      return RoundedRun(outputs: failed, stages: stages, firstInputRow: first, settings: settings)
    }
  }

  /// The run on a native kernel: the stages it reaches go to `stages` (kept when it throws).
  func run<Arithmetic>(
    _ native: NativeRoundedKernel<Arithmetic>, _ sequence: [String], firstInputRow first: Int,
    stages: inout [RoundedRun.Stage]
  ) throws -> RoundedRun {
    let last = try native.run(self, embedded: try embed(sequence), stages: &stages)
    // Only the readout's entries are read: convert those.
    let zero = [FormatValue](repeating: .finite(.zero), count: model.model.residual.dimension)
    let outputs = (first..<last.count).map { i in
      var row = zero
      for index in model.readoutIndices { row[index] = native.arithmetic.formatValue(last[i][index]) }
      return decode(row, position: i - first)
    }
    return RoundedRun(outputs: outputs, stages: stages, firstInputRow: first, settings: settings)
  }

  /// The embedded rows: token, position, constant and joint entries, each
  /// rounded, summed in that order.
  func embed(_ sequence: [String]) throws -> [[FormatValue]] {
    let d = model.model.residual.dimension
    let format = settings.format
    return try sequence.enumerated().map { i, token in
      var row = [FormatValue?](repeating: nil, count: d)
      for (c, x) in model.embeddingEntries(token, position: i) {
        let value = try format.round(x)
        row[c] = try row[c].map { try format.sum($0, value) } ?? value
      }
      return row.map { $0 ?? .finite(.zero) }
    }
  }

  /// x·W + b for sparse columns: each output a dot product in the
  /// accumulator, the bias added last, rounded to the format.
  func product(_ x: [FormatValue], _ columns: [[(Int, FormatValue)]], bias: [FormatValue]? = nil) throws
    -> [FormatValue]
  {
    let format = settings.format
    let wide = settings.accumulator
    return try columns.enumerated().map { c, column in
      var sum: FormatValue? = nil
      for (r, w) in column {
        let term = try wide.product(x[r], w)
        sum = try sum.map { try wide.sum($0, term) } ?? term
      }
      if let b = bias?[c], !b.isZero || sum == nil { sum = try sum.map { try wide.sum($0, b) } ?? b }
      // An empty column of the sparse kernel is +0 (every product skipped was ±0).
      return try format.round(sum ?? .finite(.zero))
    }
  }

  /// Dot product of two equally long vectors in the accumulator, rounded to the format.
  func dot(_ a: [FormatValue], _ b: [FormatValue]) throws -> FormatValue {
    let wide = settings.accumulator
    var sum: FormatValue? = nil
    for k in a.indices {
      let term = try wide.product(a[k], b[k])
      sum = try sum.map { try wide.sum($0, term) } ?? term
    }
    return try settings.format.round(sum ?? .finite(.zero))
  }

  static func relu(_ x: FormatValue) -> FormatValue {
    if x.isNaN { return x }
    return x.isNegative || x.isZero ? .finite(.zero) : x
  }

  /// One head at every position: its output rows (in the head's output directions).
  func attend(_ head: Head, _ stream: [[FormatValue]]) throws -> [[FormatValue]] {
    let format = settings.format
    let wide = settings.accumulator
    let n = stream.count
    let values = try stream.map { row in try product(head.value.map { row[$0] }, head.valueOutput) }
    let keys = stream.map { row in head.key.map { row[$0] } }
    let width = head.output.count
    let zeros = [FormatValue](repeating: .finite(.zero), count: width)
    return try (0..<n).map { i in
      let range = head.mask.keys(query: i, count: n)
      if range.isEmpty { return zeros }
      let query = try product(head.query.map { stream[i][$0] }, head.queryKey)
      let scores = try range.map { try dot(query, keys[$0]) }
      if scores.contains(where: \.isNaN) { return [FormatValue](repeating: .notANumber, count: width) }
      var top = scores[0]
      for s in scores where top.isLess(than: s) { top = s }
      let selected = scores.indices.filter { scores[$0].isEqual(to: top) }.map { range.lowerBound + $0 }
      switch head.semantics {
      case .uniqueHard(let tie):
        return values[tie == .leftmost ? selected.first! : selected.last!]
      case .averagingHard:
        if selected.count == 1 { return values[selected[0]] }
        let count = try format.round(Rational(selected.count))
        return try (0..<width).map { c in
          var sum = values[selected[0]][c]
          for j in selected.dropFirst() { sum = try wide.sum(sum, values[j][c]) }
          return try format.quotient(try format.round(sum), count)
        }
      case .softmaxBase2:
        var weights: [FormatValue] = []
        var total: FormatValue? = nil
        for s in scores {
          let d = try format.difference(s, top)
          let w = try exponential(d)
          weights.append(w)
          total = try total.map { try wide.sum($0, w) } ?? w
        }
        let z = try format.round(total!)
        let shares = try weights.map { try format.quotient($0, z) }
        return try (0..<width).map { c in
          var sum: FormatValue? = nil
          for (k, a) in shares.enumerated() where !a.isZero {
            let term = try wide.product(a, values[range.lowerBound + k][c])
            sum = try sum.map { try wide.sum($0, term) } ?? term
          }
          return try format.round(sum ?? .finite(.zero))
        }
      }
    }
  }

  /// A softmax weight for the rounded difference d = s − max (≤ 0).
  func exponential(_ d: FormatValue) throws -> FormatValue {
    let format = settings.format
    switch d {
    case .notANumber: return .notANumber
    case .infinity(let negative): return negative ? .finite(.zero) : d
    default:
      switch settings.exponentialBase {
      case .two: return try format.exponential(d.rational!, base: .two)
      case .e:
        let t = try format.product(d, ln2)
        guard let exponent = t.rational else { return try exponential(t) }
        return try format.exponential(exponent, base: .e)
      }
    }
  }

  /// The output at one position from the final rounded row: a categorical
  /// readout's unique largest direction, a numerical readout's value, a
  /// distribution readout's first most probable label.
  func decode(_ row: [FormatValue], position: Int) -> Result<OutputValue, RoundedFailure> {
    let readout = model.model.readout
    let directions = readout.directions
    var entries: [Rational] = []
    for (k, index) in model.readoutIndices.enumerated() {
      guard let x = row[index].rational else {
        return .failure(.notFinite(direction: directions[k], value: row[index].description))
      }
      entries.append(x)
    }
    switch readout {
    case .numerical: return .success(.number(entries[0]))
    case .categorical(_, let labels):
      let top = entries.max()!
      let tied = entries.indices.filter { entries[$0] == top }
      if tied.count > 1 {
        return .failure(.model(.readoutTie(position: position, labels: tied.map { labels[$0].description })))
      }
      return .success(labels[tied[0]])
    case .softmax(_, let labels, _):
      return .success(labels[entries.firstIndex(of: entries.max()!)!])
    case .proportional(_, let labels, let empty):
      let top = entries.max()!
      if top.signum <= 0 {
        if let empty { return .success(empty) }
        return .failure(.model(.noDistribution(position: position, reason: "every entry of the proportional readout is 0")))
      }
      return .success(labels[entries.firstIndex(of: top)!])
    }
  }
}
