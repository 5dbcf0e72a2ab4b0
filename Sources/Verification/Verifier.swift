import ExactArithmetic
import Foundation
import Transformer

/// Checks a model against a specification on every input of an input space.
///
/// One engine for every specification and run mode. Inputs are shared out
/// as units (subtrees of the input trie at a fixed depth for an exhaustive
/// space, runs of indices otherwise) to `jobs` concurrent tasks; a causal
/// model keeps its per-position state between inputs (``IncrementalRun``)
/// so each input of a depth-first trie walk costs one new position per
/// layer. The verdict (and its count and counterexample) is the same
/// whatever the number of jobs or shards, and with or without prefix
/// sharing: the counterexample is the failing input of least enumeration
/// index, and the count of a failing run is computed from that index.
public struct Verifier: Sendable {
  /// The version recorded in results made by the library (the CLI records its own).
  public static let libraryVersion = "0.1.0"

  /// The model checked.
  public let model: Model
  /// How it runs.
  public var mode: RunMode
  /// Keep per-position state between inputs (causal models only; others
  /// always run whole).
  public var prefixSharing = true
  /// Concurrent tasks.
  public var jobs = ProcessInfo.processInfo.activeProcessorCount
  /// A reference model (e.g. the unbroken original) whose stages a failing
  /// run's stream is compared with, stage by stage on directions of the
  /// same name, to say where it departs.
  public var reference: Model?
  /// Step limit for chain of thought (default: the model's maximum length).
  public var maxSteps: Int?
  /// Recorded in results.
  public var toolVersion = Verifier.libraryVersion
  /// The model file, recorded in results for re-checks.
  public var modelPath: String?
  /// For a model compiled from RASP: the `compile` arguments that rebuild
  /// it, recorded in results for re-checks.
  public var compileArguments: [String]?
  /// The specification file, recorded in results for re-checks.
  public var specificationPath: String?
  /// Counts inputs as they are checked (in steps of 64), for a progress display.
  public var progress: ProgressCounter?

  /// A verifier for `model`, run as `mode` (default: looped when it has a
  /// loop, chain of thought when it has stop tokens, else single pass).
  public init(model: Model, mode: RunMode? = nil) {
    self.model = model
    self.mode = mode ?? Self.defaultMode(for: model)
  }

  /// The mode a model is meant to run in.
  public static func defaultMode(for model: Model) -> RunMode {
    if model.loop != nil { return .looped }
    if !model.stopTokens.isEmpty { return .chainOfThought }
    return .singlePass
  }

  /// Whether runs of this model on this mode share prefixes (a causal
  /// model, with a loop only when it has a fixed count).
  public var usesPrefixSharing: Bool {
    guard prefixSharing, let (prepared, looped) = try? plannedModel() else { return false }
    return looped == nil && prepared.isCausal
  }

  /// The model as it is run: fixed loops unrolled.
  func plannedModel() throws -> (prepared: PreparedModel, looped: Model?) {
    switch mode {
    case .looped:
      guard let loop = model.loop else {
        throw VerificationError.usage("--mode looped needs a model with a loop")
      }
      _ = loop
      if let flat = model.unrolledLoop() { return (flat.prepared(), nil) }
      return (model.prepared(), model)
    case .singlePass, .chainOfThought:
      return (model.prepared(), nil)
    }
  }

  // MARK: Verifying

  /// Checks every input of `space` (its shard, when it has one).
  ///
  /// - Throws: ``VerificationError/usage(_:)`` for a space the model cannot
  ///   take; ``VerificationError/specification(_:)`` when the specification
  ///   cannot give the expected outputs of an input enumerated before any
  ///   counterexample.
  public func verify(_ specification: any Specification, over space: InputSpace) async throws -> Verdict {
    let start = ContinuousClock.now
    let plan = try makePlan(specification, space)
    let bound = SharedBound()
    let counter = UnitCounter()
    let results = try await withThrowingTaskGroup(of: WorkerResult.self) { group in
      for _ in 0..<workerCount(plan) {
        group.addTask { try Worker.work(plan: plan, counter: counter, bound: bound) }
      }
      var all: [WorkerResult] = []
      for try await r in group { all.append(r) }
      return all
    }
    return try finish(plan, results, since: start)
  }

