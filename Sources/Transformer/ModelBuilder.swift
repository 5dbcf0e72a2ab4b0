import ExactArithmetic

/// Writes a model by hand on named directions.
///
/// The builder starts with a one-hot embedding: `tokens:t` for every token
/// (BOS included), `indices:i` for every position, and the constant `one`.
/// Layers are appended in order; the directions a head or MLP writes are
/// declared on the way, while the ones it reads must already exist, so a
/// misspelt input is an error rather than a silent zero.
///
///     var builder = ModelBuilder(name: "copy", vocabulary: ["a", "b"], maxLength: 4)
///     try builder.appendLayer(heads: [previousTokenHead])
///     let model = try builder.build(readout: .oneHot("prev", values: ...))
public struct ModelBuilder: Sendable {
  public let name: String
  public let vocabulary: [String]
  public let maxLength: Int
  public let bos: String?
  /// Directions declared so far.
  public private(set) var residual: ResidualSpace
  /// The embedding (one-hot by default; may be replaced before building).
  public var embedding: Embedding {
    didSet { for d in embedding.directions { residual.insert(d) } }
  }
  /// Layers appended so far.
  public private(set) var layers: [Layer] = []
  /// Facts recorded in the model's metadata.
  public var metadata: [String: String] = [:]
  /// Tokens that end a chain-of-thought run.
  public var stopTokens: [String] = []
  /// The shortest input the model accepts.
  public var minLength = 1
  /// The block repeated in looped runs, if any.
  public var loop: Loop?

  /// How positions enter the stream.
  public enum Positions: Sendable {
    /// One direction `indices:i` per position.
    case oneHot
    /// Given entries for each position i (BOS included), e.g. `pos = i`.
    case entries(@Sendable (Int) -> [String: Rational])
  }

  /// A builder with a one-hot token embedding; `bos: nil` for a model
  /// without BOS.
  public init(
    name: String, vocabulary: [String], maxLength: Int, bos: String? = "BOS",
    positions: Positions = .oneHot
  ) {
    self.name = name
    self.vocabulary = vocabulary
    self.maxLength = maxLength
    self.bos = bos
    let tokens = (bos.map { [$0] } ?? []) + vocabulary
    let count = maxLength + (bos == nil ? 0 : 1)
    var table = Embedding.oneHot(tokens: tokens, positions: count)
    if case .entries(let entries) = positions {
      table.positions = (0..<count).map(entries)
    }
    embedding = table
    residual = ResidualSpace(["one"] + tokens.map { "tokens:\($0)" })
    for d in table.directions { residual.insert(d) }
  }

  /// A builder with a given embedding (tokens as numbers rather than
  /// one-hot, say): the stream starts with `one` and the embedding's
  /// directions only, so the width counts what the embedding writes.
  public init(name: String, vocabulary: [String], maxLength: Int, bos: String? = "BOS", embedding: Embedding) {
    self.name = name
    self.vocabulary = vocabulary
    self.maxLength = maxLength
    self.bos = bos
    self.embedding = embedding
    residual = ResidualSpace(["one"])
    for d in embedding.directions { residual.insert(d) }
  }

  /// All tokens the embedding knows, BOS first when declared.
  public var allTokens: [String] { (bos.map { [$0] } ?? []) + vocabulary }

  /// Stream rows in the longest run (BOS included).
  public var positionCount: Int { maxLength + (bos == nil ? 0 : 1) }

  /// Declares directions (in order, skipping ones already present).
  public mutating func declare(_ directions: [String]) {
    for d in directions { residual.insert(d) }
  }

  /// Appends a layer; heads run in parallel on the stream, then the MLP.
  ///
  /// - Throws: ``ModelError/unknownDirection(_:)`` for a read direction
  ///   not yet declared.
  public mutating func appendLayer(heads: [AttentionHead] = [], mlp: MLP? = nil) throws {
    for head in heads {
      try requireDeclared(head.query + head.key + head.value)
    }
    // The MLP runs after the heads, so it may read what they write.
    var afterHeads = residual
    for head in heads { for d in head.output { afterHeads.insert(d) } }
    if let mlp {
      for name in mlp.input where !afterHeads.contains(name) {
        throw ModelError.unknownDirection(name)
      }
    }
    for head in heads { declare(head.output) }
    if let mlp { declare(mlp.output) }
    layers.append(Layer(heads: heads, mlp: mlp))
  }

  private func requireDeclared(_ names: [String]) throws {
    for name in names where !residual.contains(name) {
      throw ModelError.unknownDirection(name)
    }
  }

  /// The finished model.
  public func build(readout: Readout) throws -> Model {
    var model = try Model(
      name: name, residual: residual, vocabulary: vocabulary, maxLength: maxLength, bos: bos,
      embedding: embedding, layers: layers, readout: readout, metadata: metadata)
    model.stopTokens = stopTokens
    model.minLength = minLength
    model.loop = loop
    try model.validate()
    return model
  }
}
