import ExactArithmetic

/// A model whose weight matrices are cleared to integers once, ready for
/// many exact runs.
///
/// Each weight matrix is prepared over one common scale
/// (``CommonScaleMatrix``), and a run keeps the residual stream row-scaled
/// (``ScaledRows``: integers over one scale per row), so products, residual
/// additions, attention selection and ReLU are integer operations with no
/// gcd. A row that would overflow `Int128` is computed with exact rational
/// arithmetic instead (GMP where needed); no value is ever rounded.
public struct PreparedModel: Sendable {
  /// The model prepared.
  public let model: Model

  /// A head's weights, prepared (a class, so passing one around is one
  /// reference count, not one per array it holds).
  final class PreparedHead: Sendable {
    let head: AttentionHead
    let query: [Int]
    let key: [Int]
    let value: [Int]
    let output: [Int]
    let queryKey: CommonScaleMatrix
    let valueOutput: CommonScaleMatrix
    /// The head's mask and semantics, held apart so a pass reads them
    /// without copying the head.
    let mask: AttentionMask
    let semantics: AttentionSemantics

    init(
      head: AttentionHead, query: [Int], key: [Int], value: [Int], output: [Int],
      queryKey: CommonScaleMatrix, valueOutput: CommonScaleMatrix
    ) {
      self.head = head
      self.query = query
      self.key = key
      self.value = value
      self.output = output
      self.queryKey = queryKey
      self.valueOutput = valueOutput
      mask = head.mask
      semantics = head.semantics
    }
  }

  /// An MLP's weights, prepared (a class, as ``PreparedHead``).
  final class PreparedMLP: Sendable {
    let input: [Int]
    let output: [Int]
    /// `W1` with the bias `b1`.
    let first: CommonScaleMatrix
    /// `W2` with the bias `b2`.
    let second: CommonScaleMatrix
    /// `0..<hidden`: the second product reads every hidden unit.
    let hiddenColumns: [Int]

    init(input: [Int], output: [Int], first: CommonScaleMatrix, second: CommonScaleMatrix, hiddenColumns: [Int]) {
      self.input = input
      self.output = output
      self.first = first
      self.second = second
      self.hiddenColumns = hiddenColumns
    }
  }

  let heads: [[PreparedHead]]
  let mlps: [PreparedMLP?]
  let tokenRows: [String: [(Int, Rational)]]
  let positionRows: [[(Int, Rational)]]
  let jointRows: [String: [[(Int, Rational)]]]
  let constantRow: [(Int, Rational)]
  let readoutIndices: [Int]

  /// Prepares `model`, which must be valid (as every `Model` initialiser
  /// and the file loader ensure).
  public init(_ model: Model) {
    self.model = model
    let space = model.residual
    func indices(_ names: [String]) -> [Int] { names.map { space.index(of: $0)! } }
    func sparseRow(_ entries: [String: Rational]) -> [(Int, Rational)] {
      entries.map { (space.index(of: $0.key)!, $0.value) }.sorted { $0.0 < $1.0 }
    }
    heads = model.layers.map { layer in
      layer.heads.map { head in
        PreparedHead(
          head: head, query: indices(head.query), key: indices(head.key),
          value: indices(head.value), output: indices(head.output),
          queryKey: CommonScaleMatrix(head.queryKey),
          valueOutput: CommonScaleMatrix(head.valueOutput))
      }
    }
    mlps = model.layers.map { layer in
      layer.mlp.map { mlp in
        PreparedMLP(
          input: indices(mlp.input), output: indices(mlp.output),
          first: CommonScaleMatrix(mlp.firstWeight, bias: mlp.firstBias.entries),
          second: CommonScaleMatrix(mlp.secondWeight, bias: mlp.secondBias.entries),
          hiddenColumns: Array(0..<mlp.hiddenWidth))
      }
    }
    tokenRows = model.embedding.tokens.mapValues(sparseRow)
    positionRows = model.embedding.positions.map(sparseRow)
    jointRows = model.embedding.joint.mapValues { $0.map(sparseRow) }
    constantRow = sparseRow(model.embedding.constant)
    readoutIndices = indices(model.readout.directions)
  }

  /// Checks an input and returns the token sequence as run (BOS first when declared).
  ///
  /// - Throws: ``ModelError`` for an empty input, an input over the maximum
  ///   length, or a token outside the vocabulary.
  public func sequence(for tokens: [String]) throws -> [String] {
    guard !tokens.isEmpty else { throw ModelError.emptyInput }
    guard tokens.count <= model.maxLength else {
      throw ModelError.inputTooLong(length: tokens.count, maxLength: model.maxLength)
    }
    guard tokens.count >= model.minLength else {
      throw ModelError.inputTooShort(length: tokens.count, minLength: model.minLength)
    }
    let vocabulary = Set(model.vocabulary)
    for (i, token) in tokens.enumerated() where !vocabulary.contains(token) {
      throw ModelError.unknownToken(token, position: i)
    }
    return (model.bos.map { [$0] } ?? []) + tokens
  }

