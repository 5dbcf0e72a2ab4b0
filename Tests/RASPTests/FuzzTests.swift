import RASP
import TestSupport
import Testing

/// The lexer, parser and interpreter never trap: any bytes give a program or a diagnostic.
@Suite struct FuzzTests {
  /// Parses, and runs what parses; returns whether the text was accepted.
  @discardableResult
  static func survive(_ text: SourceText) -> Bool {
    do {
      let interpreter = try Interpreter()
      try interpreter.run(text)
      for name in interpreter.console.names {
        if let id = interpreter.sop(named: name) {
          _ = try? interpreter.graph.evaluate(sop: id, on: [.string("a"), .int(1), .bool(true)])
          _ = interpreter.graph.analyse(id)
        }
      }
      return true
    } catch {
      #expect(!error.message.isEmpty)
      if let location = error.location { #expect(location.line >= 1 && location.column >= 1) }
      return false
    }
  }

  @Test func randomBytes() {
    var random = SplitMix64(seed: 20_21)
    for _ in 0..<1500 {
      let count = Int.random(in: 0..<80, using: &random)
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
      FuzzTests.survive(SourceText(file: "fuzz.rasp", bytes: bytes))
    }
  }

  @Test func randomPrintableText() {
    var random = SplitMix64(seed: 7)
    let alphabet = Array("abx_019 .,;:=+-*/%^<>!()[]{}\"#\n\t")
    for _ in 0..<1500 {
      let count = Int.random(in: 0..<60, using: &random)
      let text = String((0..<count).map { _ in alphabet.randomElement(using: &random)! })
      FuzzTests.survive(SourceText(file: "fuzz.rasp", text: text))
    }
  }

  @Test func randomTokenSoups() {
    var random = SplitMix64(seed: 42)
    let words = [
      "x", "y", "f", "tokens", "indices", "length", "tokens_int", "True", "1", "0", "2.5", "\"a\"",
      "=", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^", "and", "or", "not",
      "in", "if", "else", "(", ")", "[", "]", "{", "}", ",", ";", ":", "select(", "aggregate(",
      "range(", "zip(", "len(", "round", "indicator", "def", "return", "for", "load",
      "selector_width(", "sort(", "full_s", "#c\n", "\n",
    ]
    var accepted = 0
    for _ in 0..<3000 {
      let count = Int.random(in: 1..<25, using: &random)
      let text = (0..<count).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
      if FuzzTests.survive(SourceText(file: "soup.rasp", text: text)) { accepted += 1 }
    }
    #expect(accepted > 0)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
    #expect(!FuzzTests.survive(SourceText(file: "deep.rasp", text: "x = \(deep);")))
    let unary = String(repeating: "- ", count: 50_000) + "1"
    #expect(!FuzzTests.survive(SourceText(file: "deep.rasp", text: "x = \(unary);")))
    let lists = String(repeating: "[", count: 50_000)
    #expect(!FuzzTests.survive(SourceText(file: "deep.rasp", text: lists)))
    // within the limit it works
    let fine = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
    #expect(FuzzTests.survive(SourceText(file: "ok.rasp", text: "x = \(fine);")))
  }

  /// A chain of 11,400 operators builds a tree as deep as its length without nesting the
  /// parser; it is refused at the operator that passes the bound, and 199 terms still run.
  @Test func longOperatorChainsAreBounded() throws {
    let chain = "y = " + Array(repeating: "tokens", count: 11_400).joined(separator: " + ") + ";"
    let message = try #require(programDiagnostic(chain))
    // Term k ends at column 5 + 9(k − 1) + 6; the 200th '+' (height 201) follows term 200.
    let column = 4 + 9 * 200 - 1
    #expect(message.hasPrefix(
      "p.rasp:1:\(column): error: expression nested deeper than 200 levels (each operator of a chain counts one level); split it across assignments\n"))
    for chain in [
      "y = " + Array(repeating: "1", count: 400).joined(separator: " * ") + ";",
      "y = [1]" + String(repeating: "[0]", count: 400) + ";",
      "y = " + Array(repeating: "tokens == \"a\"", count: 300).joined(separator: " and ") + ";",
    ] {
      #expect(programDiagnostic(chain)?.contains("expression nested deeper than 200 levels") == true)
    }
    let longest = "y = " + Array(repeating: "indices", count: 200).joined(separator: " + ") + ";"
    #expect(try eval(longest, "y", chars("abc")) == ["0", "200", "400"])
  }
}
