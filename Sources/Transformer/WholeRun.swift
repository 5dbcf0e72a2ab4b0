import ExactArithmetic

/// Whole forward passes over many inputs, outputs only, with every buffer
/// kept between inputs: the stream, each head's queries, values and
/// outputs, each MLP's output rows (one set per input length), and each
/// head's keys.
///
/// The pass is the one behind ``PreparedModel/forward(_:)`` and
/// ``PreparedModel/run(_:)`` (``WholePass``: row-scaled products, exact
/// scores compared within a row, rows that repeat an earlier row's inputs
/// copied, rational fallback per row on overflow) without the trace they
/// keep, so it is the pass a verification uses for models that are not
/// causal, or with prefix sharing off, and the fastest way to many outputs.
/// The outputs equal ``PreparedModel/outputsByPosition(_:)``.
public struct WholeRun: Sendable {
  /// The model run.
  public let model: PreparedModel

  /// Pass buffers by row count.
  var buffers: [WholePass.Buffers?]
  var pass: WholePass
  /// Embedded rows by token index × positions + position.
  var embeddings: [ScaledRows?]
  var indices: [Int] = []

  public init(_ model: PreparedModel) {
    self.model = model
    pass = WholePass(model)
    buffers = Array(repeating: nil, count: model.model.positionCount + 1)
    embeddings = Array(repeating: nil, count: (model.model.vocabulary.count + 1) * model.model.positionCount)
  }

  /// The decoded output at every input position (see
  /// ``PreparedModel/outputsByPosition(_:)``: a readout tie fails its
  /// position, a forward-pass error every position).
  ///
  /// - Throws: ``ModelError`` for a bad input.
  /// - Complexity: one forward pass; no allocation once every length met has been run.
  public mutating func outputs(_ tokens: [String]) throws -> [Result<OutputValue, ModelError>] {
    let vocabularySize = model.model.vocabulary.count
    indices.removeAll(keepingCapacity: true)
    for token in tokens {
      guard let t = model.tokenIndex[token], t < vocabularySize else { break }
      indices.append(t)
    }
    guard indices.count == tokens.count, tokens.count >= model.model.minLength,
      tokens.count <= model.model.maxLength
    else {
      _ = try model.sequence(for: tokens)  // throws the error that says why
      preconditionFailure("an input the model rejects was accepted")
    }
    let first = model.model.bos == nil ? 0 : 1
    let n = tokens.count + first
    var b = buffers[n] ?? model.makeBuffers(rows: n)
    buffers[n] = nil
    defer { buffers[n] = b }
    if let table = model.embeddedRows {
      let positions = model.model.positionCount
      if first == 1 { b.stream.setRow(0, copying: vocabularySize * positions, of: table) }
      for (i, t) in indices.enumerated() {
        b.stream.setRow(first + i, copying: t * positions + first + i, of: table)
      }
    } else {
      if model.model.bos != nil { b.stream.setRow(0, copying: 0, of: embedding(vocabularySize, position: 0)) }
      for (i, t) in indices.enumerated() {
        b.stream.setRow(first + i, copying: 0, of: embedding(t, position: first + i))
      }
    }
    do {
      try pass.forward(&b, of: model, record: nil)
    } catch let error as ModelError {
      return Array(repeating: .failure(error), count: tokens.count)
    }
    return (first..<n).map { model.decode(row: $0, of: b.stream, position: $0 - first) }
  }

  /// The embedded row of token number `index` (the vocabulary's, then BOS) at `position`.
  ///
  /// The rows come from ``PreparedModel/embed(_:)`` (one call per token, on
  /// that token repeated at every position), so there is one definition of
  /// the embedding; they are cached.
  mutating func embedding(_ index: Int, position: Int) -> ScaledRows {
    let positions = model.model.positionCount
    let key = index * positions + position
    if let cached = embeddings[key] { return cached }
    let token = index < model.model.vocabulary.count ? model.model.vocabulary[index] : model.model.bos!
    let rows = model.embed(Array(repeating: token, count: positions))
    let d = rows.columnCount
    for p in 0..<positions {
      let row = Matrix(rows: 1, columns: d, entries: Array(rows.entries[(p * d)..<((p + 1) * d)]))
      embeddings[index * positions + p] = ScaledRows(row)
    }
    return embeddings[key]!
  }
}

/// The state one whole pass needs besides its buffers (each head's keys,
/// the selection lists, the product scratch), kept between passes.
///
/// ``WholeRun`` keeps one for all its inputs; ``PreparedModel/forward(_:)``
/// takes one from the model's pool and records each stage for the trace.
/// It holds no reference to the model (the pool lives in the model).
struct WholePass: Sendable {
  var keys: [[GrowingRows]]
  var selected: [Int] = []
  var summed: [Int] = []
  var repeats = RepeatedRows()
  var scratch = ProductScratch()

  /// Every buffer a pass over `n` rows writes: the stream, each head's
  /// queries, values and outputs, each MLP's output rows (and hidden rows,
  /// made only for rows that overflow the fused kernel).
  struct Buffers: Sendable {
    var stream: ScaledRows
    var queries: [[ScaledRows]]
    var values: [[ScaledRows]]
    var outputs: [[ScaledRows]]
    var hidden: [ScaledRows]
    var mlpOutputs: [ScaledRows]
  }

  init(_ model: PreparedModel) {
    keys = model.heads.map { $0.map { GrowingRows(columns: $0.key.count) } }
  }

