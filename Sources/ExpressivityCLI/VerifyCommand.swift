import ArgumentParser
import Automata
import Compiler
import ExactArithmetic
import Foundation
import Transformer
import Verification

/// `expressivity verify`: a model (given, or compiled from a RASP file)
/// against a specification (an automaton, a table of expected outputs, or
/// the RASP program), by the one engine of the Verification module.
struct VerifyCommand: ParsableCommand, OptionCheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a model on every input up to a length (or samples, or a list), exactly.",
    discussion: """
      Exit status: 0 verified, 1 counterexample, 2 bad usage or a bad or unreadable input file, \
      4 vacuous (no input was compared: nothing was verified, and no result is written).

      A RASP file compiles the s-op and checks the exact model against the program (evaluated by \
      the reference evaluator) with the same engine, options and result file as --model; a \
      counterexample prints the input, the position, expected and got, and the first layer, s-op \
      and direction where the stream departs from the program. Inputs on which the program itself \
      fails are counted as undefined and not compared. With --precision, the model checked is a \
      model file or the RASP file's compiled model.

      The size of the input space is computed first: a run that would check more than \
      --max-inputs inputs is refused (use --samples, split it with --shard, or raise the limit). \
      Every option applies to some forms only; giving one to a form it does not apply to is an error. \
      Progress (count, rate, time left) is shown on stderr when it is a terminal.

      Examples:
        expressivity verify Circuits/sort.rasp --sop sorted_tokens --vocab a,b,c,d --max-len 6
        expressivity verify --model scan.json --automaton Circuits/automata/s3.toml --max-len 8
        expressivity verify --model m.json --expected cases.json --max-len 6 --shard 0/4 -o part0.json
        expressivity verify --certificate cert.json
      """)

  /// The forms of the command, told apart by the options that select them.
  enum Form: CaseIterable {
    /// `verify FILE.rasp --sop S --vocab ... --max-len N`.
    case rasp
    /// `verify --model M.json --automaton A.toml | --expected E.json`.
    case model
    /// `verify --certificate C.json`.
    case certificate
    /// `verify --model M.json --precision F`.
    case precision
  }

  /// Which options each form takes.
  static let rules = OptionRules<Form>(
    command: "verify",
    formNames: [
      .rasp: "a RASP file", .model: "--model", .certificate: "--certificate", .precision: "--precision",
    ],
    [
      ("FILE", [.rasp, .precision]),
      ("--sop", [.rasp, .precision]), ("--vocab", [.rasp, .precision]), ("--no-bos", [.rasp, .precision]),
      ("--max-values", [.rasp, .precision]), ("--encoding", [.rasp, .precision]),
      ("--additive-embedding", [.rasp, .precision]), ("--joint-limit", [.rasp, .precision]),
      ("--comparisons", [.rasp, .precision]), ("--inject-fault", [.rasp]),
      ("--model", [.model, .certificate, .precision]),
      ("--automaton", [.model, .certificate]), ("--expected", [.model, .certificate]),
      ("--max-len", [.rasp, .model, .precision]), ("--min-len", [.rasp, .model, .precision]),
      ("--samples", [.rasp, .model, .precision]), ("--seed", [.rasp, .model, .precision]),
      ("--inputs", [.rasp, .model, .certificate]), ("--shard", [.rasp, .model]),
      ("--max-inputs", [.rasp, .model, .precision]),
      ("--mode", [.model]), ("--max-steps", [.model]), ("--reference", [.model]),
      ("--no-prefix-sharing", [.rasp, .model, .certificate]), ("--jobs", [.rasp, .model, .certificate]),
      ("--json", [.rasp, .model, .certificate, .precision]), ("-o", [.rasp, .model, .certificate]),
      ("--certificate", [.certificate]), ("--precision", [.precision]),
      ("--accumulator", [.precision]), ("--softmax-exp", [.precision]), ("--decision", [.precision]),
    ])

  /// The options that say how a RASP file is compiled.
  static let compileOptions: Set<String> = [
    "--sop", "--vocab", "--no-bos", "--max-values", "--encoding", "--additive-embedding", "--joint-limit",
    "--comparisons", "--inject-fault",
  ]

  /// The default of --max-inputs.
  static let defaultInputLimit = 100_000_000

  @Argument(help: "A RASP program to compile and verify (with --sop, --vocab, --max-len).")
  var file: String?

  @Option(help: "With a RASP file: the s-op to compile.")
  var sop: String?

  @Option(help: "With a RASP file: the input tokens, comma-separated.")
  var vocab: String?

  @Flag(name: .customLong("no-bos"), help: "With a RASP file: compile without a BOS position.")
  var noBOS = false

  @Option(name: .customLong("max-values"), help: "With a RASP file: the most values listed for an s-op (default 20000; see compile --help).")
  var maxValues: Int?

  @Option(name: .customLong("encoding"), help: "With a RASP file: force an s-op's encoding, name=categorical or name=numerical (repeatable).")
  var encodings: [String] = []

  @Flag(name: .customLong("additive-embedding"), help: "With a RASP file: embed as token + position only (as `compile`).")
  var additiveEmbedding = false

  @Option(name: .customLong("joint-limit"), help: "With a RASP file: the most joint one-hot directions that keep a selector in one head (as `compile`; default: chosen by cost).")
  var jointLimit: Int?

  @Option(name: .customLong("comparisons"), help: "With a RASP file: how a selector == of two numerical s-ops is compiled, auto, one-hot or numerical (as `compile`; default auto: by cost).")
  var comparisons: String?

  /// A testing aid: adds 1 to this direction in every token's embedding, so
  /// the counterexample report (and its localisation) can be exercised.
  @Option(name: .customLong("inject-fault"), help: .hidden)
  var fault: String?

  @Option(help: "The model file (JSON).")
  var model: String?

  @Option(help: "An automaton (TOML transition table) as the reference: the state after each prefix (with --mode chain-of-thought: [q] tokens, then accept/reject).")
  var automaton: String?

  @Option(help: "A JSON file of expected outputs as the reference (see README).")
  var expected: String?

  @Option(name: .customLong("max-len"), parsing: .unconditional, help: "Check every input of length up to N.")
  var maxLength: Int?

  @Option(name: .customLong("min-len"), parsing: .unconditional, help: "Shortest input length checked (default: the model's minimum).")
  var minLength: Int?

  @Option(parsing: .unconditional, help: "Check K seeded random inputs instead of every input.")
  var samples: Int?

  @Option(parsing: .unconditional, help: "Seed for --samples (default 0).")
  var seed: UInt64?

  @Option(help: "Check the inputs listed in FILE (one per line, tokens separated by spaces).")
  var inputs: String?

  @Option(help: "Check only part i of k (0-based), e.g. 2/8; merge the results with `expressivity merge`.")
  var shard: String?

  @Option(name: .customLong("max-inputs"), parsing: .unconditional, help: "Refuse a run that would check more inputs than this (default 100000000).")
  var maxInputs: Int?

  @Option(help: "single-pass, chain-of-thought or looped (default: as the model is meant to run).")
  var mode: String?

  @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Step limit for chain of thought (default: the model's maximum length).")
  var maxSteps: Int?

  @Option(help: "A reference model file: a counterexample's stream is compared with it stage by stage.")
  var reference: String?

  @Flag(name: .customLong("no-prefix-sharing"), help: "Run every input whole (for comparison; the verdict is the same).")
  var noPrefixSharing = false

  @Option(parsing: .unconditional, help: "Concurrent workers (default: the number of cores).")
  var jobs: Int?

  @Flag(help: "Print the result as JSON.")
  var json = false

  @Option(name: .shortAndLong, help: "Write the result JSON here (a certificate when verified; a shard result for merge; nothing when vacuous).")
  var output: String?

  @Option(help: "Re-check this certificate (the model and reference files it names, or those given).")
  var certificate: String?

  @Option(help: "Verify the model run rounded in this format (fp16, bf16, fp32, fp64, float:E,M, fixed:I.F) against its own exact run; prints the first input that departs, with the stage and direction of the first departure.")
  var precision: String?

  @OptionGroup var rounding: RoundingOptions

  /// The options given, as typed.
  var given: [String] {
    var g = GivenOptions()
    g.add("FILE", file)
    g.add("--sop", sop)
    g.add("--vocab", vocab)
    g.add("--no-bos", noBOS)
    g.add("--max-values", maxValues)
    g.add("--encoding", encodings)
    g.add("--additive-embedding", additiveEmbedding)
    g.add("--joint-limit", jointLimit)
    g.add("--comparisons", comparisons)
    g.add("--inject-fault", fault)
    g.add("--model", model)
    g.add("--automaton", automaton)
    g.add("--expected", expected)
    g.add("--max-len", maxLength)
    g.add("--min-len", minLength)
    g.add("--samples", samples)
    g.add("--seed", seed)
    g.add("--inputs", inputs)
    g.add("--shard", shard)
    g.add("--max-inputs", maxInputs)
    g.add("--mode", mode)
    g.add("--max-steps", maxSteps)
    g.add("--reference", reference)
    g.add("--no-prefix-sharing", noPrefixSharing)
    g.add("--jobs", jobs)
    g.add("--json", json)
    g.add("-o", output)
    g.add("--certificate", certificate)
    g.add("--precision", precision)
    rounding.record(in: &g)
    return g.names
  }

  /// The form the options select.
  var form: Form {
    get throws {
      if precision != nil { return .precision }
      if certificate != nil { return .certificate }
      if model != nil { return .model }
      if file != nil { return .rasp }
      throw UserError(
        "give a RASP file with --sop, --vocab and --max-len, or --model MODEL.json (or --certificate FILE)", exitCode: 2)
    }
  }

  /// Refuses options that do not apply to the chosen form, and options that
  /// only mean something beside another one.
  func checkOptions() throws -> Form {
    let form = try checkForm()
    if seed != nil, samples == nil { throw UserError("--seed applies to --samples: give --samples K", exitCode: 2) }
    if form == .precision, file != nil, model != nil {
      throw UserError("give a RASP file or --model, not both", exitCode: 2)
    }
    if file == nil, let option = given.first(where: { Self.compileOptions.contains($0) }) {
      throw UserError("\(option) applies to a RASP file: give FILE.rasp", exitCode: 2)
    }
    if inputs != nil, samples != nil { throw UserError("give --inputs or --samples, not both", exitCode: 2) }
    if inputs != nil, minLength != nil { throw UserError("--inputs lists the inputs: --min-len does not apply", exitCode: 2) }
    if inputs != nil, maxLength != nil, form != .rasp {
      throw UserError("--inputs lists the inputs: --max-len does not apply", exitCode: 2)
    }
    if let maxInputs, maxInputs < 1 { throw UserError("--max-inputs must be at least 1", exitCode: 2) }
    if let jobs, jobs < 1 { throw UserError("--jobs must be at least 1", exitCode: 2) }
    return form
  }

  func run() throws {
    switch try checkOptions() {
    case .precision:
      try verifyRounded(format: parseFormat(precision!, option: "--precision"))
    case .certificate:
      try recheck(certificate!)
    case .rasp:
      try verifyProgram()
    case .model:
      try verifyModel()
    }
  }

  /// `verify --model`: a model file against an automaton or expected outputs.
  func verifyModel() throws {
    guard let model else { return }
    let loaded = try loadModel(model)
    var verifier = try makeVerifier(loaded, path: model)
    let (specification, specificationPath) = try loadSpecification(mode: verifier.mode)
    verifier.specificationPath = specificationPath
    let space = try inputSpace(for: loaded, specification: specification)
    let verdict = try run(verifier, specification, space)
    try report(verdict, json: json, output: output)
  }

}
