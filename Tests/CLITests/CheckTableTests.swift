import Foundation
import TestSupport
import Testing

/// `check` and `table` on claim files.
@Suite struct CheckTableTests {
  func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("proofs-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func shippedClaimHoldsAndWritesResults() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try Tool.run(["check", "--quick", "--out", out.path, "Proofs/liu-scan-s5.toml"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout == "holds liu-scan-s5: S5 by parallel prefix: depth ceil(log2 T) [paper 2, construction 1, ablation 1]\n")
    let results = try String(contentsOf: out.appendingPathComponent("RESULTS.md"), encoding: .utf8)
    #expect(results.contains("| 16 | 4 | <= 5 | 4 | 4 | 56 | — | every input up to length 8, then 2 seeded samples of length 16 | "))
    #expect(results.contains("| length | layers [paper] | predicted | layers [construction] | predicted | residual_width [paper] | predicted |"))
    let csv = try String(contentsOf: out.appendingPathComponent("results/liu-scan-s5.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("length,layers_at_most,layers_at_most_predicted,layers_equal,layers_equal_predicted,residual_width,residual_width_predicted,checked,holds\n1,0,1,0,0,56,,2,true\n"))
    let svg = try String(contentsOf: out.appendingPathComponent("results/liu-scan-s5-layers_equal.svg"), encoding: .utf8)
    #expect(svg.contains(">length</text>") && svg.contains(">layers</text>"))
  }

  @Test func aDeliberatelyWrongFormulaFails() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let claim = try String(contentsOf: Tool.packageRoot.appendingPathComponent("Proofs/liu-scan-s5.toml"), encoding: .utf8)
      .replacingOccurrences(of: "formula = \"ceil(log2(length))\"\n", with: "formula = \"floor(log2(length)) + 1\"\n")
      .replacingOccurrences(of: "../Circuits", with: Tool.packageRoot.appendingPathComponent("Circuits").path)
    let path = folder.appendingPathComponent("wrong.toml")
    try claim.write(to: path, atomically: true, encoding: .utf8)
    let r = try Tool.run(["check", "--quick", "--out", folder.path, path.path])
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix("FAILS wrong: S5 by parallel prefix: depth ceil(log2 T) [paper 2, construction 1, ablation 1]\n    length = 1: [construction] layers measured 0, predicted 1\n"))
    #expect(r.stdout.contains("    length = 16: [construction] layers measured 4, predicted 5\n"))
  }

