import ExactArithmetic

/// Evaluation of expressions at program-construction time.
extension Interpreter {
  /// The longest list `range` may build.
  static let maximumRange = 1_000_000

  func evaluate(_ expression: Expression, in env: Environment, _ context: Context)
    throws(Diagnostic) -> Value
  {
    let at = expression.location
    switch expression.kind {
    case .number(let value):
      return .atom(.number(value))
    case .string(let text):
      return .atom(.string(text))
    case .variable(let name):
      guard let value = env.lookup(name) else {
        var message = "undefined variable '\(name)'"
        if TokenKind.BuiltinCall(rawValue: name) != nil {
          message += " (write '\(name)(' with no space before the parenthesis)"
        }
        throw error(.name, message, at: at, context)
      }
      return value
    case .list(let items):
      var values: [Value] = []
      for item in items { values.append(try evaluate(item, in: env, context)) }
      return .list(values)
    case .dict(let entries):
      var d = ValueDictionary()
      for entry in entries {
        let key = try dictionaryKey(entry.key, in: env, context)
        d[key] = try evaluate(entry.value, in: env, context)
      }
      return .dict(d)
    case .listComprehension(let valueExpression, let names, let iterableExpression):
      let items = try comprehensionItems(iterableExpression, in: env, context)
      let nameTokens = names.map { Name($0, at: at) }
      var values: [Value] = []
      for item in items {
        let scope = env.nested()
        try bindIterator(nameTokens, item, in: scope, context)
        values.append(try evaluate(valueExpression, in: scope, context))
      }
      return .list(values)
    case .dictComprehension(let keyExpression, let valueExpression, let names, let iterable):
      let items = try comprehensionItems(iterable, in: env, context)
      let nameTokens = names.map { Name($0, at: at) }
      var d = ValueDictionary()
      for item in items {
        let scope = env.nested()
        try bindIterator(nameTokens, item, in: scope, context)
        let key = try dictionaryKey(keyExpression, in: scope, context)
        d[key] = try evaluate(valueExpression, in: scope, context)
      }
      return .dict(d)
    case .range(let arguments):
      return try range(arguments, at: at, in: env, context)
    case .zip(let arguments):
      var lists: [[Value]] = []
      for (i, argument) in arguments.enumerated() {
        guard case .list(let items) = try evaluate(argument, in: env, context) else {
          throw error(.type, "zip expects lists, but argument \(i + 1) is not a list", at: argument.location, context)
        }
        lists.append(items)
      }
      guard let count = lists.first?.count, lists.allSatisfy({ $0.count == count }) else {
        throw error(.value, "zip expects lists of equal length, got lengths \(lists.map(\.count))", at: at, context)
      }
      return .list((0..<count).map { i in .list(lists.map { $0[i] }) })
    case .length(let argument):
      // A string's length counts its characters, as indexing into it does.
      switch try evaluate(argument, in: env, context) {
      case .list(let items): return .atom(.int(items.count))
      case .atom(.string(let text)): return .atom(.int(text.count))
      case let value:
        throw error(.type, "len expects a list or a string, got \(describe(value))", at: argument.location, context)
      }
    case .unary(let op, let operandExpression):
      let operand = try evaluate(operandExpression, in: env, context)
      return try unary(op, operand, at: at, context)
    case .binary(let op, let leftExpression, let rightExpression):
      let left = try evaluate(leftExpression, in: env, context)
      let right = try evaluate(rightExpression, in: env, context)
      return try binary(op, left, right, at: at, context)
    case .contains(let elementExpression, let containerExpression):
      let element = try evaluate(elementExpression, in: env, context)
      let container = try evaluate(containerExpression, in: env, context)
      var containerName = describe(container, cap: 20)
      if case .variable(let name) = containerExpression.kind { containerName = name }
      return try contains(element, container, containerName: containerName, at: at, context)
    case .conditional(let thenExpression, let conditionExpression, let otherwiseExpression):
      let condition = try evaluate(conditionExpression, in: env, context)
      switch condition {
      case .sop(let conditionID):
        let then = try evaluate(thenExpression, in: env, context)
        let otherwise = try evaluate(otherwiseExpression, in: env, context)
        return try conditionalSop(
          conditionID, then, otherwise, at: at, thenAt: thenExpression.location,
          otherwiseAt: otherwiseExpression.location, context)
      case .selector:
        throw error(.type, "the condition of 'a if c else b' cannot be a selector", at: conditionExpression.location, context)
      default:
        return try evaluate(
          condition.isTruthy ? thenExpression : otherwiseExpression, in: env, context)
      }
    case .select(let keysExpression, let queriesExpression, let comparison):
      let keys = try sopOperand(
        try evaluate(keysExpression, in: env, context), role: "keys of select",
        at: keysExpression.location, context)
      let queries = try sopOperand(
        try evaluate(queriesExpression, in: env, context), role: "queries of select",
        at: queriesExpression.location, context)
      let label = "select(\(graph[keys].displayName), \(graph[queries].displayName), \(comparison.rawValue))"
      return .selector(
        node(.select(keys: keys, queries: queries, predicate: comparison), label, at: at, context))
    case .aggregate(let selectorExpression, let valuesExpression, let defaultExpression):
      let selectorValue = try evaluate(selectorExpression, in: env, context)
      guard case .selector(let selector) = selectorValue else {
        throw error(
          .type, "aggregate expects a selector first, got \(describe(selectorValue))",
          at: selectorExpression.location, context)
      }
      let values = try sopOperand(
        try evaluate(valuesExpression, in: env, context), role: "values of aggregate",
        at: valuesExpression.location, context)
      var defaultValue = Atom.int(0)
      if let defaultExpression {
        let value = try evaluate(defaultExpression, in: env, context)
        guard let atom = value.atom else {
          throw error(
            .type, "the default of aggregate must be a single value, got \(describe(value))",
            at: defaultExpression.location, context)
        }
        defaultValue = atom
      }
      let label = "aggregate(\(graph[selector].displayName), \(graph[values].displayName))"
      return .sop(
        node(
          .aggregate(selector: selector, values: values, defaultValue: defaultValue), label,
          at: at, context))
    case .index(let collectionExpression, let indexExpression):
      let collection = try evaluate(collectionExpression, in: env, context)
      let index = try evaluate(indexExpression, in: env, context)
      return try subscriptValue(collection, index, at: at, indexAt: indexExpression.location, in: env, context)
    case .call(let calleeExpression, let argumentExpressions):
      let callee = try evaluate(calleeExpression, in: env, context)
      var arguments: [Value] = []
      for argument in argumentExpressions { arguments.append(try evaluate(argument, in: env, context)) }
      switch callee {
      case .function(let function):
        return try call(function, arguments, at: at, context)
      case .sop(let id), .selector(let id):
        guard arguments.count == 1 else {
          throw error(
            .type, "applying \(describe(callee)) to an input takes one argument, got \(arguments.count)",
            at: at, context)
        }
        let input = try inputSequence(arguments[0], at: argumentExpressions[0].location, context)
        let result = try graph.evaluate([id], on: input)[id]!
        switch result {
        case .sequence(let values): return .sequence(values, input: input)
        case .selection(let matrix): return .selection(matrix, input: input)
        }
      default:
        throw error(.type, "\(describe(callee)) is a \(callee.typeName) and cannot be called", at: at, context)
      }
    }
  }

