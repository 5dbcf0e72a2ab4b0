import ArgumentParser
import ExactArithmetic
import Foundation
import Transformer
import Verification

extension VerifyCommand {
  /// `verify --precision`: the rounded model (a model file, or a RASP
  /// program compiled) against its exact run, every input (or --samples K
  /// per length) of each length, stopping at the first departure. The
  /// number of inputs is checked against --max-inputs before any work.
  func verifyRounded(format: NumberFormat) throws {
    guard let maxLength else { throw UserError("--precision needs --max-len", exitCode: 2) }
    if let samples, samples < 1 { throw UserError("--samples must be at least 1", exitCode: 2) }
    let loaded: Model
    if file != nil {
      let request = try compileRequest
      try checkRoundedSize(vocabulary: try request.options().vocabulary.count, lengths: try lengthRange(1, maxLength))
      loaded = try request.compile().0.model
    } else if let model {
      loaded = try loadModel(model)
    } else {
      throw UserError("--precision needs --model MODEL.json or a RASP file", exitCode: 2)
    }
    let low = minLength ?? loaded.minLength
    guard low >= 1, low <= maxLength, maxLength <= loaded.maxLength else {
      throw UserError("lengths \(low)...\(maxLength) are not within the model's \(loaded.minLength)...\(loaded.maxLength)", exitCode: 2)
    }
    try checkRoundedSize(vocabulary: loaded.vocabulary.count, lengths: low...maxLength)
    let prepared = loaded.prepared()
    let settings = try rounding.settings(format)
    let search = PrecisionSearch(
      model: { _ in prepared }, lengths: low...maxLength, samples: samples ?? Int.max, seed: seed ?? 0,
      decision: try rounding.numericalDecision())
    let outcome: PrecisionSearch.Outcome
    do {
      outcome = try search.run(settings) { n in showProgress("\(settings): length \(n)") }
    } catch let error as ModelError {
      throw UserError(error.description)
    } catch let error as FormatError {
      throw UserError(error.description)
    }
    endProgress()
    guard let (tokens, comparison) = outcome.counterexample else {
      if json {
        print(JSONOutput.object([
          ("verified", .bool(true)), ("precision", .string(settings.description)), ("checked", .integer(outcome.checked)),
        ]).text)
      } else {
        print("\(settings): checked \(outcome.checked) input\(outcome.checked == 1 ? "" : "s") of length \(low)...\(maxLength): all agree with the exact run")
      }
      return
    }
    let position = comparison.agreesAt.firstIndex(of: false)!
    if json {
      var fields: [(String, JSONOutput)] = [
        ("verified", .bool(false)), ("precision", .string(settings.description)), ("checked", .integer(outcome.checked)),
        ("input", .array(tokens.map { .string($0) })), ("position", .integer(position)),
        ("exact", .string(describe(comparison.exact[position]))),
        ("rounded", .string(describe(comparison.rounded.outputs[position]))),
      ]
      if let d = comparison.departure {
        fields.append(("departure", .object([
          ("stage", .string(d.stage)), ("position", .integer(d.position)), ("direction", .string(d.direction)),
          ("exact", .rational(d.exact)), ("rounded", .string(d.rounded.description)), ("side", .string(d.side)),
        ])))
      }
      print(JSONOutput.object(fields).text)
    } else {
      print("\(settings): counterexample after \(outcome.checked) input\(outcome.checked == 1 ? "" : "s"): \"\(tokens.joined(separator: " "))\"")
      print("  position \(position): exact \(describe(comparison.exact[position])), rounded \(describe(comparison.rounded.outputs[position]))")
      if let d = comparison.departure { print("  first departure: \(d)") }
    }
    throw ExitCode(1)
  }

  /// Refuses a rounded search over more than --max-inputs inputs: every
  /// input of each length, or at most --samples per length.
  func checkRoundedSize(vocabulary: Int, lengths: ClosedRange<Int>) throws {
    var count = 0
    for n in lengths {
      let all = InputSpace.count(vocabulary: vocabulary, lengths: n...n) ?? Int.max
      let (sum, overflow) = count.addingReportingOverflow(min(all, samples ?? Int.max))
      count = overflow ? Int.max : sum
    }
    let what = "the inputs of length \(lengths.lowerBound)...\(lengths.upperBound)"
      + (samples.map { " (at most \($0) per length)" } ?? "")
    try checkSize(count, of: what)
  }
}
