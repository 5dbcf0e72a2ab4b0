import Foundation
import TestSupport
import Testing

/// `construct` for each family of Constructions I, and `run --cot` / `--loop`.
@Suite struct ConstructRunModesTests {
  func construct(_ arguments: [String]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).json").path
    let r = try Tool.run(["construct"] + arguments + ["-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test func listNamesEveryFamilyWithParameters() throws {
    let r = try Tool.run(["construct", "--list"])
    #expect(r.status == 0)
    for line in ["automaton-scan  automaton=Circuits/automata/s5.toml length=16 layers=4",
                 "automaton-cot  automaton=Circuits/automata/s5.toml max_input=32",
                 "parity-softmax  length=16", "first-softmax  max_len=8",
                 "induction  vocab=a,b,c max_len=8 vocab_size=3", "recurrent-recall  vocab=a,b,c max_len=8 vocab_size=3 machine=exact"] {
      #expect(r.stdout.contains(line), "missing: \(line)")
    }
  }

  @Test func automatonScanRunsInOnePass() throws {
    let path = try construct(["automaton-scan", "--param", "automaton=Circuits/automata/gridworld.toml", "--param", "length=8"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["run", path, "--input", "R R L R R R R", "--json"])
    #expect(r.stdout == "{\"input\": [\"R\", \"R\", \"L\", \"R\", \"R\", \"R\", \"R\"], \"output\": [\"cell1\", \"cell2\", \"cell1\", \"cell2\", \"cell3\", \"cell4\", \"cell4\"]}\n")
  }

  @Test func automatonChainOfThoughtEmitsStatesThenVerdict() throws {
    let path = try construct(["automaton-cot", "--param", "automaton=Circuits/automata/z3.toml", "--param", "max_input=6"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["run", path, "--cot", "--input", "inc inc stay inc", "--json"])
    #expect(r.status == 0)
    #expect(r.stdout == "{\"input\": [\"inc\", \"inc\", \"stay\", \"inc\"], \"output\": [\"[c1]\", \"[c2]\", \"[c2]\", \"[c0]\", \"accept\"], \"steps\": 5, \"ending\": \"stop-token\"}\n")
    let text = try Tool.run(["run", path, "--cot", "--input", "inc", "--max-steps", "1"])
    #expect(text.stdout == "input:  inc\noutput: [c1]\nsteps:  1 (ended by step-limit)\n")
  }

  @Test func parityAndFirstPrintExactMargins() throws {
    let parity = try construct(["parity-softmax", "--param", "length=2"])
    defer { try? FileManager.default.removeItem(atPath: parity) }
    // n = 3 positions: k = 1 gives 5/27, k = 2 gives −5/54 (hand-derived in SoftmaxCountingTests).
    #expect(try Tool.run(["run", parity, "--input", "0 1", "--json"]).stdout
      == "{\"input\": [\"0\", \"1\"], \"output\": [\"5/27\", \"5/27\"]}\n")
    #expect(try Tool.run(["run", parity, "--input", "1 1"]).stdout == "input:  1 1\noutput: -5/54 -5/54\n")
    let short = try Tool.run(["run", parity, "--input", "1"])
    #expect(short.status == 2)
    #expect(short.stderr == "error: input has 1 tokens; the model needs at least 2\n")
    let first = try construct(["first-softmax", "--param", "max_len=4"])
    defer { try? FileManager.default.removeItem(atPath: first) }
    // 3 positions: (1/2)·1024/1026 = 256/513.
    #expect(try Tool.run(["run", first, "--input", "1 0", "--json"]).stdout
      == "{\"input\": [\"1\", \"0\"], \"output\": [\"256/513\", \"256/513\"]}\n")
  }

  @Test func recurrentRecallRunsLooped() throws {
    let path = try construct(["recurrent-recall", "--param", "vocab=a,b", "--param", "max_len=6"])
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try Tool.run(["run", path, "--loop", "--input", "a b a b b a", "--json"])
    #expect(r.stdout == "{\"input\": [\"a\", \"b\", \"a\", \"b\", \"b\", \"a\"], \"output\": [\"none\", \"none\", \"b\", \"a\", \"b\", \"b\"], \"iterations\": 6, \"halted\": true}\n")
    let noLoop = try Tool.run(["run", "Examples/models/induction.json", "--loop", "--input", "a"])
    #expect(noLoop.status == 2)
    #expect(noLoop.stderr == "error: --loop: the model has no loop (only looped constructions have one)\n")
  }

  @Test func badParametersAreClearErrors() throws {
    let missing = try Tool.run(["construct", "automaton-scan"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "error: automaton-scan: give the transition table, e.g. --param automaton=Circuits/automata/s5.toml\n")
    let badLength = try Tool.run(["construct", "parity-softmax", "--param", "length=zero"])
    #expect(badLength.status == 2)
    #expect(badLength.stderr == "error: parity-softmax: length must be an integer in 1...100000, got 'zero'\n")
    let unknown = try Tool.run(["construct", "nonesuch"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.hasPrefix("error: unknown construction 'nonesuch' (known: "))
  }
}
