import Foundation
import TestSupport
import Testing

/// `complete`: strategies side by side, JSON with exact probabilities, and
/// every bad request refused with one `error:` line.
@Suite struct CompleteCommandTests {
  func construct(_ arguments: [String]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("complete-\(UUID()).json").path
    let r = try Tool.run(["construct"] + arguments + ["-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func defaultStrategiesSideBySide() throws {
    let path = try construct(["degenerate-mode", "--param", "vocab_size=4"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["complete", path, "--input", "t0", "--tokens", "3"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0] == "completions of 3 tokens after \"t0\" (degenerate-mode-4, softmax readout over 4 labels)")
    // P(t0 t0 t0) = 2/5 · 4/7 · 8/11 (repeat logits 1, 2, 3 against three logits 0).
    #expect(lines[1].hasPrefix("  greedy"))
    #expect(lines[1].contains("t0 t0 t0") && lines[1].contains("64/385"))
    for strategy in ["beam:4", "top:5", "mass:1/2", "sample:10 seed 0"] {
      #expect(lines.contains { $0.hasPrefix("  \(strategy) ") }, "no \(strategy) row")
    }
    #expect(lines.contains { $0.hasPrefix("mass:1/2: ") && $0.contains(" ≥ 1/2") })
    #expect(lines.last!.hasPrefix("prefixes expanded: "))
  }

  @Test func jsonCarriesEveryCompletionWithItsExactProbability() throws {
    let path = try construct(["degenerate-mode", "--param", "vocab_size=3"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run([
      "complete", path, "--input", "t1 t1", "--tokens", "4", "--strategy", "greedy,beam:2", "--strategy", "top:3",
      "--strategy", "mass:0.9,sample:50,exact:2", "--seed", "3", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let strategies = try #require(object["strategies"] as? [[String: Any]])
    #expect(strategies.map { $0["strategy"] as? String } == ["greedy", "beam:2", "top:3", "mass:9/10", "sample:50", "exact:2"])
    for s in strategies {
      for c in try #require(s["completions"] as? [[String: Any]]) {
        let p = try #require(c["probability"] as? String)
        #expect(p.contains("/"), "\(p)")
        #expect((c["tokens"] as? [String])?.count == 4)
      }
    }
    let exact = strategies[5]
    #expect(exact["total"] as? Int == 1)
    #expect((exact["completions"] as? [Any])?.count == 81)
    let samples = strategies[4]
    #expect(samples["seed"] as? Int == 3)
    #expect((samples["completions"] as? [[String: Any]])?.reduce(0) { $0 + ($1["count"] as! Int) } == 50)
    // The greedy path repeats t1: P = 4/6 · 8/10 · 16/18 · 32/34 after a run of two.
    let greedy = (strategies[0]["completions"] as! [[String: Any]])[0]
    #expect(greedy["tokens"] as? [String] == ["t1", "t1", "t1", "t1"])
    #expect(greedy["probability"] as? String == "1024/2295")
  }

  @Test func badRequestsAreOneLineErrorsWithExitTwo() throws {
    let path = try construct(["degenerate-mode", "--param", "vocab_size=3"])
    let induction = try construct(["induction"])
    defer {
      try? FileManager.default.removeItem(atPath: path)
      try? FileManager.default.removeItem(atPath: induction)
    }
    let cases: [([String], String)] = [
      ([path, "--input", "t0", "--tokens", "0"], "error: --tokens must be at least 1, got 0\n"),
      ([path, "--input", "t0", "--tokens", "2", "--strategy", "nucleus:0.9"],
       "error: --strategy: unknown strategy 'nucleus:0.9' (known: greedy, beam:B, top:K, mass:F, sample:S, exact[:K])\n"),
      ([path, "--input", "t0", "--tokens", "2", "--strategy", "beam:0"],
       "error: --strategy: beam: a beam width B must be an integer in 1...16777216, got '0'\n"),
      ([path, "--input", "t0", "--tokens", "2", "--strategy", "mass:2"],
       "error: --strategy: mass: F must be a number in (0, 1] (0.9 or 9/10), got '2'\n"),
      ([path, "--input", "t0", "--tokens", "2", "--strategy", "top:3", "--seed", "4"],
       "error: --seed applies to sample:S, and no sample strategy was given\n"),
      ([induction, "--input", "a b", "--tokens", "2", "--strategy", "greedy,beam:2"],
       "error: beam:2 needs next-token probabilities, and the model's readout is categorical; give the model a softmax or proportional readout\n"),
    ]
    for (arguments, message) in cases {
      let r = try Tool.run(["complete"] + arguments)
      #expect(r.status == 2, "\(arguments)")
      #expect(r.stderr == message, "\(arguments)")
      #expect(r.stdout.isEmpty)
    }
    // A model without probabilities still has greedy (its decoded outputs), without a probability.
    let greedy = try Tool.run(["complete", induction, "--input", "a b a", "--tokens", "2", "--strategy", "greedy", "--json"])
    #expect(greedy.status == 0, "\(greedy.stderr)")
    #expect(greedy.stdout.contains(#"{"strategy": "greedy", "completions": [{"tokens": ["b", "a"], "probability": null}]}"#))
    // Without --strategy such a model is completed greedily only.
    let plain = try Tool.run(["complete", induction, "--input", "a b a", "--tokens", "2"])
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout.contains("  greedy  1  b a  (no probability)"))
    // Bad input exits 2 (as bad usage does): a prompt token the model lacks, a distribution too large to enumerate.
    let unknown = try Tool.run(["complete", path, "--input", "zz", "--tokens", "2"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr == "error: prompt: token 'zz' at position 0 is not in the model's vocabulary\n")
    let large = try Tool.run(["complete", path, "--input", "t0", "--tokens", "13", "--strategy", "exact"])
    #expect(large.status == 2)
    #expect(large.stderr == "error: exact: 3^13 completions is over the limit of 1048576; use top:K, mass:F or sample:S\n")
  }

  @Test func runReportsNextTokenProbabilities() throws {
    let path = try construct(["degenerate-mode", "--param", "vocab_size=3"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["run", path, "--input", "t0 t0 t2", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == #"{"input": ["t0", "t0", "t2"], "output": ["t0", "t0", "t2"], "probabilities": [{"t0": "1/2", "t1": "1/4", "t2": "1/4"}, {"t0": "2/3", "t1": "1/6", "t2": "1/6"}, {"t0": "1/4", "t1": "1/4", "t2": "1/2"}]}"# + "\n")
  }
}