  /// The embedded stream (positions × residual) for a checked sequence.
  public func embed(_ sequence: [String]) -> Matrix {
    let d = model.residual.dimension
    var stream = Matrix.zeros(rows: sequence.count, columns: d)
    for (i, token) in sequence.enumerated() {
      for (c, x) in embeddingEntries(token, position: i) { stream.entries[i * d + c] += x }
    }
    return stream
  }

  /// The entries that make up the embedded vector of `token` at `position`
  /// (token, position, joint and constant rows; a column may repeat).
  func embeddingEntries(_ token: String, position: Int) -> [(Int, Rational)] {
    var entries = tokenRows[token]! + positionRows[position] + constantRow
    if let joint = jointRows[token], position < joint.count { entries += joint[position] }
    return entries
  }

  /// Runs the model on `tokens`: embedding, every layer, readout.
  ///
  /// - Throws: ``ModelError`` for a bad input, a readout tie, or a
  ///   non-integer score in a softmax head.
  /// - Complexity: per layer, O(n² · width) integer multiply-adds for n positions.
  public func run(_ tokens: [String]) throws -> Run {
    let sequence = try sequence(for: tokens)
    let trace = try forward(embed(sequence))
    let first = model.bos == nil ? 0 : 1
    let final = trace.stages.last!.scaledStream
    let outputs = try decode(rows: final.rowCount, from: first) { final[$0, $1] }
    return Run(outputs: outputs, trace: trace, firstInputRow: first)
  }

  /// The forward pass from an embedded stream, keeping every stage.
  ///
  /// - Throws: ``ModelError/nonIntegerScore(head:score:)`` from a softmax head.
  /// - Complexity: per layer, O(n² · width) integer multiply-adds for n positions.
  public func forward(_ embedded: Matrix) throws -> Trace {
    try forward(ScaledRows(embedded), embedding: StageStream(.matrix(embedded)))
  }

  /// The forward pass from an embedded stream in row-scaled form, keeping every stage.
  ///
  /// The stream stays row-scaled (Int128 numerators over one scale per row)
  /// from stage to stage; a stage is converted to reduced rationals only
  /// when its ``Trace/Stage/stream`` is read.
  ///
  /// - Throws: ``ModelError/nonIntegerScore(head:score:)`` from a softmax head.
  public func forward(_ embedded: ScaledRows) throws -> Trace {
    try forward(embedded, embedding: StageStream(.scaled(embedded)))
  }

  /// The pass itself; `stream` is consumed, so the run updates it in place.
  func forward(_ stream: consuming ScaledRows, embedding: StageStream) throws -> Trace {
    precondition(stream.columnCount == model.residual.dimension, "stream width is not the residual width")
    var stages = [Trace.Stage(label: "embedding", layer: nil, storage: embedding)]
    // Each stage keeps the blocks it added, not a copy of the stream.
    func record(_ label: String, _ layer: Int, _ added: [(block: ScaledRows, columns: [Int])]) {
      stream.add(added)
      stages.append(Trace.Stage(label: label, layer: layer, storage: StageStream(.sum(stages.last!.storage, added))))
    }
    for (l, layerHeads) in heads.enumerated() {
      if !layerHeads.isEmpty {
        // Heads all read the stream as it was before the layer.
        var written: [(block: ScaledRows, columns: [Int])] = []
        for head in layerHeads { written.append((try attend(head, stream), head.output)) }
        record("layer \(l) attention", l, written)
      }
      if let mlp = mlps[l] {
        record("layer \(l) mlp", l, [(perceptron(mlp, stream), mlp.output)])
      }
    }
    // The last stage is the stream itself.
    if stages.count > 1 { stages[stages.count - 1].storage = StageStream(.scaled(stream)) }
    return Trace(residual: model.residual, stages: stages)
  }

