import Compiler
import Testing

/// Constructs the compiler cannot map fail with a message naming the s-op,
/// its line and the reason; never a crash or a wrong model.
@Suite struct CompileErrorTests {
  /// Over --max-values a numerical s-op still compiles where it is read as
  /// a number (here the output, or an `==` scored numerically, exact on
  /// every input); a one-hot of it (a select ordering it) is refused.
  @Test func valueSetOverTheLimit() throws {
    let source = "x = 1;\nsum = aggregate(select(indices, indices, <=), tokens_int * indices);\nsame = selector_width(select(sum, sum, ==));\nless = selector_width(select(sum, sum, <));"
    let message = compileError(source, "less", vocabulary: ["1", "2", "3"], maxLength: 6, maxValues: 50)
    #expect(message == "s-op 'sum' (test.rasp:2): takes 61 values, over the limit of 50 (raise --max-values); its one-hot needs them listed")
    let same = try compile(source, "same", vocabulary: ["1", "2", "3"], maxLength: 6, maxValues: 50)
    let report = same.verify()
    #expect(report.passed, "\(report.mismatch ?? "")")
    #expect(report.checked == inputCount(3, 6))
  }

  @Test func raisingTheLimitCompiles() throws {
    let compiled = try compile(
      "sum = aggregate(select(indices, indices, <=), tokens_int * indices);", "sum",
      vocabulary: ["1", "2", "3"], maxLength: 4, maxValues: 5_000)
    #expect(compiled.verify().passed)
  }

  @Test func jointKeysOverTheLimit() {
    // A copy aggregate over an `or` of comparisons of different s-ops needs a
    // joint one-hot of (tokens, indices): 3 × 6 = 18 combinations > 10.
    let message = compileError(
      #"pick = aggregate(select(tokens, "a", ==) or select(indices, 0, ==), tokens, "-");"#, "pick",
      vocabulary: ["a", "b", "c"], maxLength: 6, maxValues: 10, enumerationLimit: 0)
    #expect(message.contains("s-op 'pick' (test.rasp:1)"))
    #expect(message.contains("jointly"))
    #expect(message.contains("--max-values"))
  }

  @Test func averagingNonNumbersEverywhere() {
    // The prefix selects at least two keys from position 1 on: the analysis
    // alone proves the program averages strings.
    let message = compileError(
      "avg = aggregate(select(indices, indices, <=), tokens);", "avg",
      vocabulary: ["a", "b"], maxLength: 4, enumerationLimit: 0)
    #expect(message.contains("s-op 'avg' (test.rasp:1)"))
    #expect(message.contains("averages values that are not numbers"))
  }

  @Test func averagingNonNumbersOnSomeInputs() {
    // Enumeration finds an input where two equal tokens are averaged.
    let message = compileError(
      "same = aggregate(select(tokens, tokens, ==), tokens);", "same",
      vocabulary: ["a", "b"], maxLength: 3)
    #expect(message.contains("not defined on every input"))
    #expect(message.contains("test.rasp:1"))
    #expect(message.contains("cannot average several values that are not numbers"))
    #expect(message.contains("'same'"))
  }

  @Test func selectorWidthWithoutBOS() {
    let message = compileError(
      "w = selector_width(select(tokens, tokens, ==));", "w", vocabulary: ["a", "b"], maxLength: 3, bos: false)
    #expect(message.contains("s-op 'w' (test.rasp:1)"))
    #expect(message.contains("BOS"))
  }

  @Test func emptySelectionWithoutBOS() {
    let message = compileError(
      #"prev = aggregate(select(indices, indices - 1, ==), tokens, "-");"#, "prev",
      vocabulary: ["a", "b"], maxLength: 3, bos: false)
    #expect(message.contains("s-op 'prev' (test.rasp:1)"))
    #expect(message.contains("may select no key"))
  }

  @Test func withoutBOSWhenNeverEmpty() throws {
    let compiled = try compile(
      "m = aggregate(select(indices, indices, <=), indicator(tokens == \"a\"));", "m",
      vocabulary: ["a", "b"], maxLength: 4, bos: false)
    #expect(compiled.model.bos == nil)
    #expect(compiled.verify().passed)
  }

  @Test func annotationThatCannotHold() {
    let message = compileError(
      "# @numerical t\nt = tokens;\nm = aggregate(select(indices, indices - 1, ==), t, \"-\");", "m",
      vocabulary: ["a", "b"], maxLength: 3)
    #expect(message.contains("'t'"))
    #expect(message.contains("not numbers") || message.contains("annotated numerical"))
  }

  @Test func categoricalAnnotationOnAnAverage() {
    let message = compileError(
      "# @categorical m\nm = aggregate(select(indices, indices, <=), indicator(tokens == \"a\"));", "m",
      vocabulary: ["a", "b"], maxLength: 3)
    #expect(message.contains("s-op 'm' (test.rasp:2)"))
    #expect(message.contains("averages"))
  }

  @Test func averagedNumbersWithAStringDefault() {
    let message = compileError(
      #"m = aggregate(select(tokens, "a", ==), indicator(tokens == "b"), "none");"#, "m",
      vocabulary: ["a", "b"], maxLength: 3, enumerationLimit: 0)
    #expect(message.contains("s-op 'm' (test.rasp:1)"))
    #expect(message.contains("default"))
  }

  @Test func unknownSopAndSelector() {
    #expect(compileError("x = tokens;", "y", vocabulary: ["a"], maxLength: 2).contains("no s-op named 'y'"))
    #expect(compileError("s = select(tokens, tokens, ==);", "s", vocabulary: ["a"], maxLength: 2).contains("is a selector"))
  }

  @Test func badOptions() {
    #expect(compileError("x = tokens;", "x", vocabulary: ["a", "a"], maxLength: 2).contains("repeats"))
    #expect(compileError("x = tokens;", "x", vocabulary: ["<bos>"], maxLength: 2).contains("BOS token"))
    #expect(compileError("x = tokens;", "x", vocabulary: ["a"], maxLength: 0).contains("at least 1"))
  }
}
