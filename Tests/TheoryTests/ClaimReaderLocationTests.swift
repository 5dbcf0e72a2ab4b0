import Testing
import Theory

/// The claim reader's key errors: each `file:line:column: message` with the
/// source line and a caret under the key (or the header of the table that
/// lacks it, or the problem inside a formula's string), as the preflight's.
@Suite struct ClaimReaderLocationTests {
  let text = """
    title = "t"
    paper = "p"
    theorem = "th"
    task = "hop"
    [build]
    construction = "hop-k"
    vocab_size = 2
    max_len = 16
    [sweep]
    k = [1, 2]
    [[predict]]
    kind = "construction"
    resource = "layers"
    relation = "=="
    formula = "k + 1"
    [[predict]]
    kind = "construction"
    resource = "heads"
    relation = "constant"
    [verify]
    exhaustive_up_to = 4
    """

  /// The error the reader gives for `text` with `old` replaced by `new`.
  func message(_ old: String, _ new: String) -> String {
    #expect(text.contains(old))
    do {
      _ = try Claim(toml: text.replacingOccurrences(of: old, with: new), file: "c.toml", id: "c")
      Issue.record("parsed")
      return ""
    } catch {
      return "\(error)"
    }
  }

  @Test func theFixtureReads() throws {
    let claim = try Claim(toml: text, file: "c.toml", id: "c")
    #expect(claim.sweep == [1, 2])
    #expect(claim.predictions.map(\.resource) == ["layers", "heads"])
  }

  @Test func aSweepPastTheBoundIsRefusedAtItsKey() {
    #expect(message("k = [1, 2]", "k = [1, 100000]") == """
      c.toml:10:1: 'sweep.k' must be values at most 4096 (found 100000: every swept value builds a model of that size and checks it exactly)
          k = [1, 100000]
          ^
      """)
    #expect(message("k = [1, 2]", "k = \"7..3\"") == """
      c.toml:10:1: 'sweep.k' must be a list of integers or a range "a..b" of at most 100000 values
          k = "7..3"
          ^
      """)
  }

  @Test func aWrongTypeIsRefusedAtItsKey() {
    #expect(message("title = \"t\"", "title = 3") == """
      c.toml:1:1: 'title' must be a string
          title = 3
          ^
      """)
    #expect(message("exhaustive_up_to = 4", "  exhaustive_up_to = -4") == """
      c.toml:21:3: 'verify.exhaustive_up_to' must be a non-negative integer
            exhaustive_up_to = -4
            ^
      """)
    #expect(message("max_len = 16", "max_len = 1.5") == """
      c.toml:8:1: 'build.max_len' must be a string, an integer, a list or { formula = "…" }
          max_len = 1.5
          ^
      """)
    #expect(message("title = \"t\"", "title = \"t\"\nablation = 3") == """
      c.toml:2:1: 'ablation' must be a table
          ablation = 3
          ^
      """)
  }

  /// A missing key is refused at the header of the table that lacks it: the
  /// second `[[predict]]` at its own header, a top-level key at line 1.
  @Test func aMissingKeyIsRefusedAtItsTableHeader() {
    #expect(message("resource = \"heads\"\n", "") == """
      c.toml:16:3: 'predict[1].resource' is missing: it must be a string
          [[predict]]
            ^
      """)
    #expect(message("construction = \"hop-k\"\n", "") == """
      c.toml:5:2: 'build' must be a table naming a construction, a program or a method
          [build]
           ^
      """)
    #expect(message("title = \"t\"\n", "") == """
      c.toml:1:1: 'title' is missing: it must be a string
          paper = "p"
          ^
      """)
  }

  @Test func anUnknownKindOrKeyIsRefusedAtItsKey() {
    #expect(message("kind = \"construction\"\nresource = \"heads\"", "kind = \"conjecture\"\nresource = \"heads\"") == """
      c.toml:17:1: 'predict[1].kind' must be one of paper, separation, lower-bound, instance, construction (ablations go in [ablation])
          kind = "conjecture"
          ^
      """)
    #expect(message("relation = \"==\"", "relation = \"==\"\n  knd = 1") == """
      c.toml:15:3: 'predict[0].knd' must be one of the known keys (formula, kind, note, relation, resource, setting)
            knd = 1
            ^
      """)
  }

  /// The caret stands under the problem inside the formula's string: the
  /// string's column plus the parser's column.
  @Test func aBadFormulaIsRefusedInsideItsString() {
    #expect(message("formula = \"k + 1\"", "formula = \"k + )\"") == """
      c.toml:15:16: 'predict[0].formula' is not a formula: unexpected ')'
          formula = "k + )"
                         ^
      """)
    #expect(message("max_len = 16", "max_len = 16\ntwice = { formula = 'k *' }") == """
      c.toml:9:25: 'build.twice.formula' is not a formula: expected a number, a name or '('
          twice = { formula = 'k *' }
                                  ^
      """)
  }

  /// Where the string is not written as it reads (an escape), the column in
  /// the text is not known: the error stands at the key and names the column in the formula.
  @Test func aBadFormulaWithAnEscapeIsRefusedAtItsKey() {
    #expect(message("formula = \"k + 1\"", "formula = \"k \\u002B )\"") == """
      c.toml:15:1: 'predict[0].formula' is not a formula: unexpected ')' (at column 5 of "k + )")
          formula = "k \\u002B )"
          ^
      """)
  }

  /// A file that cannot be read has no place in it: the error names the file alone.
  @Test func anUnreadableFileIsNamed() {
    #expect(throws: ClaimError.located(file: "/nonexistent/c.toml", line: 0, column: 0, message: "cannot read the claim file", excerpt: "")) {
      try Claim.load(from: "/nonexistent/c.toml")
    }
    #expect(ClaimError.located(file: "/nonexistent/c.toml", line: 0, column: 0, message: "cannot read the claim file", excerpt: "").description
      == "/nonexistent/c.toml: cannot read the claim file")
  }

  /// The text the errors above print goes through the same formatting as the preflight's.
  @Test func theFormIsThePreflights() {
    #expect(ClaimError.at(file: "c.toml", text: "a = 1\n  b = 2", line: 2, column: 3, "m").description == "c.toml:2:3: m\n      b = 2\n      ^")
  }
}