  /// Calls a RASP or built-in function.
  func call(_ function: RASPFunction, _ arguments: [Value], at location: SourceLocation, _ context: Context)
    throws(Diagnostic) -> Value
  {
    guard arguments.count == function.parameters.count else {
      throw error(
        .type,
        "wrong number of arguments for \(function.name): expected \(function.parameters.count), got \(arguments.count)",
        at: location, context)
    }
    if let builtin = function.builtin {
      return try builtin(self, arguments, location, context)
    }
    guard let enclosing = function.enclosing else {
      throw error(
        .value, "\(function.name) was defined by an interpreter that no longer exists",
        at: location, context)
    }
    guard callDepth < Interpreter.maximumCallDepth else {
      throw error(
        .value, "function calls nested deeper than \(Interpreter.maximumCallDepth) (unbounded recursion?)",
        at: location, context)
    }
    callDepth += 1
    defer { callDepth -= 1 }
    let scope = enclosing.nested()
    let inner = Context(source: function.source, directory: function.directory)
    do throws(Diagnostic) {
      for (parameter, argument) in zip(function.parameters, arguments) {
        guard scope.bind(parameter, argument) else {
          throw error(.name, "parameter '\(parameter)' of \(function.name) is a reserved name", at: location, context)
        }
      }
      for statement in function.body { _ = try execute(statement, in: scope, inner) }
      var results: [Value] = []
      for expression in function.result { results.append(try evaluate(expression, in: scope, inner)) }
      let result = results.count == 1 ? results[0] : Value.list(results)
      switch result {
      case .sop(let id), .selector(let id):
        let label =
          function.name + "(" + arguments.map { describe($0, cap: 20) }.joined(separator: " , ") + ")"
        graph.relabel(id, Interpreter.capped(label, selector: graph[id].isSelector))
      default: break
      }
      return result
    } catch {
      var failure = error
      Interpreter.addCallNote(&failure, "  in \(function.name)(...) called at \(location)")
      throw failure
    }
  }