  @Test func pathsInAClaimResolveAgainstItsFolder() throws {
    // Run from an unrelated folder: ../Circuits/automata/s5.toml is found beside Proofs/.
    let elsewhere = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: elsewhere) }
    let claim = Tool.packageRoot.appendingPathComponent("Proofs/liu-scan-s5.toml").path
    let r = try Tool.run(["check", "--quick", "--out", elsewhere.path, claim], in: elsewhere)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.hasPrefix("holds liu-scan-s5:"))
  }

  /// Runs `git` in `folder`, returning its standard output.
  func git(_ arguments: [String], in folder: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + arguments
    process.currentDirectoryURL = folder
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
    return String(decoding: data, as: UTF8.self)
  }

  @Test func quickAndJSONRunsWriteNothingWithoutOut() throws {
    // A clean clone in miniature: Circuits/ and a Proofs/ with one claim and committed results.
    let clone = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: clone) }
    let fm = FileManager.default
    try fm.copyItem(at: Tool.packageRoot.appendingPathComponent("Circuits"), to: clone.appendingPathComponent("Circuits"))
    let proofs = clone.appendingPathComponent("Proofs")
    try fm.createDirectory(at: proofs.appendingPathComponent("results"), withIntermediateDirectories: true)
    // The shipped claim with a short full sweep, so the full runs below are quick too.
    let claim = try String(contentsOf: Tool.packageRoot.appendingPathComponent("Proofs/liu-scan-s5.toml"), encoding: .utf8)
      .replacingOccurrences(of: "length = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]", with: "length = [1, 2, 4]")
    try claim.write(to: proofs.appendingPathComponent("liu-scan-s5.toml"), atomically: true, encoding: .utf8)
    try "committed full-sweep results\n".write(to: proofs.appendingPathComponent("RESULTS.md"), atomically: true, encoding: .utf8)
    try "length\n".write(to: proofs.appendingPathComponent("results/liu-scan-s5.csv"), atomically: true, encoding: .utf8)
    _ = try git(["init", "-q"], in: clone)
    _ = try git(["add", "-A"], in: clone)
    _ = try git(["commit", "-q", "-m", "clone"], in: clone)
    for arguments in [["check", "--quick"], ["check", "--quick", "--json"], ["check", "--json"], ["check", "Proofs/liu-scan-s5.toml"]] {
      let r = try Tool.run(arguments, in: clone)
      #expect(r.status == 0, "\(arguments): \(r.stdout)\(r.stderr)")
      #expect(r.stderr.contains("nothing written"), "\(arguments)")
      #expect(try git(["status", "--porcelain", "--untracked-files=all"], in: clone) == "", "\(arguments) changed the clone")
    }
    // With --out the quick run writes where it is told, and only there.
    let r = try Tool.run(["check", "--quick", "--out", "scratch"], in: clone)
    #expect(r.status == 0)
    #expect(fm.fileExists(atPath: clone.appendingPathComponent("scratch/RESULTS.md").path))
    #expect(try git(["status", "--porcelain", "--untracked-files=all", "Proofs"], in: clone) == "")
  }

  @Test func jsonHasOneKeyPerPredictionKindsCoverageAndAblationCounterexamples() throws {
    let r = try Tool.run(["check", "--quick", "--json", "Proofs/chiang-cholak-parity.toml", "Proofs/liu-scan-s5.toml"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try StrictJSON.parse(r.stdout)
    #expect((try? StrictJSON.parse("{\"margin\": 1, \"margin\": 2}")) == nil)
    let claims = json["claims"]!.elements
    #expect(claims.map { $0["id"] } == [.string("chiang-cholak-parity"), .string("liu-scan-s5")])
    // Parity predicts margin twice: two keys, each with its kind.
    let parity = claims[0]
    let point = parity["points"]!.elements.last!
    #expect(point["predictions"]!.keys == ["margin_at_least", "margin_at_most", "layers", "sensitivity", "hahn_constant", "margin_at_most_2"])
    #expect(point["predictions"]!["margin_at_least"]!["kind"] == .string("paper"))
    #expect(point["value"] == .number("32"))
    #expect(point["coverage"] == .string("4 seeded samples of length 32, and the 2 inputs that attain the least margin"))
    #expect(point["notes"]!["margin"].map { if case .string(let s) = $0 { return s.hasPrefix("exact: ") } else { return false } } == true)
    #expect(parity["checks"]!.elements.map { $0["kind"]! } == ["paper", "paper", "paper", "instance", "instance", "instance"].map { StrictJSON.string($0) })
    #expect(point["predictions"]!["sensitivity"]!["kind"] == .string("instance"))
    // The ablation's counterexample, with its kind, at every point where it applies.
    let scan = claims[1]
    #expect(scan["checks"]!.elements.last!["kind"] == .string("ablation"))
    for p in scan["points"]!.elements.dropFirst() {
      let ablation = p["ablation"]!
      #expect(ablation["kind"] == .string("ablation") && ablation["applies"] == .bool(true))
      #expect(ablation["counterexample"] != .null && ablation["counterexample"] != nil)
    }
  }

  @Test func badClaimFileIsAnError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("bad.toml")
    try "title = \"x\"\npaper = [\n".write(to: path, atomically: true, encoding: .utf8)
    let r = try Tool.run(["check", "--out", folder.path, path.path])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("error: \(path.path):"))
    #expect(r.stderr.contains("^"))
  }

  @Test func tableHasTasksByMode() throws {
    let r = try Tool.run(["table", "--quick", "Proofs/liu-scan-s5.toml", "Proofs/merrill-sabharwal-cot.toml"])
    #expect(r.status == 0)
    // Progress shows only on a terminal: nothing on a piped stderr.
    #expect(r.stderr.isEmpty)
    #expect(r.stdout == """
      | task | single pass | chain of thought | looped |
      |---|---|---|---|
      | S5 word problem (state after each token) | layers [paper] vs length — 1: 0 (<= 1), 2: 1 (<= 2), 4: 2 (<= 3), 8: 3 (<= 4), 16: 4 (<= 5) | cot_steps [paper] vs max_input — 1: 2 (2), 2: 3 (3), 3: 4 (4), 4: 5 (5), 6: 7 (7) | — |

      """)
    let csv = try Tool.run(["table", "--quick", "--format", "csv", "Proofs/liu-scan-s5.toml"])
    #expect(csv.stdout.hasPrefix("task,mode,resource,kind,n,measured,predicted,holds\nS5 word problem (state after each token),single-pass,layers,paper,1,0,1,true\n"))
  }
}

/// `check` and `table` refuse a claim before checking anything: a build
/// parameter nothing reads, or a point over the work limit (exit 2).
@Suite struct CheckPreflightTests {
  @Test func aClaimWithAnUnusedParameterOrTooMuchWorkIsRefusedBeforeAnyCheck() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let shipped = try String(contentsOf: Tool.packageRoot.appendingPathComponent("Proofs/sanford-hop-k.toml"), encoding: .utf8)
    let unused = folder.appendingPathComponent("unused.toml")
    try shipped.replacingOccurrences(of: "layout = \"chain\"\n", with: "layout = \"chain\"\nfrobnicate = 3\n")
      .write(to: unused, atomically: true, encoding: .utf8)
    for command in ["check", "table"] {
      let r = try Tool.run([command, "--quick", unused.path])
      #expect(r.status == 2)
      #expect(r.stdout == "")
      #expect(r.stderr == """
        error: \(unused.path):17:1: frobnicate = 3 is a parameter nothing uses: hop-k has no such parameter (it takes: vocab, vocab_size, max_len, k, layout)
            frobnicate = 3
            ^

        """)
    }
    let long = folder.appendingPathComponent("long.toml")
    try shipped.replacingOccurrences(of: "max_len = 512", with: "max_len = 100000")
      .write(to: long, atomically: true, encoding: .utf8)
    let started = Date()
    let r = try Tool.run(["check", "--quick", long.path])
    #expect(r.status == 2)
    #expect(r.stdout == "")
    #expect(r.stderr.hasPrefix("error: \(long.path):18:1: max_len = 100000 is too much work for a claim: setting chain at k = 1 would check 1092 inputs up to length 6 and 16 more of length up to 100000, about 1.6e11 attention score evaluations (inputs × (length + 1)²), over the limit of 1e9; lower max_len\n    max_len = 100000\n    ^\n"), "\(r.stderr)")
    #expect(Date().timeIntervalSince(started) < 30)
  }
}
