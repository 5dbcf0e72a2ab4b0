import ArgumentParser
import Compiler

/// The options `compile` and `verify` share: program, s-op, vocabulary, length, BOS, limits.
struct CompileOptionGroup: ParsableArguments {
  @Argument(help: "The RASP program.")
  var file: String

  @Option(help: "The s-op to compile.")
  var sop: String

  @Option(help: "The input tokens, comma-separated (e.g. \"a,b,c\").")
  var vocab: String

  @Option(name: .customLong("max-len"), help: "The longest input the model must handle.")
  var maxLength: Int

  @Flag(name: .customLong("no-bos"), help: "Do not prepend a BOS position (aggregate defaults and selector widths need it).")
  var noBOS = false

  @Option(name: .customLong("max-values"), help: "The most values listed for an s-op (a one-hot, one position's values; past it numerical means and their sums are described by range and denominators); MLP tables examine up to 50 times as many.")
  var maxValues: Int = CompileRequest.defaultMaxValues

  @Option(
    name: .customLong("enumerate-up-to"),
    help: "Enumerate every input for exact value sets when there are at most this many (0: analysis only).")
  var enumerationLimit: Int = CompileRequest.defaultEnumerationLimit

  @Option(
    name: .customLong("encoding"),
    help: "Force an s-op's encoding: name=categorical or name=numerical (repeatable).")
  var encodings: [String] = []

  @Flag(
    name: .customLong("additive-embedding"),
    help: "Embed as token + position only: maps of tokens and indices together then take an MLP before the first attention layer.")
  var additiveEmbedding = false

  @Option(
    name: .customLong("joint-limit"),
    help: "The most joint one-hot directions added to keep a selector that compares several s-ops jointly in one head; above it (or with 0) it is split into one narrow head per disjoint term. Default: whichever of the two has fewer parameters (then width) without more heads per layer than the analyser counts.")
  var jointLimit: Int?

  @Option(
    name: .customLong("comparisons"),
    help: "How a selector == of two numerical s-ops is compiled: auto (default: whichever has fewer parameters, then width), one-hot (through one-hots of both, the RASP construction) or numerical (scored 2c·a·b − c·b² wherever it can be: narrower, but its gap is lost sooner in a short mantissa).")
  var comparisons: String?

  /// The request these options make.
  var request: CompileRequest {
    CompileRequest(
      file: file, sop: sop, vocab: vocab, maxLength: maxLength, noBOS: noBOS, maxValues: maxValues,
      enumerationLimit: enumerationLimit, encodings: encodings, additiveEmbedding: additiveEmbedding,
      jointLimit: jointLimit, comparisons: comparisons)
  }

  /// Loads the file and compiles the s-op; returns it with the compile time in seconds.
  func compile() throws -> (CompiledProgram, Double) { try request.compile() }
}

/// A RASP program, s-op and compiler settings as given on the command line.
struct CompileRequest {
  var file: String
  var sop: String
  var vocab: String
  var maxLength: Int
  var noBOS = false
  var maxValues = defaultMaxValues
  var enumerationLimit = defaultEnumerationLimit
  /// `--max-values` when not given.
  static let defaultMaxValues = 20_000
  /// `--enumerate-up-to` when not given.
  static let defaultEnumerationLimit = 20_000
  var encodings: [String] = []
  var additiveEmbedding = false
  var jointLimit: Int?
  /// `--comparisons` as given (auto, one-hot or numerical; nil: auto).
  var comparisons: String?

  /// The compiler's options, or a usage error.
  func options() throws -> CompileOptions {
    let tokens = vocab.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: .whitespaces)
    }
    guard !tokens.isEmpty, !tokens.contains(where: \.isEmpty) else {
      throw UserError("--vocab takes comma-separated non-empty tokens, got '\(vocab)'", exitCode: 2)
    }
    guard maxLength >= 1 else { throw UserError("--max-len must be at least 1", exitCode: 2) }
    guard maxValues >= 1 else { throw UserError("--max-values must be at least 1", exitCode: 2) }
    if let jointLimit, jointLimit < 0 { throw UserError("--joint-limit must not be negative, got \(jointLimit)", exitCode: 2) }
    // The compiler caps joint one-hots at the value-set limit: a larger limit would be silently lowered.
    if let jointLimit, jointLimit > maxValues {
      throw UserError(
        "--joint-limit \(jointLimit) is over --max-values \(maxValues) (a joint one-hot is a value set too): lower it or raise --max-values",
        exitCode: 2)
    }
    var form = ComparisonForm.auto
    if let comparisons {
      guard let named = ComparisonForm(argument: comparisons) else {
        throw UserError("--comparisons takes \(ComparisonForm.accepted), got '\(comparisons)'", exitCode: 2)
      }
      form = named
    }
    var chosen: [String: Encoding] = [:]
    for entry in encodings {
      let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let encoding = Encoding(rawValue: parts[1]) else {
        throw UserError("--encoding takes name=categorical or name=numerical, got '\(entry)'", exitCode: 2)
      }
      if let earlier = chosen[parts[0]] {
        throw UserError(
          "--encoding \(parts[0]) is given twice (\(earlier.rawValue) and \(encoding.rawValue)); give each s-op once", exitCode: 2)
      }
      chosen[parts[0]] = encoding
    }
    return CompileOptions(
      vocabulary: tokens, maxLength: maxLength, bos: !noBOS, maxValues: maxValues, encodings: chosen,
      enumerationLimit: enumerationLimit, jointEmbedding: !additiveEmbedding, jointLimit: jointLimit,
      comparisons: form)
  }

  /// Loads the file and compiles the s-op; returns it with the compile time in seconds.
  /// Progress (nodes whose value sets are inferred, then assembly) shows on
  /// stderr when it is a terminal.
  func compile() throws -> (CompiledProgram, Double) {
    let options = try options()
    let progress = ReportedProgress("compile", unit: "steps")
    defer { progress.finish() }
    do {
      let program = try RASPProgram.load(file)
      for name in options.encodings.keys.sorted() where program.interpreter.sop(named: name) == nil {
        throw UserError("--encoding names '\(name)', which is not an s-op of \(file)", exitCode: 2)
      }
      let start = ContinuousClock.now
      let compiled = try program.compile(sop: sop, options: options) { progress.update(done: $0, total: $1) }
      let elapsed = ContinuousClock.now - start
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      return (compiled, seconds)
    } catch let error as CompileError {
      throw UserError(error.message)
    }
  }
}
