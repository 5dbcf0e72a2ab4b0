import ArgumentParser
import Constructions
import ExactArithmetic
import Foundation
import Transformer

struct PrecisionCommand: ParsableCommand, OptionCheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "precision",
    abstract: "Find the length where a model breaks in rounded formats.",
    discussion: """
      For each format, runs the model rounded (every operation rounded to \
      nearest even, computed exactly) on every input of each length (or K \
      seeded samples where there are more) and compares with the exact run:
      prints the largest length on which every checked input agrees, and the \
      first input beyond it that does not, with the command that reproduces \
      it. A construction with a `length` parameter (built for one length, as \
      parity-softmax is) is built anew for each length.
      """)

  @Argument(help: "The model file (JSON); or use --construct.")
  var model: String?

  @Option(help: "A construction family instead of a model file (see `construct --list`).")
  var construct: String?

  @Option(name: .customLong("param"), help: "With --construct: a parameter as key=value (repeatable).")
  var parameters: [String] = []

  @Option(help: "Formats, comma-separated (fp16, bf16, fp32, fp64, float:E,M, fixed:I.F).")
  var formats: String = "fp16,bf16,fp32"

  @Option(name: .customLong("max-len"), help: "The longest input length checked.")
  var maxLength: Int

  @Option(name: .customLong("min-len"), help: "The shortest input length checked (default: the model's minimum).")
  var minLength: Int?

  @Option(help: "Inputs per length: every input where there are at most K, else K seeded samples (default 1024).")
  var samples: Int = 1024

  @Option(help: "Seed for the samples.")
  var seed: UInt64 = 0

  @OptionGroup var rounding: RoundingOptions

  @Flag(help: "Print the results as JSON.")
  var json = false

  /// The forms of the command: where the model comes from.
  enum Form: CaseIterable {
    case modelFile, construction
  }

  /// Which options each form takes.
  static let rules = OptionRules<Form>(
    command: "precision",
    formNames: [.modelFile: "MODEL", .construction: "--construct"],
    [
      ("MODEL", [.modelFile]), ("--construct", [.construction]), ("--param", [.construction]),
      ("--formats", [.modelFile, .construction]), ("--max-len", [.modelFile, .construction]),
      ("--min-len", [.modelFile, .construction]), ("--samples", [.modelFile, .construction]),
      ("--seed", [.modelFile, .construction]), ("--accumulator", [.modelFile, .construction]),
      ("--softmax-exp", [.modelFile, .construction]), ("--decision", [.modelFile, .construction]),
      ("--json", [.modelFile, .construction]),
    ])

  /// The options given, as typed (options with defaults only when they differ from them).
  var given: [String] {
    var g = GivenOptions()
    g.add("MODEL", model)
    g.add("--construct", construct)
    g.add("--param", parameters)
    g.add("--min-len", minLength)
    rounding.record(in: &g)
    g.add("--json", json)
    return g.names
  }

  /// The form the options select.
  var form: Form { construct != nil ? .construction : .modelFile }

  func run() throws {
    _ = try checkOptions()
    let formatList = try formatNames(formats).map { try parseFormat($0, option: "--formats") }
    guard !formatList.isEmpty else { throw UserError("--formats names no format", exitCode: 2) }
    guard samples >= 1 else { throw UserError("--samples must be at least 1", exitCode: 2) }
    let source = try ModelSource(model: model, construct: construct, parameters: parameters, maxLength: maxLength)
    let low = minLength ?? source.minimumLength
    guard low >= 1, low <= maxLength else {
      throw UserError("--min-len \(low) must be in 1...\(maxLength)", exitCode: 2)
    }
    let decision = try rounding.numericalDecision()
    let search = PrecisionSearch(
      model: source.build, lengths: low...maxLength, samples: samples, seed: seed, decision: decision)
    var outcomes: [PrecisionSearch.Outcome] = []
    for format in formatList {
      let settings = try rounding.settings(format)
      do {
        outcomes.append(try search.run(settings) { n in showProgress("\(settings): length \(n)") })
      } catch let error as ModelError {
        throw UserError(error.description)
      } catch let error as FormatError {
        throw UserError(error.description)
      }
      endProgress()
    }
    if json {
      print(JSONOutput.object([
        ("model", .string(source.label)),
        ("max_len", .integer(maxLength)),
        ("decision", .string(decision.rawValue)),
        ("formats", .array(outcomes.map { outcome in
          var fields: [(String, JSONOutput)] = [
            ("format", .string(outcome.settings.format.description)),
            ("settings", .string(outcome.settings.description)),
            ("agreed_up_to", .integer(outcome.agreedUpTo)),
            ("checked", .integer(outcome.checked)),
            ("exhaustive", .bool(outcome.exhaustive)),
          ]
          if let (tokens, comparison) = outcome.counterexample {
            fields.append(("break_length", .integer(tokens.count)))
            fields.append(("counterexample", .array(tokens.map { .string($0) })))
            fields.append(("exact", .array(comparison.exact.map { .string(describe($0)) })))
            fields.append(("rounded", .array(comparison.rounded.outputs.map { .string(describe($0)) })))
            fields.append(("reproduce", .string(source.reproduce(tokens, format: outcome.settings.format, rounding: self))))
          } else {
            fields.append(("break_length", .null))
          }
          return .object(fields)
        })),
      ]).text)
      return
    }
    print("\(source.label): lengths \(low)...\(maxLength), numerical outputs compared by \(decision.rawValue)")
    for outcome in outcomes {
      let how = outcome.exhaustive ? "every input" : "\(samples) samples per length"
      guard let (tokens, comparison) = outcome.counterexample else {
        print("  \(outcome.settings): none up to \(maxLength) (\(outcome.checked) input\(outcome.checked == 1 ? "" : "s"), \(how))")
        continue
      }
      let agreed = outcome.agreedUpTo >= low ? "agrees up to length \(outcome.agreedUpTo)" : "fails from length \(low)"
      print("  \(outcome.settings): \(agreed); breaks at length \(tokens.count) on \"\(tokens.joined(separator: " "))\"")
      for (i, ok) in comparison.agreesAt.enumerated() where !ok {
        print("    position \(i): exact \(describe(comparison.exact[i])), rounded \(describe(comparison.rounded.outputs[i]))")
        break
      }
      if let departure = comparison.departure { print("    first departure: \(departure)") }
      print("    reproduce: \(source.reproduce(tokens, format: outcome.settings.format, rounding: self))")
    }
  }
}

