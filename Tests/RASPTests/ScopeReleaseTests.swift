import ExactArithmetic
import Foundation
@testable import RASP
import Testing

/// Interpreters and every scope they made are freed when the interpreter
/// goes out of scope (no cycle between scopes and the functions defined in
/// them), while closures keep seeing their defining scopes until then.
@Suite struct ScopeReleaseTests {
  /// Functions defined in calls, returned, stored in a list and a dict,
  /// recursive, and seeing a variable of their call scope assigned after
  /// their definition.
  static let closures = """
    def make_adder(n) {
      def add(x) { return x + n; }
      return add;
    }
    def twice(f) {
      def g(x) { return f(f(x)); }
      return g;
    }
    def count(n) { return 0 if n == 0 else 1 + count(n - 1); }
    def late(n) {
      def f(x) { return x + m; }
      m = n * 100;
      return f;
    }
    adders = [make_adder(k) for k in range(3)];
    table = {"double": twice(make_adder(5)), "late": late(2)};
    y = adders[2](indices) + table["double"](tokens_int) + count(5);
    z = table["late"](indices);
    """

  /// A weak reference to a scope, to see whether anything still holds it.
  struct WeakScope {
    weak var scope: Environment?
  }

  /// What stays observable of an interpreter after it is gone.
  struct Observed {
    weak var interpreter: Interpreter?
    var scopes: [WeakScope] = []
    var values: [String: [String]] = [:]
  }

  /// Every function reachable from `value` (through lists and dicts).
  static func functions(in value: Value) -> [RASPFunction] {
    switch value {
    case .function(let f): return [f]
    case .list(let items): return items.flatMap(functions(in:))
    case .dict(let d): return d.entries.flatMap { functions(in: $0.value) }
    default: return []
    }
  }

  /// Runs `body` on a fresh interpreter and returns weak references to it,
  /// its top-level scope, every scope a function was defined in and the
  /// defining scope of every function bound at top level; the interpreter
  /// is released when this returns.
  static func observe(
    _ body: (Interpreter) throws -> [String: [String]]
  ) throws -> Observed {
    let interpreter = try Interpreter()
    var observed = Observed()
    observed.values = try body(interpreter)
    observed.interpreter = interpreter
    observed.scopes.append(WeakScope(scope: interpreter.console))
    observed.scopes += interpreter.closureScopes.values.map { WeakScope(scope: $0) }
    for name in interpreter.console.names {
      for function in functions(in: interpreter.console.lookup(name)!) where function.builtin == nil {
        observed.scopes.append(WeakScope(scope: function.enclosing))
      }
    }
    return observed
  }

  @Test func closuresSeeTheirScopesWhileTheInterpreterLives() throws {
    let p = try run(Self.closures)
    // indices + 2, then (tokens + 5) + 5, then 5
    #expect(try values(p, "y", ints([1, 2, 3])) == ["18", "20", "22"])
    // the returned f sees m, assigned in its call scope after f was defined
    #expect(try values(p, "z", ints([7, 7])) == ["200", "201"])
    // the library file's scope, console, make_adder's 4 call scopes (3 in the list,
    // 1 passed to twice), twice's and late's
    #expect(p.closureScopes.count == 8)
  }

  @Test func interpreterAndItsScopesAreReleasedAfterClosures() throws {
    let observed = try Self.observe { interpreter in
      try interpreter.run(SourceText(file: "closures.rasp", text: Self.closures))
      return ["y": try values(interpreter, "y", ints([0, 0]))]
    }
    #expect(observed.values["y"] == ["17", "18"])
    // console, the 8 scopes functions were defined in, and the defining scope of every
    // top-level function
    #expect(observed.scopes.count > 9)
    #expect(observed.interpreter == nil)
    #expect(observed.scopes.allSatisfy { $0.scope == nil })
  }

  @Test func interpreterAndItsScopesAreReleasedAfterEachCircuit() throws {
    let folder = repositoryRoot + "/Circuits"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".rasp") }.sorted()
    #expect(files.count >= 10)
    for file in files {
      let observed = try Self.observe { interpreter in
        try interpreter.runFile(atPath: folder + "/" + file)
        try interpreter.run(SourceText(file: "closures.rasp", text: Self.closures))
        return ["y": try values(interpreter, "y", ints([1]))]
      }
      #expect(observed.values["y"] == ["18"], "\(file)")
      #expect(observed.interpreter == nil, "\(file): interpreter still alive")
      let alive = observed.scopes.filter { $0.scope != nil }.count
      #expect(alive == 0, "\(file): \(alive) of \(observed.scopes.count) scopes still alive")
    }
  }

  @Test func aFunctionOutlivingItsInterpreterIsAnErrorToCall() throws {
    var escaped: RASPFunction?
    do {
      let first = try run("def make(n) { def add(x) { return x + n; } return add; } f = make(3);")
      if case .function(let f)? = first.lookup("f") { escaped = f }
    }
    let function = try #require(escaped)
    #expect(function.enclosing == nil)
    #expect(function.creator == "console'")
    let second = try Interpreter()
    second.console.bind("g", .function(function))
    let message = diagnostic { try second.run(SourceText(file: "p.rasp", text: "y = g(indices);")) }
    #expect(message?.hasPrefix("p.rasp:1:6: error: add was defined by an interpreter that no longer exists") == true, "\(message ?? "no error")")
  }
}