  /// Every layer on `b.stream`, in place; `record` (when given) receives
  /// each stage's label, layer and the blocks it added to the stream.
  mutating func forward(
    _ b: inout Buffers, of model: PreparedModel,
    record: ((String, Int, [(block: ScaledRows, columns: [Int])]) -> Void)?
  ) throws {
    let n = b.stream.rowCount
    for (l, layerHeads) in model.heads.enumerated() {
      if !layerHeads.isEmpty {
        // Every head reads the stream as it was before the layer.
        for h in layerHeads.indices {
          let head = layerHeads[h]
          keys[l][h].truncate(to: 0)
          keys[l][h].reserveCapacity(rows: n)
          for i in 0..<n { keys[l][h].append(row: i, of: b.stream, columns: head.key) }
          head.valueOutput.multiply(b.stream, columns: head.value, into: &b.values[l][h], scratch: &scratch)
          head.queryKey.multiply(b.stream, columns: head.query, into: &b.queries[l][h], scratch: &scratch)
          try attend(head, layer: l, index: h, &b)
        }
        for h in layerHeads.indices {
          let out = b.outputs[l][h]
          let columns = layerHeads[h].output
          for i in 0..<n { b.stream.add(row: i, from: out, row: i, columns: columns) }
        }
        record?(model.stageLabels[l].attention, l, layerHeads.indices.map { (b.outputs[l][$0], layerHeads[$0].output) })
      }
      if let mlp = model.mlps[l] {
        mlp.perceptron.apply(
          b.stream, columns: mlp.input, into: &b.mlpOutputs[l], hidden: &b.hidden[l], scratch: &scratch)
        let out = b.mlpOutputs[l]
        for i in 0..<n { b.stream.add(row: i, from: out, row: i, columns: mlp.output) }
        record?(model.stageLabels[l].mlp, l, [(out, mlp.output)])
      }
    }
  }

  /// Head `h` of layer `l` at every position, into `b.outputs[l][h]`.
  mutating func attend(_ head: PreparedModel.PreparedHead, layer l: Int, index h: Int, _ b: inout Buffers) throws {
    let n = b.stream.rowCount
    let values = b.values[l][h]
    let width = values.columnCount
    let queries = b.queries[l][h]
    let keyRows = keys[l][h]
    // The output is worked on outside the buffers (no uniqueness check per row).
    var out = ScaledRows(rows: 0, columns: 0)
    swap(&out, &b.outputs[l][h])
    defer { swap(&out, &b.outputs[l][h]) }
    // Without a mask every query reads the same keys, so a query row that
    // repeats an earlier one (same scale and numerators) has its output.
    let unmasked = head.mask == .none
    if unmasked { repeats.reset(rows: n) }
    // Averaging heads keep a running sum: a causal prefix grows by one row.
    var sum = ScaledRowSum(width: width)
    summed.removeAll(keepingCapacity: true)
    for i in 0..<n {
      let range = head.mask.keys(query: i, count: n)
      if range.isEmpty {
        out.zeroRow(i)
        continue
      }
      if unmasked, let r = repeats.earlier(row: i, of: queries) {
        out.copyRow(r, to: i)
        continue
      }
      keyRows.maximalDotProducts(query: queries, row: i, range: range, into: &selected)
      switch head.semantics {
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
        let scores = keyRows.dotProducts(query: queries, row: i, range: range)
        let top = scores[selected[0] - range.lowerBound]
        guard top.isInteger else {
          throw ModelError.nonIntegerScore(head: head.head.name, score: top.description)
        }
        var exponents: [(Int, Int)] = []
        var lowest = 0
        for (k, s) in scores.enumerated() {
          guard s.isInteger, let exponent = (s - top).intValue else {
            throw ModelError.nonIntegerScore(head: head.head.name, score: s.description)
          }
          exponents.append((range.lowerBound + k, exponent))
          lowest = min(lowest, exponent)
        }
        if -lowest <= 120 - Int.bitWidth + exponents.count.leadingZeroBitCount {
          var mix = ScaledRowSum(width: width)
          var total: Int128 = 0
          for (j, e) in exponents {
            let weight = Int128(1) << (e - lowest)
            mix.add(row: j, of: b.values[l][h], times: weight)
            total += weight
          }
          out.setRow(i, to: mix, dividedBy: total)
        } else {
          var total = Rational.zero
          var weights: [(Int, Rational)] = []
          for (j, e) in exponents {
            let w = try Rational(2).power(e)
            weights.append((j, w))
            total += w
          }
          var row = [Rational](repeating: .zero, count: width)
          for (j, w) in weights {
            let share = w / total
            for (c, v) in values.row(j).enumerated() where !v.isZero { row[c] += share * v }
          }
          out.setRow(i, to: row)
        }
      }
    }
  }
}

extension PreparedModel {
  /// Fresh buffers for a pass over `n` rows (on `stream` when given, else zeros).
  func makeBuffers(rows n: Int, stream: ScaledRows? = nil) -> WholePass.Buffers {
    let values = heads.map { $0.map { ScaledRows(rows: n, columns: $0.valueOutput.matrix.columnCount) } }
    return WholePass.Buffers(
      stream: stream ?? ScaledRows(rows: n, columns: model.residual.dimension),
      queries: heads.map { $0.map { ScaledRows(rows: n, columns: $0.queryKey.matrix.columnCount) } },
      values: values, outputs: values,
      hidden: mlps.map { _ in ScaledRows(rows: 0, columns: 0) },
      mlpOutputs: mlps.map { ScaledRows(rows: n, columns: $0?.second.matrix.columnCount ?? 0) })
  }
}
