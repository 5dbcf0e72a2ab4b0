import ExactArithmetic

/// A causal model's run kept position by position: every layer's keys and
/// values for the positions seen so far, so that appending a token costs one
/// new position per layer instead of a whole forward pass.
///
/// With causal and strict-causal masks a position's stream depends only on
/// the positions before it, so the outputs at earlier positions never change
/// when the input grows. ``truncate(toLength:)`` returns to a prefix (the
/// per-position state is a stack), so inputs enumerated as a trie, depth
/// first, cost one new position each. Every value is exact and equal to the
/// one ``PreparedModel/run(_:)`` computes on the same input.
public struct IncrementalRun: Sendable {
  /// The model run.
  public let model: PreparedModel
  /// The input tokens so far (BOS excluded).
  public private(set) var tokens: [String] = []
  /// The decoded output at each input position, or why it could not be
  /// decoded (a readout tie, or a forward-pass error at or before it).
  public private(set) var outputs: [Result<OutputValue, ModelError>] = []
  /// For a distribution readout, the readout's entries at each input
  /// position (empty where the pass failed); empty for other readouts.
  public private(set) var readoutValues: [[Rational]] = []

  /// Per layer and head, the key entries of every kept position.
  var keys: [[GrowingRows]]
  /// Per layer and head, the value–output product of every kept position.
  var values: [[GrowingRows]]
  /// Stream rows held in `keys` and `values` (BOS included).
  var rows = 0
  /// 1 with BOS, else 0.
  let first: Int
  /// The token count at which the forward pass failed (−1: on BOS), and why;
  /// positions from there on are failures and hold no rows.
  var stall: (at: Int, error: ModelError)?
  let tokenIndex: [String: Int]
  var embeddings: [Int: ScaledRows] = [:]
  var selected: [Int] = []
  // Buffers reused at every position, so a position allocates nothing on
  // the integer path: the stream row, and per head its query, value and
  // output rows, per MLP its hidden and output rows.
  var x: ScaledRows
  var queries: [[ScaledRows]]
  var valueRows: [[ScaledRows]]
  var headOutputs: [[ScaledRows]]
  var hidden: [ScaledRows]
  var mlpOutputs: [ScaledRows]
  var scratch = ProductScratch()

  /// A run of `model` on the empty input (only BOS, when declared).
  ///
  /// - Throws: ``ModelError/invalidFile(_:)`` when a head is not causal
  ///   (its mask is `none`): such a model must be run whole on each input.
  public init(_ model: PreparedModel) throws {
    guard model.isCausal else {
      throw ModelError.invalidFile("incremental runs need causal or strict-causal masks on every head")
    }
    self.model = model
    keys = model.heads.map { $0.map { GrowingRows(columns: $0.key.count) } }
    values = model.heads.map { $0.map { GrowingRows(columns: $0.valueOutput.matrix.columnCount) } }
    x = ScaledRows(rows: 1, columns: model.model.residual.dimension)
    queries = model.heads.map { $0.map { ScaledRows(rows: 1, columns: $0.queryKey.matrix.columnCount) } }
    valueRows = model.heads.map { $0.map { ScaledRows(rows: 1, columns: $0.valueOutput.matrix.columnCount) } }
    headOutputs = valueRows
    hidden = model.mlps.map { ScaledRows(rows: 1, columns: $0?.first.matrix.columnCount ?? 0) }
    mlpOutputs = model.mlps.map { ScaledRows(rows: 1, columns: $0?.second.matrix.columnCount ?? 0) }
    first = model.model.bos == nil ? 0 : 1
    var index: [String: Int] = [:]
    for (i, token) in model.model.vocabulary.enumerated() { index[token] = i }
    if let bos = model.model.bos { index[bos] = model.model.vocabulary.count }
    tokenIndex = index
    if let bos = model.model.bos {
      do {
        _ = try advance(bos)
      } catch let error as ModelError {
        stall = (-1, error)
      }
    }
  }

