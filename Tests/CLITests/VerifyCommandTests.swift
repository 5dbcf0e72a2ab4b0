import Foundation
import Testing
import TestSupport

/// End-to-end tests of `verify --model` and `merge`.
@Suite struct VerifyCommandTests {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// Builds a construction into a temporary model file.
  func construct(_ family: String, _ parameters: [String], as name: String) throws -> String {
    let out = path(name)
    let r = try Tool.run(["construct", family] + parameters.flatMap { ["--param", $0] } + ["-o", out])
    #expect(r.status == 0, "\(r.stderr)")
    return out
  }

  func object(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
  }

  var scan: String { get throws { try construct("automaton-scan", ["automaton=Circuits/automata/s3.toml", "length=6"], as: "scan.json") } }

  @Test func verifiedRunExitsZeroWithTheJSONKeys() throws {
    let r = try Tool.run(["verify", "--model", try scan, "--automaton", "Circuits/automata/s3.toml", "--max-len", "6", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let o = try object(r.stdout)
    #expect(o["verdict"] as? String == "verified")
    #expect(o["checked"] as? Int == 126)
    #expect(o["seconds"] is Double)
    #expect(o["counterexample"] == nil)
    let text = try Tool.run(["verify", "--model", try scan, "--automaton", "Circuits/automata/s3.toml", "--max-len", "6"])
    #expect(text.stdout.hasPrefix("verified: 126 inputs (every input of length 1...6 over 2 tokens), "))
  }

  @Test func counterexampleExitsOneWithDetails() throws {
    let shallow = try construct(
      "automaton-scan", ["automaton=Circuits/automata/s3.toml", "length=6", "layers=2"], as: "shallow.json")
    let r = try Tool.run([
      "verify", "--model", shallow, "--automaton", "Circuits/automata/s3.toml", "--max-len", "6", "--json",
    ])
    #expect(r.status == 1)
    #expect(r.stderr.isEmpty)
    let o = try object(r.stdout)
    #expect(o["verdict"] as? String == "counterexample")
    #expect(o["checked"] as? Int == 31)
    let example = try #require(o["counterexample"] as? [String: Any])
    #expect(example["input"] as? [String] == ["swap", "swap", "swap", "swap", "swap"])
    #expect(example["position"] as? Int == 4)
    #expect(example["expected"] as? String == "p2")
    #expect(example["got"] as? String == "p1")
  }

  @Test func brokenModelIsLocalisedAgainstTheReferenceModel() throws {
    let original = try construct("induction", ["vocab=a,b,c", "max_len=5"], as: "induction.json")
    // Change one weight of the last layer's value-output map: tokens:a also writes 2 on recall:b.
    var text = try String(contentsOfFile: original, encoding: .utf8)
    let anchor = "[\n              \"tokens:a\",\n              \"recall:a\",\n              \"1\"\n            ]"
    #expect(text.contains(anchor))
    text = text.replacingOccurrences(
      of: anchor, with: anchor + ",\n[\"tokens:a\", \"recall:b\", \"2\"]")
    let broken = path("broken.json")
    try text.write(toFile: broken, atomically: true, encoding: .utf8)
    let cases = path("recall.json")
    try Data(#"{"cases": [{"input": ["a", "b"], "output": ["none", "none"]}, {"input": ["a", "a"], "output": ["none", "a"]}]}"#.utf8)
      .write(to: URL(fileURLWithPath: cases))
    let r = try Tool.run(["verify", "--model", broken, "--expected", cases, "--reference", original])
    #expect(r.status == 1)
    #expect(r.stdout.contains("counterexample after 2 inputs (2 listed inputs)"))
    #expect(r.stdout.contains("  input:    a a\n  position: 1\n  expected: a\n  got:      b\n"))
    #expect(r.stdout.contains(
      "departs from the reference at layer 1 attention, direction recall:b, position 1: expected 0, got 2"))
  }

  @Test(arguments: [
    (["verify"], "give a RASP file with --sop, --vocab and --max-len, or --model MODEL.json (or --certificate FILE)"),
    (["verify", "--model", "Examples/models/induction.json", "--max-len", "3"], "give the reference"),
    (["verify", "--model", "Examples/models/induction.json", "--automaton", "a.toml", "--expected", "b.json", "--max-len", "3"], "give one reference"),
    (["verify", "--model", "Examples/models/induction.json", "--expected", "x.json", "--max-len", "3", "--shard", "2/2"], ""),
    (["verify", "--model", "Examples/models/induction.json", "--automaton", "Circuits/automata/s3.toml", "--max-len", "3"], "not in the model's vocabulary"),
    (["verify", "--model", "Examples/models/induction.json", "--automaton", "Circuits/automata/s3.toml", "--max-len", "3", "--mode", "sideways"], "--mode is"),
    (["merge"], "error: missing expected argument"),
  ])
  func badUsageExitsTwo(arguments: [String], message: String) throws {
    let r = try Tool.run(arguments)
    if arguments == ["verify", "--model", "Examples/models/induction.json", "--expected", "x.json", "--max-len", "3", "--shard", "2/2"] {
      // An unreadable reference file is a bad input file (exit 2).
      #expect(r.status == 2)
      return
    }
    #expect(r.status == 2, "\(arguments): \(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test func shardsMergeToTheVerdictOfOneRun() throws {
    let model = try scan
    let base = ["verify", "--model", model, "--automaton", "Circuits/automata/s3.toml", "--max-len", "6", "--json"]
    let whole = try object(Tool.run(base).stdout)
    var files: [String] = []
    for i in 0..<3 {
      let r = try Tool.run(base + ["--shard", "\(i)/3"])
      #expect(r.status == 0)
      let file = path("part\(i).json")
      try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: file))
      files.append(file)
    }
    let merged = try Tool.run(["merge"] + files.reversed() + ["--json"])
    #expect(merged.status == 0)
    let o = try object(merged.stdout)
    #expect(o["verdict"] as? String == whole["verdict"] as? String)
    #expect(o["checked"] as? Int == whole["checked"] as? Int)
    // Missing, overlapping and mismatched shards are refused (exit 2).
    let missing = try Tool.run(["merge", files[0], files[2]])
    #expect(missing.status == 2)
    #expect(missing.stderr == "error: missing shard 1/3\n")
    let twice = try Tool.run(["merge", files[0], files[1], files[1], files[2]])
    #expect(twice.status == 2)
    #expect(twice.stderr.contains("given twice"))
    let other = try Tool.run(base + ["--shard", "2/3", "--max-len", "5"])
    try Data(other.stdout.utf8).write(to: URL(fileURLWithPath: path("other.json")))
    let mismatched = try Tool.run(["merge", files[0], files[1], path("other.json")])
    #expect(mismatched.status == 2)
    #expect(mismatched.stderr.contains("different input space"))
  }

  @Test func certificateIsWrittenAndRechecked() throws {
    let model = try scan
    let certificate = path("cert.json")
    let r = try Tool.run([
      "verify", "--model", model, "--automaton", "Circuits/automata/s3.toml", "--max-len", "5", "-o", certificate,
    ])
    #expect(r.status == 0)
    let o = try object(String(contentsOfFile: certificate, encoding: .utf8))
    #expect(o["verdict"] as? String == "verified")
    #expect((o["model"] as? [String: Any])?["sha256"] as? String != nil)
    #expect((o["specification"] as? [String: Any])?["sha256"] as? String != nil)
    #expect((o["input_space"] as? [String: Any])?["max_length"] as? Int == 5)
    #expect(o["checked"] as? Int == 62)
    #expect((o["semantics"] as? [String: Any])?["arithmetic"] as? String == "exact-rational")
    #expect(o["tool_version"] as? String == "0.1.0")
    let again = try Tool.run(["verify", "--certificate", certificate, "--json"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try object(again.stdout)["certificate"] as? String == "confirmed")
    // Another model, or another automaton, is not the one certified.
    let shallow = try construct(
      "automaton-scan", ["automaton=Circuits/automata/s3.toml", "length=6", "layers=2"], as: "shallow.json")
    let wrongModel = try Tool.run(["verify", "--certificate", certificate, "--model", shallow])
    #expect(wrongModel.status == 2)
    #expect(wrongModel.stderr.hasPrefix("error: the model is not the one certified"))
    let wrongSpec = try Tool.run(["verify", "--certificate", certificate, "--automaton", "Circuits/automata/z3.toml"])
    #expect(wrongSpec.status == 2)
    #expect(wrongSpec.stderr.hasPrefix("error: the specification is not the one certified"))
  }

  @Test func expectedOutputsListSamplesAndChainOfThought() throws {
    let model = try scan
    // Listed cases only, without --max-len.
    let cases = path("cases.json")
    try Data(#"{"vocabulary": ["swap", "rot"], "cases": [{"input": ["rot"], "output": ["p2"]}, {"input": ["swap", "rot"], "output": ["p2", "p3"]}]}"#.utf8)
      .write(to: URL(fileURLWithPath: cases))
    let listed = try Tool.run(["verify", "--model", model, "--expected", cases, "--json"])
    #expect(listed.status == 0, "\(listed.stdout)")
    #expect(try object(listed.stdout)["checked"] as? Int == 2)
    // Every input up to 2 is not in the file: the reference cannot answer.
    let missing = try Tool.run(["verify", "--model", model, "--expected", cases, "--max-len", "2"])
    #expect(missing.status == 2)
    #expect(missing.stderr.hasPrefix("error: \(cases) has no case for input"))
    // Seeded samples.
    let sampled = try Tool.run([
      "verify", "--model", model, "--automaton", "Circuits/automata/s3.toml", "--max-len", "6", "--samples", "40",
      "--seed", "9", "--json",
    ])
    #expect(sampled.status == 0)
    #expect(try object(sampled.stdout)["checked"] as? Int == 40)
    // Chain of thought: the state tokens, then the verdict.
    let cot = try construct("automaton-cot", ["automaton=Circuits/automata/parity.toml", "max_input=5"], as: "cot.json")
    let r = try Tool.run(["verify", "--model", cot, "--automaton", "Circuits/automata/parity.toml", "--max-len", "5"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("verified: 62 inputs (every input of length 1...5 over 2 tokens, chain-of-thought), "))
  }
}
