import Foundation
import Testing
import TestSupport

/// `verify` on its RASP form through the one engine (shards, merge,
/// certificates), and each refusal as one line with its exit status:
/// vacuous runs, edited certificates, sizes known before work, shard
/// counts, argument errors, and the run-mode errors of `run`.
@Suite struct VerifyFormsTests {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("verify-forms-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  func edit(_ file: String, _ change: (inout [String: Any]) -> Void) throws -> String {
    var o = try object(String(contentsOfFile: file, encoding: .utf8))
    change(&o)
    let out = path("edited-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: o).write(to: URL(fileURLWithPath: out))
    return out
  }

  static let sort = ["verify", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "4"]

  @Test func raspShardsMergeToTheWholeRunAndTheCertificateRechecks() throws {
    let whole = try Tool.run(Self.sort + ["--json"])
    #expect(whole.status == 0, "\(whole.stderr)")
    let all = try object(whole.stdout)
    #expect(all["checked"] as? Int == 120)
    #expect((all["specification"] as? [String: Any])?["kind"] as? String == "rasp")
    #expect((all["input_space"] as? [String: Any])?["total"] as? Int == 120)
    var parts: [String] = []
    var counts: [Int] = []
    for i in 0..<3 {
      let part = path("part\(i).json")
      let r = try Tool.run(Self.sort + ["--shard", "\(i)/3", "-o", part])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.hasSuffix("wrote \(part)\n"))
      counts.append(try object(String(contentsOfFile: part, encoding: .utf8))["checked"] as! Int)
      parts.append(part)
    }
    #expect(counts.reduce(0, +) == 120 && counts.allSatisfy { $0 > 0 })
    let certificate = path("cert.json")
    let merged = try Tool.run(["merge"] + parts.reversed() + ["-o", certificate, "--json"])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(try object(merged.stdout)["checked"] as? Int == 120)
    let recheck = try Tool.run(["verify", "--certificate", certificate])
    #expect(recheck.status == 0, "\(recheck.stderr)")
    #expect(recheck.stdout.hasPrefix("verified: 120 inputs (every input of length 1...4 over 3 tokens), "))
    #expect(recheck.stdout.hasSuffix("\ncertificate confirmed\n"))
    // A shard result re-checks too (its own shard).
    let shard = try Tool.run(["verify", "--certificate", parts[1], "--json"])
    #expect(shard.status == 0, "\(shard.stderr)")
    #expect(try object(shard.stdout)["checked"] as? Int == counts[1])
  }

  @Test func raspFormTakesSamplesInputsAndMinimumLength() throws {
    let samples = try Tool.run(Self.sort + ["--samples", "7", "--seed", "3", "--json"])
    #expect(samples.status == 0, "\(samples.stderr)")
    #expect(try object(samples.stdout)["checked"] as? Int == 7)
    let listed = path("inputs.txt")
    try "a b\n# a comment\nc c a\n".write(toFile: listed, atomically: true, encoding: .utf8)
    let inputs = try Tool.run(Self.sort + ["--inputs", listed, "--json"])
    #expect(inputs.status == 0, "\(inputs.stderr)")
    #expect(try object(inputs.stdout)["checked"] as? Int == 2)
    let longer = try Tool.run(Self.sort + ["--min-len", "4", "--json"])
    #expect(try object(longer.stdout)["checked"] as? Int == 81)
  }

