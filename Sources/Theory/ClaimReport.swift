import Foundation
import ExactArithmetic

/// Writes claim results as Markdown, CSV and SVG.
public enum ClaimReport {
  /// Counts of checks by kind, and how many held, over some results.
  public struct Tally: Sendable {
    public var total: [Claim.Kind: Int] = [:]
    public var held: [Claim.Kind: Int] = [:]

    public init(_ results: [ClaimResult]) {
      for r in results {
        for c in r.checks {
          total[c.kind, default: 0] += 1
          if c.holds { held[c.kind, default: 0] += 1 }
        }
      }
    }

    /// `paper 3, separation 1` over the kinds given (those with a count only).
    public func counts(_ kinds: [Claim.Kind]) -> String {
      let parts = kinds.compactMap { k in total[k].map { "\(k.rawValue) \($0)" } }
      return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// Held and total over the kinds given.
    public func held(_ kinds: [Claim.Kind]) -> (held: Int, total: Int) {
      (kinds.reduce(0) { $0 + (held[$1] ?? 0) }, kinds.reduce(0) { $0 + (total[$1] ?? 0) })
    }
  }

  static let paperKinds = Claim.Kind.allCases.filter(\.testsThePaper)
  static let builderKinds = Claim.Kind.allCases.filter { !$0.testsThePaper }

  /// The one-line summary: claims that hold, then the checks of the papers
  /// apart from the checks of our constructions.
  public static func summary(_ results: [ClaimResult]) -> String {
    let tally = Tally(results)
    let papers = tally.held(paperKinds)
    let builders = tally.held(builderKinds)
    return "\(results.count) claims, \(results.filter(\.holds).count) hold. "
      + "Checks of the papers (\(tally.counts(paperKinds))): \(papers.held) of \(papers.total) hold. "
      + "Checks of our constructions (\(tally.counts(builderKinds))): \(builders.held) of \(builders.total) hold."
  }

  /// `paper 1, construction 2, ablation 1` for one claim.
  public static func kindCounts(_ r: ClaimResult) -> String {
    Tally([r]).counts(Claim.Kind.allCases)
  }

