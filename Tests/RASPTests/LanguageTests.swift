import ExactArithmetic
import Foundation
import RASP
import Testing

/// The value bound to `name`, as text.
func constant(_ p: Interpreter, _ name: String) -> String {
  guard let value = p.lookup(name) else { return "<unbound>" }
  return p.describe(value)
}

/// Statements, functions, loops, comprehensions, loading and precedence.
@Suite struct LanguageTests {
  @Test func assignmentForms() throws {
    let p = try run(
      """
      a, b = 3, 5;
      c = 1, 2;
      def two() { return 7, 8; }
      d, e = two();
      f, g = "xy";
      """)
    #expect(constant(p, "a") == "3")
    #expect(constant(p, "b") == "5")
    #expect(constant(p, "c") == "[1, 2]")
    #expect(constant(p, "d") == "7")
    #expect(constant(p, "e") == "8")
    #expect(constant(p, "g") == "\"y\"")
  }

  @Test func forLoopsUnrollOverConstants() throws {
    let p = try run(
      """
      a = 3;
      for i in range(4) { a = a + i; }
      c = indices + 4;
      for i in range(4) {
        c = c + i;
      }
      total = 0;
      for k, v in zip(["x", "y"], [10, 20]) { total = total + v; }
      keys = "";
      for k in {"p": 1, "q": 2} { keys = keys + k; }
      """)
    #expect(constant(p, "a") == "9")
    #expect(try values(p, "c", chars("hello")) == ["10", "11", "12", "13", "14"])
    #expect(constant(p, "total") == "30")
    #expect(constant(p, "keys") == "\"pq\"")
  }

  @Test func comprehensionsAndBuiltins() throws {
    let p = try run(
      """
      squares = [x * x for x in range(1, 8, 2)];
      table = {str: n for str, n in zip(["a", "b"], [1, 2])};
      n = len(squares);
      down = range(5, 0, -2);
      nested = [[i, j] for i, j in zip([1, 2], [3, 4])];
      """)
    #expect(constant(p, "squares") == "[1, 9, 25, 49]")
    #expect(constant(p, "table") == "{\"a\": 1, \"b\": 2}")
    #expect(constant(p, "n") == "4")
    #expect(constant(p, "down") == "[5, 3, 1]")
    #expect(constant(p, "nested") == "[[1, 3], [2, 4]]")
  }

  /// What the reference interpreter's evaluator (tech-srl/RASP, RASP_support/Evaluator.py) accepts
  /// for each builtin and indexing form, accepted here with the same values; `len` of a string
  /// (its character count, as indexing into a string counts) is accepted here too, where the
  /// reference's `_evaluateLen` raises a type error and its REPL skips the statement.
  @Test func builtinsAcceptWhatTheReferenceAccepts() throws {
    let p = try run(
      """
      lengths = {c: len(c) for c in ["a", "bb", "ccc"]};
      empty = len("");
      n = len([1, [2, 3], "x"]);
      third = "abc"[2];
      last = "abc"[-1];
      keys = [k for k in {"p": 1, "q": 2}];
      member = 2 in [1, 2, 3];
      r1, r2, r3 = range(3), range(1, 3), range(5, 0, -2);
      pairs = zip([1, 2], ["a", "b"]);
      fromString = "xyz"[indices];
      fromList = [10, 20, 30][indices];
      fromDict = {"a": 1, "b": 2}[tokens];
      inList = tokens in ["a"];
      atomInSop = "b" in tokens;
      constantAggregate = aggregate(select(indices, indices, ==), 7);
      lastToken = tokens[-1];
      rounded = round(7 / 2);
      """)
    #expect(constant(p, "lengths") == "{\"a\": 1, \"bb\": 2, \"ccc\": 3}")
    #expect(constant(p, "empty") == "0")
    #expect(constant(p, "n") == "3")
    #expect(constant(p, "third") == "\"c\"")
    #expect(constant(p, "last") == "\"c\"")
    #expect(constant(p, "keys") == "[\"p\", \"q\"]")
    #expect(constant(p, "member") == "True")
    #expect(constant(p, "r1") == "[0, 1, 2]")
    #expect(constant(p, "r2") == "[1, 2]")
    #expect(constant(p, "r3") == "[5, 3, 1]")
    #expect(constant(p, "pairs") == "[[1, \"a\"], [2, \"b\"]]")
    #expect(try values(p, "fromString", chars("ab")) == ["x", "y"])
    #expect(try values(p, "fromList", chars("aba")) == ["10", "20", "30"])
    #expect(try values(p, "fromDict", chars("ab")) == ["1", "2"])
    #expect(try values(p, "inList", chars("ab")) == ["True", "False"])
    #expect(try values(p, "atomInSop", chars("ab")) == ["True", "True"])
    #expect(try values(p, "atomInSop", chars("aa")) == ["False", "False"])
    #expect(try values(p, "constantAggregate", chars("ab")) == ["7", "7"])
    #expect(try values(p, "lastToken", chars("abc")) == ["c", "c", "c"])
    #expect(constant(p, "rounded") == "4")
    #expect(programDiagnostic("x = len(3);")?.hasPrefix("p.rasp:1:9: error: len expects a list or a string, got 3") == true)
  }

  @Test func functionsAreClosuresWithNestedDefinitions() throws {
    let p = try run(
      """
      def digits() {
        def value(t) {
          table = {"0": 0, "1": 1, "2": 2};
          result = -1;
          for d in table { result = table[d] if t == d else result; }
          return result;
        }
        return value(tokens);
      }
      v = digits();
      offset = 10;
      def shifted(x) { return x + offset; }
      offset = 20;
      w = shifted(indices);
      """)
    #expect(try values(p, "v", chars("21x")) == ["2", "1", "-1"])
    // functions see their scope as it is when called
    #expect(try values(p, "w", chars("ab")) == ["20", "21"])
    #expect(constant(p, "shifted") == "console function: shifted(x)")
  }

