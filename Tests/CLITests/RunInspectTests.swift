import Foundation
import TestSupport
import Testing

/// End-to-end tests of `run` and `inspect` on the model that ships in Examples/.
@Suite struct RunInspectTests {
  let model = "Examples/models/induction.json"

  @Test func helpListsSubcommands() throws {
    let r = try Tool.run(["--help"])
    #expect(r.status == 0)
    for name in ["run", "inspect", "construct"] {
      #expect(r.stdout.contains("\n  \(name) "), "missing \(name)")
    }
  }

  @Test func runPrintsOutputPerPosition() throws {
    let r = try Tool.run(["run", model, "--input", "a b a c a b"])
    #expect(r.status == 0)
    #expect(r.stdout == "input:  a b a c a b\noutput: none none b none c a\n")
  }

  @Test func runJSONHasInputAndOutputArrays() throws {
    let r = try Tool.run(["run", model, "--input", "c c", "--json"])
    #expect(r.status == 0)
    #expect(r.stdout == "{\"input\": [\"c\", \"c\"], \"output\": [\"none\", \"c\"]}\n")
  }

  @Test func runTracesADirectionThroughEveryStage() throws {
    let r = try Tool.run(["run", model, "--input", "a b a", "--json", "--trace", "prev:a"])
    #expect(r.status == 0)
    #expect(r.stdout.contains(
      "\"trace\": {\"direction\": \"prev:a\", \"stages\": [{\"stage\": \"embedding\", \"values\": [0, 0, 0, 0]}, {\"stage\": \"layer 0 attention\", \"values\": [0, 0, 1, 0]}"))
  }

  @Test func inspectJSONReportsResources() throws {
    let r = try Tool.run(["inspect", model, "--json"])
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(object["layers"] as? Int == 2)
    #expect(object["heads_per_layer"] as? [Int] == [1, 1])
    #expect(object["residual_width"] as? Int == 15)
    #expect(object["mlp_widths"] as? [Int] == [0, 0])
    #expect(object["parameters"] as? Int == 262)
    #expect(object["nonzeros"] as? Int == 36)
  }

  @Test func inspectTextNamesEachHeadsSemantics() throws {
    let r = try Tool.run(["inspect", model])
    #expect(r.status == 0)
    #expect(r.stdout.contains("head previous-token: unique-hard (leftmost), mask causal"))
    #expect(r.stdout.contains("head induction: unique-hard (rightmost), mask causal"))
  }

  @Test(arguments: [
    (["run", "Examples/models/induction.json", "--input", "a z"],
     "error: token 'z' at position 1 is not in the model's vocabulary\n"),
    (["run", "Examples/models/induction.json", "--input", ""],
     "error: empty input: give at least one token\n"),
    (["run", "Examples/models/induction.json", "--input", "a a a a a a a a a"],
     "error: input has 9 tokens; the model's maximum length is 8\n"),
    (["run", "Examples/models/missing.json", "--input", "a"],
     "error: invalid model file: cannot read 'Examples/models/missing.json'\n"),
    (["inspect", "Package.swift"],
     "error: invalid model file: Package.swift: not valid JSON (truncated or malformed)\n"),
    (["run", "Examples/models/induction.json", "--input", "a", "--trace", "nowhere"],
     "error: --trace: the model has no direction 'nowhere'\n"),
  ])
  func badInputIsOneLineAndExitTwo(arguments: [String], message: String) throws {
    let r = try Tool.run(arguments)
    #expect(r.status == 2)
    #expect(r.stderr == message)
    #expect(r.stdout.isEmpty)
  }

  @Test func truncatedModelFileIsAnErrorNotACrash() throws {
    let full = try String(contentsOf: Tool.packageRoot.appendingPathComponent(model), encoding: .utf8)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try String(full.prefix(full.count * 2 / 3)).write(toFile: path, atomically: true, encoding: .utf8)
    let r = try Tool.run(["inspect", path])
    #expect(r.status == 2)
    #expect(r.stderr == "error: invalid model file: \(path): not valid JSON (truncated or malformed)\n")
  }

  @Test func badUsageExitsTwo() throws {
    let r = try Tool.run(["run", model])
    #expect(r.status == 2)
    #expect(r.stderr == "error: give one of --input, --input-file and --inputs\n")
  }

  @Test func constructWritesAModelThatRuns() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("copier-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let built = try Tool.run(["construct", "previous-token", "--param", "vocab=x,y", "--param", "max_len=3", "-o", path, "--json"])
    #expect(built.status == 0)
    #expect(built.stdout.hasPrefix("{\"construction\": \"previous-token\", \"layers\": 1, \"heads_per_layer\": [1]"))
    let r = try Tool.run(["run", path, "--input", "x y y", "--json"])
    #expect(r.stdout == "{\"input\": [\"x\", \"y\", \"y\"], \"output\": [\"BOS\", \"x\", \"y\"]}\n")
    let bad = try Tool.run(["construct", "previous-token", "--param", "colour=red"])
    #expect(bad.status == 2)
    #expect(bad.stderr == "error: previous-token has no parameter 'colour' (it takes: vocab, max_len)\n")
  }
}
