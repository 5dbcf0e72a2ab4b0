import ExactArithmetic
import Foundation

// The model file: JSON, versioned, every rational a canonical "p/q" string,
// matrices as sparse [row-name, column-name, weight] triplets so a person can
// read which direction feeds which.

extension Model {
  /// The format tag written in every model file.
  public static let fileFormat = "expressivity-model"
  /// The newest format version this build writes and reads. Version 2 adds
  /// the joint (token, position) embedding table; version 3 adds the
  /// distribution readouts (`softmax`, `proportional`). A model is written
  /// with the lowest version that holds what it uses (1 when it uses
  /// neither), so older builds read every file they can.
  public static let fileVersion = 3

  /// The model as JSON (sorted keys, so equal models give equal bytes).
  public func jsonData(pretty: Bool = true) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(ModelFile(self))
  }

  /// Reads a model from JSON.
  ///
  /// - Throws: ``ModelError/invalidFile(_:)`` naming where the file is wrong.
  public init(jsonData data: Data) throws {
    let file: ModelFile
    do {
      file = try JSONDecoder().decode(ModelFile.self, from: data)
    } catch let error as DecodingError {
      throw ModelError.invalidFile(Model.explain(error))
    } catch let error as ModelError {
      throw error
    } catch {
      throw ModelError.invalidFile("not JSON (\(error.localizedDescription))")
    }
    self = try file.model()
  }

  /// Reads a model file.
  public static func load(from path: String) throws -> Model {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ModelError.invalidFile("cannot read '\(path)'")
    }
    do {
      return try Model(jsonData: data)
    } catch let ModelError.invalidFile(why) {
      throw ModelError.invalidFile("\(path): \(why)")
    }
  }

  /// Writes the model file atomically (never half-written).
  public func save(to path: String) throws {
    try jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  static func explain(_ error: DecodingError) -> String {
    func at(_ path: [any CodingKey]) -> String {
      let text = path.map { key in
        key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
      }.joined()
      return text.isEmpty ? "top level" : String(text.drop { $0 == "." })
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing key '\(key.stringValue)' at \(at(context.codingPath))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "\(context.debugDescription) at \(at(context.codingPath))"
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return "not valid JSON (truncated or malformed)" }
      return "\(context.debugDescription) at \(at(context.codingPath))"
    @unknown default:
      return "\(error)"
    }
  }
}

/// A weight `[row, column, "p/q"]`; rows and columns are names or indices.
private struct Triplet: Codable {
  var row: String
  var column: String
  var weight: Rational

  init(_ row: String, _ column: String, _ weight: Rational) {
    self.row = row
    self.column = column
    self.weight = weight
  }

  init(from decoder: any Decoder) throws {
    var c = try decoder.unkeyedContainer()
    func name() throws -> String {
      if let i = try? c.decode(Int.self) { return String(i) }
      return try c.decode(String.self)
    }
    row = try name()
    column = try name()
    weight = try c.decode(Rational.self)
    guard c.isAtEnd else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "a weight is [row, column, value]")
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    // Hidden-unit indices are written as numbers; names stay strings.
    for part in [row, column] {
      if let i = Int(part), String(i) == part { try c.encode(i) } else { try c.encode(part) }
    }
    try c.encode(weight)
  }
}

private func triplets(_ m: Matrix, rows: [String], columns: [String]) -> [Triplet] {
  var out: [Triplet] = []
  for i in 0..<m.rowCount {
    for j in 0..<m.columnCount where !m[i, j].isZero {
      out.append(Triplet(rows[i], columns[j], m[i, j]))
    }
  }
  return out
}

private func matrix(_ ts: [Triplet], rows: [String], columns: [String], what: String) throws -> Matrix {
  let r = ResidualSpace(rows)
  let c = ResidualSpace(columns)
  var m = Matrix.zeros(rows: rows.count, columns: columns.count)
  for t in ts {
    guard let i = r.index(of: t.row) else {
      throw ModelError.invalidFile("\(what): row '\(t.row)' is not one of its inputs")
    }
    guard let j = c.index(of: t.column) else {
      throw ModelError.invalidFile("\(what): column '\(t.column)' is not one of its outputs")
    }
    m[i, j] = t.weight
  }
  return m
}

private struct HeadFile: Codable {
  var name: String
  var semantics: String
  var mask: AttentionMask
  var query: [String]
  var key: [String]
  var query_key: [Triplet]
  var value: [String]
  var output: [String]
  var value_output: [Triplet]

  init(_ h: AttentionHead) {
    name = h.name
    semantics = h.semantics.name
    mask = h.mask
    query = h.query
    key = h.key
    query_key = triplets(h.queryKey, rows: h.query, columns: h.key)
    value = h.value
    output = h.output
    value_output = triplets(h.valueOutput, rows: h.value, columns: h.output)
  }