  /// Appends one input token and computes its position.
  ///
  /// - Throws: ``ModelError`` for a token outside the vocabulary or an input
  ///   over the maximum length (nothing is appended). A failure of the
  ///   forward pass is not thrown: it is recorded in ``outputs``.
  /// - Complexity: per layer, O(position × key width) for the scores plus
  ///   one row through each weight matrix.
  public mutating func append(_ token: String) throws {
    guard let t = tokenIndex[token], t < model.model.vocabulary.count else {
      throw ModelError.unknownToken(token, position: tokens.count)
    }
    guard tokens.count < model.model.maxLength else {
      throw ModelError.inputTooLong(length: tokens.count + 1, maxLength: model.model.maxLength)
    }
    defer { tokens.append(token) }
    if let stall {
      outputs.append(.failure(stall.error))
      if keepsReadout { readoutValues.append([]) }
      return
    }
    do {
      outputs.append(try advance(token))
      if keepsReadout { readoutValues.append(model.readoutEntries(row: 0, of: x)) }
    } catch let error as ModelError {
      stall = (tokens.count, error)
      outputs.append(.failure(error))
      if keepsReadout { readoutValues.append([]) }
    }
  }

  /// Whether the readout is a distribution (so ``readoutValues`` is kept).
  var keepsReadout: Bool { model.model.readout.isDistribution }

  /// The exact next-token probabilities after the first `position + 1`
  /// input tokens (``Readout/probabilities(_:position:)``), or why there
  /// are none (a forward-pass failure, a readout that is not a distribution).
  public func probabilities(at position: Int) -> Result<[Rational], ModelError> {
    precondition(position >= 0 && position < tokens.count, "position out of range")
    if case .failure(let error) = outputs[position], readoutValues.isEmpty || readoutValues[position].isEmpty {
      return .failure(error)
    }
    guard keepsReadout else {
      return model.model.readout.probabilities([], position: position)
    }
    return model.model.readout.probabilities(readoutValues[position], position: position)
  }

  /// Appends several tokens.
  public mutating func extend(by tokens: some Sequence<String>) throws {
    for token in tokens { try append(token) }
  }

  /// Returns to the first `length` tokens.
  ///
  /// - Complexity: O(removed positions × layers).
  public mutating func truncate(toLength length: Int) {
    precondition(length >= 0 && length <= tokens.count, "truncation out of range")
    tokens.removeLast(tokens.count - length)
    outputs.removeLast(outputs.count - length)
    if keepsReadout { readoutValues.removeLast(readoutValues.count - length) }
    if let s = stall, s.at >= length { stall = nil }
    let kept = first + min(length, stall?.at ?? length)
    if kept < rows { truncateStores(to: kept) }
  }

  /// Makes the input `tokens`: keeps the longest common prefix and appends the rest.
  ///
  /// - Returns: how many positions were computed.
  @discardableResult
  public mutating func move(to tokens: [String]) throws -> Int {
    var common = 0
    let limit = min(tokens.count, self.tokens.count)
    while common < limit, tokens[common] == self.tokens[common] { common += 1 }
    truncate(toLength: common)
    try extend(by: tokens[common...])
    return tokens.count - common
  }

  /// Computes the next stream row for `token` and decodes it.
  mutating func advance(_ token: String) throws -> Result<OutputValue, ModelError> {
    let position = rows
    do {
      try forwardRow(embedding(token, position: position), position: position)
      rows += 1
      if position < first { return .success(.text(token)) }
      return model.decode(row: 0, of: x, position: position - first)
    } catch {
      for l in keys.indices {
        for h in keys[l].indices {
          if keys[l][h].rowCount > position { keys[l][h].truncate(to: position) }
          if values[l][h].rowCount > position { values[l][h].truncate(to: position) }
        }
      }
      throw error
    }
  }

  /// The embedded row of `token` at `position` (cached).
  mutating func embedding(_ token: String, position: Int) -> ScaledRows {
    let key = tokenIndex[token]! * model.model.positionCount + position
    if let cached = embeddings[key] { return cached }
    let d = model.model.residual.dimension
    var row = [Rational](repeating: .zero, count: d)
    for (c, x) in model.embeddingEntries(token, position: position) { row[c] += x }
    let made = ScaledRows(Matrix(rows: 1, columns: d, entries: row))
    embeddings[key] = made
    return made
  }

