import ArgumentParser
import Automata
import Compiler
import ExactArithmetic
import Foundation
import Transformer
import Verification

/// `expressivity verify --model`: a model file against an automaton or a
/// table of expected outputs. All logic is in the Verification module.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a model on every input up to a length (or samples, or a list), exactly.",
    discussion: """
      Exit status: 0 verified, 1 counterexample, 2 bad usage.
      A RASP file compiles the s-op and checks the exact model against the program on every \
      input of every length 1...--max-len; a mismatch prints the input, the position, expected \
      and got, and the first layer and direction where the stream departs from the program.
      Examples:
        expressivity verify Circuits/sort.rasp --sop sorted_tokens --vocab a,b,c,d --max-len 6
        expressivity verify --model scan.json --automaton Circuits/automata/s3.toml --max-len 8
        expressivity verify --model m.json --expected cases.json --max-len 6 --shard 0/4 --json > part0.json
        expressivity verify --certificate cert.json
      """)

  @Argument(help: "A RASP program to compile and verify (with --sop, --vocab, --max-len).")
  var file: String?

  @Option(help: "With a RASP file: the s-op to compile.")
  var sop: String?

  @Option(help: "With a RASP file: the input tokens, comma-separated.")
  var vocab: String?

  @Flag(name: .customLong("no-bos"), help: "With a RASP file: compile without a BOS position.")
  var noBOS = false

  @Option(name: .customLong("max-values"), help: "With a RASP file: the largest value set (or MLP table) accepted.")
  var maxValues: Int = 20_000

  @Option(name: .customLong("encoding"), help: "With a RASP file: force an s-op's encoding, name=categorical or name=numerical (repeatable).")
  var encodings: [String] = []

  @Flag(name: .customLong("additive-embedding"), help: "With a RASP file: embed as token + position only (as `compile`).")
  var additiveEmbedding = false

  @Option(name: .customLong("joint-limit"), help: "With a RASP file: the most joint one-hot directions that keep a selector in one head (as `compile`; default: chosen by cost).")
  var jointLimit: Int?

  /// A testing aid: adds 1 to this direction in every token's embedding, so
  /// the mismatch report (and its localisation) can be exercised.
  @Option(name: .customLong("inject-fault"), help: .hidden)
  var fault: String?

  @Option(help: "The model file (JSON).")
  var model: String?

  @Option(help: "An automaton (TOML transition table) as the reference: the state after each prefix (with --mode chain-of-thought: [q] tokens, then accept/reject).")
  var automaton: String?

  @Option(help: "A JSON file of expected outputs as the reference (see README).")
  var expected: String?

  @Option(name: .customLong("max-len"), help: "Check every input of length up to N.")
  var maxLength: Int?

  @Option(name: .customLong("min-len"), help: "Shortest input length checked (default: the model's minimum).")
  var minLength: Int?

  @Option(help: "Check K seeded random inputs instead of every input.")
  var samples: Int?

  @Option(help: "Seed for --samples.")
  var seed: UInt64 = 0

  @Option(help: "Check the inputs listed in FILE (one per line, tokens separated by spaces).")
  var inputs: String?

  @Option(help: "Check only part i of k (0-based), e.g. 2/8; merge the results with `expressivity merge`.")
  var shard: String?

  @Option(help: "single-pass, chain-of-thought or looped (default: as the model is meant to run).")
  var mode: String?

  @Option(name: .customLong("max-steps"), help: "Step limit for chain of thought (default: the model's maximum length).")
  var maxSteps: Int?

  @Option(help: "A reference model file: a counterexample's stream is compared with it stage by stage.")
  var reference: String?

  @Flag(name: .customLong("no-prefix-sharing"), help: "Run every input whole (for comparison; the verdict is the same).")
  var noPrefixSharing = false

  @Option(help: "Concurrent workers (default: the number of cores).")
  var jobs: Int?

  @Flag(help: "Print the result as JSON.")
  var json = false

  @Option(name: .shortAndLong, help: "Write the result JSON here (a certificate when verified; a shard result for merge).")
  var output: String?

  @Option(help: "Re-check this certificate (the model and reference files it names, or those given).")
  var certificate: String?

  @Option(help: "Verify the model run rounded in this format (fp16, bf16, fp32, fp64, float:E,M, fixed:I.F) against its own exact run; prints the first input that departs, with the stage and direction of the first departure.")
  var precision: String?

  @OptionGroup var rounding: RoundingOptions

  func run() throws {
    try rounding.requireFormat(precision != nil)
    if let precision {
      try verifyRounded(format: parseFormat(precision, option: "--precision"))
      return
    }
    if let certificate {
      try recheck(certificate)
      return
    }
    if let file {
      guard model == nil else { throw UserError("give a RASP file or --model, not both", exitCode: 2) }
      guard let sop, let vocab, let maxLength else {
        throw UserError("a RASP file needs --sop, --vocab and --max-len", exitCode: 2)
      }
      try verifyProgram(CompileRequest(
        file: file, sop: sop, vocab: vocab, maxLength: maxLength, noBOS: noBOS, maxValues: maxValues,
        encodings: encodings, additiveEmbedding: additiveEmbedding, jointLimit: jointLimit))
      return
    }
    guard let model else {
      throw UserError("give a RASP file with --sop, --vocab and --max-len, or --model MODEL.json (or --certificate FILE)", exitCode: 2)
    }
    let loaded = try loadModel(model)
    var verifier = try makeVerifier(loaded, path: model)
    let (specification, specificationPath) = try loadSpecification(mode: verifier.mode)
    verifier.specificationPath = specificationPath
    let space = try inputSpace(for: loaded, specification: specification)
    let verdict = try run { try verifier.verifyBlocking(specification, over: space) }
    try report(verdict, json: json, output: output)
  }

  // MARK: Setting up

  func makeVerifier(_ loaded: Model, path: String) throws -> Verifier {
    var runMode: RunMode?
    if let mode {
      let aliases = ["cot": RunMode.chainOfThought, "single": .singlePass, "loop": .looped]
      guard let m = RunMode(rawValue: mode) ?? aliases[mode] else {
        throw UserError("--mode is single-pass, chain-of-thought or looped (got '\(mode)')", exitCode: 2)
      }
      runMode = m
    }
    var verifier = Verifier(model: loaded, mode: runMode)
    verifier.prefixSharing = !noPrefixSharing
    verifier.toolVersion = ToolVersion.current
    verifier.modelPath = path
    if let jobs {
      guard jobs >= 1 else { throw UserError("--jobs must be at least 1", exitCode: 2) }
      verifier.jobs = jobs
    }
    if let maxSteps {
      guard maxSteps >= 1 else { throw UserError("--max-steps must be at least 1", exitCode: 2) }
      verifier.maxSteps = maxSteps
    }
    if let reference { verifier.reference = try loadModel(reference) }
    return verifier
  }

  func loadSpecification(mode: RunMode) throws -> (any Specification, String) {
    switch (automaton, expected) {
    case (let path?, nil):
      let table: Automaton
      do {
        table = try Automaton.load(from: path)
      } catch let error as AutomatonError {
        throw UserError(error.description)
      }
      return (AutomatonSpecification(table, output: mode == .chainOfThought ? .chainOfThought : .states, label: path), path)
    case (nil, let path?):
      do {
        return (try ExpectedOutputs.load(from: path), path)
      } catch let error as VerificationError {
        throw UserError(error.description)
      }
    case (nil, nil):
      throw UserError("give the reference: --automaton FILE.toml or --expected FILE.json", exitCode: 2)
    default:
      throw UserError("give one reference: --automaton or --expected, not both", exitCode: 2)
    }
  }

  func inputSpace(for loaded: Model, specification: any Specification) throws -> InputSpace {
    let vocabulary = (specification as? ExpectedOutputs)?.vocabulary
      ?? (specification as? AutomatonSpecification)?.automaton.alphabet ?? loaded.vocabulary
    var space: InputSpace
    do {
      if let inputs {
        guard samples == nil else { throw UserError("give --inputs or --samples, not both", exitCode: 2) }
        space = try .explicit(try Self.readInputs(inputs), vocabulary: vocabulary)
        space.inputsSource = inputs
      } else if let maxLength {
        let lengths = try lengthRange(loaded, maxLength)
        if let samples {
          guard samples >= 1 else { throw UserError("--samples must be at least 1", exitCode: 2) }
          space = try .samples(vocabulary: vocabulary, lengths: lengths, count: samples, seed: seed)
        } else {
          space = try .exhaustive(vocabulary: vocabulary, lengths: lengths)
        }
      } else if let table = specification as? ExpectedOutputs {
        guard samples == nil else { throw UserError("--samples needs --max-len", exitCode: 2) }
        space = try .explicit(table.inputs, vocabulary: vocabulary)
        space.inputsSource = "expected"
      } else {
        throw UserError("give --max-len N (or --inputs FILE)", exitCode: 2)
      }
      if let shard { space.shard = try InputSpace.Shard(parsing: shard) }
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
    return space
  }

  func lengthRange(_ loaded: Model, _ maxLength: Int) throws -> ClosedRange<Int> {
    let low = minLength ?? loaded.minLength
    guard low >= 1, low <= maxLength else {
      throw UserError("--min-len \(low) and --max-len \(maxLength) give no lengths", exitCode: 2)
    }
    return low...maxLength
  }

  /// Inputs from a file: one per line, tokens separated by spaces; blank lines and `#` comments skipped.
  static func readInputs(_ path: String) throws -> [[String]] {
    guard let data = FileManager.default.contents(atPath: path) else { throw UserError("cannot read '\(path)'") }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
      return tokens.isEmpty ? nil : tokens
    }
  }

  /// Runs `body`, turning verification errors into one-line user errors
  /// (bad usage for requests the model cannot take).
  func run(_ body: () throws -> Verdict) throws -> Verdict {
    do {
      return try body()
    } catch let error as VerificationError {
      if case .usage(let why) = error { throw UserError(why, exitCode: 2) }
      throw UserError(error.description)
    }
  }

  // MARK: Certificates

  func recheck(_ path: String) throws {
    let certificate: Verdict
    do {
      certificate = try Verdict.load(from: path)
    } catch let error as VerificationError {
      throw UserError(error.description)
    }
    guard let modelPath = model ?? certificate.model.path else {
      throw UserError("the certificate names no model file; give --model", exitCode: 2)
    }
    let loaded = try loadModel(modelPath)
    var verifier = Verifier(model: loaded, mode: certificate.semantics.mode)
    verifier.toolVersion = ToolVersion.current
    verifier.modelPath = modelPath
    if let jobs { verifier.jobs = max(1, jobs) }
    var specification: any Specification
    let specPath = automaton ?? expected ?? certificate.specification.path
    switch (automaton != nil ? "automaton" : expected != nil ? "expected-outputs" : certificate.specification.kind, specPath) {
    case ("automaton", let p?):
      do {
        let table = try Automaton.load(from: p)
        let output: AutomatonSpecification.Output = certificate.semantics.mode == .chainOfThought ? .chainOfThought : .states
        specification = AutomatonSpecification(table, output: output, label: p)
      } catch let error as AutomatonError {
        throw UserError(error.description)
      }
    case ("expected-outputs", let p?):
      do {
        specification = try ExpectedOutputs.load(from: p)
      } catch let error as VerificationError {
        throw UserError(error.description)
      }
    case (let kind, _):
      throw UserError("cannot re-check a '\(kind)' specification from the command line without its file", exitCode: 2)
    }
    verifier.specificationPath = specPath
    var explicit: [[String]]?
    if certificate.inputSpace.kind == .explicit {
      let source = inputs ?? certificate.inputSpace.inputsSource
      if source == "expected", let table = specification as? ExpectedOutputs {
        explicit = table.inputs
      } else if let source {
        explicit = try Self.readInputs(source)
      }
    }
    let verdict = try run {
      var space = try InputSpace(record: certificate.inputSpace, inputs: explicit)
      space.inputsSource = certificate.inputSpace.inputsSource
      return try verifier.recheckBlocking(certificate, specification: specification, space: space)
    }
    try report(verdict, json: json, output: output)
  }
}

