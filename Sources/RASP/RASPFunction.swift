/// A function value: one defined with `def`, or a built-in.
public final class RASPFunction {
  /// The function's name.
  public let name: String
  /// Its parameter names.
  public let parameters: [String]
  /// The scope the function was defined in (its closure).
  ///
  /// Held weakly: that scope usually holds this function, so a strong
  /// reference would make a cycle and leak every scope (and interpreter
  /// graph values) for good. The interpreter that ran the definition keeps
  /// the scope alive instead (``Interpreter/closureScopes``), so a function
  /// sees its scope for as long as that interpreter exists; after that it is
  /// nil and calling the function is an error.
  weak let enclosing: Environment?
  /// The scope name that defined it (`console`, a file name, or `built-in`).
  public let creator: String
  /// The statements before the return, and the returned expressions.
  let body: [Statement]
  let result: [Expression]
  /// The source it was written in, for diagnostics.
  let source: SourceText?
  let directory: String?
  /// Implementation of a built-in (nil for RASP-defined functions).
  let builtin: ((Interpreter, [Value], SourceLocation, Interpreter.Context) throws(Diagnostic) -> Value)?

  init(
    name: String, parameters: [String], enclosing: Environment, body: [Statement],
    result: [Expression], source: SourceText?, directory: String?
  ) {
    self.name = name
    self.parameters = parameters
    self.enclosing = enclosing
    self.creator = enclosing.name
    self.body = body
    self.result = result
    self.source = source
    self.directory = directory
    self.builtin = nil
  }

  init(
    builtin name: String, parameters: [String],
    _ implementation: @escaping (Interpreter, [Value], SourceLocation, Interpreter.Context) throws(Diagnostic) -> Value
  ) {
    self.name = name
    self.parameters = parameters
    self.enclosing = nil
    self.creator = "built-in"
    self.body = []
    self.result = []
    self.source = nil
    self.directory = nil
    self.builtin = implementation
  }
}
