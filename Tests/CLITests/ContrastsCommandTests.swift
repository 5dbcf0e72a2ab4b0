import Foundation
import TestSupport
import Testing

/// `construct` and `run` for gridworld and the two arithmetic families.
@Suite struct ContrastsCommandTests {
  func construct(_ arguments: [String]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).json").path
    let r = try Tool.run(["construct"] + arguments + ["-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func listNamesTheFamilies() throws {
    let r = try Tool.run(["construct", "--list"])
    #expect(r.status == 0)
    for line in [
      "gridworld  cells=5 length=16", "arithmetic-cot  prime=5 length=9 family=precedence",
      "arithmetic-tree  prime=5 family=precedence height=3 nesting=3 length=13",
    ] {
      #expect(r.stdout.contains(line), "missing: \(line)")
    }
  }

  @Test func arithmeticChainOfThoughtRuns() throws {
    let path = try construct(["arithmetic-cot", "--param", "prime=5", "--param", "length=9"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["run", path, "--cot", "--input", "( 4 / ( 1 - 3 ) ) =", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    // 1 − 3 = 3 and 4/3 = 3 in F_5 (3·3 = 9 = 4).
    #expect(r.stdout == "{\"input\": [\"(\", \"4\", \"/\", \"(\", \"1\", \"-\", \"3\", \")\", \")\", \"=\"], \"output\": [\"(\", \"4\", \"/\", \"3\", \")\", \"=\", \"3\", \"eos\"], \"steps\": 8, \"ending\": \"stop-token\"}\n")
    // With precedence: 1 * 2 first, then 2 + 2, then 0 / 1, then 4 - 0.
    let p = try Tool.run(["run", path, "--cot", "--input", "2 + 1 * 2 - 0 / 1 =", "--json"])
    #expect(p.status == 0, "\(p.stderr)")
    #expect(p.stdout.contains("\"output\": [\"2\", \"+\", \"2\", \"-\", \"0\", \"/\", \"1\", \"=\", \"4\", \"-\", \"0\", \"/\", \"1\", \"=\", \"4\", \"-\", \"0\", \"=\", \"4\", \"eos\"]"))
  }

  @Test func arithmeticTreeAndGridworldRun() throws {
    let tree = try construct(["arithmetic-tree", "--param", "prime=7", "--param", "family=parenthesised", "--param", "nesting=2"])
    defer { try? FileManager.default.removeItem(atPath: tree) }
    let r = try Tool.run(["run", tree, "--input", "( ( 6 * 6 ) + 2 )", "--json"])
    #expect(r.stdout == "{\"input\": [\"(\", \"(\", \"6\", \"*\", \"6\", \")\", \"+\", \"2\", \")\"], \"output\": [\"_\", \"_\", \"6\", \"_\", \"6\", \"1\", \"_\", \"2\", \"3\"]}\n")
    // With precedence: the value of each prefix that is an expression.
    let precedence = try construct(["arithmetic-tree", "--param", "prime=5", "--param", "height=3", "--param", "length=7"])
    defer { try? FileManager.default.removeItem(atPath: precedence) }
    let q = try Tool.run(["run", precedence, "--input", "( 2 + 1 ) * 3", "--json"])
    #expect(q.stdout == "{\"input\": [\"(\", \"2\", \"+\", \"1\", \")\", \"*\", \"3\"], \"output\": [\"_\", \"_\", \"_\", \"_\", \"3\", \"_\", \"4\"]}\n")
    let grid = try construct(["gridworld", "--param", "cells=3", "--param", "length=8"])
    defer { try? FileManager.default.removeItem(atPath: grid) }
    let g = try Tool.run(["run", grid, "--input", "R R R L L L R", "--json"])
    #expect(g.stdout == "{\"input\": [\"R\", \"R\", \"R\", \"L\", \"L\", \"L\", \"R\"], \"output\": [1, 2, 2, 1, 0, 0, 1]}\n")
  }

  /// A claim with several settings gets one plot per resource predicted on two or more of
  /// them, every setting's measurement on the same axes, beside the per-prediction plots.
  @Test func separationPlotsSettingsSideBySide() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID())")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try Tool.run(["check", "--quick", "--out", out.path, "Proofs/liu-gridworld.toml"])
    #expect(r.status == 0, "\(r.stderr)")
    let results = out.appendingPathComponent("results")
    let names = try FileManager.default.contentsOfDirectory(atPath: results.path).sorted()
    #expect(names.contains("liu-gridworld-layers-side-by-side.svg"))
    #expect(!names.contains("liu-gridworld-mlp_width-side-by-side.svg"))  // one setting only
    let svg = try String(contentsOf: results.appendingPathComponent("liu-gridworld-layers-side-by-side.svg"), encoding: .utf8)
    for legend in [">direct<", ">cascade<", ">scan<", ">scan predicted [separation]: scan.layers == ceil(log2(length))<"] {
      #expect(svg.contains(legend), "missing \(legend)")
    }
  }

  @Test func badParametersAreOneLineErrors() throws {
    for (arguments, message) in [
      (["arithmetic-cot", "--param", "prime=6"], "error: arithmetic-cot: p must be a prime from 2 to 97, got 6\n"),
      (["arithmetic-tree", "--param", "prime=1"], "error: arithmetic-tree: p must be a prime from 2 to 97, got 1\n"),
      (["arithmetic-cot", "--param", "family=infix"], "error: arithmetic-cot: family must be precedence or parenthesised, got 'infix'\n"),
      (
        ["arithmetic-tree", "--param", "nesting=2"],
        "error: --param nesting does not apply to construct arithmetic-tree with the other parameters given (the build does not read it)\n"
      ),
      (["gridworld", "--param", "cells=1"], "error: gridworld: cells must be an integer in 2...64, got '1'\n"),
    ] {
      let r = try Tool.run(["construct"] + arguments + ["-o", "/dev/null"])
      #expect(r.status != 0)
      #expect(r.stderr == message, "\(arguments)")
    }
  }
}
