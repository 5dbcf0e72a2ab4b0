import Constructions
import Foundation
import ExactArithmetic
import Transformer

/// The break length of a construction in a rounded format, for a claim
/// setting with `precision` parameters:
///
/// - `precision`: a format (`bf16`, `fixed:2.{precision_bits}`, …); the text
///   `{precision_bits}` is replaced by that parameter (which may be a formula);
/// - `precision_bits`: an integer for the template;
/// - `precision_decision`: `value` (default) or `sign`, when a numerical output agrees;
/// - `precision_max_len`: the longest length searched (default: the swept `length`, else 32);
/// - `precision_samples`: inputs per length (every input when there are at most this many; default 64).
///
/// It measures `break_length`: the largest length up to `precision_max_len`
/// on which every checked input of the rounded run agrees with the exact run
/// (the rounded pass and search of ``PrecisionSearch``, as `expressivity precision`).
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

  /// `break_length` of `family` built with `values`.
  func measure(_ family: ConstructionFamily, values: [String: String], seed: UInt64) throws -> [String: Rational] {
    let top = maxLength ?? values["length"].flatMap(Int.init) ?? 32
    let members = try LengthwiseModels(family, parameters: values, maxLength: top)
    let search = PrecisionSearch(
      model: { try members.model(length: $0).prepared() }, lengths: members.minimumLength...top, samples: samples,
      seed: seed, decision: decision)
    let outcome = try search.run(PrecisionSettings(format: format))
    return ["break_length": Rational(outcome.agreedUpTo)]
  }
}