// MARK: - Reporting (shared with merge)

/// Prints a verdict (JSON or text), writes it when asked, and exits 1 on a counterexample.
func report(_ verdict: Verdict, json: Bool, output: String?) throws {
  if let output {
    // A written result names its files relative to its own folder.
    try OutputFile(output).write(verdict.pathsRelative(to: (output as NSString).deletingLastPathComponent).jsonData())
  }
  if json {
    print(String(decoding: try verdict.jsonData(pretty: false), as: UTF8.self))
  } else {
    print(verdict.summary)
    if let output { print("wrote \(output)") }
  }
  if !verdict.isVerified { throw ExitCode(1) }
}

extension VerifyCommand {
  /// Compiles a RASP s-op and checks the model against the program exhaustively.
  func verifyProgram(_ request: CompileRequest) throws {
    var (compiled, _) = try request.compile()
    if let fault {
      guard compiled.model.residual.contains(fault) else {
        throw UserError("--inject-fault: no direction '\(fault)' in the model", exitCode: 2)
      }
      var model = compiled.model
      for token in model.vocabulary { model.embedding.tokens[token, default: [:]][fault, default: .zero] += .one }
      compiled = compiled.replacingModel(model)
    }
    let start = ContinuousClock.now
    let report = compiled.verify()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let n = compiled.options.maxLength
    if json {
      var fields: [(String, JSONOutput)] = [
        ("sop", .string(request.sop)),
        ("max_length", .integer(n)),
        ("checked", .integer(report.checked)),
        ("undefined", .integer(report.undefined)),
        ("verdict", .string(report.passed ? "verified" : "counterexample")),
        ("seconds", .number(seconds)),
      ]
      if let m = report.mismatch {
        var mismatch: [(String, JSONOutput)] = [
          ("input", .array(m.input.map { .string($0) })),
          ("position", .integer(m.position)),
          ("expected", .string(m.expected)),
          ("got", .string(m.got)),
        ]
        if let d = m.departure {
          mismatch.append(("departure", .object([
            ("stage", .string(d.stage)), ("value", .string(d.value)), ("position", .integer(d.position)),
            ("direction", .string(d.direction)), ("expected", .rational(d.expected)), ("got", .rational(d.got)),
          ])))
        }
        fields.append(("counterexample", .object(mismatch)))
      }
      print(JSONOutput.object(fields).text)
    } else {
      let undefined = report.undefined > 0 ? " (\(report.undefined) inputs on which the program fails were skipped)" : ""
      if let m = report.mismatch {
        print("checked \(report.checked) inputs of length 1...\(n): MISMATCH\(undefined)")
        print("input: " + m.input.joined(separator: " "))
        print("position \(m.position): expected \(m.expected), got \(m.got)")
        if let d = m.departure {
          print("first departure: \(d)")
        } else {
          print("first departure: none found in the written values")
        }
      } else {
        print("checked \(report.checked) inputs of length 1...\(n): all agree\(undefined)" + String(format: " (%.2f s)", seconds))
      }
    }
    if !report.passed { throw ExitCode(1) }
  }
}

