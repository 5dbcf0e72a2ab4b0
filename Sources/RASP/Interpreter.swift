import ExactArithmetic

/// Runs RASP statements, building the program graph as the reference
/// interpreter builds its s-ops.
///
/// Statements execute at program-construction time: `for` loops and
/// comprehensions iterate over constant collections and unroll, functions
/// are called with s-ops as arguments, and every s-op or selector expression
/// adds nodes to ``graph``. Evaluating an s-op on an input is then the
/// graph's job (``ProgramGraph/evaluate(sop:on:)``).
///
///     let interpreter = try Interpreter()          // loads the standard library
///     try interpreter.run(SourceText(file: "p.rasp", text: "r = sort(tokens, tokens);"))
///     let r = interpreter.sop(named: "r")!
///     try interpreter.graph.evaluate(sop: r, on: "cab".map { .string(String($0)) })
public final class Interpreter {
  /// Every s-op and selector made so far.
  public internal(set) var graph = ProgramGraph()
  /// The top-level scope (the REPL's `console`).
  public let console: Environment
  /// The scope loaded files start from: the constants plus the library.
  var base: Environment
  /// Directories searched by `load` after the loading file's own directory.
  public var searchPaths: [String]
  /// Files being loaded (to report circular loads).
  var loadStack: [String] = []
  /// Current depth of RASP function calls.
  var callDepth = 0
  /// The always-true selector the reference uses for `atom in s-op`.
  var membershipSelector: NodeID?
  /// Every scope a function was defined in, kept alive for this
  /// interpreter's lifetime (by identity, each once).
  ///
  /// A function refers to its defining scope weakly (see
  /// ``RASPFunction/enclosing``) and the interpreter owns those scopes here:
  /// a scope holds the functions bound in it and a function needs its scope,
  /// so strong references both ways made a cycle and every interpreter
  /// leaked all its scopes. Owning them here instead of breaking the cycle
  /// when the interpreter ends keeps every closure valid while the
  /// interpreter lives, whatever holds it (a list, a dict, a returned value,
  /// a recursive call of itself), with no teardown step to forget and no
  /// scope emptied under a function still in use; the interpreter's end
  /// releases them all. The cost: a call scope that defines a function
  /// stays until the interpreter ends, as it did before, when nothing ever
  /// freed it.
  var closureScopes: [ObjectIdentifier: Environment] = [:]

  /// The deepest RASP function-call nesting allowed (deeper is an error,
  /// so a recursive function cannot overflow the stack).
  public static let maximumCallDepth = 64

  /// Where the code being run came from.
  struct Context {
    var source: SourceText?
    var directory: String?
  }

  /// An interpreter with the base s-ops and, unless told otherwise, the
  /// standard library (`Circuits/lib/rasplib.rasp`) loaded, as the reference
  /// REPL starts.
  ///
  /// - Parameter searchPaths: directories searched by `load` (after the
  ///   loading file's own); the standard library is found here first.
  public init(
    searchPaths: [String] = StandardLibrary.searchPaths, loadStandardLibrary: Bool = true
  ) throws(Diagnostic) {
    self.searchPaths = searchPaths
    let root = Environment(name: "base", parent: nil)
    console = Environment(name: "console", parent: root)
    base = root
    for encoding in TokenEncoding.allCases {
      let id = graph.add(.tokens(encoding), label: encoding.rawValue, at: nil, source: nil)
      root.variables[encoding.rawValue] = .sop(id)
    }
    root.variables["indices"] = .sop(graph.add(.indices, label: "indices", at: nil, source: nil))
    root.variables["True"] = .atom(.bool(true))
    root.variables["False"] = .atom(.bool(false))
    root.variables["selector_width"] = .function(
      RASPFunction(builtin: "selector_width", parameters: ["sel"]) {
        (interpreter: Interpreter, arguments: [Value], location: SourceLocation, context: Context)
          throws(Diagnostic) -> Value in
        guard case .selector(let selector) = arguments[0] else {
          throw interpreter.error(
            .type,
            "selector_width expects a selector, got \(interpreter.describe(arguments[0]))",
            at: location, context)
        }
        return .sop(
          interpreter.node(
            .selectorWidth(selector), "selector_width(\(interpreter.graph[selector].displayName))",
            at: location, context))
      })
    if loadStandardLibrary {
      let library = try StandardLibrary.source(searchPaths: searchPaths)
      _ = try runLoaded(library, name: "rasplib", into: console)
    }
    base = console.snapshot()
  }

  // MARK: - Running statements

