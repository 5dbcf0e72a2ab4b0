import ArgumentParser
import Foundation
import Verification

/// Prints a verdict (JSON or text), writes it when asked (never a vacuous
/// one: it is no certificate), and ends with the verdict's exit status.
func report(_ verdict: Verdict, json: Bool, output: String?) throws {
  let written = output.flatMap { verdict.isVacuous ? nil : $0 }
  if let written {
    // A written result names its files relative to its own folder.
    try OutputFile(written).write(verdict.pathsRelative(to: (written as NSString).deletingLastPathComponent).jsonData())
  }
  if json {
    print(String(decoding: try verdict.jsonData(pretty: false), as: UTF8.self))
  } else {
    print(verdict.summary)
    if let written { print("wrote \(written)") }
    if let output, written == nil { print("nothing written to \(output) (a vacuous run is no certificate)") }
  }
  let status = ExitStatus(verdict)
  if status != .verified { throw ExitCode(status.rawValue) }
}