  func head() throws -> AttentionHead {
    guard let s = AttentionSemantics(name: semantics) else {
      let known = AttentionSemantics.named.map(\.name).joined(separator: ", ")
      throw ModelError.invalidFile("head '\(name)': unknown semantics '\(semantics)' (known: \(known))")
    }
    return try AttentionHead(
      name: name, query: query, key: key,
      queryKey: matrix(query_key, rows: query, columns: key, what: "head '\(name)' query_key"),
      value: value, output: output,
      valueOutput: matrix(value_output, rows: value, columns: output, what: "head '\(name)' value_output"),
      semantics: s, mask: mask)
  }
}

private struct MLPFile: Codable {
  var name: String
  var input: [String]
  var output: [String]
  var hidden: Int
  var first_weight: [Triplet]
  var first_bias: [Rational]
  var second_weight: [Triplet]
  var second_bias: [Rational]

  init(_ m: MLP) {
    let units = (0..<m.hiddenWidth).map(String.init)
    name = m.name
    input = m.input
    output = m.output
    hidden = m.hiddenWidth
    first_weight = triplets(m.firstWeight, rows: m.input, columns: units)
    first_bias = m.firstBias.entries
    second_weight = triplets(m.secondWeight, rows: units, columns: m.output)
    second_bias = m.secondBias.entries
  }

  func mlp() throws -> MLP {
    guard hidden >= 0, hidden <= 10_000_000 else {
      throw ModelError.invalidFile("MLP '\(name)': hidden width \(hidden) out of range")
    }
    let units = (0..<hidden).map(String.init)
    return try MLP(
      name: name, input: input, output: output,
      firstWeight: matrix(first_weight, rows: input, columns: units, what: "MLP '\(name)' first_weight"),
      firstBias: Vector(first_bias),
      secondWeight: matrix(second_weight, rows: units, columns: output, what: "MLP '\(name)' second_weight"),
      secondBias: Vector(second_bias))
  }
}

private struct LayerFile: Codable {
  var heads: [HeadFile]
  var mlp: MLPFile?
}

/// A readout label: exactly one of `text`, `number` ("p/q"), `boolean`.
private struct LabelFile: Codable {
  var text: String?
  var number: Rational?
  var boolean: Bool?

  init(_ v: OutputValue) {
    switch v {
    case .text(let s): text = s
    case .number(let r): number = r
    case .boolean(let b): boolean = b
    }
  }

  func value() throws -> OutputValue {
    switch (text, number, boolean) {
    case (let s?, nil, nil): return .text(s)
    case (nil, let r?, nil): return .number(r)
    case (nil, nil, let b?): return .boolean(b)
    default: throw ModelError.invalidFile("a readout label has exactly one of text, number, boolean")
    }
  }
}

/// The readout, `"readout": {"kind": …}`:
/// - `categorical`: `directions` and `labels` (one each); the output is the
///   label of the largest entry, a tie is an error.
/// - `numerical`: `direction`; the output is its value.
/// - `softmax` (version 3): `directions`, `labels`, optional `scale` ("p/q",
///   positive, default 1) and optional `base` (only 2 is accepted, the
///   default). Label i has probability 2^(scale·x_i) / Σ_j 2^(scale·x_j);
///   each logit scale·x_i must be an integer at run time. The decoded output
///   is the most probable label, ties to the first.
/// - `proportional` (version 3): `directions`, `labels`, optional `empty` (a
///   label); label i has probability x_i / Σ_j x_j (entries non-negative).
///   The decoded output is the most probable label, ties to the first; a
///   row of zeros has no distribution and decodes to `empty` (an error when
///   there is none).
/// Exporters that cannot represent a kind must refuse the model, not drop
/// the probabilities.
private struct ReadoutFile: Codable {
  var kind: String
  var directions: [String]?
  var labels: [LabelFile]?
  var direction: String?
  var scale: Rational?
  var base: Int?
  var empty: LabelFile?

  init(_ r: Readout) {
    switch r {
    case .categorical(let ds, let ls):
      kind = "categorical"
      directions = ds
      labels = ls.map(LabelFile.init)
    case .numerical(let d):
      kind = "numerical"
      direction = d
    case .softmax(let ds, let ls, let s):
      kind = "softmax"
      directions = ds
      labels = ls.map(LabelFile.init)
      base = 2
      scale = s
    case .proportional(let ds, let ls, let e):
      kind = "proportional"
      directions = ds
      labels = ls.map(LabelFile.init)
      empty = e.map(LabelFile.init)
    }
  }

  /// The oldest format version that can hold this readout.
  var version: Int { kind == "softmax" || kind == "proportional" ? 3 : 1 }