  /// `Proofs/RESULTS.md`: a summary, then one table per claim.
  public static func markdown(_ results: [ClaimResult], quick: Bool) -> String {
    var out = """
      # Results

      Written by `expressivity check\(quick ? " --quick" : "")`: every claim in `Proofs/`, built and
      verified exactly at each sweep point, its measured resources compared with the predicted
      formulas exactly. \(quick ? "Quick sweeps (as in CI)." : "Full sweeps.")

      Each check has a kind. Checks of the papers could fail for a reason outside our builders:
      **paper** (the paper's statement in its own variable), **separation** (two settings of one
      task measured side by side), **lower-bound** (measured by a method that never looks at our
      construction), **instance** (a universal theorem checked on every model built). Checks of our
      constructions are counted apart: **construction** (a formula that restates how our builder
      builds) and **ablation** (our construction with one resource less fails; never a lower bound
      for the task).

      **Summary:** \(summary(results))

      | claim | paper | theorem | mode | sweep | checks | verdict |
      |---|---|---|---|---|---|---|

      """
    for r in results {
      let values = sweepText(r.points.map(\.value))
      out += "| [\(cell(r.claim.title))](#\(r.claim.id)) | \(cell(r.claim.paper)) | \(cell(r.claim.theorem)) | \(r.claim.mode) | \(r.claim.sweepParameter) ∈ \(values) | \(kindCounts(r)) | \(verdict(r)) |\n"
    }
    for r in results {
      out += "\n## \(r.claim.title) <a id=\"\(r.claim.id)\"></a>\n\n"
      out += "`Proofs/\(r.claim.id).toml` — \(r.claim.paper), \(r.claim.theorem). Task: \(r.claim.task).\n\n"
      if r.claim.settings.count > 1 {
        out += "Settings measured side by side: "
          + r.claim.settings.map { s in
            let what = s.build["construction"].map { "construction `\($0)`" }
              ?? s.build["program"].map { "program `\($0)`" } ?? "method `\(s.build["method"] ?? "")`"
            return "**\(s.name)** (\(what))"
          }.joined(separator: ", ") + ".\n\n"
      }
      out += "Checks:\n"
      for (c, p) in zip(r.checks, r.claim.predictions.map { Optional($0) } + [nil]) {
        let note = (p?.note ?? (c.kind == .ablation ? r.claim.ablation?.note : nil)).map { " — \($0)" } ?? ""
        out += "- **\(c.kind.rawValue)** \(c.statement)\(note) \(c.holds ? "✓" : "✗")\n"
      }
      out += "\n"
      var header = "| \(r.claim.sweepParameter) |"
      var rule = "|---|"
      for p in r.claim.predictions {
        header += " \(cell(p.label)) [\(p.kind.rawValue)] | predicted |"
        rule += "---|---|"
      }
      header += " verified | checked |"
      rule += "---|---|"
      if r.claim.ablation != nil {
        header += " ablation counterexample |"
        rule += "---|"
      }
      out += header + "\n" + rule + "\n"
      for p in r.points {
        var row = "| \(p.value) |"
        if let e = p.error {
          row += " error: \(cell(e)) |"
          out += row + "\n"
          continue
        }
        for c in p.comparisons {
          let relation = c.prediction.relation == .atMost || c.prediction.relation == .atLeast ? c.prediction.relation.rawValue + " " : ""
          if c.skipped {
            row += " — | not measured |"
            continue
          }
          row += " \(c.measured?.description ?? "—") | \(c.predicted.map { "\(relation)\($0)" } ?? "—")\(c.holds ? "" : " ✗") |"
        }
        row += " \(cell(p.counterexample.map { "✗ " + $0 } ?? p.coverage)) | \(p.checked) |"
        if r.claim.ablation != nil {
          row += p.ablationApplies ? " \(cell(p.ablationCounterexample ?? "✗ none found")) |" : " — |"
        }
        out += row + "\n"
      }
      let notes = measurementNotes(r)
      if !notes.isEmpty {
        out += "\nHow the input-dependent figures were obtained:\n" + notes.map { "- \($0)" }.joined(separator: "\n") + "\n"
      }
      // Break lengths against the format: the plots `check` writes beside RESULTS.md.
      let breaks = r.claim.predictions.filter { $0.resource == "break_length" }
      if !breaks.isEmpty {
        out += "\nBreak length against \(r.claim.sweepParameter): "
          + breaks.map { "![\($0.key)](results/\(r.claim.id)-\($0.key).svg)" }.joined(separator: " ") + "\n"
      }
      out += "\nVerdict: " + (r.holds ? "**holds** at every point." : "**fails**:\n" + r.failures.map { "- \(cell($0))" }.joined(separator: "\n")) + "\n"
      if let gap = r.claim.knownGap { out += "\nKnown gap: \(gap)\n" }
    }
    return out
  }

  /// Each resource note with the sweep values it applies to, in order.
  static func measurementNotes(_ r: ClaimResult) -> [String] {
    var lines: [String] = []
    let resources = Array(Set(r.claim.predictions.map { "\($0.setting)\u{0}\($0.resource)" })).sorted()
    for entry in resources {
      let parts = entry.split(separator: "\u{0}").map(String.init)
      let (setting, resource) = (parts[0], parts[1])
      var runs: [(text: String, values: [Int])] = []
      for p in r.points {
        guard let text = p.measurements[setting]?.notes[resource] else { continue }
        if runs.last?.text == text { runs[runs.count - 1].values.append(p.value) } else { runs.append((text, [p.value])) }
      }
      let name = r.claim.settings.count > 1 ? "\(setting).\(resource)" : resource
      for run in runs {
        lines.append("\(name) at \(r.claim.sweepParameter) ∈ \(sweepText(run.values)): \(run.text)")
      }
    }
    return lines
  }

  /// holds, fails, or fails with a known gap.
  static func verdict(_ r: ClaimResult) -> String {
    if r.holds { return r.claim.knownGap == nil ? "holds" : "holds (the known gap is closed)" }
    return r.claim.knownGap == nil ? "**fails**" : "**fails** (known gap)"
  }

  /// Text safe inside a Markdown table cell.
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// `{1, 2, 4}`, or `1..1000 (1000 points)` for a long run of consecutive values.
  static func sweepText(_ values: [Int]) -> String {
    if values.count > 8, let first = values.first, values == Array(first..<(first + values.count)) {
      return "\(first)..\(values.last!) (\(values.count) points)"
    }
    return "{" + values.map(String.init).joined(separator: ", ") + "}"
  }

