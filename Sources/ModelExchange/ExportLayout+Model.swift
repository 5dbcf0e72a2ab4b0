import ExactArithmetic
import Transformer

extension ExportLayout {
  /// The model an export describes, from its manifest and its tensors' entries.
  ///
  /// - Throws: ``ExchangeError/malformed(_:)`` for a missing tensor or a
  ///   shape that disagrees with the manifest; ``ModelError`` when the
  ///   model itself is inconsistent.
  public static func model(_ manifest: ExportManifest, tensors: [String: [Rational]]) throws -> Model {
    let residual = ResidualSpace(manifest.residual)
    let d = residual.dimension
    guard residual.dimension == manifest.residual.count else { throw ExchangeError.malformed("residual directions repeat") }
    func tensor(_ name: String, count: Int) throws -> [Rational] {
      guard let entries = tensors[name] else { throw ExchangeError.malformed("no tensor '\(name)'") }
      guard entries.count == count else {
        throw ExchangeError.malformed("tensor '\(name)' has \(entries.count) entries, expected \(count)")
      }
      return entries
    }
    let zeros = manifest.embedding.explicit_zeros.mapValues(Set.init)
    func rows(_ entries: [Rational], tensor: String, from first: Int, count: Int) -> [[String: Rational]] {
      (0..<count).map { i in
        let start = (first + i) * d
        let slice = entries[start..<(start + d)]
        var out: [String: Rational] = [:]
        let listed = zeros[tensor] ?? []
        for (c, x) in slice.enumerated() where !x.isZero || listed.contains(start + c) { out[manifest.residual[c]] = x }
        return out
      }
    }
    let tokenOrder = manifest.embedding.tokens
    let tokenEntries = try tensor("embed.tokens", count: tokenOrder.count * d)
    let tokenRows = rows(tokenEntries, tensor: "embed.tokens", from: 0, count: tokenOrder.count)
    let positions = manifest.embedding.positions
    let positionRows = rows(try tensor("embed.positions", count: positions * d), tensor: "embed.positions", from: 0, count: positions)
    let constant = rows(try tensor("embed.constant", count: d), tensor: "embed.constant", from: 0, count: 1)[0]
    var joint: [String: [[String: Rational]]] = [:]
    if !manifest.embedding.joint.isEmpty {
      let p = manifest.max_length + (manifest.bos == nil ? 0 : 1)
      let entries = try tensor("embed.joint", count: manifest.embedding.joint.count * p * d)
      for (k, entry) in manifest.embedding.joint.enumerated() {
        joint[entry.token] = rows(entries, tensor: "embed.joint", from: k * p, count: min(entry.rows, p))
      }
    }
    func matrix(_ name: String, _ rows: Int, _ columns: Int) throws -> Matrix {
      Matrix(rows: rows, columns: columns, entries: try tensor(name, count: rows * columns))
    }
    guard manifest.layers >= 0, manifest.heads.allSatisfy({ (0..<manifest.layers).contains($0.layer) }),
      manifest.mlps.allSatisfy({ (0..<manifest.layers).contains($0.layer) })
    else { throw ExchangeError.malformed("a head or MLP lies outside the \(manifest.layers) layers") }
    var layers = Array(repeating: Layer(), count: manifest.layers)
    for h in manifest.heads {
      guard let semantics = AttentionSemantics(name: h.semantics) else {
        throw ExchangeError.malformed("head '\(h.name)': unknown semantics '\(h.semantics)'")
      }
      guard let mask = AttentionMask(rawValue: h.mask) else {
        throw ExchangeError.malformed("head '\(h.name)': unknown mask '\(h.mask)'")
      }
      let prefix = "layers.\(h.layer).attn.\(h.index)."
      layers[h.layer].heads.append(try AttentionHead(
        name: h.name, query: h.query, key: h.key, queryKey: matrix(prefix + "W_QK", h.query.count, h.key.count),
        value: h.value, output: h.output, valueOutput: matrix(prefix + "W_VO", h.value.count, h.output.count),
        semantics: semantics, mask: mask))
    }
    for m in manifest.mlps {
      let prefix = "layers.\(m.layer).mlp."
      layers[m.layer].mlp = try MLP(
        name: m.name, input: m.input, output: m.output,
        firstWeight: matrix(prefix + "W_in", m.input.count, m.hidden),
        firstBias: Vector(try tensor(prefix + "b_in", count: m.hidden)),
        secondWeight: matrix(prefix + "W_out", m.hidden, m.output.count),
        secondBias: Vector(try tensor(prefix + "b_out", count: m.output.count)))
    }
    var model = try Model(
      name: manifest.name, residual: residual, vocabulary: manifest.vocabulary, maxLength: manifest.max_length,
      bos: manifest.bos,
      embedding: Embedding(
        tokens: Dictionary(uniqueKeysWithValues: zip(tokenOrder, tokenRows)), positions: positionRows,
        constant: constant, joint: joint),
      layers: layers, readout: try readout(manifest.readout), metadata: manifest.metadata)
    model.minLength = manifest.min_length
    model.stopTokens = manifest.stop_tokens
    model.loop = manifest.loop.map {
      Loop(start: $0.start, end: $0.end, iterations: $0.iterations, halt: $0.halt, maxIterations: $0.max_iterations)
    }
    try model.validate()
    return model
  }

  static func readout(_ entry: ExportManifest.ReadoutEntry) throws -> Readout {
    func number(_ text: String) throws -> Rational {
      guard let r = Rational(text) else { throw ExchangeError.malformed("'\(text)' is not a rational number") }
      return r
    }
    func label(_ l: ExportManifest.LabelEntry) throws -> OutputValue {
      switch (l.text, l.number, l.boolean) {
      case (let s?, nil, nil): return .text(s)
      case (nil, let r?, nil): return .number(try number(r))
      case (nil, nil, let b?): return .boolean(b)
      default: throw ExchangeError.malformed("a readout label has exactly one of text, number, boolean")
      }
    }
    let labels = try (entry.labels ?? []).map(label)
    switch entry.kind {
    case "categorical": return .categorical(directions: entry.directions, labels: labels)
    case "numerical":
      guard entry.directions.count == 1 else { throw ExchangeError.malformed("a numerical readout reads one direction") }
      return .numerical(direction: entry.directions[0])
    case "softmax":
      return .softmax(directions: entry.directions, labels: labels, scale: try number(entry.scale ?? "1"))
    case "proportional":
      return .proportional(directions: entry.directions, labels: labels, empty: try entry.empty.map(label))
    default: throw ExchangeError.malformed("unknown readout kind '\(entry.kind)'")
    }
  }
}
