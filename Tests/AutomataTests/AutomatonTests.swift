import Automata
import TestSupport
import Testing

@Suite struct AutomatonTests {
  func shipped(_ name: String) throws -> Automaton {
    try Automaton.load(from: Tool.packageRoot.appendingPathComponent("Circuits/automata/\(name).toml").path)
  }

  @Test func parityRunsAndAccepts() throws {
    let a = try shipped("parity")
    #expect(a.alphabet == ["0", "1"])
    #expect(a.states == ["even", "odd"])
    #expect(try a.run(["1", "0", "1", "1"]) == ["odd", "odd", "even", "odd"])
    #expect(try a.accepts(["1", "1"]) == false)
    #expect(try a.accepts(["1", "0"]) == true)
    #expect(try a.accepts([]) == false)
  }

  @Test func permutationAutomataFollowPointOne() throws {
    let s5 = try shipped("s5")
    // cycle sends 1→2, swap sends 2→1, cycle 1→2, cycle 2→3.
    #expect(try s5.run(["cycle", "swap", "cycle", "cycle"]) == ["p2", "p1", "p2", "p3"])
    #expect(s5.accepting == nil)
    let s3 = try shipped("s3")
    #expect(try s3.run(["rot", "rot", "rot", "swap"]) == ["p2", "p3", "p1", "p2"])
  }

  @Test func gridworldClampsAtTheWalls() throws {
    let g = try shipped("gridworld")
    #expect(try g.run(["L", "R", "R", "R", "R", "R", "L"]) == ["cell0", "cell1", "cell2", "cell3", "cell4", "cell4", "cell3"])
  }

  @Test func everyShippedFileLoads() throws {
    for name in ["parity", "z3", "z5", "s3", "s5", "gridworld", "flipflop"] {
      let a = try shipped(name)
      #expect(a.name == name)
      #expect(a.transitions.count == a.states.count)
    }
  }

  @Test func missingTransitionIsNamed() {
    let text = """
      name = "broken"
      alphabet = ["a", "b"]
      states = ["x", "y"]
      start = "x"
      [transitions]
      x = { a = "y", b = "x" }
      y = { a = "x" }
      """
    #expect(throws: AutomatonError.missingTransition(state: "y", symbol: "b")) {
      try Automaton(toml: text, file: "broken.toml")
    }
    #expect(AutomatonError.missingTransition(state: "y", symbol: "b").description
      == "missing transition: state 'y' has no entry for symbol 'b' in [transitions]")
  }

  /// A mistyped entry of `[transitions]` is refused at its key, in the
  /// preflight's one-line-plus-excerpt form.
  @Test func aMistypedTransitionIsRefusedAtItsKey() {
    let text = "name = \"a\"\nalphabet = [\"a\"]\nstates = [\"x\"]\nstart = \"x\"\n[transitions]\n  x = { a = 1.5 }\n"
    do {
      _ = try Automaton(toml: text, file: "f.toml")
      Issue.record("parsed")
    } catch {
      #expect("\(error)" == "f.toml:6:9: 'transitions.x.a' must be a state name\n      x = { a = 1.5 }\n            ^")
    }
    do {
      _ = try Automaton(toml: text.replacingOccurrences(of: "  x = { a = 1.5 }", with: "  x = \"y\""), file: "f.toml")
      Issue.record("parsed")
    } catch {
      #expect("\(error)" == "f.toml:6:3: 'transitions.x' must be an inline table from symbol to state\n      x = \"y\"\n      ^")
    }
  }

  @Test func syntaxErrorHasLineColumnAndCaret() {
    let text = "name = \"z\"\nalphabet = [\"a\", \n"
    do {
      _ = try Automaton(toml: text, file: "bad.toml")
      Issue.record("parsed")
    } catch let error as AutomatonError {
      guard case .syntax(let file, let line, let column, _, let excerpt) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(file == "bad.toml")
      #expect(line == 2)
      #expect(column == 12)
      // Located once, with no second "error:" (the CLI adds the one prefix).
      #expect(error.description == "bad.toml:2:12: unterminated array: no closing ']'\n    alphabet = [\"a\", \n               ^")
      #expect(excerpt.hasSuffix(String(repeating: " ", count: column - 1) + "^"))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test(arguments: [
    ("name = \"a\"\nalphabet = [\"a\"]\nstates = [\"x\"]\nstart = \"w\"\n[transitions]\nx = { a = \"x\" }\n",
     "start state 'w' is not one of the states"),
    ("name = \"a\"\nalphabet = [\"a\"]\nstates = [\"x\"]\nstart = \"x\"\n[transitions]\nx = { a = \"z\" }\n",
     "transition from 'x' on 'a' goes to 'z', which is not a state"),
    ("name = \"a\"\nalphabet = [\"a\"]\nstates = [\"x\"]\nstart = \"x\"\n[transitions]\nx = { a = \"x\", c = \"x\" }\n",
     "transition from 'x' on 'c': 'c' is not in the alphabet"),
    ("name = \"a\"\nalphabet = \"a\"\nstates = [\"x\"]\nstart = \"x\"\n[transitions]\nx = { a = \"x\" }\n",
     "f.toml:2:1: 'alphabet' must be a list of strings\n    alphabet = \"a\"\n    ^"),
    ("name = \"a\"\nalphabet = [\"a\"]\nstates = [\"x\"]\nstart = \"x\"\n",
     "f.toml:1:1: 'transitions' is missing: it must be a table\n    name = \"a\"\n    ^"),
    ("name = \"a\"\nalphabet = [\"a\", \"a\"]\nstates = [\"x\"]\nstart = \"x\"\n[transitions]\nx = { a = \"x\" }\n",
     "symbol 'a' is listed twice in the alphabet"),
  ])
  func inconsistentFilesAreExplained(text: String, message: String) {
    do {
      _ = try Automaton(toml: text, file: "f.toml")
      Issue.record("parsed")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test func unknownSymbolInAWord() throws {
    #expect(throws: AutomatonError.unknownSymbol("2", position: 1)) {
      try shipped("parity").run(["0", "2"])
    }
  }
}

@Suite struct AutomatonFormatTests {
  @Test func integerTokensAndStatesAreAccepted() throws {
    let a = try Automaton(toml: """
      name = "mod3"
      alphabet = [0, 1]
      states = [0, 1, 2]
      start = 0
      accepting = [0]
      [transitions]
      0 = { 0 = 0, 1 = 1 }
      1 = { 0 = 1, 1 = 2 }
      2 = { 0 = 2, 1 = 0 }
      """, file: "mod3.toml")
    #expect(a.alphabet == ["0", "1"])
    #expect(try a.run(["1", "1", "0", "1"]) == ["1", "2", "2", "0"])
    #expect(try a.accepts(["1", "1", "1"]) == true)
  }
}
