import Constructions
import Foundation
import ExactArithmetic
import Transformer

/// The break length of a construction or compiled program in a rounded
/// format, for a claim setting with `precision` parameters:
///
/// - `precision`: a format (`bf16`, `fixed:2.{precision_bits}`, …); the text
///   `{precision_bits}` is replaced by that parameter (which may be a formula);
/// - `precision_bits`: an integer for the template;
/// - `precision_decision`: `value` (default) or `sign`, when a numerical output agrees;
/// - `precision_max_len`: the longest length searched (default: the `length`
///   parameter, else a program's `max_len`, else 32); a construction built for
///   one length (a `length` parameter) is built anew for every length searched;
/// - `precision_samples`: inputs per length (every input when there are at most this many; default 64).
///
/// It measures `break_length`: the largest length up to `precision_max_len`
/// on which every checked input of the rounded run agrees with the exact run
/// (the rounded pass and search of ``PrecisionSearch``, as `expressivity precision`),
/// with a note: the format, where it broke (input, exact and rounded output)
/// and which inputs were checked.
struct PrecisionMeasurement {
  let format: NumberFormat
  let decision: NumericalDecision
  let maxLength: Int?
  let samples: Int

  static let keys = ["precision", "precision_bits", "precision_decision", "precision_max_len", "precision_samples"]

  /// Takes the `precision*` parameters out of `values`; nil when there are none.
  init?(extracting values: inout [String: String], claim: String) throws {
    guard let template = values.removeValue(forKey: "precision") else {
      if let stray = Self.keys.first(where: { values[$0] != nil }) {
        throw ConstructionError.usage("claim \(claim): \(stray) needs precision = \"FORMAT\"")
      }
      return nil
    }
    var text = template
    if let bits = values.removeValue(forKey: "precision_bits") {
      text = text.replacingOccurrences(of: "{precision_bits}", with: bits)
    }
    do {
      format = try NumberFormat(parsing: text)
    } catch let error as FormatError {
      throw ConstructionError.usage("claim \(claim): precision: \(error)")
    }
    let decisionText = values.removeValue(forKey: "precision_decision") ?? "value"
    guard let d = NumericalDecision(rawValue: decisionText) else {
      throw ConstructionError.usage("claim \(claim): precision_decision is value or sign, not '\(decisionText)'")
    }
    decision = d
    func integer(_ key: String) throws -> Int? {
      guard let text = values.removeValue(forKey: key) else { return nil }
      guard let n = Int(text), n >= 1 else { throw ConstructionError.usage("claim \(claim): \(key) must be a positive integer, not '\(text)'") }
      return n
    }
    maxLength = try integer("precision_max_len")
    samples = try integer("precision_samples") ?? 64
  }

  /// `break_length` of `family` built with `values`, and a note saying what
  /// was checked. A family with a `length` parameter (built for one length,
  /// as parity-softmax is) is built anew for every length searched; with
  /// `precision_max_len`, a `max_len` parameter is that length.
  func measure(_ family: ConstructionFamily, values: [String: String], seed: UInt64) throws -> (
    resources: [String: Rational], note: String
  ) {
    let top = maxLength ?? values["length"].flatMap(Int.init) ?? 32
    var shared = values
    let names = family.parameters.map(\.name)
    if names.contains("length") { shared["length"] = nil }
    if maxLength != nil && names.contains("max_len") { shared["max_len"] = nil }
    let members = try LengthwiseModels(family, parameters: shared, maxLength: top)
    return try search(
      model: { try members.model(length: $0).prepared() }, lengths: members.minimumLength...top, seed: seed)
  }

  /// `break_length` of one model (a compiled program) over lengths up to
  /// `precision_max_len`, else `maxLength`.
  func measure(_ model: PreparedModel, maxLength: Int, seed: UInt64) throws -> (
    resources: [String: Rational], note: String
  ) {
    let top = min(self.maxLength ?? maxLength, maxLength)
    return try search(model: { _ in model }, lengths: model.model.minLength...top, seed: seed)
  }

  /// The work of a search up to `maxLength` (or `precision_max_len`, the
  /// smaller): at most `samples` inputs of each length, each run exactly
  /// and rounded (counted at the longest length, an upper bound).
  func work(maxLength: Int) -> ClaimWork {
    let top = min(self.maxLength ?? maxLength, maxLength)
    return ClaimWork(otherInputs: 2 * Double(samples) * Double(max(top, 0)), otherLength: top)
  }

  func search(model: @escaping @Sendable (Int) throws -> PreparedModel, lengths: ClosedRange<Int>, seed: UInt64) throws
    -> (resources: [String: Rational], note: String)
  {
    let search = PrecisionSearch(model: model, lengths: lengths, samples: samples, seed: seed, decision: decision)
    let outcome = try search.run(PrecisionSettings(format: format))
    // Which lengths had every input checked: the vocabulary's size to the n-th is at most `samples`.
    let vocabulary = try model(lengths.lowerBound).model.vocabulary.count
    var everyUpTo = lengths.lowerBound - 1
    var count = 1
    for n in 1...lengths.upperBound {
      count = count.multipliedReportingOverflow(by: vocabulary).overflow ? Int.max : count * vocabulary
      if count > samples { break }
      if n >= lengths.lowerBound { everyUpTo = n }
    }
    let last = outcome.counterexample?.tokens.count ?? lengths.upperBound
    let upTo = outcome.counterexample == nil ? "up to length \(last)" : "up to the failing input"
    let how: String
    if everyUpTo >= last {
      how = "every input of each length \(lengths.lowerBound)...\(last), in order, \(upTo)"
    } else if everyUpTo >= lengths.lowerBound {
      how = "every input of each length up to \(everyUpTo), then \(samples) seeded samples per length, \(upTo)"
    } else {
      how = "\(samples) seeded samples per length from \(lengths.lowerBound), \(upTo)"
    }
    let verdict: String
    if let (tokens, comparison) = outcome.counterexample {
      let i = comparison.agreesAt.firstIndex(of: false) ?? 0
      let exact = (try? comparison.exact[i].get()).map { "\($0)" } ?? "error"
      let rounded: String
      switch comparison.rounded.outputs[i] {
      case .success(let value): rounded = "\(value)"
      case .failure(let error): rounded = "error (\(error))"
      }
      verdict = "breaks at length \(tokens.count) on \(tokens.joined(separator: " ")) (position \(i): exact \(exact), \(format) \(rounded))"
    } else {
      verdict = "none up to \(lengths.upperBound)"
    }
    let compared: String
    if case .numerical = try model(lengths.lowerBound).model.readout {
      compared = "numerical outputs compared by \(decision.rawValue)"
    } else {
      compared = "outputs compared exactly"
    }
    return (
      ["break_length": Rational(outcome.agreedUpTo)],
      "\(format), \(compared): \(verdict); checked \(how) (\(outcome.checked) inputs)"
    )
  }
}