  /// One position through every layer (into `x`), appending its keys and values.
  mutating func forwardRow(_ embedded: ScaledRows, position t: Int) throws {
    x.setRow(0, copying: 0, of: embedded)
    for (l, layerHeads) in model.heads.enumerated() {
      if !layerHeads.isEmpty {
        // Every head reads the stream as it was before the layer.
        for h in layerHeads.indices {
          let head = layerHeads[h]
          keys[l][h].append(row: 0, of: x, columns: head.key)
          head.valueOutput.multiply(x, columns: head.value, into: &valueRows[l][h], scratch: &scratch)
          values[l][h].append(row: 0, of: valueRows[l][h])
          head.queryKey.multiply(x, columns: head.query, into: &queries[l][h], scratch: &scratch)
          try Self.attend(
            head, keys: &keys[l][h], values: &values[l][h], query: &queries[l][h], into: &headOutputs[l][h],
            position: t, selected: &selected)
        }
        for h in layerHeads.indices {
          x.add(row: 0, from: headOutputs[l][h], row: 0, columns: layerHeads[h].output)
        }
      }
      if let mlp = model.mlps[l] {
        mlp.perceptron.apply(x, columns: mlp.input, into: &mlpOutputs[l], hidden: &hidden[l], scratch: &scratch)
        x.add(row: 0, from: mlpOutputs[l], row: 0, columns: mlp.output)
      }
    }
  }

  /// One head at the new position, into `out` (the stores are passed in
  /// place, so reading them copies nothing).
  static func attend(
    _ head: PreparedModel.PreparedHead, keys: inout GrowingRows, values: inout GrowingRows,
    query: inout ScaledRows, into out: inout ScaledRows, position t: Int, selected: inout [Int]
  ) throws {
    let range = head.mask.keys(query: t, count: t + 1)
    let width = values.columnCount
    if range.isEmpty {
      out.zeroRow(0)
      return
    }
    keys.maximalDotProducts(query: query, row: 0, range: range, into: &selected)
    switch head.semantics {
    case .uniqueHard(let tie):
      out.setRow(0, copying: tie == .leftmost ? selected.first! : selected.last!, of: values)
    case .averagingHard:
      if selected.count == 1 {
        out.setRow(0, copying: selected[0], of: values)
      } else {
        var sum = ScaledRowSum(width: width)
        for j in selected { sum.add(row: j, of: values) }
        out.setRow(0, to: sum, dividedBy: Int128(selected.count))
      }
    case .softmaxBase2:
      let scores = keys.dotProducts(query: query, row: 0, range: range)
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
        var sum = ScaledRowSum(width: width)
        var total: Int128 = 0
        for (j, e) in exponents {
          let weight = Int128(1) << (e - lowest)
          sum.add(row: j, of: values, times: weight)
          total += weight
        }
        out.setRow(0, to: sum, dividedBy: total)
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
        out.setRow(0, to: row)
      }
    }
  }
}

extension IncrementalRun {
  /// One input position's computed state: its keys and values in every
  /// head, its decoded output and readout entries. Appending it again after
  /// the same prefix (``append(_:)``) restores the position without
  /// computing it, so a search that leaves a prefix and comes back to it
  /// computes each position once.
  public struct KeptPosition: Sendable {
    /// The position's token.
    public let token: String
    let output: Result<OutputValue, ModelError>
    let readout: [Rational]
    /// Per layer and head, the key row and the value–output row.
    let rows: [[(key: GrowingRows.KeptRow, value: GrowingRows.KeptRow)]]
  }

  /// The last input position's state, or nil when there is no input or the
  /// forward pass failed at or before it.
  public func keptLastPosition() -> KeptPosition? {
    guard !tokens.isEmpty, stall == nil else { return nil }
    let row = rows - 1
    return KeptPosition(
      token: tokens.last!, output: outputs.last!, readout: keepsReadout ? readoutValues.last! : [],
      rows: keys.indices.map { l in
        keys[l].indices.map { h in (keys[l][h].keptRow(row), values[l][h].keptRow(row)) }
      })
  }

