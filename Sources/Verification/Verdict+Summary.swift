import Foundation

extension Verdict {
  /// The verdict for people: what was checked, and the counterexample with
  /// where it departs from the reference.
  public var summary: String {
    let verdict = self
    let space = verdict.inputSpace
    var what: String
    switch space.kind {
    case .exhaustive:
      what = "every input of length \(space.minLength)...\(space.maxLength) over \(space.vocabulary.count) tokens"
    case .samples:
      what = "\(space.samples ?? 0) random input\(space.samples == 1 ? "" : "s") of length \(space.minLength)...\(space.maxLength) (seed \(space.seed ?? 0))"
    case .explicit:
      what = "\(space.total) listed input\(space.total == 1 ? "" : "s")"
    }
    if let shard = space.shard { what = "shard \(shard) of " + what }
    let seconds = String(format: "%.3f s", verdict.seconds)
    let mode = verdict.semantics.mode == .singlePass ? "" : ", \(verdict.semantics.mode.rawValue)"
    let undefined = verdict.undefined.map { u in
      ", \(u) of them undefined for the specification and not compared"
    } ?? ""
    if verdict.isVacuous {
      return "vacuous: \(verdict.checked) \(verdict.checked == 1 ? "input" : "inputs") checked, none compared "
        + "(\(what)\(mode)\(undefined)): nothing was verified"
    }
    guard let example = verdict.counterexample else {
      var line = "verified: \(verdict.checked) \(verdict.checked == 1 ? "input" : "inputs") (\(what)\(mode)\(undefined)), \(seconds)"
      if verdict.certificate == "confirmed" {
        line += "\ncertificate confirmed"
        if let older = verdict.certificateToolVersion {
          line += " (made by tool version \(older); re-checked with \(verdict.toolVersion))"
        }
      }
      return line
    }
    var lines = [
      "counterexample after \(verdict.checked) \(verdict.checked == 1 ? "input" : "inputs") (\(what)\(mode)), \(seconds)"
    ]
    lines.append("  input:    " + example.input.joined(separator: " "))
    if let p = example.position {
      lines.append("  position: \(p)")
      lines.append("  expected: \(example.expected ?? "(no output)")")
      lines.append("  got:      \(example.got ?? "(none: \(example.error ?? "no output"))")")
    } else {
      lines.append("  the model could not run: \(example.error ?? "unknown error")")
    }
    lines.append("  expected outputs: " + example.expectedOutputs.joined(separator: " "))
    lines.append("  outputs:          " + example.outputs.map { $0 ?? "?" }.joined(separator: " "))
    if let d = example.departure {
      let position = d.position.map { "position \($0)" } ?? "the BOS position"
      let value = d.value.map { ", \($0)" } ?? ""
      lines.append(
        "  departs from the reference at \(d.stage)\(value), direction \(d.direction), \(position): expected \(d.expected), got \(d.got)")
    }
    return lines.joined(separator: "\n")
  }
}