  @Test func raspFormTakesPrecisionLikeACompiledModelFile() throws {
    let r = try Tool.run(Self.sort + ["--precision", "fp32"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "fp32: checked 120 inputs of length 1...4: all agree with the exact run\n")
    let model = path("sort.json")
    #expect(try Tool.run(["compile"] + Self.sort.dropFirst() + ["-o", model]).status == 0)
    let file = try Tool.run(["verify", "--model", model, "--max-len", "4", "--precision", "fp32"])
    #expect(file.stdout == r.stdout)
    let both = try Tool.run(Self.sort + ["--model", model, "--precision", "fp32"])
    #expect(both.status == 2)
    #expect(both.stderr == "error: give a RASP file or --model, not both\n")
  }

  @Test func aFaultIsLocalisedToTheStageSOpAndDirection() throws {
    let r = try Tool.run([
      "verify", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "3",
      "--inject-fault", "tokens:b", "--json",
    ])
    #expect(r.status == 1)
    let example = try #require(try object(r.stdout)["counterexample"] as? [String: Any])
    #expect(example["input"] as? [String] == ["a"])
    let departure = try #require(example["departure"] as? [String: Any])
    #expect(departure["stage"] as? String == "embedding")
    #expect(departure["value"] as? String == "tokens (one-hot)")
    #expect(departure["direction"] as? String == "tokens:b")
    #expect(departure["expected"] as? String == "0" && departure["got"] as? String == "1")
  }

  @Test func zeroInputsCheckedIsVacuousWithItsOwnStatusAndNoFile() throws {
    let comments = path("comments.txt")
    try "# nothing\n\n   # at all\n".write(toFile: comments, atomically: true, encoding: .utf8)
    let out = path("vacuous.json")
    let listed = try Tool.run(Self.sort + ["--inputs", comments, "-o", out])
    #expect(listed.status == 4)
    #expect(listed.stdout == "vacuous: 0 inputs checked, none compared (0 listed inputs): nothing was verified\n"
      + "nothing written to \(out) (a vacuous run is no certificate)\n")
    #expect(!FileManager.default.fileExists(atPath: out))
    let shard = try Tool.run(Self.sort + ["--shard", "999999/1000000", "--json"])
    #expect(shard.status == 4)
    #expect(try object(shard.stdout)["verdict"] as? String == "vacuous")
    let model = path("induction.json")
    #expect(try Tool.run(["construct", "induction", "--param", "vocab=a,b", "--param", "max_len=4", "-o", model]).status == 0)
    let empty = path("empty.json")
    try #"{"cases": []}"#.write(toFile: empty, atomically: true, encoding: .utf8)
    let cases = try Tool.run(["verify", "--model", model, "--expected", empty, "-o", out])
    #expect(cases.status == 4)
    #expect(cases.stdout.hasPrefix("vacuous: 0 inputs checked"))
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func aCertificateMustBeVerifiedAndSaysWhichToolMadeIt() throws {
    let certificate = path("cert.json")
    #expect(try Tool.run(Self.sort + ["-o", certificate]).status == 0)
    let failed = try edit(certificate) { $0["verdict"] = "counterexample" }
    let r = try Tool.run(["verify", "--certificate", failed])
    #expect(r.status == 2)
    #expect(r.stderr == "error: \(failed): verdict 'counterexample' without a counterexample\n")
    let vacuous = try edit(certificate) { $0["verdict"] = "vacuous" }
    let v = try Tool.run(["verify", "--certificate", vacuous])
    #expect(v.status == 2)
    #expect(v.stderr == "error: \(vacuous): the verdict is 'vacuous'; only a verified result is a certificate\n")
    let older = try edit(certificate) { $0["tool_version"] = "0.0.1" }
    let o = try Tool.run(["verify", "--certificate", older, "--json"])
    #expect(o.status == 0, "\(o.stderr)")
    let rechecked = try object(o.stdout)
    #expect(rechecked["certificate"] as? String == "confirmed")
    #expect(rechecked["certificate_tool_version"] as? String == "0.0.1")
    let text = try Tool.run(["verify", "--certificate", older])
    #expect(text.stdout.contains("certificate confirmed (made by tool version 0.0.1; re-checked with "))
    // A shard count too large for any arithmetic is a shard that owns nothing, never a trap.
    let huge = try edit(certificate) { o in
      var space = o["input_space"] as! [String: Any]
      space["shard"] = ["index": 0, "count": 36_028_797_018_963_968]
      o["input_space"] = space
    }
    let h = try Tool.run(["verify", "--certificate", huge])
    #expect(h.status == 2)
    #expect(h.stderr == "error: re-checking verified 4 inputs; the certificate says 120\n")
    let inverted = try edit(certificate) { o in
      var space = o["input_space"] as! [String: Any]
      space["shard"] = ["index": 5, "count": 2]
      o["input_space"] = space
    }
    let i = try Tool.run(["verify", "--certificate", inverted])
    #expect(i.status == 2)
    #expect(i.stderr.hasPrefix("error: \(inverted) is not a verification result: a shard is i/k with 0 <= i < k (got 5/2)"))
  }

  @Test func sizesAreKnownBeforeAnyWork() throws {
    let big = try Tool.run(["verify", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b", "--max-len", "40"])
    #expect(big.status == 2)
    #expect(big.stderr == "error: every input of length 1...40 over 2 tokens is 2,199,023,255,550 inputs, more than the "
      + "limit of 100,000,000: check --samples K, split the run with --shard i/k, or raise --max-inputs\n")
    let huge = try Tool.run(["verify", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "40"])
    #expect(huge.status == 2)
    #expect(huge.stderr == "error: every input of length 1...40 over 3 tokens is more than 9,223,372,036,854,775,807 inputs: check --samples K instead\n")
    let samples = try Tool.run(Self.sort + ["--samples", "1000000000000"])
    #expect(samples.status == 2)
    #expect(samples.stderr == "error: --samples 1000000000000 is 1,000,000,000,000 inputs, more than the limit of "
      + "100,000,000: ask for fewer samples, or raise --max-inputs\n")
    let limit = try Tool.run(Self.sort + ["--max-inputs", "100"])
    #expect(limit.status == 2)
    #expect(limit.stderr.hasPrefix("error: every input of length 1...4 over 3 tokens is 120 inputs, more than the limit of 100: "))
    let split = try Tool.run(Self.sort + ["--max-inputs", "100", "--shard", "0/2", "--json"])
    #expect(split.status == 0, "\(split.stderr)")
  }

  @Test(arguments: [
    (["--shard", "7/2"], "error: a shard is i/k with 0 <= i < k (got 7/2)\n"),
    (["--shard", "0/0"], "error: a shard is i/k with 0 <= i < k (got 0/0)\n"),
    (["--shard", "x"], "error: --shard takes i/k, e.g. 0/4 (got 'x')\n"),
    (["--max-len", "-1"], "error: --max-len must be at least 1\n"),
    (["--mode", "looped"], "error: --mode does not apply to verify a RASP file (it applies to --model)\n"),
    (["--seed", "2"], "error: --seed applies to --samples: give --samples K\n"),
    (["--bogus"], "error: unknown option '--bogus'. Did you mean '--jobs'? (see --help)\n"),
    (["--jobs"], "error: missing value for '--jobs <jobs>' (see --help)\n"),
  ])
  func badOptionsAreOneLineAndExitTwo(extra: [String], message: String) throws {
    var arguments = Self.sort
    if extra.first == "--max-len" { arguments.removeLast(2) }
    let r = try Tool.run(arguments + extra)
    #expect(r.status == 2)
    #expect(r.stderr == message)
    #expect(r.stdout.isEmpty)
  }

  @Test func hugeShardCountsOnTheModelFormDoNotTrap() throws {
    let model = path("scan.json")
    #expect(try Tool.run([
      "construct", "automaton-scan", "--param", "automaton=Circuits/automata/s3.toml", "--param", "length=3", "-o", model,
    ]).status == 0)
    let r = try Tool.run([
      "verify", "--model", model, "--automaton", "Circuits/automata/s3.toml", "--max-len", "3",
      "--shard", "0/36028797018963968", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try object(r.stdout)["checked"] as? Int == 3)  // the first unit: a, aa, aaa of the shortlex trie
    let samples = try Tool.run([
      "verify", "--model", model, "--automaton", "Circuits/automata/s3.toml", "--max-len", "3", "--samples", "5",
      "--shard", "4/36028797018963968", "--json",
    ])
    #expect(samples.status == 0, "\(samples.stderr)")
    #expect(try object(samples.stdout)["checked"] as? Int == 1)
  }

  @Test func runSaysWhatIsWrongWithTheRunMode() throws {
    let looped = path("looped.json")
    #expect(try Tool.run([
      "construct", "automaton-scan", "--param", "automaton=Circuits/automata/s3.toml", "--param", "length=4",
      "--param", "mode=looped", "-o", looped,
    ]).status == 0)
    let r = try Tool.run(["run", looped, "--input", "swap swap rot"])
    #expect(r.status == 2)
    #expect(r.stderr == "error: the model is looped (its loop block repeats; one pass of its layers is not its computation): run it with --loop\n")
    #expect(try Tool.run(["run", looped, "--input", "swap swap rot", "--loop"]).stdout.contains("output:     p2 p1 p2"))
    let single = path("single.json")
    #expect(try Tool.run([
      "construct", "automaton-scan", "--param", "automaton=Circuits/automata/s3.toml", "--param", "length=4", "-o", single,
    ]).status == 0)
    let cot = try Tool.run(["run", single, "--cot", "--input", "swap"])
    #expect(cot.status == 2)
    #expect(cot.stderr == "error: --cot: the model is not a chain-of-thought model (it has no stop tokens): run it without --cot, or give --max-steps\n")
    let stepped = try Tool.run(["run", single, "--cot", "--max-steps", "2", "--input", "swap"])
    #expect(stepped.status == 2)
    #expect(stepped.stderr == "error: --cot: the model is not a chain-of-thought model: the model emitted 'p2', which is not one of its tokens (run it without --cot)\n")
  }

  @Test func aDashedValueIsReadWhereAValueIsExpected() throws {
    let r = try Tool.run(["run", "Examples/models/induction.json", "--input", "-1 2"])
    #expect(r.status == 2)
    #expect(r.stderr == "error: token '-1' at position 0 is not in the model's vocabulary\n")
  }
}
