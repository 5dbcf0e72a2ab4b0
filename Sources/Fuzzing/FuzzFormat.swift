import Automata
import Compiler
import ExactArithmetic
import Foundation
import RASP
import Theory
import Transformer
import Verification

/// A kind of file the tool reads, with the shipped files that seed its
/// fuzzing and what one fuzzed file is fed to.
///
/// Each input goes through the same in-process readers the commands use,
/// then, when it is accepted, through the evaluators that take it, with
/// small bounds (inputs of at most three tokens, compiles at length 3), so
/// a case costs milliseconds. A thrown error is a pass; a trap is a crash.
public enum FuzzFormat: String, CaseIterable, Sendable {
  /// RASP programs: interpreter, each s-op evaluated and analysed, some compiled.
  case rasp
  /// Model files (JSON): decoding, validation, runs (single pass, looped, chain of thought).
  case model
  /// Automata (TOML transition tables): reader and reference outputs.
  case automaton
  /// Claim files (TOML): reader, build tables and formulas.
  case claim
  /// Expected-outputs files (JSON): reader, table and digest.
  case expected
  /// Verification results and certificates (JSON): reader, input space, merge.
  case result

  /// Words the mutator inserts for this format.
  public var dictionary: [String] {
    switch self {
    case .rasp:
      return [
        "tokens", "indices", "length", "select(", "aggregate(", "selector_width(", "numerical ", "categorical ",
        "lambda x: ", "lambda k, q: ", "==", "<", ">", "+", "*", "-", "/", "%", "(", ")", "[", "]", "{", "}", ",",
        ";", ":", "=", "def ", "return ", "for ", " in ", "range(", "len(", "zip(", "if ", " else ", "and", "or",
        "not ", "True", "False", "\"", "#", "\n", "load \"", "tokens + tokens + tokens", "1000000", "0",
      ]
    case .model, .expected, .result:
      return [
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "false", "[]", "{}", "\"\"", "\"1/0\"", "\"-1/3\"",
        "\"p/q\"", "\\u0000", "\\ud800", "\"BOS\"", "\"a\"", "-1", "0", "1e400", "9223372036854775808",
        "[[\"1\"]]", "\"causal\"", "\"single-pass\"", "\"verified\"", "\"counterexample\"", "\"exhaustive\"",
        "\"samples\"", "\"explicit\"", "{\"index\": 9223372036854775807, \"count\": 9223372036854775807}",
      ]
    case .automaton, .claim:
      return [
        "[", "]", "[[", "]]", "=", "\"", "'", "#", "\n", ",", "{", "}", ".", "\"\"\"", "true", "false", "0", "-1",
        "1e999", "9223372036854775808", "inf", "nan", "states = ", "alphabet = ", "start = ", "accept = ",
        "[transitions]", "[build]", "sweep = ", "predict = ", "\"n^2\"", "\"log2(n)\"", "\"2^n\"", "\"n/0\"",
        "1979-05-27T07:32:00Z", "0x1F", "1_000",
      ]
    }
  }

  /// The shipped files of this format under `root` (the repository), plus
  /// files made in memory for formats the repository ships none of.
  public func seeds(root: String) throws -> [[UInt8]] {
    func files(_ folder: String, _ suffix: String) -> [[UInt8]] {
      let path = (root as NSString).appendingPathComponent(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      return names.filter { $0.hasSuffix(suffix) }.sorted().compactMap { name in
        FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(name)).map { Array($0) }
      }
    }
    switch self {
    case .rasp: return files("Circuits", ".rasp") + files("Circuits/lib", ".rasp")
    case .model: return files("Examples/models", ".json") + files("Examples/verify", "induction.json")
    case .automaton: return files("Circuits/automata", ".toml")
    case .claim: return files("Proofs", ".toml")
    case .expected:
      let cases: [(input: [String], output: [OutputValue])] = [
        (["a"], [.text("none")]), (["a", "b"], [.text("none"), .text("none")]),
        (["a", "a"], [.text("none"), .text("a")]), (["b", "a", "b"], [.number(Rational(1, 3)), .boolean(true), .text("7")]),
      ]
      return files("Examples/verify", "recall.json") + [
        Array(ExpectedOutputs.jsonData(vocabulary: ["a", "b"], cases: cases)),
        Array(ExpectedOutputs.jsonData(vocabulary: nil, cases: Array(cases.prefix(2)))),
      ]
    case .result:
      // A certificate and a shard result of the shipped induction model against its expected outputs.
      let path = (root as NSString).appendingPathComponent("Examples/models/induction.json")
      let model = try Model.load(from: path)
      var verifier = Verifier(model: model)
      verifier.jobs = 1
      verifier.modelPath = "Examples/models/induction.json"
      let vocabulary = Array(model.vocabulary.prefix(2))
      let inputs = [[vocabulary[0]], [vocabulary[1]]] + vocabulary.flatMap { a in vocabulary.map { b in [a, b] } }
      let prepared = model.prepared()
      let table = try ExpectedOutputs(jsonData: ExpectedOutputs.jsonData(vocabulary: vocabulary, cases: inputs.map { input in
        (input, try prepared.outputsByPosition(input).map { try $0.get() })
      }))
      var seeds: [[UInt8]] = []
      var space = try InputSpace.explicit(inputs, vocabulary: vocabulary)
      space.inputsSource = "expected"
      seeds.append(Array(try verifier.verifyBlocking(table, over: space).jsonData()))
      space.shard = try InputSpace.Shard(parsing: "1/2")
      seeds.append(Array(try verifier.verifyBlocking(table, over: space).jsonData()))
      // Every input up to length 2 (whole, and one shard), and seeded samples.
      var whole = try InputSpace.exhaustive(vocabulary: vocabulary, lengths: 1...2)
      seeds.append(Array(try verifier.verifyBlocking(table, over: whole).jsonData()))
      whole.shard = try InputSpace.Shard(parsing: "0/3")
      seeds.append(Array(try verifier.verifyBlocking(table, over: whole).jsonData()))
      let samples = try InputSpace.samples(vocabulary: vocabulary, lengths: 1...2, count: 4, seed: 7)
      seeds.append(Array(try verifier.verifyBlocking(table, over: samples).jsonData()))
      return seeds
    }
  }

