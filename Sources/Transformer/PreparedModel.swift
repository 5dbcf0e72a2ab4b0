import ExactArithmetic
import Foundation

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
    /// Both layers, for one row at a time through both.
    let perceptron: ReLUPerceptron

    init(input: [Int], output: [Int], first: CommonScaleMatrix, second: CommonScaleMatrix, hiddenColumns: [Int]) {
      self.input = input
      self.output = output
      self.first = first
      self.second = second
      self.hiddenColumns = hiddenColumns
      perceptron = ReLUPerceptron(first: first, second: second)
    }
  }

  let heads: [[PreparedHead]]
  let mlps: [PreparedMLP?]
  let tokenRows: [String: [(Int, Rational)]]
  let positionRows: [[(Int, Rational)]]
  let jointRows: [String: [[(Int, Rational)]]]
  let constantRow: [(Int, Rational)]
  let readoutIndices: [Int]
  /// Index of each token: the vocabulary's in order, then BOS.
  let tokenIndex: [String: Int]
  /// Each layer's stage labels, made once.
  let stageLabels: [(attention: String, mlp: String)]
  /// Every embedded row, row `token index × positions + position` (token
  /// indices as in `tokenIndex`), made by ``embed(_:)`` when the table has at
  /// most ``embeddingTableLimit`` entries; nil above that.
  private(set) var embeddedRows: ScaledRows?
  /// The most entries (tokens with BOS × positions × width) kept in `embeddedRows`.
  static let embeddingTableLimit = 1 << 18
  /// Pass states (keys, scratch) kept between runs.
  let passes = PassPool()

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
    var index: [String: Int] = [:]
    for (i, token) in model.vocabulary.enumerated() { index[token] = i }
    if let bos = model.bos { index[bos] = model.vocabulary.count }
    tokenIndex = index
    stageLabels = model.layers.indices.map { ("layer \($0) attention", "layer \($0) mlp") }
    embeddedRows = nil
    embeddedRows = embeddingTable()
  }

  /// Every token's embedded row at every position, from ``embed(_:)`` on
  /// each token repeated at every position (so the table is the embedding
  /// by definition), or nil when it would exceed ``embeddingTableLimit``.
  func embeddingTable() -> ScaledRows? {
    let tokens = model.vocabulary + (model.bos.map { [$0] } ?? [])
    let positions = model.positionCount
    let d = model.residual.dimension
    guard tokens.count * positions * d <= Self.embeddingTableLimit else { return nil }
    var entries: [Rational] = []
    entries.reserveCapacity(tokens.count * positions * d)
    for token in tokens { entries += embed(Array(repeating: token, count: positions)).entries }
    return ScaledRows(Matrix(rows: tokens.count * positions, columns: d, entries: entries))
  }

  /// The input's token indices (BOS first when declared), checked as ``sequence(for:)`` checks.
  ///
  /// - Throws: ``ModelError`` for a bad input.
  func tokenIndices(for tokens: [String]) throws -> [Int] {
    guard !tokens.isEmpty else { throw ModelError.emptyInput }
    guard tokens.count <= model.maxLength else {
      throw ModelError.inputTooLong(length: tokens.count, maxLength: model.maxLength)
    }
    guard tokens.count >= model.minLength else {
      throw ModelError.inputTooShort(length: tokens.count, minLength: model.minLength)
    }
    let vocabularySize = model.vocabulary.count
    var indices: [Int] = []
    indices.reserveCapacity(tokens.count + 1)
    if model.bos != nil { indices.append(vocabularySize) }
    for (i, token) in tokens.enumerated() {
      guard let t = tokenIndex[token], t < vocabularySize else { throw ModelError.unknownToken(token, position: i) }
      indices.append(t)
    }
    return indices
  }

  /// Checks an input and returns the token sequence as run (BOS first when declared).
  ///
  /// - Throws: ``ModelError`` for an empty input, an input over the maximum
  ///   length, or a token outside the vocabulary.
  public func sequence(for tokens: [String]) throws -> [String] {
    _ = try tokenIndices(for: tokens)
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
    let trace: Trace
    if let table = embeddedRows {
      // The embedded rows from the table (the rows `embed` makes), as integers.
      let indices = try tokenIndices(for: tokens)
      let positions = model.positionCount
      var stream = ScaledRows(rows: indices.count, columns: table.columnCount)
      for (i, t) in indices.enumerated() { stream.setRow(i, copying: t * positions + i, of: table) }
      trace = try forward(stream)
    } else {
      trace = try forward(embed(sequence(for: tokens)))
    }
    let first = model.bos == nil ? 0 : 1
    let final = trace.stages.last!.scaledStream
    let outputs = try (first..<final.rowCount).map { try decode(row: $0, of: final, position: $0 - first).get() }
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

  /// The pass itself (``WholePass``, recording each stage's added blocks).
  func forward(_ stream: ScaledRows, embedding: StageStream) throws -> Trace {
    precondition(stream.columnCount == model.residual.dimension, "stream width is not the residual width")
    var stages = [Trace.Stage(label: "embedding", layer: nil, storage: embedding)]
    var buffers = makeBuffers(rows: stream.rowCount, stream: stream)
    var pass = passes.take() ?? WholePass(self)
    defer { passes.give(pass) }
    // Each stage keeps the blocks it added, not a copy of the stream.
    try pass.forward(&buffers, of: self) { label, layer, added in
      stages.append(Trace.Stage(label: label, layer: layer, storage: StageStream(.sum(stages.last!.storage, added))))
    }
    // The last stage is the stream itself.
    if stages.count > 1 { stages[stages.count - 1].storage = StageStream(.scaled(buffers.stream)) }
    return Trace(residual: model.residual, stages: stages)
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
      case .softmax, .proportional:
        let entries = readoutIndices.map { entry(i, $0) }
        var best = 0
        for k in entries.indices where entries[best] < entries[k] { best = k }
        outputs.append(try model.readout.decodeDistribution(entries, largest: best, position: i - first).get())
      }
    }
    return outputs
  }
}

/// Spare ``WholePass`` states of one prepared model, so that successive runs
/// reuse their key stores and scratch buffers instead of allocating them.
///
/// Shared by copies of the model and safe to use from several threads (a
/// lock around taking and giving back; a pass in use belongs to one run).
final class PassPool: @unchecked Sendable {
  private let lock = NSLock()
  private var spare: [WholePass] = []
  /// The most passes kept.
  static let capacity = 4

  /// A spare pass, or nil when none is left.
  func take() -> WholePass? {
    lock.lock()
    defer { lock.unlock() }
    return spare.popLast()
  }

  /// Gives a pass back (dropped when the pool is full).
  func give(_ pass: WholePass) {
    lock.lock()
    defer { lock.unlock() }
    if spare.count < Self.capacity { spare.append(pass) }
  }
}
