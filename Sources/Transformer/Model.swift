import ExactArithmetic

/// A transformer with exact rational weights on named residual directions.
///
/// The same type holds compiled RASP programs and hand-built constructions,
/// so running, verifying, exporting and tabulating serve both. A model is a
/// plain value; ``prepared()`` readies its weights for fast exact runs.
public struct Model: Sendable, Hashable {
  /// A label (the program or construction it came from).
  public var name: String
  /// The residual stream's directions.
  public var residual: ResidualSpace
  /// Input tokens the model accepts (BOS excluded).
  public var vocabulary: [String]
  /// The longest input accepted (BOS excluded).
  public var maxLength: Int
  /// The beginning-of-sequence token put at position 0, when declared.
  public var bos: String?
  /// Token and position embedding.
  public var embedding: Embedding
  /// The layers, applied in order.
  public var layers: [Layer]
  /// How outputs are decoded.
  public var readout: Readout
  /// Free-form facts about the model (its source, parameters).
  public var metadata: [String: String]
  /// A block of layers to repeat in looped runs, if any.
  public var loop: Loop?
  /// The shortest input accepted (a model whose positional encoding depends
  /// on the input length, as i/n does, is built for one length).
  public var minLength: Int = 1
  /// Emitted tokens that end a chain-of-thought run (empty for models not
  /// meant to generate).
  public var stopTokens: [String] = []

  /// A model, checked for consistency.
  ///
  /// - Throws: ``ModelError`` when a direction used by a weight, the
  ///   embedding or the readout is missing from `residual`, when the
  ///   vocabulary repeats a token or contains BOS, or when the embedding
  ///   lacks a token or a position (a joint table needs one row per position).
  public init(
    name: String, residual: ResidualSpace, vocabulary: [String], maxLength: Int,
    bos: String?, embedding: Embedding, layers: [Layer], readout: Readout,
    metadata: [String: String] = [:]
  ) throws {
    self.name = name
    self.residual = residual
    self.vocabulary = vocabulary
    self.maxLength = maxLength
    self.bos = bos
    self.embedding = embedding
    self.layers = layers
    self.readout = readout
    self.metadata = metadata
    try validate()
  }

  /// Checks that every direction named anywhere exists and the embedding
  /// covers every token and position.
  public func validate() throws {
    func check(_ names: [String]) throws {
      for name in names where !residual.contains(name) {
        throw ModelError.unknownDirection(name)
      }
    }
    guard maxLength >= 1 else { throw ModelError.invalidFile("max_length must be at least 1") }
    guard minLength >= 1, minLength <= maxLength else {
      throw ModelError.invalidFile("min_length \(minLength) must be in 1...max_length (\(maxLength))")
    }
    guard !vocabulary.isEmpty else { throw ModelError.invalidFile("empty vocabulary") }
    if let bos, vocabulary.contains(bos) {
      throw ModelError.invalidFile("BOS token '\(bos)' is also in the vocabulary")
    }
    var seen: Set<String> = []
    for token in vocabulary where !seen.insert(token).inserted {
      throw ModelError.invalidFile("vocabulary lists token '\(token)' twice")
    }
    try check(embedding.directions)
    for token in vocabulary + (bos.map { [$0] } ?? []) where embedding.tokens[token] == nil {
      throw ModelError.invalidFile("no embedding for token '\(token)'")
    }
    guard embedding.positions.count >= positionCount else {
      throw ModelError.invalidFile(
        "position embedding has \(embedding.positions.count) rows; \(positionCount) needed")
    }
    for (token, rows) in embedding.joint.sorted(by: { $0.key < $1.key }) {
      guard embedding.tokens[token] != nil else {
        throw ModelError.invalidFile("joint embedding for '\(token)', which is not a token of the model")
      }
      guard rows.count == positionCount else {
        throw ModelError.invalidFile(
          "joint embedding of '\(token)' has \(rows.count) rows; \(positionCount) needed (one per position)")
      }
    }
    for layer in layers {
      for head in layer.heads {
        try check(head.query + head.key + head.value + head.output)
      }
      if let mlp = layer.mlp { try check(mlp.input + mlp.output) }
    }
    try check(readout.directions)
    if let labels = readout.labels {
      let directions = readout.directions
      guard directions.count == labels.count, !directions.isEmpty else {
        throw ModelError.invalidFile(
          "readout has \(directions.count) directions and \(labels.count) labels")
      }
    }
    if case .softmax(_, _, let scale) = readout, scale.signum <= 0 {
      throw ModelError.invalidFile("a softmax readout's scale must be positive, got \(scale)")
    }
    if let loop {
      guard loop.start >= 0, loop.start < loop.end, loop.end <= layers.count else {
        throw ModelError.invalidFile("loop layers \(loop.start)..<\(loop.end) are not within the \(layers.count) layers")
      }
      guard loop.halt != nil || loop.iterations != nil else {
        throw ModelError.invalidFile("a loop needs a fixed iteration count or a halt direction")
      }
      guard (loop.iterations ?? 0) >= 0, loop.maxIterations >= 0 else {
        throw ModelError.invalidFile("loop iteration counts must not be negative")
      }
      if let halt = loop.halt { try check([halt]) }
    }
    for token in stopTokens where !vocabulary.contains(token) {
      throw ModelError.invalidFile("stop token '\(token)' is not in the vocabulary")
    }
  }

  /// Positions in the longest run, BOS included.
  public var positionCount: Int { maxLength + (bos == nil ? 0 : 1) }

  /// Number of heads in each layer.
  public var headsPerLayer: [Int] { layers.map(\.heads.count) }

  /// Hidden width of each layer's MLP (0 where a layer has none).
  public var mlpWidths: [Int] { layers.map { $0.mlp?.hiddenWidth ?? 0 } }

  /// Weights and biases in all layers, plus embedding entries (a dense row
  /// per token, per position, per joint (token, position) row, and the constant).
  public var parameterCount: Int {
    let layerParameters = layers.reduce(0) { total, layer in
      total + layer.heads.reduce(0) { $0 + $1.parameterCount } + (layer.mlp?.parameterCount ?? 0)
    }
    let d = residual.dimension
    let jointRows = embedding.joint.values.reduce(0) { $0 + $1.count }
    return layerParameters + d * (embedding.tokens.count + embedding.positions.count + jointRows + 1)
  }

  /// Non-zero weights and biases in all layers, plus embedding entries.
  public var nonzeroCount: Int {
    let layerNonzeros = layers.reduce(0) { total, layer in
      total + layer.heads.reduce(0) { $0 + $1.nonzeroCount } + (layer.mlp?.nonzeroCount ?? 0)
    }
    let embedded = embedding.tokens.values.reduce(0) { $0 + $1.values.filter { !$0.isZero }.count }
      + embedding.positions.reduce(0) { $0 + $1.values.filter { !$0.isZero }.count }
      + embedding.constant.values.filter { !$0.isZero }.count
      + embedding.joint.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.values.filter { !$0.isZero }.count } }
    return layerNonzeros + embedded
  }

  /// The model readied for exact runs (weights cleared to integers once).
  public func prepared() -> PreparedModel { PreparedModel(self) }

  /// Runs the model once on `tokens` (BOS is added when declared).
  public func run(_ tokens: [String]) throws -> Run { try prepared().run(tokens) }
}