  /// One head's output (positions × its output directions).
  func attend(_ head: PreparedHead, _ stream: ScaledRows) throws -> ScaledRows {
    let n = stream.rowCount
    let mask = head.head.mask
    let queries = head.queryKey.multiply(stream, columns: head.query)
    let scores = ScaledRowProducts(
      queries: queries, keys: stream, keyColumns: head.key,
      ranges: (0..<n).map { mask.keys(query: $0, count: n) })
    let values = head.valueOutput.multiply(stream, columns: head.value)
    var out = ScaledRows(rows: n, columns: values.columnCount)
    var selected: [Int] = []
    // Averaging heads keep a running sum: a causal prefix grows by one row.
    var sum = ScaledRowSum(width: values.columnCount)
    var summed: [Int] = []
    for i in 0..<n {
      scores.maximalKeys(ofRow: i, into: &selected)
      if selected.isEmpty { continue }  // strict-causal position 0: writes nothing
      switch head.head.semantics {
      case .uniqueHard(let tie):
        out.setRow(i, copying: tie == .leftmost ? selected.first! : selected.last!, of: values)
      case .averagingHard:
        if selected.count == 1 {
          out.setRow(i, copying: selected[0], of: values)
          continue
        }
        if !selected.starts(with: summed) {
          sum.reset()
          summed.removeAll(keepingCapacity: true)
        }
        for j in selected[summed.count...] { sum.add(row: j, of: values) }
        summed = selected
        out.setRow(i, to: sum, dividedBy: Int128(selected.count))
      case .softmaxBase2:
        try softmaxRow(i, head, scores, top: selected[0], values, into: &out)
      }
    }
    return out
  }

  /// Row i of a base-2 softmax head: `Σ_j 2^(s_j − max) · v_j / Σ_j 2^(s_j − max)`
  /// over the keys the mask allows.
  func softmaxRow(
    _ i: Int, _ head: PreparedHead, _ scores: ScaledRowProducts, top best: Int,
    _ values: ScaledRows, into out: inout ScaledRows
  ) throws {
    let top = scores.value(i, best)
    guard top.isInteger else {
      throw ModelError.nonIntegerScore(head: head.head.name, score: top.description)
    }
    var exponents: [(Int, Int)] = []
    var lowest = 0
    for j in scores.ranges[i] {
      let s = scores.value(i, j)
      guard s.isInteger, let exponent = (s - top).intValue else {
        throw ModelError.nonIntegerScore(head: head.head.name, score: s.description)
      }
      exponents.append((j, exponent))
      lowest = min(lowest, exponent)
    }
    // Integer weights 2^(e − lowest) while they (and their total) fit Int128.
    if -lowest <= 120 - Int.bitWidth + exponents.count.leadingZeroBitCount {
      var sum = ScaledRowSum(width: values.columnCount)
      var total: Int128 = 0
      for (j, e) in exponents {
        let weight = Int128(1) << (e - lowest)
        sum.add(row: j, of: values, times: weight)
        total += weight
      }
      out.setRow(i, to: sum, dividedBy: total)
      return
    }
    var weights: [(Int, Rational)] = []
    var total = Rational.zero
    for (j, e) in exponents {
      let w = try Rational(2).power(e)
      weights.append((j, w))
      total += w
    }
    var row = [Rational](repeating: .zero, count: values.columnCount)
    for (j, w) in weights {
      let share = w / total
      for (c, x) in values.row(j).enumerated() where !x.isZero { row[c] += share * x }
    }
    out.setRow(i, to: row)
  }

  /// An MLP's output (positions × its output directions).
  func perceptron(_ mlp: PreparedMLP, _ stream: ScaledRows) -> ScaledRows {
    var hidden = mlp.first.multiply(stream, columns: mlp.input)
    hidden.clampNegativesToZero()
    return mlp.second.multiply(hidden, columns: mlp.hiddenColumns)
  }

  /// Decodes rows `from...` of a final stream.
  public func decode(_ stream: Matrix, from first: Int) throws -> [OutputValue] {
    let d = stream.columnCount
    return try decode(rows: stream.rowCount, from: first) { stream.entries[$0 * d + $1] }
  }

  /// Decodes rows `from..<rows`, reading entry (row, direction) through `entry`.
  func decode(
    rows: Int, from first: Int, _ entry: (Int, Int) -> Rational
  ) throws -> [OutputValue] {
    var outputs: [OutputValue] = []
    for i in first..<rows {
      switch model.readout {
      case .numerical:
        outputs.append(.number(entry(i, readoutIndices[0])))
      case .categorical(_, let labels):
        var best = 0
        var tied = [0]
        var top = entry(i, readoutIndices[0])
        for k in 1..<readoutIndices.count {
          let x = entry(i, readoutIndices[k])
          if top < x {
            best = k
            top = x
            tied = [k]
          } else if x == top {
            tied.append(k)
          }
        }
        if tied.count > 1 {
          throw ModelError.readoutTie(position: i - first, labels: tied.map { labels[$0].description })
        }
        outputs.append(labels[best])
      }
    }
    return outputs
  }
}