  /// Runs a program text in the top-level scope.
  ///
  /// - Parameter directory: where `load` looks first (the file's directory).
  /// - Returns: what each statement produced, stopping after `exit`.
  @discardableResult
  public func run(_ source: SourceText, directory: String? = nil) throws(Diagnostic)
    -> [StatementResult]
  {
    let statements = try Parser.parse(source)
    return try run(statements, in: console, Context(source: source, directory: directory))
  }

  /// Runs one parsed statement in the top-level scope (for a REPL).
  public func run(_ statement: Statement, source: SourceText, directory: String? = nil)
    throws(Diagnostic) -> [StatementResult]
  {
    try execute(statement, in: console, Context(source: source, directory: directory))
  }

  /// Runs a file from disk in the top-level scope.
  @discardableResult
  public func runFile(atPath path: String) throws(Diagnostic) -> [StatementResult] {
    let source = try FileAccess.readSource(path)
    loadStack.append(FileAccess.absolute(path))
    defer { loadStack.removeLast() }
    return try run(source, directory: FileAccess.directory(of: path))
  }

  func run(_ statements: [Statement], in env: Environment, _ context: Context) throws(Diagnostic)
    -> [StatementResult]
  {
    var results: [StatementResult] = []
    for statement in statements {
      let produced = try execute(statement, in: env, context)
      results += produced
      if case .exit = statement.kind { break }
    }
    return results
  }

  /// Evaluates an expression in the top-level scope (for `set example`).
  public func evaluate(_ expression: Expression, source: SourceText) throws(Diagnostic) -> Value {
    try evaluate(expression, in: console, Context(source: source, directory: nil))
  }

  /// The value bound to `name` in the top-level scope.
  public func lookup(_ name: String) -> Value? { console.lookup(name) }

  /// The s-op bound to `name`, if it is one.
  public func sop(named name: String) -> NodeID? {
    if case .sop(let id)? = lookup(name) { return id }
    return nil
  }

  /// The selector bound to `name`, if it is one.
  public func selector(named name: String) -> NodeID? {
    if case .selector(let id)? = lookup(name) { return id }
    return nil
  }

  func execute(_ statement: Statement, in env: Environment, _ context: Context) throws(Diagnostic)
    -> [StatementResult]
  {
    switch statement.kind {
    case .expression(let expression):
      let value = try evaluate(expression, in: env, context)
      env.setOut(value)
      switch value {
      case .sequence, .selection: return [.applied(value)]
      default: break
      }
      if case .variable(let name) = expression.kind { return [.named(name, value)] }
      return [.named("out", value)]
    case .assignment(let names, let expressions):
      var values: [Value] = []
      for expression in expressions { values.append(try evaluate(expression, in: env, context)) }
      let value = values.count == 1 ? values[0] : Value.list(values)
      env.setOut(value)
      if names.count == 1 {
        try bind(names[0], value, in: env, context)
        return [.named(names[0].text, value)]
      }
      let parts: [Value]
      switch value {
      case .list(let items): parts = items
      case .atom(.string(let s)): parts = s.map { .atom(.string(String($0))) }
      case .dict(let d): parts = d.keys.map { .atom($0) }
      default:
        throw error(
          .type, "cannot unpack \(describe(value)) into \(names.count) names",
          at: names[0].location, context)
      }
      guard parts.count == names.count else {
        throw error(
          .value, "expected \(names.count) values to assign, got \(parts.count)",
          at: names[0].location, context)
      }
      var results: [StatementResult] = []
      for (name, part) in zip(names, parts) {
        try bind(name, part, in: env, context)
        results.append(.named(name.text, part))
      }
      return results
    case .function(let name, let parameters, let body, let result):
      closureScopes[ObjectIdentifier(env)] = env
      let function = RASPFunction(
        name: name.text, parameters: parameters.map(\.text), enclosing: env, body: body,
        result: result, source: context.source, directory: context.directory)
      try bind(name, .function(function), in: env, context)
      return [.named(name.text, .function(function))]
    case .forLoop(let names, let iterableExpression, let body):
      let iterable = try evaluate(iterableExpression, in: env, context)
      let items: [Value]
      switch iterable {
      case .list(let values): items = values
      case .dict(let d): items = d.keys.map { .atom($0) }
      default:
        throw error(
          .type, "a for loop iterates over a list or dict, got \(describe(iterable))",
          at: iterableExpression.location, context)
      }
      for item in items {
        try bindIterator(names, item, in: env, context)
        for inner in body { _ = try execute(inner, in: env, context) }
      }
      return []
    case .load(let path):
      let file = try FileAccess.resolve(
        path, from: context.directory, searchPaths: searchPaths, at: statement.location,
        source: context.source)
      let absolute = FileAccess.absolute(file)
      if loadStack.contains(absolute) {
        throw error(.load, "circular load of '\(path)'", at: statement.location, context)
      }
      let source = try FileAccess.readSource(file)
      loadStack.append(absolute)
      defer { loadStack.removeLast() }
      let name = FileAccess.baseName(of: file)
      let results = try runLoaded(
        source, name: name, into: env, directory: FileAccess.directory(of: file))
      return [.loaded(file: file, results: results)]
    case .draw, .setExample, .showExample, .toggleExamples, .toggleFullSequenceDisplay, .exit:
      return [.command(statement)]
    }
  }

