import ArgumentParser
import Decoding
import ExactArithmetic
import Foundation
import Transformer

#if canImport(Glibc)
  import Glibc
#endif

/// `expressivity complete`: whole n-token completions with exact
/// probabilities, several strategies side by side. All logic is in the
/// Decoding module (``CompletionSearch``).
struct CompleteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "complete",
    abstract: "Whole n-token completions of a prompt with exact probabilities: greedy, beam, exact top-K, mass, samples, the exact distribution.",
    discussion: """
      The model's readout must give next-token probabilities (softmax on integer logits, or \
      proportional); every completion's probability is then the exact product along it. \
      Strategies (repeat --strategy or separate with commas; default greedy,beam:4,top:5,mass:1/2,sample:10, \
      or greedy alone for a model without probabilities):
        greedy     the most probable next token at each step (ties to the first label); works on
                   any readout (without probabilities it follows the decoded outputs)
        beam:B     beam search keeping B prefixes per step
        top:K      the exact K most probable completions (best-first search, exact bounds)
        mass:F     the most probable completions until they hold at least F (0.9 or 9/10)
        sample:S   S completions drawn with exactly the model's probabilities (--seed, default 0)
        exact[:K]  the whole distribution (V^n up to 2^20): sum, entropy as an exact log2
                   expression, the mode, the mass of the K most probable (default 10)
      All strategies share one prefix tree on the incremental pass: a prefix is computed once.
      Exit status: 0 done, 1 bad input or a model failure, 2 bad usage.
      Example:
        expressivity construct degenerate-mode -o dm.json
        expressivity complete dm.json --input "t0" --tokens 4 --strategy greedy,top:3,sample:100 --seed 1
      """)

  @Argument(help: "The model file (JSON).")
  var model: String

  @Option(help: "The prompt: tokens separated by spaces.")
  var input: String

  @Option(help: "n, the tokens in each completion.")
  var tokens: Int

  @Option(name: .customLong("strategy"), help: "greedy, beam:B, top:K, mass:F, sample:S or exact[:K] (repeatable; commas allowed).")
  var strategies: [String] = []

  @Option(help: "Seed for sample:S (the draws are the same on every machine).")
  var seed: UInt64?

  @Flag(help: "Print JSON: every completion with its exact probability as \"p/q\".")
  var json = false

  static let defaultStrategies = "greedy,beam:4,top:5,mass:1/2,sample:10"
  /// Completions printed per strategy in the text report (JSON has all).
  static let shown = 20

  func run() throws {
    guard tokens >= 1 else { throw UserError("--tokens must be at least 1, got \(tokens)", exitCode: 2) }
    func parse(_ texts: [String]) throws -> [DecodingStrategy] {
      try texts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { text in
        do {
          return try DecodingStrategy(parsing: text.trimmingCharacters(in: .whitespaces))
        } catch let error as CompletionError {
          throw UserError("--strategy: \(error)", exitCode: 2)
        }
      }
    }
    var parsed = try parse(strategies)
    let samples = parsed.contains { if case .sample = $0 { true } else { false } }
    if seed != nil && !samples && !strategies.isEmpty {
      throw UserError("--seed applies to sample:S, and no sample strategy was given", exitCode: 2)
    }
    let loaded = try loadModel(model)
    if strategies.isEmpty {
      // All of them, or greedy alone on a readout without probabilities.
      parsed = try parse([loaded.readout.isDistribution ? Self.defaultStrategies : "greedy"])
      if seed != nil && !loaded.readout.isDistribution {
        throw UserError("--seed applies to sample:S, and a model without probabilities is only completed greedily", exitCode: 2)
      }
    }
    if !loaded.readout.isDistribution, let first = parsed.first(where: \.needsDistribution) {
      throw UserError(CompletionError.needsDistribution(strategy: first.description, readout: loaded.readout.kind).description, exitCode: 2)
    }
    let prompt = input.split(whereSeparator: \.isWhitespace).map(String.init)
    var search: CompletionSearch
    do {
      search = try CompletionSearch(model: loaded.prepared(), prompt: prompt, length: tokens)
    } catch let error as CompletionError {
      throw UserError(error.description)
    }
    var results: [(DecodingStrategy, StrategyResult)] = []
    do {
      for strategy in parsed {
        results.append((strategy, try Self.run(strategy, on: &search, seed: seed ?? 0, progress: !json && isatty(2) == 1)))
      }
    } catch let error as CompletionError {
      throw UserError(error.description)
    }
    if json {
      print(Self.json(prompt: prompt, model: loaded, search: search, results: results, seed: seed ?? 0).text)
    } else {
      Self.printReport(prompt: prompt, model: loaded, search: search, results: results, seed: seed ?? 0)
    }
  }

  /// What one strategy returned.
  enum StrategyResult {
    case completions([Completion])
    case mass(MassSelection)
    case samples([SampledCompletion])
    case exact(ExactDistribution)
  }

  static func run(_ strategy: DecodingStrategy, on search: inout CompletionSearch, seed: UInt64, progress: Bool) throws -> StrategyResult {
    switch strategy {
    case .greedy: return .completions([try search.greedy()])
    case .beam(let b): return .completions(try search.beam(width: b))
    case .top(let k): return .completions(try search.top(k))
    case .mass(let f): return .mass(try search.mass(f))
    case .sample(let s): return .samples(try search.samples(s, seed: seed))
    case .exact(let k):
      let report: ((Double) -> Void)? = progress ? { StandardError.write(String(format: "\rexact: %3.0f%%", $0 * 100)) } : nil
      defer { if progress { StandardError.write("\r            \r") } }
      return .exact(try search.exactDistribution(top: k, progress: report))
    }
  }

  // MARK: Text

  static func approximate(_ p: Rational) -> String { String(format: "%.6g", p.doubleValue) }

  static func printReport(
    prompt: [String], model: Model, search: CompletionSearch, results: [(DecodingStrategy, StrategyResult)], seed: UInt64
  ) {
    let readout = model.readout.isDistribution ? "\(model.readout.kind) readout over \(search.labels.count) labels" : "\(model.readout.kind) readout (no probabilities)"
    print("completions of \(search.length) token\(search.length == 1 ? "" : "s") after \"\(prompt.joined(separator: " "))\" (\(model.name), \(readout))")
    var rows: [(String, String, String, String)] = []
    func add(_ strategy: String, _ note: String, _ completions: [Completion]) {
      for (i, c) in completions.prefix(shown).enumerated() {
        rows.append((i == 0 ? strategy : "", note.isEmpty ? "\(i + 1)" : (i == 0 ? note : ""), c.tokens.joined(separator: " "),
          c.probability.map { "\($0)  ≈ \(approximate($0))" } ?? "(no probability)"))
      }
      if completions.count > shown {
        let rest = completions.dropFirst(shown).compactMap(\.probability).reduce(Rational.zero, +)
        rows.append(("", "", "… \(completions.count - shown) more", "together \(rest)  ≈ \(approximate(rest))"))
      }
    }
    var notes: [String] = []
    for (strategy, result) in results {
      switch result {
      case .completions(let list):
        add(strategy.description, "", list)
      case .mass(let selection):
        add(strategy.description, "", selection.completions)
        notes.append("\(strategy): \(selection.completions.count) completion\(selection.completions.count == 1 ? "" : "s") hold \(selection.mass) ≈ \(approximate(selection.mass)) ≥ \(selection.fraction)")
      case .samples(let drawn):
        for (i, s) in drawn.prefix(shown).enumerated() {
          rows.append((i == 0 ? "\(strategy) seed \(seed)" : "", "\(s.count)×", s.completion.tokens.joined(separator: " "),
            s.completion.probability.map { "\($0)  ≈ \(approximate($0))" } ?? ""))
        }
        if drawn.count > shown { rows.append(("", "", "… \(drawn.count - shown) more distinct strings", "")) }
      case .exact(let d):
        add(strategy.description, "", d.completions)
        notes.append("\(strategy): \(d.completions.count) completions of positive probability, total \(d.total)")
        notes.append("    entropy = \(d.entropy) bits ≈ \(String(format: "%.6g", d.entropy.approximateValue))")
        notes.append("    mode \(d.mode.tokens.joined(separator: " ")): p = \(d.mode.probability!) ≈ \(approximate(d.mode.probability!))")
        notes.append("    the \(d.topCount) most probable hold \(d.topMass) ≈ \(approximate(d.topMass)) (the probability that a sample is one of them)")
      }
    }
    let w0 = rows.map(\.0.count).max() ?? 0
    let w1 = rows.map(\.1.count).max() ?? 0
    let w2 = rows.map(\.2.count).max() ?? 0
    func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    for (a, b, c, d) in rows { print("  \(pad(a, w0))  \(pad(b, w1))  \(pad(c, w2))  \(d)") }
    for note in notes { print(note) }
    let s = search.statistics
    print("prefixes expanded: \(s.nodesExpanded); positions computed: \(s.positionsComputed) (prompt included), restored from kept prefixes: \(s.positionsRestored)")
  }

  // MARK: JSON

  static func completionJSON(_ c: Completion) -> JSONOutput {
    .object([
      ("tokens", .array(c.tokens.map { .string($0) })),
      ("probability", c.probability.map { .rational($0) } ?? .null),
    ])
  }

  static func json(
    prompt: [String], model: Model, search: CompletionSearch, results: [(DecodingStrategy, StrategyResult)], seed: UInt64
  ) -> JSONOutput {
    let strategies: [JSONOutput] = results.map { strategy, result in
      var fields: [(String, JSONOutput)] = [("strategy", .string(strategy.description))]
      switch result {
      case .completions(let list):
        fields.append(("completions", .array(list.map(completionJSON))))
      case .mass(let selection):
        fields.append(("fraction", .rational(selection.fraction)))
        fields.append(("mass", .rational(selection.mass)))
        fields.append(("completions", .array(selection.completions.map(completionJSON))))
      case .samples(let drawn):
        fields.append(("seed", seed <= UInt64(Int.max) ? .integer(Int(seed)) : .string(String(seed))))
        fields.append(("samples", .integer(drawn.reduce(0) { $0 + $1.count })))
        fields.append(("completions", .array(drawn.map { s in
          .object([
            ("tokens", .array(s.completion.tokens.map { .string($0) })),
            ("count", .integer(s.count)),
            ("probability", s.completion.probability.map { .rational($0) } ?? .null),
          ])
        })))
      case .exact(let d):
        fields.append(("total", .rational(d.total)))
        fields.append(("entropy", .object([
          ("expression", .string(d.entropy.description)),
          ("constant", .rational(d.entropy.constant)),
          ("terms", .array(d.entropy.terms.map { .object([("log2_of", .rational($0.base)), ("coefficient", .rational($0.coefficient))]) })),
          ("bits", .number(d.entropy.approximateValue)),
        ])))
        fields.append(("mode", completionJSON(d.mode)))
        fields.append(("top_k", .integer(d.topCount)))
        fields.append(("top_k_mass", .rational(d.topMass)))
        fields.append(("completions", .array(d.completions.map(completionJSON))))
      }
      return .object(fields)
    }
    let s = search.statistics
    return .object([
      ("model", .string(model.name)),
      ("prompt", .array(prompt.map { .string($0) })),
      ("tokens", .integer(search.length)),
      ("readout", .string(model.readout.kind)),
      ("strategies", .array(strategies)),
      ("prefixes_expanded", .integer(s.nodesExpanded)),
      ("positions_computed", .integer(s.positionsComputed)),
      ("positions_restored", .integer(s.positionsRestored)),
    ])
  }
}
