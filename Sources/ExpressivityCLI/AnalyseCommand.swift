import ArgumentParser
import RASP

/// `expressivity analyse`: layers and heads of an s-op, as the reference analyser counts them.
struct AnalyseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyse",
    abstract: "Count the layers and attention heads per layer an s-op needs.",
    discussion: """
      Greedy earliest-layer scheduling as in the reference RASP analyser: \
      an aggregate sits one layer after its values and no earlier than its \
      selector; the heads of a layer are the distinct selectors aggregated \
      there (selector_width counts two).
      """)

  @Argument(help: "The RASP program.")
  var file: String

  @Option(help: "The s-op to analyse.")
  var sop: String

  @Flag(help: "Print {\"sop\", \"layers\", \"heads_per_layer\"} as JSON.")
  var json = false

  func run() throws {
    let interpreter = try RASPSupport.load(file)
    let id = try RASPSupport.node(sop, in: interpreter)
    let graph = interpreter.graph
    let analysis = graph.analyse(id)
    if json {
      print(
        "{\"sop\": \(RASPSupport.json(sop)), \"layers\": \(analysis.layers), \"heads_per_layer\": ["
          + analysis.headsPerLayer.map(String.init).joined(separator: ", ") + "]}")
      return
    }
    print("\(sop): \(analysis.layers) layer\(analysis.layers == 1 ? "" : "s")")
    print("heads per layer: " + heads(analysis.headsPerLayer))
    for (i, heads) in analysis.heads.enumerated() {
      let described = heads.map { head -> String in
        let outputs = head.outputs.map { graph[$0].displayName }.joined(separator: ", ")
        if let selector = head.selector { return "\(graph[selector].displayName) -> \(outputs)" }
        return "(inside) -> \(outputs)"
      }
      print("  layer \(i + 1): " + described.joined(separator: "; "))
    }
  }
}

/// Heads per layer as a list, or `(none)` when there is no layer.
func heads(_ perLayer: [Int]) -> String {
  perLayer.isEmpty ? "(none)" : perLayer.map(String.init).joined(separator: ", ")
}