extension VerifyCommand {
  /// `verify --precision`: the rounded model against the exact model, every
  /// input (or --samples K per length) of each length, stopping at the first departure.
  func verifyRounded(format: NumberFormat) throws {
    let unsupported: [(String, Bool)] = [
      ("a RASP file", file != nil), ("--automaton", automaton != nil), ("--expected", expected != nil),
      ("--inputs", inputs != nil), ("--shard", shard != nil), ("--certificate", certificate != nil),
      ("--reference", reference != nil), ("--mode", mode != nil), ("--max-steps", maxSteps != nil),
      ("--no-prefix-sharing", noPrefixSharing), ("--jobs", jobs != nil), ("-o", output != nil),
    ]
    if let (name, _) = unsupported.first(where: { $0.1 }) {
      throw UserError("\(name) does not apply to --precision (the reference is the model's exact run)", exitCode: 2)
    }
    guard let model else { throw UserError("--precision needs --model MODEL.json", exitCode: 2) }
    guard let maxLength else { throw UserError("--precision needs --max-len", exitCode: 2) }
    let loaded = try loadModel(model)
    let low = minLength ?? loaded.minLength
    guard low >= 1, low <= maxLength, maxLength <= loaded.maxLength else {
      throw UserError("lengths \(low)...\(maxLength) are not within the model's \(loaded.minLength)...\(loaded.maxLength)", exitCode: 2)
    }
    if let samples, samples < 1 { throw UserError("--samples must be at least 1", exitCode: 2) }
    let prepared = loaded.prepared()
    let settings = try rounding.settings(format)
    let search = PrecisionSearch(
      model: { _ in prepared }, lengths: low...maxLength, samples: samples ?? Int.max, seed: seed,
      decision: try rounding.numericalDecision())
    let outcome: PrecisionSearch.Outcome
    do {
      outcome = try search.run(settings) { n in showProgress("\(settings): length \(n)") }
    } catch let error as ModelError {
      throw UserError(error.description)
    } catch let error as FormatError {
      throw UserError(error.description)
    }
    endProgress()
    guard let (tokens, comparison) = outcome.counterexample else {
      if json {
        print(JSONOutput.object([
          ("verified", .bool(true)), ("precision", .string(settings.description)), ("checked", .integer(outcome.checked)),
        ]).text)
      } else {
        print("\(settings): checked \(outcome.checked) input\(outcome.checked == 1 ? "" : "s") of length \(low)...\(maxLength): all agree with the exact run")
      }
      return
    }
    let position = comparison.agreesAt.firstIndex(of: false)!
    if json {
      var fields: [(String, JSONOutput)] = [
        ("verified", .bool(false)), ("precision", .string(settings.description)), ("checked", .integer(outcome.checked)),
        ("input", .array(tokens.map { .string($0) })), ("position", .integer(position)),
        ("exact", .string(describe(comparison.exact[position]))),
        ("rounded", .string(describe(comparison.rounded.outputs[position]))),
      ]
      if let d = comparison.departure {
        fields.append(("departure", .object([
          ("stage", .string(d.stage)), ("position", .integer(d.position)), ("direction", .string(d.direction)),
          ("exact", .rational(d.exact)), ("rounded", .string(d.rounded.description)), ("side", .string(d.side)),
        ])))
      }
      print(JSONOutput.object(fields).text)
    } else {
      print("\(settings): counterexample after \(outcome.checked) input\(outcome.checked == 1 ? "" : "s"): \"\(tokens.joined(separator: " "))\"")
      print("  position \(position): exact \(describe(comparison.exact[position])), rounded \(describe(comparison.rounded.outputs[position]))")
      if let d = comparison.departure { print("  first departure: \(d)") }
    }
    throw ExitCode(1)
  }
}