  /// One claim's points as CSV: the swept value, each prediction (by key)
  /// measured and predicted, inputs checked, and whether the point held.
  public static func csv(_ r: ClaimResult) -> String {
    var out = r.claim.sweepParameter
    for p in r.claim.predictions { out += ",\(p.key),\(p.key)_predicted" }
    out += ",checked,holds\n"
    for p in r.points {
      out += String(p.value)
      for c in p.comparisons { out += ",\(c.measured?.description ?? ""),\(c.predicted?.description ?? "")" }
      if p.comparisons.isEmpty { out += String(repeating: ",", count: 2 * r.claim.predictions.count) }
      let ok = p.verified && p.comparisons.allSatisfy(\.holds)
      out += ",\(p.checked),\(ok)\n"
    }
    return out
  }

  /// One plot per numeric prediction: measured against predicted over the
  /// sweep; then, for a claim with several settings, one plot per resource
  /// predicted on two or more of them (`CLAIM-RESOURCE-side-by-side`): each
  /// setting's measurement, and its prediction dashed, on the same axes, so
  /// both sides of a separation read at a glance.
  public static func plots(_ r: ClaimResult) -> [(name: String, svg: String)] {
    predictionPlots(r) + sideBySidePlots(r)
  }

  static func sideBySidePlots(_ r: ClaimResult) -> [(name: String, svg: String)] {
    let predictions = Array(r.claim.predictions.enumerated())
    var resources: [String] = []
    for (_, p) in predictions where !resources.contains(p.resource) { resources.append(p.resource) }
    let values = r.points.map(\.value)
    let powers = values.count > 2 && values.allSatisfy { $0 > 0 && $0 & ($0 - 1) == 0 }
    return resources.compactMap { resource in
      var settings: [String] = []
      var series: [SVGPlot.Series] = []
      for (i, p) in predictions where p.resource == resource {
        let column = { (pick: (ClaimResult.Comparison) -> Rational?) in
          r.points.compactMap { point -> (x: Double, y: Double)? in
            guard i < point.comparisons.count, let v = pick(point.comparisons[i]) else { return nil }
            return (Double(point.value), Double(v))
          }
        }
        if !settings.contains(p.setting) {
          settings.append(p.setting)
          series.append(SVGPlot.Series(name: p.setting, points: column(\.measured)))
        }
        if p.formula != nil {
          series.append(SVGPlot.Series(
            name: "\(p.setting) predicted [\(p.kind.rawValue)]: \(p.statement)", points: column(\.predicted), dashed: true))
        }
      }
      guard settings.count >= 2 else { return nil }
      let plot = SVGPlot(
        title: "\(r.claim.title): \(settings.joined(separator: " and "))", xLabel: r.claim.sweepParameter,
        yLabel: resource, series: series, logX: powers)
      return ("\(r.claim.id)-\(resource)-side-by-side", plot.svg)
    }
  }

  static func predictionPlots(_ r: ClaimResult) -> [(name: String, svg: String)] {
    r.claim.predictions.enumerated().map { i, p in
      let measured = r.points.compactMap { point -> (x: Double, y: Double)? in
        guard i < point.comparisons.count, let m = point.comparisons[i].measured else { return nil }
        return (Double(point.value), Double(m))
      }
      var series = [SVGPlot.Series(name: "measured", points: measured)]
      if p.formula != nil {
        let predicted = r.points.compactMap { point -> (x: Double, y: Double)? in
          guard i < point.comparisons.count, let v = point.comparisons[i].predicted else { return nil }
          return (Double(point.value), Double(v))
        }
        series.append(SVGPlot.Series(name: "predicted [\(p.kind.rawValue)]: \(p.statement)", points: predicted, dashed: true))
      }
      let values = r.points.map(\.value)
      let powers = values.count > 2 && values.allSatisfy { $0 > 0 && $0 & ($0 - 1) == 0 }
      let plot = SVGPlot(
        title: r.claim.title, xLabel: r.claim.sweepParameter, yLabel: p.label, series: series, logX: powers)
      return ("\(r.claim.id)-\(p.key)", plot.svg)
    }
  }
}
