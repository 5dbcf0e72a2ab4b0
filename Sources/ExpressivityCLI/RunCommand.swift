import ArgumentParser
import ExactArithmetic
import Transformer

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a model file on one input, exactly.",
    discussion: """
      Prints the decoded output at every input position. With --trace, also
      prints the value of one residual direction after every stage (embedding,
      each layer's attention and MLP) at every position, BOS included.
      """)

  @Argument(help: "The model file (JSON).")
  var model: String

  @Option(help: "Input tokens separated by spaces, e.g. \"a b c\".")
  var input: String?

  @Option(help: "Run every input listed in FILE (one per line, tokens separated by spaces, # comments): one result per input (one JSON line each with --json; an input the model rejects gets \"error\"), exit 1 if any failed.")
  var inputs: String?

  @Flag(help: "Print JSON: {\"input\": [...], \"output\": [...]}, and for a softmax or proportional readout \"probabilities\": one {label: \"p/q\"} per position.")
  var json = false

  @Option(help: "A residual direction to trace through every stage.")
  var trace: String?

  @Flag(help: "Chain of thought: append the last position's output and run again, until a stop token or --max-steps.")
  var cot = false

  @Option(help: "Step limit for --cot (default: as many as fit the model's maximum length).")
  var maxSteps: Int?

  @Flag(help: "Looped: repeat the model's loop block a fixed number of times or until its halt direction is set.")
  var loop = false

  func run() throws {
    let loaded = try loadModel(model)
    if cot && loop { throw UserError("choose one of --cot and --loop", exitCode: 2) }
    if maxSteps != nil && !cot { throw UserError("--max-steps is for --cot runs", exitCode: 2) }
    if trace != nil && (cot || loop) { throw UserError("--trace is for single-pass runs", exitCode: 2) }
    if loop && loaded.loop == nil {
      throw UserError("--loop: the model has no loop (only looped constructions have one)", exitCode: 2)
    }
    if let trace, !loaded.residual.contains(trace) {
      throw UserError("--trace: the model has no direction '\(trace)'")
    }
    let listed: [[String]]
    switch (input, inputs) {
    case (let one?, nil): listed = [one.split(whereSeparator: \.isWhitespace).map(String.init)]
    case (nil, let file?): listed = try VerifyCommand.readInputs(file)
    default: throw UserError("give one of --input and --inputs", exitCode: 2)
    }
    let prepared = loaded.prepared()
    var failed = 0
    for (k, tokens) in listed.enumerated() {
      do {
        let report = try runOnce(loaded, prepared, tokens)
        if json {
          print(JSONOutput.object(report.fields).text)
        } else {
          if k > 0 { print("") }
          for line in report.lines { print(line) }
        }
      } catch let error as ModelError {
        guard inputs != nil else { throw UserError(error.description) }
        failed += 1
        if json {
          print(JSONOutput.object([
            ("input", .array(tokens.map { .string($0) })), ("error", .string(error.description)),
          ]).text)
        } else {
          if k > 0 { print("") }
          print("input:  " + tokens.joined(separator: " "))
          print("error:  \(error.description)")
        }
      }
    }
    if failed > 0 {
      throw UserError("\(failed) of \(listed.count) inputs failed")
    }
  }

  /// One run's results: JSON fields and text lines.
  struct Report {
    var fields: [(String, JSONOutput)]
    var lines: [String]
  }

  /// Runs `tokens` in the chosen mode.
  ///
  /// - Throws: ``ModelError`` for an input the model rejects or cannot run.
  func runOnce(_ loaded: Model, _ prepared: PreparedModel, _ tokens: [String]) throws -> Report {
    if cot { return try runChainOfThought(prepared, tokens) }
    if loop { return try runLooped(loaded, tokens) }
    // A distribution readout's exact next-token probabilities at each position
    // (none where a proportional readout's row is zero: nothing predicted).
    var probabilities: [Result<[Rational], ModelError>]?
    let result = try prepared.run(tokens)
    if loaded.readout.isDistribution { probabilities = prepared.probabilities(of: result) }
    let labels = loaded.readout.labels ?? []
    var traced: [(String, [Rational])] = []
    if let trace {
      let d = loaded.residual.index(of: trace)!
      traced = result.trace.stages.map { stage in
        let stream = stage.scaledStream
        return (stage.label, (0..<stream.rowCount).map { stream[$0, d] })
      }
    }
    var fields: [(String, JSONOutput)] = [
      ("input", .array(tokens.map { .string($0) })),
      ("output", .array(result.outputs.map(JSONOutput.init))),
    ]
    if let probabilities {
      fields.append(("probabilities", .array(probabilities.map { row in
        guard case .success(let row) = row else { return .null }
        return .object(zip(labels, row).map { ($0.description, .rational($1)) })
      })))
    }
    if let trace {
      fields.append(("trace", .object([
        ("direction", .string(trace)),
        ("stages", .array(traced.map { label, values in
          .object([("stage", .string(label)), ("values", .array(values.map { .rational($0) }))])
        })),
      ])))
    }
    let sequence = (loaded.bos.map { [$0] } ?? []) + tokens
    var lines = [
      "input:  " + tokens.joined(separator: " "),
      "output: " + result.outputs.map(\.description).joined(separator: " "),
    ]
    if let probabilities {
      lines.append("\nnext-token probabilities after each position (\(loaded.readout.kind) readout):")
      for (i, row) in probabilities.enumerated() {
        switch row {
        case .success(let row):
          let shown = zip(labels, row).filter { !$1.isZero }.map { "\($0)=\($1)" }
          lines.append("  \(i) \(tokens[i]): " + shown.joined(separator: " "))
        case .failure(.noDistribution(_, let reason)):
          lines.append("  \(i) \(tokens[i]): none (\(reason))")
        case .failure(let error):
          lines.append("  \(i) \(tokens[i]): none (\(error))")
        }
      }
    }
    if let trace {
      lines.append("\ntrace of \(trace) (columns are positions: \(sequence.joined(separator: " ")))")
      let width = traced.map(\.0.count).max() ?? 0
      for (label, values) in traced {
        let padded = label + String(repeating: " ", count: width - label.count)
        lines.append("  \(padded)  " + values.map(\.description).joined(separator: " "))
      }
    }
    return Report(fields: fields, lines: lines)
  }
}