  /// Appends a call-site note, folding repeats of the same call into a count.
  static func addCallNote(_ diagnostic: inout Diagnostic, _ note: String) {
    if let last = diagnostic.notes.last, last.hasPrefix(note) {
      let rest = last.dropFirst(note.count)
      let times = rest.isEmpty ? 1 : Int(rest.dropFirst(2).prefix { $0.isNumber }) ?? 1
      diagnostic.notes[diagnostic.notes.count - 1] = note + " (\(times + 1) times)"
    } else {
      diagnostic.notes.append(note)
    }
  }

  /// The input elements for applying an s-op: a string's characters or a list's atoms.
  func inputSequence(_ value: Value, at location: SourceLocation, _ context: Context)
    throws(Diagnostic) -> [Atom]
  {
    switch value {
    case .atom(.string(let text)): return text.map { .string(String($0)) }
    case .list(let items):
      var atoms: [Atom] = []
      for item in items {
        guard let atom = item.atom else {
          throw error(.type, "an input must be a list of single values, found \(describe(item))", at: location, context)
        }
        atoms.append(atom)
      }
      return atoms
    default:
      throw error(.type, "an input must be a string or a list, got \(describe(value))", at: location, context)
    }
  }

  func comprehensionItems(_ expression: Expression, in env: Environment, _ context: Context)
    throws(Diagnostic) -> [Value]
  {
    let iterable = try evaluate(expression, in: env, context)
    switch iterable {
    case .list(let items): return items
    case .dict(let d): return d.keys.map { .atom($0) }
    default:
      throw error(
        .type, "a comprehension iterates over a list or dict, got \(describe(iterable))",
        at: expression.location, context)
    }
  }

  func dictionaryKey(_ expression: Expression, in env: Environment, _ context: Context)
    throws(Diagnostic) -> Atom
  {
    let value = try evaluate(expression, in: env, context)
    guard let atom = value.atom else {
      throw error(
        .type, "dictionary keys must be single values, got \(describe(value))",
        at: expression.location, context)
    }
    return atom
  }

  func range(_ arguments: [Expression], at location: SourceLocation, in env: Environment, _ context: Context)
    throws(Diagnostic) -> Value
  {
    guard (1...3).contains(arguments.count) else {
      throw error(.type, "range takes 1, 2 or 3 arguments, got \(arguments.count)", at: location, context)
    }
    var bounds: [Int] = []
    for argument in arguments {
      let value = try evaluate(argument, in: env, context)
      guard let n = value.atom?.integerValue else {
        throw error(.type, "range expects integers, got \(describe(value))", at: argument.location, context)
      }
      bounds.append(n)
    }
    let (start, stop, step) =
      bounds.count == 1 ? (0, bounds[0], 1)
      : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
    guard step != 0 else { throw error(.value, "range step must not be zero", at: location, context) }
    // Counted exactly, so extreme bounds cannot overflow.
    let span = step > 0 ? Rational(stop) - Rational(start) : Rational(start) - Rational(stop)
    let exactCount = (span / Rational(abs(step))).ceiling
    let count = exactCount.signum <= 0 ? 0 : (exactCount.intValue ?? Int.max)
    guard count <= Interpreter.maximumRange else {
      throw error(.value, "range of \(count) numbers is too long", at: location, context)
    }
    return .list((0..<count).map { .atom(.int(start + $0 * step)) })
  }
}
