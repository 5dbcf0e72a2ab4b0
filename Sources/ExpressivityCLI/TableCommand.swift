import ArgumentParser
import Foundation
import Theory
import Verification

struct TableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "table",
    abstract: "The depth-vs-task table: rows tasks, columns single pass, chain of thought, looped.",
    discussion: """
      Checks the claims (as `check` does) and tabulates, for each task and mode, the first \
      predicted resource (for a claim with several settings, the first of each setting, so both \
      sides of a separation show) measured at each sweep point with the prediction beside it: \
      `n: measured (predicted)`, with the kind of the check (paper, construction, …). A ✗ marks \
      a point that failed.
      """)

  @Argument(help: "Claim files or folders (default: Proofs).")
  var paths: [String] = []

  @Flag(help: "Use each claim's quick sweep.")
  var quick = false

  @Option(help: "markdown, csv or json.")
  var format = "markdown"

  func run() throws {
    guard ["markdown", "csv", "json"].contains(format) else {
      throw UserError("--format must be markdown, csv or json, got '\(format)'", exitCode: 2)
    }
    let claims = try loadClaims(paths.isEmpty ? ["Proofs"] : paths)
    let checker = ClaimChecker(evaluator: ClaimEvaluator())
    try preflight(claims, checker: checker, quick: quick)
    let modes = Claim.modes
    var cells: [String: [String: [String]]] = [:]  // task → mode → entries
    var tasks: [String] = []
    var rows: [(task: String, mode: String, resource: String, kind: String, n: Int, measured: String, predicted: String, holds: Bool)] = []
    let done = ProgressCounter()
    let progress = WorkProgress("table", unit: "claims", total: claims.count) { done.count }
    progress.start()
    defer { progress.finish() }
    for claim in claims {
      let result = checker.check(claim, quick: quick)
      done.add(1)
      if cells[claim.task] == nil { tasks.append(claim.task) }
      // The first prediction, or with several settings (a separation) the first of each setting.
      var shown = [0]
      if claim.settings.count > 1 {
        shown = claim.settings.compactMap { s in claim.predictions.firstIndex { $0.setting == s.name } }
      }
      for index in shown {
        let prediction = claim.predictions[index]
        var entries: [String] = []
        for point in result.points {
          let c = index < point.comparisons.count ? point.comparisons[index] : nil
          if c?.skipped == true { continue }
          let measured = c?.measured?.description ?? "—"
          let predicted = c?.predicted?.description ?? (prediction.relation == .constant ? "const" : "—")
          let ok = point.verified && (c?.holds ?? false)
          let relation = prediction.relation == .equal || prediction.relation == .constant ? "" : prediction.relation.rawValue + " "
          entries.append("\(point.value): \(measured) (\(relation)\(predicted))\(ok ? "" : " ✗")")
          rows.append((claim.task, claim.tableMode(of: prediction.setting), prediction.label, prediction.kind.rawValue, point.value, measured, predicted, ok))
        }
        cells[claim.task, default: [:]][claim.tableMode(of: prediction.setting), default: []].append(
          "\(prediction.label) [\(prediction.kind.rawValue)] vs \(claim.sweepParameter) — " + entries.joined(separator: ", "))
      }
    }
    progress.finish()
    switch format {
    case "csv":
      print("task,mode,resource,kind,n,measured,predicted,holds")
      for r in rows {
        print([r.task, r.mode, r.resource, r.kind, String(r.n), r.measured, r.predicted, String(r.holds)]
          .map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ","))
      }
    case "json":
      print(JSONOutput.array(rows.map { r in
        .object([("task", .string(r.task)), ("mode", .string(r.mode)), ("resource", .string(r.resource)), ("kind", .string(r.kind)),
          ("n", .integer(r.n)), ("measured", .string(r.measured)), ("predicted", .string(r.predicted)),
          ("holds", .bool(r.holds))])
      }).text)
    default:
      print("| task | single pass | chain of thought | looped |")
      print("|---|---|---|---|")
      for task in tasks {
        let columns = modes.map { (cells[task]?[$0] ?? []).joined(separator: "<br>") }
        let escaped = ([task] + columns.map { $0.isEmpty ? "—" : $0 }).map { $0.replacingOccurrences(of: "|", with: "\\|") }
        print("| " + escaped.joined(separator: " | ") + " |")
      }
    }
  }
}
