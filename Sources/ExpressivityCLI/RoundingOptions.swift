import ArgumentParser
import ExactArithmetic
import Foundation
import Transformer

/// Options of a rounded run shared by `run`, `verify` and `precision`: the
/// accumulator, the softmax exponential and when numerical outputs agree.
struct RoundingOptions: ParsableArguments {
  @Option(help: "Accumulate products and sums in this wider format (e.g. fp32 with bf16), rounding each finished sum to the format.")
  var accumulator: String?

  @Option(name: .customLong("softmax-exp"), help: "How a softmax head takes 2^(s − max): 2 (exp2, the default) or e (exp of the difference times ln 2, each rounded).")
  var softmaxExp: String?

  @Option(help: "When a numerical output agrees with the exact one: value (equal to the exact output rounded to the format; the default) or sign (a classifier margin's sign).")
  var decision: String?

  /// Whether any option was given (an error without a format to apply it to).
  var isEmpty: Bool { accumulator == nil && softmaxExp == nil && decision == nil }

  /// The settings for `format`.
  func settings(_ format: NumberFormat) throws -> PrecisionSettings {
    let wide = try accumulator.map { try parseFormat($0, option: "--accumulator") }
    var base = ExponentialBase.two
    if let softmaxExp {
      guard let b = ExponentialBase(rawValue: softmaxExp) else {
        throw UserError("--softmax-exp takes 2 or e, got '\(softmaxExp)'", exitCode: 2)
      }
      base = b
    }
    return PrecisionSettings(format: format, accumulator: wide, exponentialBase: base)
  }

  /// The numerical decision.
  func numericalDecision() throws -> NumericalDecision {
    guard let decision else { return .value }
    guard let d = NumericalDecision(rawValue: decision) else {
      throw UserError("--decision takes value or sign, got '\(decision)'", exitCode: 2)
    }
    return d
  }

  /// Records the options given, for a command's option table.
  func record(in given: inout GivenOptions) {
    given.add("--accumulator", accumulator)
    given.add("--softmax-exp", softmaxExp)
    given.add("--decision", decision)
  }

  /// Refuses the options when no format is given.
  func requireFormat(_ given: Bool) throws {
    if !given && !isEmpty {
      throw UserError("--accumulator, --softmax-exp and --decision apply to a rounded run: give --precision", exitCode: 2)
    }
  }
}

/// A number format from the command line; a bad one is bad usage (exit 2).
func parseFormat(_ text: String, option: String) throws -> NumberFormat {
  do {
    return try NumberFormat(parsing: text)
  } catch let error as FormatError {
    throw UserError("\(option): \(error)", exitCode: 2)
  }
}

/// The formats of a comma-separated list (`fp16,float:5,4,bf16`): a bare
/// number after `float:E` is that format's fraction bits, not a format.
func formatNames(_ list: String) -> [String] {
  var names: [String] = []
  for piece in list.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
    if let last = names.last, last.lowercased().hasPrefix("float:"), !last.contains(","),
      !piece.isEmpty, piece.allSatisfy(\.isNumber)
    {
      names[names.count - 1] = last + "," + piece
    } else {
      names.append(piece)
    }
  }
  return names
}

/// A one-line note on stderr when it is a terminal (progress of long work).
func showProgress(_ text: String) {
  guard isatty(2) == 1 else { return }
  StandardError.write("\r\u{1B}[K" + text)
}

/// Clears the progress line.
func endProgress() {
  guard isatty(2) == 1 else { return }
  StandardError.write("\r\u{1B}[K")
}
