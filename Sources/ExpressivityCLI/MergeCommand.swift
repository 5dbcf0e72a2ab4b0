import ArgumentParser
import Verification

/// `expressivity merge`: the shard results of one verification, combined.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine the shard results of `verify --shard i/k` into one verdict.",
    discussion: """
      Refuses overlapping, missing or mismatched shards (another model, \
      specification, input space or semantics). Exit status: 0 verified, \
      1 counterexample, 2 refused or bad usage, 4 vacuous (no input compared).
      """)

  @Argument(help: "The shard results (JSON), in any order.")
  var results: [String]

  @Flag(help: "Print the merged result as JSON (the keys of `verify --json`).")
  var json = false

  @Option(name: .shortAndLong, help: "Write the merged result here (a certificate of the whole space when verified).")
  var output: String?

  func run() throws {
    guard !results.isEmpty else { throw UserError("give the shard results to merge", exitCode: 2) }
    let merged: Verdict
    do {
      merged = try Verdict.merge(try results.map { try Verdict.load(from: $0) })
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
    try report(merged, json: json, output: output)
  }
}
