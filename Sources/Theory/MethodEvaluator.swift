import Automata
import Constructions
import ExactArithmetic
import Foundation

/// Measures a task by a method that never builds one of our models
/// (`method = …` in a claim setting), so its figures may be `lower-bound`
/// checks.
///
/// `method = "minimal-moore-machine"` minimises the task's own input→output
/// function (``MinimalMooreMachine``, Myhill–Nerode) and reports `states`
/// (an exact lower bound on the states of every finite-state recurrent model
/// computing the task), `state_bits` (⌈log2 states⌉) and `prefixes`. Tasks:
/// `task = "index"` with `bits` (``IndexRecall``), `task = "recall"` with
/// `vocab_size` and `max_len` (the induction head's task,
/// ``RecurrentRecall/recall(_:)``, over every word up to `max_len`).
public struct MethodEvaluator: PointEvaluator {
  public init() {}

  /// The parameters the method reads for `task` (nil for an unknown task).
  static func keys(task: String?) -> Set<String>? {
    switch task {
    case "index": return ["method", "task", "bits"]
    case "recall": return ["method", "task", "vocab_size", "max_len"]
    default: return nil
    }
  }

  /// No inputs of a model are checked; parameters the task does not read are unused.
  public func plan(_ claim: Claim, parameters: [String: String], depth: Claim.Depth, build: Bool) throws -> PointPlan {
    guard let known = Self.keys(task: parameters["task"]) else { return PointPlan(work: ClaimWork(), unused: [:]) }
    let reason = "method \(parameters["method"] ?? "") with task \(parameters["task"] ?? "") reads only \(known.sorted().joined(separator: ", "))"
    let unused = parameters.keys.filter { !known.contains($0) }.map { ($0, reason) }
    return PointPlan(work: ClaimWork(), unused: Dictionary(uniqueKeysWithValues: unused))
  }

  public func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement {
    let method = parameters["method"] ?? ""
    guard method == "minimal-moore-machine" else {
      throw ClaimError.badKey(file: claim.id, key: "method", expected: "a known measuring method (minimal-moore-machine), not '\(method)'")
    }
    func int(_ key: String) throws -> Int {
      guard let text = parameters[key], let v = Int(text), v >= 1 else {
        throw ClaimError.badKey(file: claim.id, key: key, expected: "a positive integer for task \(parameters["task"] ?? "?")")
      }
      return v
    }
    let known: Set<String>
    let start = Date()
    let machine: MinimalMooreMachine
    let what: String
    switch parameters["task"] {
    case "index":
      known = Self.keys(task: "index")!
      let n = try int("bits")
      machine = MinimalMooreMachine(alphabet: IndexRecall.vocabulary(bits: n), maxLength: n + 1) {
        IndexRecall.lastOutput(bits: n, $0)
      }
      what = "every prefix of every Index prompt with \(n) bits"
    case "recall":
      known = Self.keys(task: "recall")!
      let v = try int("vocab_size")
      let length = try int("max_len")
      machine = MinimalMooreMachine(alphabet: (0..<v).map { "t\($0)" }, maxLength: length) {
        RecurrentRecall.recall($0).last
      }
      what = "every word over \(v) tokens up to length \(length)"
    case let other:
      throw ClaimError.badKey(file: claim.id, key: "task", expected: "index or recall for minimal-moore-machine, not '\(other ?? "nothing")'")
    }
    for key in parameters.keys.sorted() where !known.contains(key) {
      throw ClaimError.badKey(file: claim.id, key: key, expected: "one of \(known.sorted().joined(separator: ", ")) for this method")
    }
    var bits = 0
    while (1 << bits) < machine.states { bits += 1 }
    return Measurement(
      resources: ["states": Rational(machine.states), "state_bits": Rational(bits), "prefixes": Rational(machine.prefixes)],
      checked: 0, counterexample: nil,
      coverage: "Myhill–Nerode minimisation over \(what) (\(machine.prefixes) prefixes), exact",
      seconds: Date().timeIntervalSince(start))
  }
}