  @Test func conditionalOnAConstantEvaluatesOneBranch() throws {
    let p = try run("x = 1 if True else undefined_name; y = tokens if False else \"z\";")
    #expect(constant(p, "x") == "1")
    #expect(constant(p, "y") == "\"z\"")
  }

  @Test func referenceGrammarPrecedence() throws {
    let p = try run(
      """
      a = -2 ^ 2;
      b = not 1 == 0;
      c = 7 % 4 * 2;
      d = 2 * 3 % 4;
      e = 1 + 2 in [3];
      f = 1 or 0 and 0;
      g = "a" if False else "b" if False else "c";
      h = 2 ^ 3 ^ 2;
      """)
    #expect(constant(p, "a") == "4")  // (-2)^2: unary binds tighter than ^
    #expect(constant(p, "b") == "True")  // (not 1) == 0
    #expect(constant(p, "c") == "7")  // 7 % (4*2): % is looser than *
    #expect(constant(p, "d") == "2")
    #expect(constant(p, "e") == "True")  // (1+2) in [3]: in is loosest
    #expect(constant(p, "f") == "0")  // (1 or 0) and 0: one level, left to right
    #expect(constant(p, "g") == "\"c\"")  // (... if False else "b") if False else "c"
    #expect(constant(p, "h") == "64")  // (2^3)^2
  }

  @Test func outHoldsTheLastExpression() throws {
    let p = try run("indices + 1; y = out * 2;")
    #expect(try values(p, "y", chars("ab")) == ["2", "4"])
  }

  @Test func sopAppliedToAnInput() throws {
    let q = try run(
      """
      flip = aggregate(select(indices, length - indices - 1, ==), tokens);
      shown = flip("abc");
      numbers = (tokens_int + 1)([1, 2]);
      """)
    guard case .sequence(let values, let input)? = q.lookup("shown") else {
      Issue.record("not an evaluated sequence")
      return
    }
    #expect(values.map(\.description) == ["c", "b", "a"])
    #expect(input.map(\.description) == ["a", "b", "c"])
    guard case .sequence(let numbers, _)? = q.lookup("numbers") else {
      Issue.record("not an evaluated sequence")
      return
    }
    #expect(numbers.map(\.description) == ["2", "3"])
  }

  @Test func loadKeepsUnderscoreNamesPrivate() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rasp-load-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "_hidden = 5; shown = _hidden + 1; def helper() { return _hidden; }\n"
      .write(to: directory.appendingPathComponent("lib.rasp"), atomically: true, encoding: .utf8)
    try "load \"lib\";\nvalue = helper();\n"
      .write(to: directory.appendingPathComponent("main.rasp"), atomically: true, encoding: .utf8)
    let p = try Interpreter()
    try p.runFile(atPath: directory.appendingPathComponent("main.rasp").path)
    #expect(constant(p, "shown") == "6")
    #expect(constant(p, "value") == "5")  // the function still sees its file's private name
    #expect(p.lookup("_hidden") == nil)
  }

  @Test func libraryFunctions() throws {
    let p = try run(
      """
      n_l = count(tokens, "l");
      has_z = contains(tokens, "z");
      big = max(indices, 2);
      small = min(indices, 2);
      mean = average(indices);
      third = load_from_location(tokens, 2);
      right = shift(tokens, 1, "_");
      last_l = mark_last_instance(tokens, "l");
      first_l = mark_first_instance(tokens, "l");
      from_last = aggregate(select_from_last(tokens, "l"), indices);
      from_first = aggregate(select_from_first(tokens, "l"), indices);
      ordered = sort(tokens, tokens);
      focus = has_focus(select(tokens, "e", ==));
      nexts = aggregate(select_next_identical(tokens), indices, -1);
      """)
    let hello = chars("hello")
    #expect(try values(p, "n_l", hello) == ["2", "2", "2", "2", "2"])
    #expect(try values(p, "has_z", hello) == ["False", "False", "False", "False", "False"])
    #expect(try values(p, "big", hello) == ["2", "2", "2", "3", "4"])
    #expect(try values(p, "small", hello) == ["0", "1", "2", "2", "2"])
    #expect(try values(p, "mean", hello) == ["2", "2", "2", "2", "2"])
    #expect(try values(p, "third", hello) == ["l", "l", "l", "l", "l"])
    #expect(try values(p, "right", hello) == ["_", "h", "e", "l", "l"])
    #expect(try values(p, "last_l", hello) == ["False", "False", "False", "True", "False"])
    #expect(try values(p, "first_l", hello) == ["False", "False", "True", "False", "False"])
    #expect(try values(p, "from_last", hello) == ["3", "3", "3", "3", "3"])
    #expect(try values(p, "from_first", hello) == ["2", "2", "2", "2", "2"])
    #expect(try values(p, "ordered", hello) == ["e", "h", "l", "l", "o"])
    #expect(try values(p, "focus", hello) == ["True", "True", "True", "True", "True"])
    #expect(try values(p, "nexts", hello) == ["-1", "-1", "3", "-1", "-1"])
  }

  @Test func embeddedLibraryMatchesTheFile() throws {
    let onDisk = try String(
      contentsOfFile: "\(repositoryRoot)/Circuits/lib/rasplib.rasp", encoding: .utf8)
    let loaded = try StandardLibrary.source(searchPaths: ["/nonexistent"])
    #expect(loaded.file == "rasplib.rasp")
    #expect(String(String.UnicodeScalarView(loaded.scalars)) == onDisk)
  }
}
