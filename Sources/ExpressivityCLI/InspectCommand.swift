import ArgumentParser
import ExactArithmetic
import Transformer

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Describe a model file: layers, heads, widths, parameter counts.")

  @Argument(help: "The model file (JSON).")
  var model: String

  @Flag(help: "Print JSON with keys layers, heads_per_layer, residual_width, mlp_widths, parameters, nonzeros.")
  var json = false

  func run() throws {
    let m = try loadModel(model)
    if json {
      print(ModelSummary(m).json.text)
      return
    }
    print("model \(m.name)")
    print("vocabulary: \(m.vocabulary.joined(separator: " "))   max length: \(m.maxLength)   BOS: \(m.bos ?? "none")")
    print("layers: \(m.layers.count)   residual width: \(m.residual.dimension)")
    print("parameters: \(m.parameterCount)   non-zeros: \(m.nonzeroCount)")
    for (l, layer) in m.layers.enumerated() {
      print("layer \(l): \(layer.heads.count) head\(layer.heads.count == 1 ? "" : "s"), MLP hidden width \(layer.mlp?.hiddenWidth ?? 0)")
      for head in layer.heads {
        print("  head \(head.name): \(describe(head.semantics)), mask \(head.mask.rawValue), query \(head.query.count) × key \(head.key.count) → writes \(head.output.count)")
      }
      if let mlp = layer.mlp {
        print("  mlp \(mlp.name): reads \(mlp.input.count), hidden \(mlp.hiddenWidth), writes \(mlp.output.count)")
      }
    }
    switch m.readout {
    case .categorical(let directions, _): print("readout: categorical over \(directions.count) directions")
    case .numerical(let direction): print("readout: numerical, direction \(direction)")
    case .softmax(let directions, _, let scale):
      print("readout: softmax (base 2) over \(directions.count) directions, logits = \(scale == .one ? "" : "\(scale) × ")entries")
    case .proportional(let directions, _, let empty):
      print("readout: proportional over \(directions.count) directions (probabilities = entries / their sum)\(empty.map { "; '\($0)' where all are 0" } ?? "")")
    }
  }

  func describe(_ s: AttentionSemantics) -> String {
    switch s {
    case .uniqueHard(let tie): return "unique-hard (\(tie.rawValue))"
    case .averagingHard: return "averaging-hard"
    case .softmaxBase2: return "softmax base 2"
    }
  }
}

/// The resource figures shared by `inspect`, `compile` and `construct`.
struct ModelSummary {
  let model: Model
  init(_ model: Model) { self.model = model }

  var json: JSONOutput {
    .object(fields)
  }

  var fields: [(String, JSONOutput)] {
    [
      ("layers", .integer(model.layers.count)),
      ("heads_per_layer", .array(model.headsPerLayer.map { .integer($0) })),
      ("residual_width", .integer(model.residual.dimension)),
      ("mlp_widths", .array(model.mlpWidths.map { .integer($0) })),
      ("parameters", .integer(model.parameterCount)),
      ("nonzeros", .integer(model.nonzeroCount)),
    ]
  }
}