extension RunCommand {
  func runLooped(_ loaded: Model, _ tokens: [String]) throws -> Report {
    let result = try loaded.runLooped(tokens)
    return Report(
      fields: [
        ("input", .array(tokens.map { .string($0) })),
        ("output", .array(result.outputs.map(JSONOutput.init))),
        ("iterations", .integer(result.iterations)),
        ("halted", .bool(result.halted)),
      ],
      lines: [
        "input:      " + tokens.joined(separator: " "),
        "output:     " + result.outputs.map(\.description).joined(separator: " "),
        "iterations: \(result.iterations)\(result.halted ? " (halted)" : "")",
      ])
  }

  func runChainOfThought(_ prepared: PreparedModel, _ tokens: [String]) throws -> Report {
    let limit = maxSteps ?? prepared.model.maxLength
    guard limit >= 1 else { throw UserError("--max-steps must be at least 1", exitCode: 2) }
    let generation = try prepared.generate(tokens, maxSteps: limit)
    return Report(
      fields: [
        ("input", .array(tokens.map { .string($0) })),
        ("output", .array(generation.emitted.map { .string($0) })),
        ("steps", .integer(generation.steps)),
        ("ending", .string(generation.ending.rawValue)),
      ],
      lines: [
        "input:  " + tokens.joined(separator: " "),
        "output: " + generation.emitted.joined(separator: " "),
        "steps:  \(generation.steps) (ended by \(generation.ending.rawValue))",
      ])
  }
}

/// Loads a model file, turning any failure into a one-line user error.
func loadModel(_ path: String) throws -> Model {
  do {
    return try Model.load(from: path)
  } catch let error as ModelError {
    throw UserError(error.description)
  }
}
