import ArgumentParser
import Foundation
import Theory
import Verification

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check the papers' claims in Proofs/: build, verify exactly, compare resources with the predictions.",
    discussion: """
      For each claim file and each point of its sweep, builds the model, verifies it exactly \
      (every input up to the claim's length, then seeded samples), measures its resources and \
      compares them with the predicted formulas exactly. Writes RESULTS.md, one CSV per claim \
      and SVG plots of measured against predicted resource into --out. Without --out only the \
      full run of the default claims (no paths, no --quick, no --json) writes, into Proofs/, so a \
      quick or partial run never overwrites the committed results. Exits 1 if any claim fails. Before anything is \
      checked, every claim is read and sized: a build parameter nothing uses, or a sweep point \
      whose estimated work is over the limit, is an error at its key (exit 2).

      Every check has a kind: paper, separation, lower-bound and instance checks could fail for a \
      reason outside our builders; construction (a formula that restates the builder) and \
      ablation (one resource less fails) checks are counted apart. Each line ends with the \
      claim's counts by kind; Proofs/README.md gives the claim file format.
      """)

  @Argument(help: "Claim files or folders (default: Proofs).")
  var paths: [String] = []

  @Flag(help: "Use each claim's quick sweep (as CI does).")
  var quick = false

  @Option(help: "Where to write RESULTS.md, results/*.csv and results/*.svg (default: Proofs/ for the full run of the default claims; nothing otherwise).")
  var out: String?

  @Flag(help: "Print JSON instead of one line per claim.")
  var json = false

  func run() throws {
    if let out { try Self.requireFolder(out) }
    let claims = try loadClaims(paths.isEmpty ? ["Proofs"] : paths)
    let checker = ClaimChecker(evaluator: ClaimEvaluator())
    try preflight(claims, checker: checker, quick: quick)
    var results: [ClaimResult] = []
    let done = ProgressCounter()
    let progress = WorkProgress("check", unit: "claims", total: claims.count) { done.count }
    progress.start()
    for claim in claims {
      let result = checker.check(claim, quick: quick)
      results.append(result)
      done.add(1)
      if !json {
        let known = claim.knownGap.map { " (known gap: \($0))" } ?? ""
        progress.clearLine()
        print("\(result.holds ? "holds" : "FAILS") \(claim.id): \(claim.title) [\(ClaimReport.kindCounts(result))]\(result.holds ? "" : known)")
        for failure in result.failures { print("    \(failure)") }
        // Each result as it is produced, also when stdout is a pipe.
        fflush(nil)
      }
    }
    progress.finish()
    if let folder = destination {
      try write(results, to: folder)
    } else {
      StandardError.write("nothing written (a \(quick ? "quick" : json ? "--json" : "partial") run writes RESULTS.md, CSV and plots only with --out DIR)\n")
    }
    if json { print(CheckCommand.json(results).text) }
    // A claim whose file states a known gap is reported, but fails nothing.
    if !results.allSatisfy({ $0.holds || $0.claim.knownGap != nil }) { throw ExitCode(1) }
  }

  /// The results as JSON: per claim its checks with their kinds, and per
  /// point one key per prediction, the coverage and the ablation.
  static func json(_ results: [ClaimResult]) -> JSONOutput {
    func optional(_ s: String?) -> JSONOutput { s.map { .string($0) } ?? .null }
    let tally = ClaimReport.Tally(results)
    return .object([
      ("holds", .bool(results.allSatisfy(\.holds))),
      ("holds_but_known_gaps", .bool(results.allSatisfy { $0.holds || $0.claim.knownGap != nil })),
      ("summary", .string(ClaimReport.summary(results))),
      ("checks_by_kind", .object(Claim.Kind.allCases.map { k in
        (k.rawValue, .object([("checks", .integer(tally.total[k] ?? 0)), ("hold", .integer(tally.held[k] ?? 0))]))
      })),
      ("claims", .array(results.map { r in
        .object([
          ("id", .string(r.claim.id)), ("title", .string(r.claim.title)), ("paper", .string(r.claim.paper)),
          ("theorem", .string(r.claim.theorem)), ("task", .string(r.claim.task)), ("mode", .string(r.claim.mode)),
          ("holds", .bool(r.holds)), ("known_gap", optional(r.claim.knownGap)),
          ("sweep_parameter", .string(r.claim.sweepParameter)),
          ("settings", .array(r.claim.settings.map { s in
            .object([("name", .string(s.name)), ("build", .object(s.build.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
          })),
          ("checks", .array(zip(r.checks, r.claim.predictions.map { Optional($0) } + [nil]).map { c, p in
            .object([
              ("key", .string(c.key)), ("kind", .string(c.kind.rawValue)), ("setting", optional(p?.setting ?? r.claim.ablation?.setting)),
              ("statement", .string(c.statement)), ("holds", .bool(c.holds)),
              ("note", optional(p == nil ? r.claim.ablation?.note : p?.note)),
            ])
          })),
          ("points", .array(r.points.map { p in
            var fields: [(String, JSONOutput)] = [
              ("value", .integer(p.value)), ("checked", .integer(p.checked)), ("coverage", .string(p.coverage)),
              ("counterexample", optional(p.counterexample)), ("error", optional(p.error)),
            ]
            fields.append(("predictions", .object(p.comparisons.map { c in
              (c.prediction.key, .object([
                ("kind", .string(c.prediction.kind.rawValue)),
                ("measured", c.measured.map { .rational($0) } ?? .null),
                ("predicted", c.predicted.map { .rational($0) } ?? .null),
                ("holds", .bool(c.holds)), ("measured_here", .bool(!c.skipped)),
              ]))
            })))
            var notes: [(String, JSONOutput)] = []
            for name in p.settingOrder {
              for (resource, text) in (p.measurements[name]?.notes ?? [:]).sorted(by: { $0.key < $1.key }) {
                notes.append((p.settingOrder.count == 1 ? resource : "\(name).\(resource)", .string(text)))
              }
            }
            fields.append(("notes", .object(notes)))
            if let a = r.claim.ablation {
              fields.append(("ablation", .object([
                ("kind", .string(Claim.Kind.ablation.rawValue)), ("parameter", .string(a.parameter)),
                ("value", p.ablationValue.map { .rational($0) } ?? .null), ("applies", .bool(p.ablationApplies)),
                ("counterexample", optional(p.ablationCounterexample)),
              ])))
            }
            return .object(fields)
          })),
          ("failures", .array(r.failures.map { .string($0) })),
        ])
      })),
    ])
  }

  /// Where results go: `--out`, else Proofs/ for the full run of the
  /// default claims, else nowhere.
  var destination: String? {
    if let out { return out }
    return paths.isEmpty && !quick && !json ? "Proofs" : nil
  }

  /// Refuses an `--out` that names something other than a folder (before any work).
  static func requireFolder(_ path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
      throw UserError("--out: '\(path)' is a file, not a folder", exitCode: 2)
    }
  }

  func write(_ results: [ClaimResult], to path: String) throws {
    let resultsFolder = (path as NSString).appendingPathComponent("results")
    try OutputFile.createFolder(resultsFolder)
    try OutputFile((path as NSString).appendingPathComponent("RESULTS.md")).write(text: ClaimReport.markdown(results, quick: quick))
    for r in results {
      try OutputFile((resultsFolder as NSString).appendingPathComponent("\(r.claim.id).csv")).write(text: ClaimReport.csv(r))
      for plot in ClaimReport.plots(r) {
        try OutputFile((resultsFolder as NSString).appendingPathComponent("\(plot.name).svg")).write(text: plot.svg)
      }
    }
  }
}

/// Claim files named directly, or every `*.toml` in a named folder, sorted.
func loadClaims(_ paths: [String]) throws -> [Claim] {
  var files: [String] = []
  for path in paths {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw UserError("no such claim file or folder: \(path)")
    }
    if isFolder.boolValue {
      let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".toml") }.sorted()
      files += names.map { (path as NSString).appendingPathComponent($0) }
    } else {
      files.append(path)
    }
  }
  guard !files.isEmpty else { throw UserError("no claim files (*.toml) in \(paths.joined(separator: ", "))") }
  do {
    return try files.map { try Claim.load(from: $0) }
  } catch let error as ClaimError {
    throw UserError(error.description)
  }
}

/// Refuses, before any claim is checked, a claim with a build parameter
/// nothing reads or a point over the work limit (``ClaimChecker/preflight(_:quick:)``).
func preflight(_ claims: [Claim], checker: ClaimChecker, quick: Bool) throws {
  do {
    for claim in claims { try checker.preflight(claim, quick: quick) }
  } catch let error as ClaimError {
    throw UserError(error.description)
  }
}
