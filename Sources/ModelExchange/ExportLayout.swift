import ExactArithmetic
import Transformer
import Verification

/// The naming scheme of an export: a model as named tensors plus a manifest,
/// and back.
///
/// Row-vector convention (a position's stream is a row x of width d):
/// - `embed.tokens` (tokens × d; rows as ``ExportManifest/EmbeddingEntry/tokens``),
///   `embed.positions` (positions × d), `embed.constant` (d), and, when the
///   model has one, `embed.joint` (joint tokens × positions × d, zero beyond
///   a token's rows): x_i = tokens[t_i] + positions[i] + constant + joint[t_i][i];
/// - `layers.{l}.attn.{h}.W_QK` (|query| × |key|): the score of query i for
///   key j is x_i[query] · W_QK · x_j[key]ᵀ; `W_VO` (|value| × |output|):
///   the head adds (Σ_j a_ij x_j[value]) · W_VO to x_i[output];
/// - `layers.{l}.mlp.W_in` (|input| × hidden), `b_in`, `W_out` (hidden ×
///   |output|), `b_out`: adds relu(x[input] · W_in + b_in) · W_out + b_out;
/// - `unembed` (d × labels, labelled readouts): the 0/1 map from the stream
///   to the readout's entries.
/// Subspaces (query, key, …) are lists of direction names in the manifest;
/// `residual` gives each direction's column.
public enum ExportLayout {
  /// The model's tensors and its manifest (with no tensor storage yet).
  public static func tensors(of model: Model, dtype: TensorDType) throws -> ([NamedTensor], ExportManifest) {
    let d = model.residual.dimension
    var zeros: [String: [Int]] = [:]
    func row(_ entries: [String: Rational], tensor: String, offset: Int) -> [Rational] {
      var out = [Rational](repeating: .zero, count: d)
      for (name, x) in entries {
        let c = model.residual.index(of: name)!
        out[c] = x
        if x.isZero { zeros[tensor, default: []].append(offset + c) }
      }
      return out
    }
    let tokenOrder = model.vocabulary + (model.bos.map { [$0] } ?? [])
      + model.embedding.tokens.keys.filter { !model.vocabulary.contains($0) && $0 != model.bos }.sorted()
    var tensors: [NamedTensor] = []
    tensors.append(NamedTensor(
      name: "embed.tokens", shape: [tokenOrder.count, d],
      entries: tokenOrder.enumerated().flatMap { i, t in row(model.embedding.tokens[t]!, tensor: "embed.tokens", offset: i * d) }))
    let positions = model.embedding.positions
    tensors.append(NamedTensor(
      name: "embed.positions", shape: [positions.count, d],
      entries: positions.enumerated().flatMap { i, r in row(r, tensor: "embed.positions", offset: i * d) }))
    tensors.append(NamedTensor(
      name: "embed.constant", shape: [d], entries: row(model.embedding.constant, tensor: "embed.constant", offset: 0)))
    let jointTokens = model.embedding.joint.keys.sorted()
    if !jointTokens.isEmpty {
      let p = model.positionCount
      var entries: [Rational] = []
      for (k, t) in jointTokens.enumerated() {
        let rows = model.embedding.joint[t]!
        for i in 0..<p {
          entries += i < rows.count
            ? row(rows[i], tensor: "embed.joint", offset: (k * p + i) * d) : [Rational](repeating: .zero, count: d)
        }
      }
      tensors.append(NamedTensor(name: "embed.joint", shape: [jointTokens.count, p, d], entries: entries))
    }
    var heads: [ExportManifest.HeadEntry] = []
    var mlps: [ExportManifest.MLPEntry] = []
    for (l, layer) in model.layers.enumerated() {
      for (h, head) in layer.heads.enumerated() {
        let prefix = "layers.\(l).attn.\(h)."
        tensors.append(NamedTensor(
          name: prefix + "W_QK", shape: [head.query.count, head.key.count], entries: head.queryKey.entries))
        tensors.append(NamedTensor(
          name: prefix + "W_VO", shape: [head.value.count, head.output.count], entries: head.valueOutput.entries))
        heads.append(.init(
          layer: l, index: h, name: head.name, semantics: head.semantics.name, mask: head.mask.rawValue,
          query: head.query, key: head.key, value: head.value, output: head.output))
      }
      if let mlp = layer.mlp {
        let prefix = "layers.\(l).mlp."
        let hidden = mlp.hiddenWidth
        tensors.append(NamedTensor(name: prefix + "W_in", shape: [mlp.input.count, hidden], entries: mlp.firstWeight.entries))
        tensors.append(NamedTensor(name: prefix + "b_in", shape: [hidden], entries: mlp.firstBias.entries))
        tensors.append(NamedTensor(name: prefix + "W_out", shape: [hidden, mlp.output.count], entries: mlp.secondWeight.entries))
        tensors.append(NamedTensor(name: prefix + "b_out", shape: [mlp.output.count], entries: mlp.secondBias.entries))
        mlps.append(.init(layer: l, name: mlp.name, input: mlp.input, output: mlp.output, hidden: hidden))
      }
    }
    let readoutDirections = model.readout.directions
    if model.readout.labels != nil {
      var unembed = [Rational](repeating: .zero, count: d * readoutDirections.count)
      for (k, name) in readoutDirections.enumerated() {
        unembed[model.residual.index(of: name)! * readoutDirections.count + k] = .one
      }
      tensors.append(NamedTensor(name: "unembed", shape: [d, readoutDirections.count], entries: unembed))
    }
    let manifest = ExportManifest(
      dtype: dtype.rawValue, model_sha256: try Verifier.digest(of: model), name: model.name,
      vocabulary: model.vocabulary, bos: model.bos, max_length: model.maxLength, min_length: model.minLength,
      residual: model.residual.names, run_mode: Verifier.defaultMode(for: model).rawValue,
      stop_tokens: model.stopTokens,
      loop: model.loop.map {
        .init(start: $0.start, end: $0.end, iterations: $0.iterations, halt: $0.halt, max_iterations: $0.maxIterations)
      },
      readout: readoutEntry(model.readout),
      embedding: .init(
        tokens: tokenOrder, positions: positions.count,
        joint: jointTokens.map { .init(token: $0, rows: model.embedding.joint[$0]!.count) },
        explicit_zeros: zeros.mapValues { $0.sorted() }),
      layers: model.layers.count, heads: heads, mlps: mlps, tensors: [:], max_rounding_error: nil, metadata: model.metadata)
    return (tensors, manifest)
  }

  static func readoutEntry(_ readout: Readout) -> ExportManifest.ReadoutEntry {
    func label(_ v: OutputValue) -> ExportManifest.LabelEntry {
      switch v {
      case .text(let s): return .init(text: s)
      case .number(let r): return .init(number: r.description)
      case .boolean(let b): return .init(boolean: b)
      }
    }
    var entry = ExportManifest.ReadoutEntry(
      kind: readout.kind, directions: readout.directions, labels: readout.labels?.map(label))
    if case .softmax(_, _, let scale) = readout { entry.scale = scale.description }
    if case .proportional(_, _, let empty?) = readout { entry.empty = label(empty) }
    return entry
  }
}
