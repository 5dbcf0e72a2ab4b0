import ArgumentParser
import Compiler
import Foundation
import Transformer

/// `expressivity compile`: a RASP s-op to a transformer with exact rational weights.
struct CompileCommand: ParsableCommand, OptionCheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Compile a RASP s-op to a transformer with exact rational weights.",
    discussion: """
      Value sets come from every input up to --max-len (enumerated when there \
      are at most 20000 inputs, else a sound per-position analysis). Each \
      aggregate and selector width gets the earliest attention layer its \
      operands allow (the reference analyser's depth); maps between two \
      attention layers become one exact MLP; maps of tokens or positions alone \
      are folded into the embedding. Encodings are chosen automatically; \
      force one with --encoding name=numerical or a '# @numerical name' comment.
      """)

  @OptionGroup var program: CompileOptionGroup

  @Option(name: .shortAndLong, help: "Write the model file (JSON) here.")
  var output: String?

  @Flag(help: "Print the figures as JSON.")
  var json = false

  @Flag(help: "Also list every value written in the residual stream (stage, s-op, encoding, directions) and how each map over several numerical anchors was compiled (factored or fused, with each form's hidden units and non-zero weights).")
  var layout = false

  /// The forms of the command: how the figures are printed.
  enum Form: CaseIterable {
    case text, json
  }

  /// Which options each form takes.
  static let rules = OptionRules<Form>(
    command: "compile",
    formNames: [.text: "(text output)", .json: "--json"],
    [
      ("FILE", [.text, .json]), ("--sop", [.text, .json]), ("--vocab", [.text, .json]), ("--max-len", [.text, .json]),
      ("--no-bos", [.text, .json]), ("--max-values", [.text, .json]), ("--enumerate-up-to", [.text, .json]),
      ("--encoding", [.text, .json]), ("--additive-embedding", [.text, .json]), ("--joint-limit", [.text, .json]),
      ("--comparisons", [.text, .json]), ("-o", [.text, .json]), ("--json", [.json]), ("--layout", [.text]),
    ])

  /// The options given, as typed (the required ones always).
  var given: [String] {
    var g = GivenOptions()
    g.add("FILE", program.file)
    g.add("--sop", program.sop)
    g.add("--vocab", program.vocab)
    g.add("--max-len", program.maxLength)
    g.add("--no-bos", program.noBOS)
    g.add("--max-values", program.maxValues == CompileRequest.defaultMaxValues ? nil : program.maxValues)
    g.add("--enumerate-up-to", program.enumerationLimit == CompileRequest.defaultEnumerationLimit ? nil : program.enumerationLimit)
    g.add("--encoding", program.encodings)
    g.add("--additive-embedding", program.additiveEmbedding)
    g.add("--joint-limit", program.jointLimit)
    g.add("--comparisons", program.comparisons)
    g.add("-o", output)
    g.add("--json", json)
    g.add("--layout", layout)
    return g.names
  }

  /// The form the options select.
  var form: Form { json ? .json : .text }

  func run() throws {
    _ = try checkOptions()
    let (compiled, seconds) = try program.compile()
    if let output { try OutputFile(output).write(compiled.model.jsonData()) }
    let summary = CompileSummary(compiled: compiled, seconds: seconds)
    if json {
      print(summary.json.text)
      return
    }
    print(summary.text)
    if layout {
      print("written values:")
      for value in compiled.writtenValues {
        let shown = value.directions.count <= 4
          ? value.directions.joined(separator: " ")
          : value.directions.prefix(3).joined(separator: " ") + " ... (\(value.directions.count) directions)"
        print("  \(value.stage): \(value.description): \(shown)")
      }
      if !compiled.mapChoices.isEmpty {
        print("maps over several numerical anchors (factored or fused, by hidden units, then non-zero weights):")
        for line in compiled.mapChoices { print("  \(line)") }
      }
      if let choice = compiled.comparisonChoice {
        print(choice.text)
        for line in compiled.numericalComparisons { print("  \(line)") }
      } else if compiled.options.comparisons != .auto {
        print("selector == of numbers: \(compiled.options.comparisons.rawValue) (--comparisons)")
        for line in compiled.numericalComparisons { print("  \(line)") }
      }
    }
    if let output { print("wrote \(output)") }
  }
}

/// The figures `compile` and `verify` print about a compiled model.
struct CompileSummary {
  let compiled: CompiledProgram
  let seconds: Double

  var model: Model { compiled.model }

  var fields: [(String, JSONOutput)] {
    var fields = ModelSummary(model).fields
    fields.insert(("sop", .string(model.name)), at: 0)
    fields += [
      ("attention_layers", .integer(compiled.attentionLayers)),
      ("mlp_layers", .integer(model.layers.filter { $0.mlp != nil }.count)),
      ("analyser_layers", .integer(compiled.analyser.layers)),
      ("analyser_heads_per_layer", .array(compiled.analyser.headsPerLayer.map { .integer($0) })),
      ("compile_seconds", .number(seconds)),
      ("value_sets", .string(compiled.valueSetMethod)),
    ]
    return fields
  }

  var json: JSONOutput { .object(fields) }

  var text: String {
    let o = compiled.options
    let mlps = model.layers.filter { $0.mlp != nil }.count
    var lines = [
      "\(model.name): vocabulary \(o.vocabulary.joined(separator: ",")), max length \(o.maxLength), BOS \(o.bos ? o.bosToken : "none")",
      "layers: \(model.layers.count) (\(compiled.attentionLayers) attention, \(mlps) MLP)"
        + (compiled.hasPreAttentionMLP ? ", the first an MLP before any attention" : ""),
      "heads per layer: " + model.headsPerLayer.map(String.init).joined(separator: ", "),
      "analyser: \(compiled.analyser.layers) layer\(compiled.analyser.layers == 1 ? "" : "s"), heads " + heads(compiled.analyser.headsPerLayer)
        + "; ours: \(compiled.attentionLayers) attention layer\(compiled.attentionLayers == 1 ? "" : "s"), heads "
        + heads(compiled.headsPerAttentionLayer),
      "residual width: \(model.residual.dimension)",
      "MLP hidden widths: " + (model.mlpWidths.isEmpty ? "(none)" : model.mlpWidths.map(String.init).joined(separator: ", ")),
      "parameters: \(model.parameterCount)   non-zeros: \(model.nonzeroCount)",
      String(format: "compile time: %.4f s", seconds) + " (value sets: \(compiled.valueSetMethod))",
    ]
    if model.layers.isEmpty { lines[2] = "heads per layer: (none)" }
    return lines.joined(separator: "\n")
  }
}