  func readout() throws -> Readout {
    func labelled() throws -> ([String], [OutputValue]) {
      guard let directions, let labels else {
        throw ModelError.invalidFile("\(kind) readout needs directions and labels")
      }
      return (directions, try labels.map { try $0.value() })
    }
    func unused(_ keys: [(String, Bool)]) throws {
      for (key, present) in keys where present {
        throw ModelError.invalidFile("a \(kind) readout takes no '\(key)'")
      }
    }
    switch kind {
    case "categorical":
      try unused([("scale", scale != nil), ("base", base != nil), ("direction", direction != nil), ("empty", empty != nil)])
      let (directions, labels) = try labelled()
      return .categorical(directions: directions, labels: labels)
    case "numerical":
      try unused([("scale", scale != nil), ("base", base != nil), ("labels", labels != nil), ("empty", empty != nil)])
      guard let direction else { throw ModelError.invalidFile("numerical readout needs a direction") }
      return .numerical(direction: direction)
    case "softmax":
      try unused([("direction", direction != nil), ("empty", empty != nil)])
      if let base, base != 2 {
        throw ModelError.invalidFile(
          "softmax readout: base \(base) is not supported; only base 2 gives exact rational probabilities (2^l for integer logits l)")
      }
      let s = scale ?? .one
      guard s.signum > 0 else {
        throw ModelError.invalidFile("softmax readout: scale must be positive, got \(s)")
      }
      let (directions, labels) = try labelled()
      return .softmax(directions: directions, labels: labels, scale: s)
    case "proportional":
      try unused([("scale", scale != nil), ("base", base != nil), ("direction", direction != nil)])
      let (directions, labels) = try labelled()
      return .proportional(directions: directions, labels: labels, empty: try empty?.value())
    default:
      throw ModelError.invalidFile("unknown readout kind '\(kind)' (categorical, numerical, softmax or proportional)")
    }
  }
}

private struct EmbeddingFile: Codable {
  var tokens: [String: [String: Rational]]
  var positions: [[String: Rational]]
  var constant: [String: Rational]
  var joint: [String: [[String: Rational]]]?
}

private struct LoopFile: Codable {
  var start: Int
  var end: Int
  var iterations: Int?
  var halt: String?
  var max_iterations: Int
}

private struct ModelFile: Codable {
  var format: String
  var version: Int
  var name: String
  var vocabulary: [String]
  var max_length: Int
  var bos: String?
  var residual: [String]
  var embedding: EmbeddingFile
  var layers: [LayerFile]
  var readout: ReadoutFile
  var metadata: [String: String]?
  var stop_tokens: [String]?
  var min_length: Int?
  var loop: LoopFile?

  init(_ m: Model) {
    format = Model.fileFormat
    readout = ReadoutFile(m.readout)
    version = max(m.embedding.joint.isEmpty ? 1 : 2, readout.version)
    name = m.name
    vocabulary = m.vocabulary
    max_length = m.maxLength
    bos = m.bos
    residual = m.residual.names
    embedding = EmbeddingFile(
      tokens: m.embedding.tokens, positions: m.embedding.positions, constant: m.embedding.constant,
      joint: m.embedding.joint.isEmpty ? nil : m.embedding.joint)
    layers = m.layers.map { LayerFile(heads: $0.heads.map(HeadFile.init), mlp: $0.mlp.map(MLPFile.init)) }
    metadata = m.metadata.isEmpty ? nil : m.metadata
    stop_tokens = m.stopTokens.isEmpty ? nil : m.stopTokens
    min_length = m.minLength == 1 ? nil : m.minLength
    loop = m.loop.map {
      LoopFile(start: $0.start, end: $0.end, iterations: $0.iterations, halt: $0.halt, max_iterations: $0.maxIterations)
    }
  }

  func model() throws -> Model {
    guard format == Model.fileFormat else {
      throw ModelError.invalidFile("format is '\(format)', expected '\(Model.fileFormat)'")
    }
    guard (1...Model.fileVersion).contains(version) else {
      throw ModelError.invalidFile("format version \(version) is not supported (this build reads 1...\(Model.fileVersion))")
    }
    guard version >= 2 || embedding.joint == nil else {
      throw ModelError.invalidFile("a joint embedding table needs format version 2")
    }
    guard version >= readout.version else {
      throw ModelError.invalidFile("a \(readout.kind) readout needs format version \(readout.version)")
    }
    guard max_length >= 1, max_length <= 1_000_000 else {
      throw ModelError.invalidFile("max_length \(max_length) out of range")
    }
    guard Set(residual).count == residual.count else {
      throw ModelError.invalidFile("residual directions repeat")
    }
    var model = try Model(
      name: name, residual: ResidualSpace(residual), vocabulary: vocabulary,
      maxLength: max_length, bos: bos,
      embedding: Embedding(
        tokens: embedding.tokens, positions: embedding.positions, constant: embedding.constant,
        joint: embedding.joint ?? [:]),
      layers: layers.map { Layer(heads: try $0.heads.map { try $0.head() }, mlp: try $0.mlp?.mlp()) },
      readout: try readout.readout(), metadata: metadata ?? [:])
    model.stopTokens = stop_tokens ?? []
    model.minLength = min_length ?? 1
    model.loop = loop.map {
      Loop(start: $0.start, end: $0.end, iterations: $0.iterations, halt: $0.halt, maxIterations: $0.max_iterations)
    }
    try model.validate()
    return model
  }
}