  /// Runs a loaded file in its own scope (parent: the base scope), exporting
  /// its public names into `target`; returns the last result per public name.
  func runLoaded(
    _ source: SourceText, name: String, into target: Environment, directory: String? = nil
  ) throws(Diagnostic) -> [StatementResult] {
    let statements = try Parser.parse(source)
    let scope = Environment(name: name, parent: base, exportTarget: target)
    let results = try run(statements, in: scope, Context(source: source, directory: directory))
    var seen = Set<String>()
    var kept: [StatementResult] = []
    for result in results.reversed() {
      if case .named(let n, _) = result {
        guard !n.hasPrefix("_"), n != "out", seen.insert(n).inserted else { continue }
      }
      if case .command = result { continue }
      kept.append(result)
    }
    return kept.reversed()
  }

  /// Binds a name, naming the s-op or selector after it.
  func bind(_ name: Name, _ value: Value, in env: Environment, _ context: Context)
    throws(Diagnostic)
  {
    guard env.bind(name.text, value) else {
      throw error(.name, "cannot assign to reserved name '\(name.text)'", at: name.location, context)
    }
    switch value {
    case .sop(let id), .selector(let id): graph.bind(id, to: name.text)
    default: break
    }
  }

  /// Binds loop or comprehension variables to one item.
  func bindIterator(_ names: [Name], _ item: Value, in env: Environment, _ context: Context)
    throws(Diagnostic)
  {
    if names.count == 1 {
      guard env.bind(names[0].text, item) else {
        throw error(
          .name, "cannot assign to reserved name '\(names[0].text)'", at: names[0].location,
          context)
      }
      return
    }
    let parts: [Value]
    switch item {
    case .list(let items): parts = items
    case .atom(.string(let s)): parts = s.map { .atom(.string(String($0))) }
    case .dict(let d): parts = d.keys.map { .atom($0) }
    default:
      throw error(
        .type, "iterating with \(names.count) names, but the item \(describe(item)) is not a list",
        at: names[0].location, context)
    }
    guard parts.count == names.count else {
      throw error(
        .value,
        "iterating with \(names.count) names, but the item \(describe(item)) has \(parts.count) values",
        at: names[0].location, context)
    }
    for (name, part) in zip(names, parts) {
      guard env.bind(name.text, part) else {
        throw error(.name, "cannot assign to reserved name '\(name.text)'", at: name.location, context)
      }
    }
  }

  // MARK: - Helpers

  func error(
    _ kind: DiagnosticKind, _ message: String, at location: SourceLocation, _ context: Context
  ) -> Diagnostic {
    Diagnostic(kind, message, at: location, in: context.source)
  }

  /// Adds a node defined at `location` in the current source.
  func node(_ kind: NodeKind, _ label: String, at location: SourceLocation, _ context: Context)
    -> NodeID
  {
    graph.add(kind, label: Interpreter.capped(label, selector: kind.isSelector), at: location,
      source: context.source)
  }

  /// Labels longer than the reference's 30 characters become `s-op`/`selector`.
  static func capped(_ label: String, selector: Bool) -> String {
    label.count > 30 ? (selector ? "selector" : "s-op") : label
  }

  /// A short description of a value for labels and messages.
  public func describe(_ value: Value, cap: Int? = nil) -> String {
    switch value {
    case .atom(let atom): return atom.sourceText
    case .sop(let id), .selector(let id): return graph[id].displayName
    case .list(let items):
      let text = "[" + items.map { describe($0) }.joined(separator: ", ") + "]"
      if let cap, text.count > cap { return "(list)" }
      return text
    case .dict(let d):
      let text =
        "{" + d.entries.map { "\($0.key.sourceText): \(describe($0.value))" }.joined(separator: ", ")
        + "}"
      if let cap, text.count > cap { return "(dict)" }
      return text
    case .function(let f): return f.description
    case .sequence(let values, _): return "[" + values.map(\.shortText).joined(separator: ", ") + "]"
    case .selection: return "(evaluated selector)"
    }
  }
}
