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
    guard let example = verdict.counterexample else {
      var line = "verified: \(verdict.checked) input\(verdict.checked == 1 ? "" : "s") (\(what)\(mode)), \(seconds)"
      if verdict.certificate == "confirmed" { line += "\ncertificate confirmed" }
      return line
    }
    var lines = ["counterexample after \(verdict.checked) input\(verdict.checked == 1 ? "" : "s") (\(what)\(mode)), \(seconds)"]
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
      lines.append("  departs from the reference at \(d.stage), direction \(d.direction), \(position): expected \(d.expected), got \(d.got)")
    }
    return lines.joined(separator: "\n")
  }
}
