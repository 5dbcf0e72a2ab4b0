import Foundation
import TestSupport
import Testing

/// `construct` for superposition, mcq, knapsack-unbounded and knapsack-01,
/// and runs of what it builds.
@Suite struct ConstructionsIITests {
  func construct(_ arguments: [String]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).json").path
    let r = try Tool.run(["construct"] + arguments + ["-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func listNamesTheFourFamilies() throws {
    let r = try Tool.run(["construct", "--list"])
    #expect(r.status == 0)
    for line in [
      "superposition  tasks=3 inputs=3 outputs=4 answer_len=1 max_examples=4 layout=paper tables=0,1,2;1,2,3;2,3,0",
      "mcq  items=2 questions=4 values=4 readout=token",
      "knapsack-unbounded  capacity=4 max_value=3 max_items=2 steps=4 mode=layers",
      "knapsack-01  max_items=3 capacity=4 max_weight=3 max_value=2 steps=3 mode=layers",
    ] {
      #expect(r.stdout.contains(line), "missing: \(line)")
    }
  }

  @Test func resourcesPrintAsInspectDoes() throws {
    let cases: [([String], String)] = [
      (["superposition"],
       #"{"construction": "superposition", "layers": 7, "heads_per_layer": [1, 0, 0, 1, 1, 0, 0], "residual_width": 50, "mlp_widths": [0, 9, 15, 0, 0, 9, 12], "parameters": 1949, "nonzeros": 281}"#),
      (["superposition", "--param", "layout=compact"],
       #"{"construction": "superposition", "layers": 2, "heads_per_layer": [2, 1], "residual_width": 55, "mlp_widths": [18, 12], "parameters": 2262, "nonzeros": 217}"#),
      (["knapsack-unbounded", "--param", "capacity=6"],
       #"{"construction": "knapsack-unbounded", "layers": 7, "heads_per_layer": [6, 1, 1, 1, 1, 1, 1], "residual_width": 68, "mlp_widths": [21, 14, 14, 14, 14, 14, 14], "parameters": 5963, "nonzeros": 533}"#),
      (["knapsack-01", "--param", "max_items=5"],
       #"{"construction": "knapsack-01", "layers": 6, "heads_per_layer": [1, 2, 2, 2, 2, 2], "residual_width": 30, "mlp_widths": [0, 7, 7, 7, 7, 7], "parameters": 1483, "nonzeros": 240}"#),
    ]
    for (arguments, expected) in cases {
      let r = try Tool.run(["construct"] + arguments + ["--json"])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout == expected + "\n", "\(arguments)")
    }
    // The same figures from the model file.
    let path = try construct(["knapsack-01", "--param", "max_items=5"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(try Tool.run(["inspect", path, "--json"]).stdout
      == #"{"layers": 6, "heads_per_layer": [1, 2, 2, 2, 2, 2], "residual_width": 30, "mlp_widths": [0, 7, 7, 7, 7, 7], "parameters": 1483, "nonzeros": 240}"# + "\n")
  }

  @Test func mcqWidthsUpToSixteenItems() throws {
    for k in [1, 2, 4, 8, 16] {
      let r = try Tool.run(["construct", "mcq", "--param", "items=\(k)", "--param", "readout=index", "--json"])
      #expect(r.status == 0, "\(r.stderr)")
      // Depth 2 and width 9k + 2Q + 4V + 7 = 9k + 31 for Q = V = 4.
      #expect(r.stdout.contains(#""layers": 2, "heads_per_layer": [4, 1], "residual_width": \#(9 * k + 31), "mlp_widths": [\#(16 * k), \#(3 * k + 1)]"#), "k = \(k): \(r.stdout)")
    }
    let tooMany = try Tool.run(["construct", "mcq", "--param", "items=6", "--param", "readout=token"])
    #expect(tooMany.status == 2)
    #expect(tooMany.stderr == "error: mcq: the token readout has 4^k directions; use readout=index for k > 5\n")
  }

  @Test func superpositionRunsToTheMixture() throws {
    let path = try construct(["superposition"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    // Default tables g_k(x) = x + k mod 4: the three examples come from tasks 0, 1, 2.
    let input = "x0 > y0 x1 > y2 x2 > y0 x1 >"
    #expect(try Tool.run(["run", path, "--input", input]).stdout
      == "input:  \(input)\noutput: none none none none y1 none none y2 none none y1\n")
    for (direction, value) in [("out:y1", #""1/3""#), ("out:y2", #""1/3""#), ("out:y3", #""1/3""#), ("out:y0", "0")] {
      let r = try Tool.run(["run", path, "--input", input, "--trace", direction, "--json"])
      #expect(r.stdout.contains(#""stage": "layer 6 mlp", "values": ["#), "\(direction)")
      #expect(r.stdout.hasSuffix(", \(value)]}]}}\n"), "\(direction): \(r.stdout)")
    }
  }

  @Test func mcqAnswersTwoItemsWithOneToken() throws {
    let path = try construct(["mcq"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["run", path, "--input", "q0 v0 v1 v2 v3 q1 v2 v3 v0 v1 ?", "--json"])
    #expect(r.stdout.hasSuffix(#""none", "BC"]}"# + "\n"))
  }

  @Test func knapsackRunsInEveryMode() throws {
    let unbounded = try construct(["knapsack-unbounded"])
    let looped = try construct(["knapsack-unbounded", "--param", "mode=looped"])
    let ablated = try construct(["knapsack-unbounded", "--param", "steps=3"])
    let zeroOne = try construct(["knapsack-01"])
    let cot = try construct(["knapsack-01", "--param", "mode=cot", "--param", "max_value=3"])
    defer { for p in [unbounded, looped, ablated, zeroOne, cot] { try? FileManager.default.removeItem(atPath: p) } }
    #expect(try Tool.run(["run", unbounded, "--input", "3:3 2:2 c0 c1 c2 c3 c4"]).stdout
      == "input:  3:3 2:2 c0 c1 c2 c3 c4\noutput: 0 0 0 0 2 3 4\n")
    #expect(try Tool.run(["run", looped, "--loop", "--input", "3:3 2:2 c0 c1 c2 c3 c4", "--json"]).stdout
      == #"{"input": ["3:3", "2:2", "c0", "c1", "c2", "c3", "c4"], "output": [0, 0, 0, 0, 2, 3, 4], "iterations": 4, "halted": false}"# + "\n")
    // One layer fewer: the chain of weight-1 items falls one short at capacity 4.
    #expect(try Tool.run(["run", ablated, "--input", "1:1 c0 c1 c2 c3 c4"]).stdout
      == "input:  1:1 c0 c1 c2 c3 c4\noutput: 0 0 1 2 3 3\n")
    #expect(try Tool.run(["run", zeroOne, "--input", "2:2 1:1 3:2 c0 c1 c2 c3 c4"]).stdout
      == "input:  2:2 1:1 3:2 c0 c1 c2 c3 c4\noutput: 0 0 0 0 1 2 3 3\n")
    #expect(try Tool.run(["run", cot, "--cot", "--input", "2:3 1:2 3:3 c4"]).stdout
      == "input:  2:3 1:2 3:3 c4\noutput: # 0 0 0 0 0 # 0 0 3 3 3 # 0 2 3 5 5 # 0 2 3 5 5 end\nsteps:  25 (ended by stop-token)\n")
  }

  @Test func badParametersAreClearErrors() throws {
    let mode = try Tool.run(["construct", "knapsack-01", "--param", "mode=fast"])
    #expect(mode.status == 2)
    #expect(mode.stderr == "error: knapsack-01: mode must be layers, looped or cot, got 'fast'\n")
    let layout = try Tool.run(["construct", "superposition", "--param", "layout=flat"])
    #expect(layout.status == 2)
    #expect(layout.stderr == "error: superposition: layout must be paper or compact, got 'flat'\n")
    let tables = try Tool.run(["construct", "superposition", "--param", "tables=0,1;2"])
    #expect(tables.status == 2)
    #expect(tables.stderr == "error: superposition: every task needs an answer for each input, all of one length, in '0,1;2'\n")
    let both = try Tool.run(["construct", "superposition", "--param", "tables=0,1;1,0", "--param", "tasks=2"])
    #expect(both.status == 2)
  }
}

/// The claims for Constructions II, through `check` (well-formed instances,
/// per-member run modes, the ablation's counterexample).
@Suite struct ConstructionsIIClaimTests {
  @Test func knapsackClaimsHoldAndReportTheAblation() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("proofs-\(UUID())")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try Tool.run([
      "check", "--quick", "--out", out.path, "Proofs/knapsack-unbounded-depth.toml", "Proofs/knapsack-01-cot.toml",
    ])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout == """
      holds knapsack-unbounded-depth: Unbounded knapsack by DP: depth W + 1, one layer per capacity [construction 2, ablation 1]
      holds knapsack-01-cot: 0/1 knapsack by chain of thought: 4 layers, (n + 1)(C + 2) + 1 steps (weights grow with nV) [construction 2]

      """)
    let results = try String(contentsOf: out.appendingPathComponent("RESULTS.md"), encoding: .utf8)
    // W = 3: 4 layers, every instance right; with 3 layers the weight-1 chain falls short.
    #expect(results.contains("| 3 | 4 | 4 | 35 | 35 | every one of the 364 well-formed inputs | 364 | 1:1 c0 c1 c2 c3 at position 4: expected 3, got 2 |"))
    #expect(results.contains("| 2 | 4 | 4 | 16 | 16 | every one of the 172 well-formed inputs | 172 |"))
  }
}
