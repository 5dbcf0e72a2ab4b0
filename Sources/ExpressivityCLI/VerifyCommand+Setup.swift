import ArgumentParser
import Automata
import Foundation
import Transformer
import Verification

extension VerifyCommand {
  /// A verifier for a loaded model, with the run options given.
  func makeVerifier(_ loaded: Model, path: String?) throws -> Verifier {
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
    if let jobs { verifier.jobs = jobs }
    if let maxSteps {
      guard maxSteps >= 1 else { throw UserError("--max-steps must be at least 1", exitCode: 2) }
      guard verifier.mode == .chainOfThought else {
        throw UserError("--max-steps applies to a chain-of-thought run (this one is \(verifier.mode.rawValue))", exitCode: 2)
      }
      verifier.maxSteps = maxSteps
    }
    if let reference { verifier.reference = try loadModel(reference) }
    return verifier
  }

  /// The reference given by --automaton or --expected, and its path.
  func loadSpecification(mode: RunMode) throws -> (any Specification, String) {
    switch (automaton, expected) {
    case (let path?, nil):
      return (try Self.automatonSpecification(path, mode: mode), path)
    case (nil, let path?):
      return (try Self.expectedOutputs(path), path)
    case (nil, nil):
      throw UserError("give the reference: --automaton FILE.toml or --expected FILE.json", exitCode: 2)
    default:
      throw UserError("give one reference: --automaton or --expected, not both", exitCode: 2)
    }
  }

  static func automatonSpecification(_ path: String, mode: RunMode) throws -> AutomatonSpecification {
    do {
      let table = try Automaton.load(from: path)
      return AutomatonSpecification(table, output: mode == .chainOfThought ? .chainOfThought : .states, label: path)
    } catch let error as AutomatonError {
      throw UserError(error.description, exitCode: 2)
    }
  }

  static func expectedOutputs(_ path: String) throws -> ExpectedOutputs {
    do {
      return try ExpectedOutputs.load(from: path)
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
  }

  /// The input space of a `--model` run: --inputs, the lengths (every input
  /// or --samples), or the inputs an expected-outputs table lists.
  func inputSpace(for loaded: Model, specification: any Specification) throws -> InputSpace {
    let vocabulary = (specification as? ExpectedOutputs)?.vocabulary
      ?? (specification as? AutomatonSpecification)?.automaton.alphabet ?? loaded.vocabulary
    if inputs == nil, maxLength == nil, let table = specification as? ExpectedOutputs {
      guard samples == nil else { throw UserError("--samples needs --max-len", exitCode: 2) }
      return try space(vocabulary: vocabulary, lengths: nil, listed: (table.inputs, "expected"))
    }
    guard inputs != nil || maxLength != nil else { throw UserError("give --max-len N (or --inputs FILE)", exitCode: 2) }
    return try space(vocabulary: vocabulary, lengths: maxLength.map { try lengthRange(loaded.minLength, $0) })
  }

  /// The lengths --min-len (default `low`) to `maxLength`.
  func lengthRange(_ low: Int, _ maxLength: Int) throws -> ClosedRange<Int> {
    let low = minLength ?? low
    guard low >= 1, low <= maxLength else {
      throw UserError("--min-len \(low) and --max-len \(maxLength) give no lengths", exitCode: 2)
    }
    return low...maxLength
  }

  /// The inputs to check: those listed (by --inputs, or `listed`), or
  /// every input (or --samples) with a length in `lengths`, restricted to
  /// --shard. The size is known before any work: a run above --max-inputs is refused.
  func space(
    vocabulary: [String], lengths: ClosedRange<Int>?, listed: ([[String]], String)? = nil
  ) throws -> InputSpace {
    var space: InputSpace
    let shard: InputSpace.Shard?
    do {
      shard = try self.shard.map { try InputSpace.Shard(parsing: $0) }
      if let inputs {
        space = try .explicit(try Self.readInputs(inputs), vocabulary: vocabulary)
        space.inputsSource = inputs
      } else if let listed {
        space = try .explicit(listed.0, vocabulary: vocabulary)
        space.inputsSource = listed.1
      } else if let lengths {
        if let samples {
          guard samples >= 1 else { throw UserError("--samples must be at least 1", exitCode: 2) }
          try checkSize(samples / (shard?.count ?? 1), of: "--samples \(samples)", remedy: "ask for fewer samples")
          space = try .samples(vocabulary: vocabulary, lengths: lengths, count: samples, seed: seed ?? 0)
        } else {
          let what = "every input of length \(lengths.lowerBound)...\(lengths.upperBound) over \(vocabulary.count) tokens"
          guard let total = InputSpace.count(vocabulary: vocabulary.count, lengths: lengths) else {
            throw UserError(
              "\(what) is more than \(WorkProgress.grouped(Int.max)) inputs: check --samples K instead", exitCode: 2)
          }
          try checkSize(total / (shard?.count ?? 1), of: what, total: total)
          space = try .exhaustive(vocabulary: vocabulary, lengths: lengths)
        }
      } else {
        throw UserError("give --max-len N (or --inputs FILE)", exitCode: 2)
      }
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
    space.shard = shard
    return space
  }

  /// Refuses a run that would check more than --max-inputs inputs.
  ///
  /// - Parameters:
  ///   - count: the inputs this run would check (its shard's share).
  ///   - what: the space, for the message.
  ///   - total: the whole space's size, when it differs from `count`.
  ///   - remedy: what to do instead (besides raising the limit).
  func checkSize(
    _ count: Int, of what: String, total: Int? = nil,
    remedy: String = "check --samples K, split the run with --shard i/k"
  ) throws {
    let limit = maxInputs ?? Self.defaultInputLimit
    guard count > limit else { return }
    let size = WorkProgress.grouped(total ?? count)
    throw UserError(
      "\(what) is \(size) inputs, more than the limit of \(WorkProgress.grouped(limit)): "
        + "\(remedy), or raise --max-inputs", exitCode: 2)
  }

  /// Inputs from a file: one per line, tokens separated by spaces; blank lines and `#` comments skipped.
  static func readInputs(_ path: String) throws -> [[String]] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UserError("cannot read '\(path)'", exitCode: 2)
    }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
      return tokens.isEmpty ? nil : tokens
    }
  }

  /// Runs the verification with progress on a terminal, turning errors
  /// into one-line user errors (exit 2: the request or an input file is bad).
  func run(_ verifier: Verifier, _ specification: any Specification, _ space: InputSpace) throws -> Verdict {
    try Self.withProgress(verifier, space) { try $0.verifyBlocking(specification, over: space) }
  }

  /// Runs `body` on the verifier with a progress line for `space`, errors
  /// mapped to one-line user errors.
  static func withProgress(
    _ verifier: Verifier, _ space: InputSpace, _ body: (Verifier) throws -> Verdict
  ) throws -> Verdict {
    var verifier = verifier
    let counter = ProgressCounter()
    verifier.progress = counter
    let k = space.shard?.count ?? 1
    let progress = WorkProgress("verify", unit: "inputs", total: max(1, space.totalCount / k)) { counter.count }
    progress.start()
    defer { progress.finish() }
    do {
      return try body(verifier)
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
  }
}
