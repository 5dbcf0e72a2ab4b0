import ArgumentParser
import ExactArithmetic
import Transformer

struct RunCommand: ParsableCommand, OptionCheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a model file on one input, exactly.",
    discussion: """
      Prints the decoded output at every input position. With --trace, also \
      prints the value of one residual direction after every stage (embedding, \
      each layer's attention and MLP) at every position, BOS included.
      """)

  @Argument(help: "The model file (JSON).")
  var model: String

  @Option(help: "Input tokens separated by spaces, e.g. \"a b c\".")
  var input: String?

  @Option(
    name: .customLong("input-file"),
    help: "Read one input's tokens from FILE (separated by spaces, tabs or newlines; - reads standard input).")
  var inputFile: String?

  @Option(help: "Run every input listed in FILE (one per line, tokens separated by spaces, # comments): one result per input (one JSON line each with --json; an input the model rejects gets \"error\"), exit 2 if any failed.")
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

  @Option(help: "Also run rounded in this format (fp16, bf16, fp32, fp64, float:E,M, fixed:I.F[:error]) and mark the positions whose output differs from the exact run.")
  var precision: String?

  @OptionGroup var rounding: RoundingOptions

  /// The forms of the command: how the model runs.
  enum Form: CaseIterable {
    case singlePass, chainOfThought, looped, rounded
  }

  /// Which options each form takes.
  static let rules = OptionRules<Form>(
    command: "run",
    formNames: [.singlePass: "(single pass)", .chainOfThought: "--cot", .looped: "--loop", .rounded: "--precision"],
    [
      ("--input", [.singlePass, .chainOfThought, .looped, .rounded]),
      ("--inputs", [.singlePass, .chainOfThought, .looped]),
      ("--input-file", [.singlePass, .chainOfThought, .looped, .rounded]),
      ("--json", [.singlePass, .chainOfThought, .looped, .rounded]),
      ("--trace", [.singlePass]),
      ("--cot", [.chainOfThought]), ("--max-steps", [.chainOfThought]),
      ("--loop", [.looped]),
      ("--precision", [.rounded]),
      ("--accumulator", [.rounded]), ("--softmax-exp", [.rounded]), ("--decision", [.rounded]),
    ])

  /// The options given, as typed.
  var given: [String] {
    var g = GivenOptions()
    g.add("--input", input)
    g.add("--input-file", inputFile)
    g.add("--inputs", inputs)
    g.add("--json", json)
    g.add("--trace", trace)
    g.add("--cot", cot)
    g.add("--max-steps", maxSteps)
    g.add("--loop", loop)
    g.add("--precision", precision)
    rounding.record(in: &g)
    return g.names
  }

  /// The form the options select (a rounded run first: it names the others it refuses).
  var form: Form {
    if precision != nil { return .rounded }
    if cot { return .chainOfThought }
    if loop { return .looped }
    return .singlePass
  }

  /// Refuses options that do not apply to the chosen form.
  func checkOptions() throws -> Form {
    try rounding.requireFormat(precision != nil)
    if cot && loop { throw UserError("choose one of --cot and --loop", exitCode: 2) }
    return try checkForm()
  }

  func run() throws {
    _ = try checkOptions()
    let loaded = try loadModel(model)
    if loop && loaded.loop == nil {
      throw UserError("--loop: the model has no loop (only looped constructions have one)", exitCode: 2)
    }
    if !loop, !cot, loaded.loop != nil {
      throw UserError(
        "the model is looped (its loop block repeats; one pass of its layers is not its computation): run it with --loop",
        exitCode: 2)
    }
    if cot && loaded.stopTokens.isEmpty && maxSteps == nil {
      throw UserError(
        "--cot: the model is not a chain-of-thought model (it has no stop tokens): run it without --cot, or give --max-steps",
        exitCode: 2)
    }
    if let trace, !loaded.residual.contains(trace) {
      throw UserError("--trace: the model has no direction '\(trace)'")
    }
    let listed: [[String]]
    if let file = inputs {
      guard input == nil, inputFile == nil else {
        throw UserError("give one of --input, --input-file and --inputs", exitCode: 2)
      }
      listed = try VerifyCommand.readInputs(file)
    } else {
      let one = try InputFile.text(input: input, inputFile: inputFile, also: ["--inputs"])
      listed = [one.split(whereSeparator: \.isWhitespace).map(String.init)]
    }
    if let precision {
      try runRounded(loaded, listed[0], format: parseFormat(precision, option: "--precision"))
      return
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
        let error = explained(error, model: loaded)
        guard inputs != nil else { throw error }
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

  /// A failed run's error, saying what is wrong when the run mode is: a
  /// single-pass model run as chain of thought.
  func explained(_ error: ModelError, model loaded: Model) -> UserError {
    if cot, case .invalidFile(let why) = error, why.hasPrefix("chain of thought: ") {
      return UserError(
        "--cot: the model is not a chain-of-thought model: \(why.dropFirst("chain of thought: ".count)) (run it without --cot)")
    }
    return UserError(error.description)
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

extension RunCommand {
  /// The exact and the rounded run side by side, with the first stream departure.
  func runRounded(_ loaded: Model, _ tokens: [String], format: NumberFormat) throws {
    let settings = try rounding.settings(format)
    let comparison: RoundedComparison
    do {
      let pass = try RoundedPass(loaded.prepared(), settings: settings)
      comparison = try RoundedComparison(pass, tokens, decision: rounding.numericalDecision())
    } catch let error as ModelError {
      throw UserError(error.description)
    } catch let error as FormatError {
      throw UserError(error.description)
    }
    if json {
      var fields: [(String, JSONOutput)] = [
        ("input", .array(tokens.map { .string($0) })),
        ("precision", .string(settings.description)),
        ("exact", .array(comparison.exact.map { .string(describe($0)) })),
        ("rounded", .array(comparison.rounded.outputs.map { .string(describe($0)) })),
        ("differs", .array(comparison.agreesAt.map { .bool(!$0) })),
      ]
      if let d = comparison.departure {
        fields.append(("departure", .object([
          ("stage", .string(d.stage)), ("position", .integer(d.position)), ("direction", .string(d.direction)),
          ("exact", .rational(d.exact)), ("rounded", .string(d.rounded.description)), ("side", .string(d.side)),
        ])))
      }
      print(JSONOutput.object(fields).text)
      return
    }
    let exact = comparison.exact.map { describe($0) }
    let rounded = comparison.rounded.outputs.map { describe($0) }
    let marks = comparison.agreesAt.map { $0 ? "=" : "DIFFERS" }
    let columns = tokens.indices.map { i in [tokens[i], exact[i], rounded[i], marks[i]].map(\.count).max()! }
    func line(_ label: String, _ cells: [String]) -> String {
      label + zip(cells, columns).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
    }
    let name = settings.format.description + ":"
    let width = max(8, name.count + 1)
    func pad(_ s: String) -> String { s + String(repeating: " ", count: width - s.count) }
    print(line(pad("input:"), tokens))
    print(line(pad("exact:"), exact))
    print(line(pad(name), rounded))
    print(line(pad(""), marks))
    let differing = comparison.agreesAt.filter { !$0 }.count
    print(differing == 0 ? "\(settings): every position agrees with the exact run" : "\(settings): \(differing) of \(tokens.count) positions differ from the exact run")
    if let d = comparison.departure { print("first departure: \(d)") }
  }
}