/// An output or its failure, as one word.
func describe<E: Error>(_ result: Result<OutputValue, E>) -> String {
  switch result {
  case .success(let value): return value.description
  case .failure(let error): return "error (\(error))"
  }
}

/// Where `precision` gets its model at each length: one file, or a construction
/// (built per length when it takes a `length` parameter).
struct ModelSource: Sendable {
  let label: String
  let minimumLength: Int
  let build: @Sendable (Int) throws -> PreparedModel
  let command: @Sendable ([String]) -> String

  init(model: String?, construct: String?, parameters: [String], maxLength: Int) throws {
    switch (model, construct) {
    case (let path?, nil):
      let loaded = try loadModel(path)
      guard maxLength <= loaded.maxLength else {
        throw UserError("--max-len \(maxLength) is over the model's maximum length \(loaded.maxLength)", exitCode: 2)
      }
      let prepared = loaded.prepared()
      label = path
      minimumLength = loaded.minLength
      build = { _ in prepared }
      command = { _ in "expressivity run \(path)" }
    case (nil, let name?):
      guard let family = ConstructionFamily.named(name) else {
        let known = ConstructionFamily.all.map(\.name).joined(separator: ", ")
        throw UserError("unknown construction '\(name)' (known: \(known))", exitCode: 2)
      }
      let values: [String: String]
      do {
        values = try ParameterValues.assignments(parameters)
      } catch ConstructionError.usage(let why) {
        throw UserError(why, exitCode: 2)
      }
      let members: LengthwiseModels
      do {
        members = try LengthwiseModels(family, parameters: values, maxLength: maxLength)
      } catch ConstructionError.usage(let why) {
        throw UserError(why, exitCode: 2)
      } catch ConstructionError.badParameter(let why) {
        throw UserError(why)
      }
      @Sendable func arguments(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "--param \($0.key)=\($0.value)" }.joined(separator: " ")
      }
      label = ([name] + members.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
      minimumLength = members.minimumLength
      let cache = PreparedCache()
      build = { n in
        if let made = cache.model(n) { return made }
        let made: PreparedModel
        do {
          made = try members.model(length: n).prepared()
        } catch let error as ConstructionError {
          throw UserError(error.description)
        }
        cache.store(made, n)
        return made
      }
      command = { tokens in
        let file = members.perLength ? "\(name)-\(tokens.count).json" : "\(name).json"
        return "expressivity construct \(name) \(arguments(members.parameters(length: tokens.count))) -o \(file) && expressivity run \(file)"
      }
    default:
      throw UserError("give a model file or --construct NAME (one of them)", exitCode: 2)
    }
  }

  /// The command that reproduces a counterexample with `run --precision`.
  func reproduce(_ tokens: [String], format: NumberFormat, rounding command: PrecisionCommand) -> String {
    var extra = ""
    if let a = command.rounding.accumulator { extra += " --accumulator \(a)" }
    if let e = command.rounding.softmaxExp { extra += " --softmax-exp \(e)" }
    if let d = command.rounding.decision { extra += " --decision \(d)" }
    return self.command(tokens) + " --precision \(format)\(extra) --input \"\(tokens.joined(separator: " "))\""
  }
}

/// Prepared models by length, built once (shared by the search's closure).
final class PreparedCache: @unchecked Sendable {
  private let lock = NSLock()
  private var models: [Int: PreparedModel] = [:]
  func model(_ n: Int) -> PreparedModel? { lock.lock(); defer { lock.unlock() }; return models[n] }
  func store(_ model: PreparedModel, _ n: Int) { lock.lock(); defer { lock.unlock() }; models = [n: model] }
}
