import ArgumentParser
import Foundation
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// A failure caused by the user's input: one line on stderr and a non-zero exit.
///
/// Commands throw this instead of trapping, so every bad input ends the same
/// way: `error: <what was wrong>` and exit status 2 (``ExitStatus/usage``):
/// bad usage, or an input file that is unreadable or malformed.
struct UserError: Error, CustomStringConvertible {
  var description: String
  var exitCode: Int32
  init(_ description: String, exitCode: Int32 = ExitStatus.usage.rawValue) {
    self.description = description
    self.exitCode = exitCode
  }
}

/// Writes text to standard error.
enum StandardError {
  static func write(_ text: String) {
    var bytes = Array(text.utf8)
    _ = Glibc.write(2, &bytes, bytes.count)
  }
}

/// The exit statuses of every command, in one place (README, "Exit status").
enum ExitStatus: Int32 {
  /// Verified, or the command did what was asked.
  case verified = 0
  /// A counterexample was found, or a claim fails.
  case failed = 1
  /// Bad usage (an unknown or inapplicable option, a bad value), or an input
  /// file that cannot be read or is malformed.
  case usage = 2
  /// Nothing was compared (an empty input list, a shard that owns no input,
  /// every input undefined): nothing was verified.
  case vacuous = 4

  /// The status a verdict ends with.
  init(_ verdict: Verdict) {
    if verdict.isVerified {
      self = .verified
    } else if verdict.isVacuous {
      self = .vacuous
    } else {
      self = .failed
    }
  }
}

extension Expressivity {
  /// Parses and runs a subcommand, mapping failures to exit statuses
  /// (``ExitStatus``): a user error or an argument-parsing error is one line
  /// `error: ...` on stderr and status 2.
  static func main() {
    main(Array(CommandLine.arguments.dropFirst()))
  }

  static func main(_ arguments: [String]) {
    do {
      var command = try parse(arguments)
      try command.run()
    } catch let error as UserError {
      StandardError.write("error: \(error.description)\n")
      Glibc.exit(error.exitCode)
    } catch {
      let code = exitCode(for: error)
      if code == .success || error is ExitCode {
        Expressivity.exit(withError: error)
      }
      StandardError.write("error: \(oneLine(error))\n")
      Glibc.exit(ExitStatus.usage.rawValue)
    }
  }

  /// Parses the arguments; when that fails and a value that starts with `-`
  /// (`--max-len -1`, `--input "-1 2"`) follows an option, parses again with
  /// it attached (`--max-len=-1`), so a value is read where one is expected.
  static func parse(_ arguments: [String]) throws -> any ParsableCommand {
    do {
      return try parseAsRoot(arguments)
    } catch {
      let attached = attachingDashedValues(arguments)
      guard attached != arguments, let command = try? parseAsRoot(attached) else { throw error }
      return command
    }
  }

  /// `--option -value` as `--option=-value` where the value is a negative
  /// number or holds a space (never an option name).
  static func attachingDashedValues(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < arguments.count {
        let next = arguments[i + 1]
        let numeric = next.count > 1 && next.hasPrefix("-") && (next.dropFirst().first.map { $0.isNumber || $0 == "." } ?? false)
        if numeric || (next.hasPrefix("-") && next.contains(where: \.isWhitespace)) {
          out.append(a + "=" + next)
          i += 2
          continue
        }
      }
      out.append(a)
      i += 1
    }
    return out
  }

  /// An argument-parsing error as one line (ArgumentParser's message
  /// without its `Error:` and usage lines), with where to find help.
  static func oneLine(_ error: any Error) -> String {
    let message = Expressivity.message(for: error)
    let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let text = lines.filter { !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") && !$0.hasPrefix("Help:") }
      .map { $0.hasPrefix("Error: ") ? String($0.dropFirst(7)) : $0 }
      .joined(separator: "; ")
    guard let first = text.first else { return "invalid arguments (see --help)" }
    return first.lowercased() + text.dropFirst() + " (see --help)"
  }
}
