import Foundation
import TestSupport
import Testing
import Theory

/// `ClaimChecker.preflight`: before any input is checked, a build parameter
/// nothing reads and a point over the work limit are refused at the key.
@Suite struct ClaimPreflightTests {
  let checker = ClaimChecker(evaluator: ClaimEvaluator())

  /// A hop-k claim with `extra` lines added to its build table.
  func hop(_ extra: String = "", maxLength: Int = 16, verify: String = "exhaustive_up_to = 4\nsamples = 2") -> String {
    """
    title = "t"
    paper = "p"
    theorem = "th"
    task = "hop"
    [build]
    construction = "hop-k"
    vocab_size = 2
    max_len = \(maxLength)\(extra)
    [sweep]
    k = [1, 2]
    [[predict]]
    kind = "construction"
    resource = "layers"
    relation = "constant"
    [verify]
    \(verify)
    """
  }

  @Test func anUnknownBuildParameterIsRefusedAtItsKey() throws {
    let claim = try Claim(toml: hop("\nfrobnicate = 3"), file: "c.toml", id: "c")
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 9, column: 1,
      message: "frobnicate = 3 is a parameter nothing uses: hop-k has no such parameter (it takes: vocab, vocab_size, max_len, k, layout)",
      excerpt: "    frobnicate = 3\n    ^")) {
      try checker.preflight(claim, quick: false)
    }
    let derived = try Claim(toml: hop("\nfrobnicate = { formula = \"2*k\" }"), file: "c.toml", id: "c")
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 9, column: 1,
      message: "frobnicate = { formula = \"2*k\" } is a parameter nothing uses: hop-k has no such parameter (it takes: vocab, vocab_size, max_len, k, layout)",
      excerpt: "    frobnicate = { formula = \"2*k\" }\n    ^")) {
      try checker.preflight(derived, quick: false)
    }
  }

  /// The test `construct` makes: superposition reads `random_tables` only
  /// when no `tables` are given, so with tables it changes nothing.
  @Test func aParameterTheBuildDoesNotReadIsRefused() throws {
    let text = """
      title = "t"
      paper = "p"
      theorem = "th"
      task = "superposition"
      [build]
      construction = "superposition"
      tables = "0,1;1,0"
        random_tables = 7
      [sweep]
      max_examples = [1, 2]
      [[predict]]
      kind = "construction"
      resource = "layers"
      relation = "constant"
      """
    let claim = try Claim(toml: text, file: "s.toml", id: "s")
    #expect(throws: ClaimError.located(
      file: "s.toml", line: 8, column: 3,
      message: "random_tables = 7 is a parameter nothing uses: superposition does not read it with the other parameters given (neither its build nor the inputs check tests)",
      excerpt: "      random_tables = 7\n      ^")) {
      try checker.preflight(claim, quick: false)
    }
    // Without it the same claim passes the preflight and holds.
    let fine = try Claim(toml: text.replacingOccurrences(of: "  random_tables = 7\n", with: ""), file: "s.toml", id: "s")
    try checker.preflight(fine, quick: false)
    #expect(checker.check(fine, quick: false).holds)
  }

  /// A setting that cannot be built as written (two parameters that exclude
  /// each other) is refused at its table before any input is checked.
  @Test func aSettingThatCannotBeBuiltIsRefusedAtItsTable() throws {
    let claim = try Claim(toml: hop("\nvocab = \"a,b\""), file: "c.toml", id: "c")
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 5, column: 2, message: "hop-k: give vocab or vocab_size, not both",
      excerpt: "    [build]\n     ^")) {
      try checker.preflight(claim, quick: false)
    }
  }

  /// `decoding` measures whole completions; a family that states no prompts reads nothing of it.
  @Test func decodingOnAFamilyWithoutPromptsIsRefused() throws {
    let claim = try Claim(toml: hop("\ndecoding = \"greedy\""), file: "c.toml", id: "c")
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 9, column: 1,
      message: "decoding = greedy is a parameter nothing uses: hop-k as built states no prompts to complete (decoding applies to degenerate-mode, garden-path, superposition with readout=distribution)",
      excerpt: "    decoding = \"greedy\"\n    ^")) {
      try checker.preflight(claim, quick: false)
    }
  }

  /// A program setting reads its own keys; the same refusal names them.
  @Test func aProgramSettingRefusesKeysItDoesNotRead() throws {
    let program = Tool.packageRoot.appendingPathComponent("Circuits/reverse.rasp").path
    let text = """
      title = "t"
      paper = "p"
      theorem = "th"
      task = "reverse"
      [build]
      program = "\(program)"
      sop = "reverse"
      vocab = ["a", "b"]
      layout = "chain"
      [sweep]
      max_len = [2, 3]
      [[predict]]
      kind = "construction"
      resource = "layers"
      relation = "constant"
      [verify]
      exhaustive_up_to = 3
      """
    let claim = try Claim(toml: text, file: "r.toml", id: "r")
    #expect(throws: ClaimError.located(
      file: "r.toml", line: 9, column: 1,
      message: "layout = chain is a parameter nothing uses: a program setting reads only bos, comparisons, max_len, program, sop, vocab and the precision keys",
      excerpt: "    layout = \"chain\"\n    ^")) {
      try checker.preflight(claim, quick: false)
    }
    let fine = try Claim(toml: text.replacingOccurrences(of: "layout = \"chain\"\n", with: ""), file: "r.toml", id: "r")
    try checker.preflight(fine, quick: false)
    // How a selector == of numbers is compiled (as `compile --comparisons`).
    let oneHot = try Claim(
      toml: text.replacingOccurrences(of: "layout = \"chain\"", with: "comparisons = \"one-hot\""), file: "r.toml", id: "r")
    try checker.preflight(oneHot, quick: false)
    let bad = try Claim(
      toml: text.replacingOccurrences(of: "layout = \"chain\"", with: "comparisons = \"onehot\""), file: "r.toml", id: "r")
    #expect(throws: ClaimError.located(
      file: "r.toml", line: 5, column: 2,
      message: "comparisons takes auto, one-hot or numerical, got 'onehot'", excerpt: "    [build]\n     ^")) {
      try checker.preflight(bad, quick: false)
    }
  }

  @Test func aFixedLengthOverTheWorkLimitIsRefusedWithTheEstimate() throws {
    let claim = try Claim(toml: hop(maxLength: 100_000), file: "h.toml", id: "h")
    #expect(throws: ClaimError.located(
      file: "h.toml", line: 8, column: 1,
      message: "max_len = 100000 is too much work for a claim: k = 1 would check 30 inputs up to length 4 and 2 more of length up to 100000, about 2e10 attention score evaluations (inputs × (length + 1)²), over the limit of 1e9; lower max_len",
      excerpt: "    max_len = 100000\n    ^")) {
      try checker.preflight(claim, quick: false)
    }
    // With no samples only the short inputs are checked: well within the limit.
    let short = try Claim(toml: hop(maxLength: 100_000, verify: "exhaustive_up_to = 4\nsamples = 0"), file: "h.toml", id: "h")
    try checker.preflight(short, quick: false)
  }

  @Test func anExhaustiveLengthOverTheWorkLimitIsRefused() throws {
    let claim = try Claim(toml: hop(maxLength: 40, verify: "exhaustive_up_to = 40\nsamples = 0"), file: "h.toml", id: "h")
    #expect(throws: ClaimError.located(
      file: "h.toml", line: 16, column: 1,
      message: "verify.exhaustive_up_to = 40 is too much work for a claim: k = 1 would check 2.2e12 inputs up to length 40, about 3.7e15 attention score evaluations (inputs × (length + 1)²), over the limit of 1e9; lower verify.exhaustive_up_to",
      excerpt: "    exhaustive_up_to = 40\n    ^")) {
      try checker.preflight(claim, quick: false)
    }
  }

  @Test func wordCountsAndFigures() {
    #expect(ClaimWork.words(over: 2, lengths: 1...3) == 14)
    #expect(ClaimWork.words(over: 1, lengths: 1...1_000_000_000_000) == 1e12)
    #expect(ClaimWork.words(over: 3, lengths: 0...100_000) == .infinity)
    #expect(ClaimWork.figure(1234) == "1234")
    #expect(ClaimWork.figure(2.04e10) == "2e10")
    #expect(ClaimWork.figure(3.84e7) == "3.8e7")
  }

  /// Every shipped claim passes the preflight of its quick sweep (as CI runs it).
  @Test func everyShippedClaimPassesThePreflight() throws {
    let folder = Tool.packageRoot.appendingPathComponent("Proofs")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }.sorted()
    #expect(files.count >= 40)
    for file in files {
      let claim = try Claim.load(from: folder.appendingPathComponent(file).path)
      #expect(throws: Never.self, "\(file)") { try checker.preflight(claim, quick: true) }
    }
  }
}