  /// Appends a position kept by ``keptLastPosition()`` on this same prefix
  /// (its keys and values depend on every earlier token), without computing it.
  ///
  /// - Precondition: the run has not failed, and the position was kept on a
  ///   run of the same model whose input then was this run's input.
  public mutating func append(_ kept: KeptPosition) {
    precondition(stall == nil, "the run has failed; nothing can be restored after the failure")
    precondition(tokens.count < model.model.maxLength, "input over the maximum length")
    for l in keys.indices {
      for h in keys[l].indices {
        keys[l][h].append(kept.rows[l][h].key)
        values[l][h].append(kept.rows[l][h].value)
      }
    }
    rows += 1
    tokens.append(kept.token)
    outputs.append(kept.output)
    if keepsReadout { readoutValues.append(kept.readout) }
  }

  /// Drops every kept row from `count` on.
  mutating func truncateStores(to count: Int) {
    for l in keys.indices {
      for h in keys[l].indices {
        keys[l][h].truncate(to: min(count, keys[l][h].rowCount))
        values[l][h].truncate(to: min(count, values[l][h].rowCount))
      }
    }
    rows = count
  }
}

extension PreparedModel {
  /// Whether every head's mask is causal or strict-causal, so a position
  /// never reads a later one (and ``IncrementalRun`` applies).
  public var isCausal: Bool {
    heads.allSatisfy { $0.allSatisfy { $0.head.mask != .none } }
  }

  /// Decodes row `row` of `stream`, reporting a tie at input position `position`.
  ///
  /// Within a row every entry shares one scale, so a categorical readout
  /// compares integer numerators (no gcd) unless the row is held as rationals.
  public func decode(row i: Int, of stream: ScaledRows, position: Int) -> Result<OutputValue, ModelError> {
    switch model.readout {
    case .numerical:
      return .success(.number(stream[i, readoutIndices[0]]))
    case .categorical(_, let labels):
      let (best, unique) = stream.largestEntry(ofRow: i, among: readoutIndices)
      if unique { return .success(labels[best]) }
      // A tie: every label whose entry equals the largest.
      let top = stream[i, readoutIndices[best]]
      let tied = readoutIndices.indices.filter { stream[i, readoutIndices[$0]] == top }
      return .failure(.readoutTie(position: position, labels: tied.map { labels[$0].description }))
    case .softmax, .proportional:
      // The first largest entry is the most probable label (the scale is positive).
      let (best, _) = stream.largestEntry(ofRow: i, among: readoutIndices)
      return model.readout.decodeDistribution(readoutEntries(row: i, of: stream), largest: best, position: position)
    }
  }

  /// The readout's entries in row `row` of `stream`, in readout order.
  public func readoutEntries(row i: Int, of stream: ScaledRows) -> [Rational] {
    readoutIndices.map { stream[i, $0] }
  }

  /// The exact next-token probabilities at every input position of a run,
  /// for a distribution readout (``Readout/probabilities(_:position:)``;
  /// each position fails on its own).
  public func probabilities(of run: Run) -> [Result<[Rational], ModelError>] {
    let final = run.trace.stages.last!.scaledStream
    return (run.firstInputRow..<final.rowCount).map {
      model.readout.probabilities(readoutEntries(row: $0, of: final), position: $0 - run.firstInputRow)
    }
  }

  /// The decoded output at every input position, each on its own: a
  /// readout tie fails only its position, and a forward-pass error (a
  /// non-integer softmax score) fails every position.
  ///
  /// - Throws: ``ModelError`` for a bad input (empty, too long or short, an
  ///   unknown token).
  /// - Complexity: one forward pass.
  public func outputsByPosition(_ tokens: [String]) throws -> [Result<OutputValue, ModelError>] {
    let sequence = try sequence(for: tokens)
    let first = model.bos == nil ? 0 : 1
    let final: ScaledRows
    do {
      final = try forward(embed(sequence)).stages.last!.scaledStream
    } catch let error as ModelError {
      return Array(repeating: .failure(error), count: tokens.count)
    }
    return (first..<final.rowCount).map { decode(row: $0, of: final, position: $0 - first) }
  }
}