  /// ``verify(_:over:)`` for synchronous callers (a command, an XCTest
  /// method): the same workers, each on its own thread, so it never waits
  /// on the concurrency pool it might be called from.
  public func verifyBlocking(_ specification: any Specification, over space: InputSpace) throws -> Verdict {
    let start = ContinuousClock.now
    let plan = try makePlan(specification, space)
    let bound = SharedBound()
    let counter = UnitCounter()
    let count = workerCount(plan)
    let boxes = (0..<count).map { _ in WorkerBox() }
    let group = DispatchGroup()
    for box in boxes {
      group.enter()
      let thread = Thread {
        do {
          box.result = .success(try Worker.work(plan: plan, counter: counter, bound: bound))
        } catch {
          box.result = .failure(error)
        }
        group.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    return try finish(plan, boxes.map { try $0.result!.get() }, since: start)
  }

  func workerCount(_ plan: Plan) -> Int { max(1, min(jobs, plan.units.count)) }

  /// The verdict from the workers' results.
  func finish(_ plan: Plan, _ results: [WorkerResult], since start: ContinuousClock.Instant) throws -> Verdict {
    let space = plan.space
    let specification = plan.specification
    let failure = results.compactMap(\.failure).min()
    if let (index, error) = results.compactMap(\.specificationError).min(by: { $0.0 < $1.0 }),
      failure.map({ index < $0 }) ?? true
    {
      throw error
    }
    var counterexample: Counterexample?
    let checked: Int
    var undefined: Int?
    let word: String
    if let failure {
      counterexample = try describe(index: failure, plan: plan)
      checked = space.ownedCount(upTo: failure)
      word = Verdict.failed
    } else {
      checked = results.reduce(0) { $0 + $1.checked }
      precondition(checked == space.ownedCount(), "checked \(checked) of \(space.ownedCount()) inputs")
      let skipped = results.reduce(0) { $0 + $1.undefined }
      undefined = skipped > 0 ? skipped : nil
      word = Verdict.passing(compared: checked - skipped)
    }
    let elapsed = ContinuousClock.now - start
    return Verdict(
      verdict: word, checked: checked, undefined: undefined,
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      counterexample: counterexample,
      model: .init(
        name: model.name, sha256: try Self.digest(of: model), path: modelPath, compileArguments: compileArguments),
      specification: .init(
        kind: specification.kind, label: specification.label, sha256: specification.digest,
        path: specificationPath),
      inputSpace: space.record,
      semantics: .init(mode: mode, maxSteps: mode == .chainOfThought ? plan.maxSteps : nil),
      toolVersion: toolVersion, prefixSharing: plan.incremental)
  }

  /// SHA-256 of the canonical model JSON.
  public static func digest(of model: Model) throws -> String {
    SHA256.hex(try model.jsonData(pretty: false))
  }

  // MARK: Plan

  func makePlan(_ specification: any Specification, _ space: InputSpace) throws -> Plan {
    guard jobs >= 1 else { throw VerificationError.usage("jobs must be at least 1") }
    let known = Set(model.vocabulary)
    if let bad = space.vocabulary.first(where: { !known.contains($0) }) {
      throw VerificationError.usage("token '\(bad)' of the input space is not in the model's vocabulary")
    }
    if space.totalCount > 0 {
      guard space.lengths.lowerBound >= model.minLength, space.lengths.upperBound <= model.maxLength else {
        throw VerificationError.usage(
          "input lengths \(space.lengths.lowerBound)...\(space.lengths.upperBound) are outside the model's \(model.minLength)...\(model.maxLength)")
      }
    }
    if mode == .chainOfThought, model.stopTokens.isEmpty, maxSteps == nil {
      throw VerificationError.usage("chain of thought on a model without stop tokens needs a step limit")
    }
    let (prepared, looped) = try plannedModel()
    let incremental = prefixSharing && looped == nil && prepared.isCausal
    var units: [Int] = []
    let k = space.shard?.count ?? 1
    let s = space.shard?.index ?? 0
    switch space.kind {
    case .exhaustive:
      let count = power(space.vocabulary.count, space.splitDepth)!
      units = Array(stride(from: s, to: count, by: k))
    case .samples, .explicit:
      // Runs of 64 owned indices.
      let (step, overflow) = k.multipliedReportingOverflow(by: 64)
      units = Array(stride(from: s, to: space.totalCount, by: overflow ? Int.max : step))
    }
    return Plan(
      prepared: prepared, looped: looped, incremental: incremental, mode: mode,
      maxSteps: maxSteps ?? model.maxLength, space: space, specification: specification, units: units,
      progress: progress)
  }

  // MARK: Counterexamples

  /// The failing input at `index`, described from whole runs (so the
  /// description does not depend on how the search ran).
  func describe(index: Int, plan: Plan) throws -> Counterexample {
    let input = plan.space.input(at: index)
    var whole = plan
    whole.incremental = false
    var worker = try Worker(plan: whole)
    let expected = try plan.specification.expected(for: input)
    let observed = try worker.observe(input)
    let position = Worker.firstMismatch(observed, expected)
    var example = Counterexample(
      input: input, index: index, position: position, expected: nil, got: nil, error: nil,
      expectedOutputs: expected.map(\.description),
      outputs: observed.map { try? $0.get().description })
    if let p = position {
      if p < expected.count { example.expected = expected[p].description }
      if p < observed.count {
        switch observed[p] {
        case .success(let value): example.got = value.description
        case .failure(let error): example.error = error.description
        }
      }
      // A failure at every position of a whole run is the forward pass failing.
      if case .failure(let error)? = observed.first, observed.allSatisfy({ $0 == .failure(error) }),
        !{ if case .readoutTie = error { return true } else { return false } }()
      {
        example.position = nil
        example.error = error.description
      }
      // The sequence the failing output was read from.
      var sequence = input
      if plan.mode == .chainOfThought {
        sequence += observed.prefix(p).compactMap { try? $0.get().description }
      }
      if plan.looped == nil, sequence.count <= model.maxLength {
        example.departure = departure(on: sequence, plan: plan)
      }
    }
    return example
  }

  /// Where the run on `sequence` first departs from the reference trace.
  func departure(on sequence: [String], plan: Plan) -> Departure? {
    let prepared = plan.prepared
    guard let tokens = try? prepared.sequence(for: sequence),
      let trace = try? prepared.forward(prepared.embed(tokens))
    else { return nil }
    let first = prepared.model.bos == nil ? 0 : 1
    let space = prepared.model.residual
    func departure(_ stage: Trace.Stage, _ d: Int, _ row: Int, _ expected: Rational, _ got: Rational) -> Departure {
      Departure(
        layer: stage.layer, stage: stage.label, direction: space.names[d],
        value: reference == nil ? plan.specification.valueName(ofDirection: space.names[d]) : nil,
        position: row >= first ? row - first : nil, expected: expected.description, got: got.description)
    }
    if let reference {
      var referenceModel = reference
      if plan.mode == .looped, let flat = reference.unrolledLoop() { referenceModel = flat }
      let other = referenceModel.prepared()
      guard (other.model.bos == nil) == (prepared.model.bos == nil),
        let otherTokens = try? other.sequence(for: sequence),
        let otherTrace = try? other.forward(other.embed(otherTokens))
      else { return nil }
      let shared = space.names.indices.compactMap { d in
        other.model.residual.index(of: space.names[d]).map { (d, $0) }
      }
      for stage in trace.stages {
        guard let match = otherTrace.stages.first(where: { $0.label == stage.label }) else { continue }
        let got = stage.scaledStream
        let want = match.scaledStream
        for (d, e) in shared {
          for row in 0..<got.rowCount where got[row, d] != want[row, e] {
            return departure(stage, d, row, want[row, e], got[row, d])
          }
        }
      }
      return nil
    }
    guard let directions = try? plan.specification.referenceDirections(for: sequence, residual: space),
      !directions.isEmpty
    else { return nil }
    // Each direction is compared after the last stage that writes it.
    var writer: [Int: Int] = [:]
    var stageIndex = 1
    for layer in prepared.model.layers {
      if !layer.heads.isEmpty {
        for head in layer.heads { for name in head.output { writer[space.index(of: name)!] = stageIndex } }
        stageIndex += 1
      }
      if let mlp = layer.mlp {
        for name in mlp.output { writer[space.index(of: name)!] = stageIndex }
        stageIndex += 1
      }
    }
    let checked = directions.compactMap { name, values in space.index(of: name).map { ($0, values) } }
      .sorted { $0.0 < $1.0 }
    for (s, stage) in trace.stages.enumerated() {
      let stream = stage.scaledStream
      for (d, values) in checked where (writer[d] ?? 0) == s {
        for (p, want) in values.enumerated() where first + p < stream.rowCount {
          let got = stream[first + p, d]
          if got != want { return departure(stage, d, first + p, want, got) }
        }
      }
    }
    return nil
  }
}

// MARK: - Workers

/// Everything a worker needs, shared read-only.
struct Plan: Sendable {
  let prepared: PreparedModel
  /// A model whose loop halts on a direction (run whole, loop and all).
  let looped: Model?
  var incremental: Bool
  let mode: RunMode
  let maxSteps: Int
  let space: InputSpace
  let specification: any Specification
  let units: [Int]
  var progress: ProgressCounter?
}

struct WorkerResult: Sendable {
  var checked = 0
  /// Inputs the specification defines no outputs on (counted in `checked`).
  var undefined = 0
  var failure: Int?
  var specificationError: (Int, VerificationError)?
}

/// One task's loop over units, with its own incremental state.
struct Worker {
  let plan: Plan
  var run: IncrementalRun?
  var whole: WholeRun?
  var result = WorkerResult()
  let stops: Set<String>
  let vocabulary: Set<String>

  /// One worker's whole job: units from the counter until none is left.
  static func work(plan: Plan, counter: UnitCounter, bound: SharedBound) throws -> WorkerResult {
    var worker = try Worker(plan: plan)
    while let u = counter.next(below: plan.units.count) {
      try worker.process(unit: plan.units[u], bound: bound)
    }
    return worker.result
  }

  init(plan: Plan) throws {
    self.plan = plan
    run = plan.incremental ? try IncrementalRun(plan.prepared) : nil
    whole = plan.incremental ? nil : WholeRun(plan.prepared)
    stops = Set(plan.prepared.model.stopTokens)
    vocabulary = Set(plan.prepared.model.vocabulary)
  }

  /// The index of the first wrong output, or nil when every output matches.
  static func firstMismatch(_ observed: [Result<OutputValue, ModelError>], _ expected: [OutputValue]) -> Int? {
    for i in 0..<max(observed.count, expected.count) {
      guard i < observed.count, i < expected.count, case .success(let value) = observed[i],
        value.matches(expected[i])
      else { return i }
    }
    return nil
  }

  /// The model's outputs on `input` in the plan's mode.
  mutating func observe(_ input: [String]) throws -> [Result<OutputValue, ModelError>] {
    do {
      switch plan.mode {
      case .singlePass:
        return try outputs(input)
      case .looped:
        if let looped = plan.looped {
          do {
            return try looped.runLooped(input).outputs.map { .success($0) }
          } catch let error as ModelError {
            if case .readoutTie = error {} else if case .nonIntegerScore = error {} else { throw error }
            return Array(repeating: .failure(error), count: input.count)
          }
        }
        return try outputs(input)
      case .chainOfThought:
        return try chainOfThought(input)
      }
    } catch let error as ModelError {
      throw VerificationError.usage("input '\(input.joined(separator: " "))': \(error.description)")
    }
  }

  mutating func outputs(_ input: [String]) throws -> [Result<OutputValue, ModelError>] {
    if run != nil {
      try run!.move(to: input)
      return run!.outputs
    }
    return try whole!.outputs(input)
  }

  /// The tokens emitted after `prompt` (the ending rules of `generate`), a
  /// failure last when a step could not decode.
  mutating func chainOfThought(_ prompt: [String]) throws -> [Result<OutputValue, ModelError>] {
    var emitted: [Result<OutputValue, ModelError>] = []
    var tokens = prompt
    let maxLength = plan.prepared.model.maxLength
    defer { if run != nil { run!.truncate(toLength: min(prompt.count, run!.tokens.count)) } }
    while emitted.count < plan.maxSteps {
      let last = try outputs(tokens).last!
      emitted.append(last)
      guard case .success(let value) = last else { break }
      let token = value.description
      if stops.contains(token) || !vocabulary.contains(token) || tokens.count + 1 >= maxLength { break }
      tokens.append(token)
    }
    return emitted
  }

  /// Checks one input; returns whether it passed.
  mutating func check(_ input: [String], index: Int, bound: SharedBound) throws {
    result.checked += 1
    if result.checked & 63 == 0 { plan.progress?.add(64) }
    let expected: [OutputValue]
    do {
      expected = try plan.specification.expected(for: input)
    } catch VerificationError.undefined {
      result.undefined += 1
      return
    } catch let error as VerificationError {
      record(specificationError: error, at: index, bound: bound)
      return
    } catch {
      record(
        specificationError: .specification("input '\(input.joined(separator: " "))': \(error)"), at: index,
        bound: bound)
      return
    }
    if Self.firstMismatch(try observe(input), expected) != nil {
      result.failure = min(result.failure ?? index, index)
      bound.lower(to: index)
    }
  }

  mutating func record(specificationError error: VerificationError, at index: Int, bound: SharedBound) {
    if result.specificationError.map({ index < $0.0 }) ?? true { result.specificationError = (index, error) }
    bound.lower(to: index)
  }

  /// Checks the inputs of one unit that come before the bound.
  mutating func process(unit: Int, bound: SharedBound) throws {
    let space = plan.space
    switch space.kind {
    case .samples, .explicit:
      let k = space.shard?.count ?? 1
      let (span, overflow) = k.multipliedReportingOverflow(by: 64)
      let end = overflow ? space.totalCount : min(space.totalCount, unit.addingReportingOverflow(span).partialValue)
      for index in stride(from: unit, to: max(unit, end), by: k) {
        if index >= bound.value { return }
        try check(space.input(at: index), index: index, bound: bound)
      }
    case .exhaustive:
      try walk(unit: unit, bound: bound)
    }
  }

  /// The unit's inputs in depth-first (preorder) order: its owned ancestors
  /// (prefixes whose leftmost descendant at the split depth is this unit),
  /// the unit's node, then its subtree.
  mutating func walk(unit: Int, bound: SharedBound) throws {
    let space = plan.space
    let v = space.vocabulary.count
    let p = space.splitDepth
    let lengths = space.lengths
    var digits = [Int](repeating: 0, count: p)
    var rest = unit
    for i in stride(from: p - 1, through: 0, by: -1) {
      digits[i] = rest % v
      rest /= v
    }
    // offsets[l]: index of the first input of length l.
    var offsets = [Int](repeating: 0, count: lengths.upperBound + 2)
    for l in lengths.lowerBound..<(lengths.upperBound + 1) { offsets[l + 1] = offsets[l] + power(v, l)! }
    func lengthOf(_ index: Int) -> Int {
      if index == Int.max { return Int.max }
      var l = lengths.lowerBound
      while offsets[l + 1] <= index { l += 1 }
      return l
    }
    var tokens: [String] = []
    var lex = 0
    for l in 1..<p {
      tokens.append(space.vocabulary[digits[l - 1]])
      lex = lex * v + digits[l - 1]
      if lengths.contains(l), digits[l...].allSatisfy({ $0 == 0 }) {
        let index = offsets[l] + lex
        if index < bound.value { try check(tokens, index: index, bound: bound) }
      }
    }
    tokens.append(space.vocabulary[digits[p - 1]])
    lex = lex * v + digits[p - 1]
    // Depth first below the unit's node.
    func visit(_ tokens: inout [String], _ lex: Int) throws {
      let l = tokens.count
      let limit = bound.value
      if lengths.contains(l) {
        let index = offsets[l] + lex
        if index < limit { try check(tokens, index: index, bound: bound) }
      }
      guard l < lengths.upperBound, l < lengthOf(bound.value) else { return }
      for d in 0..<v {
        tokens.append(space.vocabulary[d])
        try visit(&tokens, lex * v + d)
        tokens.removeLast()
      }
    }
    try visit(&tokens, lex)
  }
}

/// The least failing index found so far, read by every worker to prune.
final class SharedBound: @unchecked Sendable {
  private let lock = NSLock()
  private var least = Int.max

  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return least
  }

  func lower(to index: Int) {
    lock.lock()
    least = min(least, index)
    lock.unlock()
  }
}

/// Hands out unit numbers in increasing order.
final class UnitCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var upcoming = 0

  func next(below count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard upcoming < count else { return nil }
    upcoming += 1
    return upcoming - 1
  }
}


final class WorkerBox: @unchecked Sendable {
  var result: Result<WorkerResult, any Error>?
}