  /// Feeds one file to this format's readers and evaluators.
  ///
  /// - Returns: whether the reader accepted it (a rejection is a thrown
  ///   error, caught here: only a trap or a hang is a failure).
  public func exercise(_ bytes: [UInt8]) -> Bool {
    switch self {
    case .rasp: return Self.rasp(bytes)
    case .model: return Self.model(bytes)
    case .automaton: return Self.automaton(bytes)
    case .claim: return Self.claim(bytes)
    case .expected: return Self.expected(bytes)
    case .result: return Self.result(bytes)
    }
  }

  /// Names the standard library defines (not re-evaluated for each program).
  static let libraryNames: Set<String> = {
    guard let interpreter = try? Interpreter() else { return [] }
    return Set(interpreter.console.names)
  }()

  static func rasp(_ bytes: [UInt8]) -> Bool {
    let text = SourceText(file: "fuzz.rasp", bytes: bytes)
    let interpreter: Interpreter
    do {
      interpreter = try Interpreter()
      try interpreter.run(text)
    } catch {
      return false
    }
    let input: [Atom] = [.string("a"), .int(1), .bool(true)]
    var last: String?
    for name in interpreter.console.names where !libraryNames.contains(name) {
      guard let id = interpreter.sop(named: name) else { continue }
      _ = try? interpreter.graph.evaluate(sop: id, on: input)
      _ = try? interpreter.graph.evaluate(sop: id, on: [.string("b")])
      _ = interpreter.graph.analyse(id)
      last = name
    }
    // Compiling is the costly step: one program in eight, at length 3 over two tokens.
    if let last, bytes.count % 8 == 0, let program = try? RASPProgram.parse(String(decoding: bytes, as: UTF8.self)) {
      var options = CompileOptions(vocabulary: ["a", "b"], maxLength: 3)
      options.maxValues = 200
      if let compiled = try? program.compile(sop: last, options: options) {
        _ = try? compiled.model.prepared().outputsByPosition(["a", "b", "a"])
      }
    }
    return true
  }

  static func model(_ bytes: [UInt8]) -> Bool {
    guard let model = try? Model(jsonData: Data(bytes)) else { return false }
    let prepared = model.prepared()
    let tokens = Array(model.vocabulary.prefix(3))
    guard !tokens.isEmpty else { return true }
    let longest = max(1, min(3, model.maxLength))
    for length in Set([model.minLength, longest]) where length >= 1 && length <= 3 {
      let input = (0..<length).map { tokens[$0 % tokens.count] }
      _ = try? prepared.outputsByPosition(input)
      _ = try? prepared.run(input)
      if model.loop != nil { _ = try? model.runLooped(input) }
      if !model.stopTokens.isEmpty { _ = try? prepared.generate(input, maxSteps: 3) }
    }
    _ = try? model.jsonData()
    return true
  }

  static func automaton(_ bytes: [UInt8]) -> Bool {
    guard let automaton = try? Automaton(toml: String(decoding: bytes, as: UTF8.self), file: "fuzz.toml") else {
      return false
    }
    let letters = Array(automaton.alphabet.prefix(3))
    guard !letters.isEmpty else { return true }
    for output in [AutomatonSpecification.Output.states, .chainOfThought] {
      let specification = AutomatonSpecification(automaton, output: output)
      for length in 1...3 {
        _ = try? specification.expected(for: (0..<length).map { letters[$0 % letters.count] })
      }
    }
    return true
  }

  static func claim(_ bytes: [UInt8]) -> Bool {
    (try? Claim(toml: String(decoding: bytes, as: UTF8.self), file: "fuzz.toml", id: "fuzz")) != nil
  }

  static func expected(_ bytes: [UInt8]) -> Bool {
    guard let table = try? ExpectedOutputs(jsonData: Data(bytes), label: "fuzz.json") else { return false }
    for input in table.inputs.prefix(3) { _ = try? table.expected(for: input) }
    return true
  }

  static func result(_ bytes: [UInt8]) -> Bool {
    guard let verdict = try? Verdict(jsonData: Data(bytes), label: "fuzz.json") else { return false }
    _ = verdict.summary
    // Only spaces of a checkable size are rebuilt (the bounds a re-check works within).
    if verdict.inputSpace.kind != .explicit, verdict.inputSpace.maxLength <= 4, verdict.inputSpace.vocabulary.count <= 4 {
      _ = try? InputSpace(record: verdict.inputSpace)
    }
    _ = try? Verdict.merge([verdict])
    return true
  }
}
