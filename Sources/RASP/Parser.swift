import ExactArithmetic

/// Builds the syntax tree of a RASP program from its tokens.
///
/// Accepts the language of the reference grammar (`RASP.g4`) with its
/// operator precedence: postfix `[]` and calls, then unary `not - +`, `^`,
/// `* /`, `%`, `+ -`, comparisons, `and or` (one level), `a if c else b`,
/// and loosest `in`; every binary form is left-associative. REPL commands
/// (`set example ...`, `examples on`, `exit`, ...) are recognised at the start
/// of a statement, where no expression could begin with two names in a row.
///
/// A few spellings the reference rejects are accepted (a `;` after a REPL
/// command, `!=` between expressions, an empty loop body); no program the
/// reference accepts is read differently.
///
/// - Complexity: O(n) in the number of tokens; nesting deeper than
///   ``maximumDepth`` is reported as an error rather than overflowing the stack.
public struct Parser {
  /// The deepest nesting of expressions and blocks accepted.
  public static let maximumDepth = 200

  let source: SourceText
  var tokens: [Token]
  var position = 0
  var depth = 0

  /// Lexes `source`; lexical errors are thrown.
  public init(source: SourceText) throws(Diagnostic) {
    self.source = source
    self.tokens = try Lexer(source: source).tokens()
  }

  /// Parses a whole program (or REPL input): statements until the end.
  public static func parse(_ source: SourceText) throws(Diagnostic) -> [Statement] {
    var parser = try Parser(source: source)
    return try parser.parseProgram()
  }

  /// Parses statements until the end of the text.
  public mutating func parseProgram() throws(Diagnostic) -> [Statement] {
    var statements: [Statement] = []
    while !isAtEnd {
      statements.append(try parseStatement(topLevel: true))
    }
    return statements
  }

  // MARK: - Token helpers

  var current: Token { tokens[position] }
  var isAtEnd: Bool { if case .end = current.kind { return true } else { return false } }

  func peek(_ offset: Int = 1) -> Token {
    tokens[min(position + offset, tokens.count - 1)]
  }

  mutating func advance() -> Token {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func isSymbol(_ symbol: TokenKind.Symbol, _ token: Token? = nil) -> Bool {
    if case .symbol(let s) = (token ?? current).kind { return s == symbol }
    return false
  }

  func isKeyword(_ keyword: TokenKind.Keyword, _ token: Token? = nil) -> Bool {
    if case .keyword(let k) = (token ?? current).kind { return k == keyword }
    return false
  }

  func identifier(_ token: Token? = nil) -> String? {
    if case .identifier(let name) = (token ?? current).kind { return name }
    return nil
  }

  func error(_ message: String, at token: Token? = nil) -> Diagnostic {
    let token = token ?? current
    var diagnostic = Diagnostic(.syntax, message, at: token.location, in: source)
    if case .end = token.kind { diagnostic.atEndOfInput = true }
    return diagnostic
  }

  /// "expected X, found Y" at the current token.
  func expected(_ what: String) -> Diagnostic {
    if isAtEnd { return error("expected \(what), but the input ended") }
    return error("expected \(what), found \(current.kind)")
  }

  mutating func expect(_ symbol: TokenKind.Symbol, _ context: String) throws(Diagnostic) -> Token {
    guard isSymbol(symbol) else { throw expected("'\(symbol.rawValue)' \(context)") }
    return advance()
  }

  mutating func expectKeyword(_ keyword: TokenKind.Keyword, _ context: String) throws(Diagnostic) {
    guard isKeyword(keyword) else { throw expected("'\(keyword.rawValue)' \(context)") }
    _ = advance()
  }

  mutating func expectName(_ context: String) throws(Diagnostic) -> Name {
    guard let name = identifier() else { throw expected("a name \(context)") }
    return Name(name, at: advance().location)
  }

  mutating func enter() throws(Diagnostic) {
    depth += 1
    if depth > Parser.maximumDepth {
      throw error("nesting deeper than \(Parser.maximumDepth) levels")
    }
  }

  mutating func leave() { depth -= 1 }

  // MARK: - Statements

  /// Parses one statement; REPL commands only when `topLevel`.
  mutating func parseStatement(topLevel: Bool) throws(Diagnostic) -> Statement {
    try enter()
    defer { leave() }
    let start = current
    if topLevel, let command = try parseReplCommand() {
      return command
    }
    if isSymbol(.semicolon) { throw error("empty statement: unexpected ';'") }
    if isKeyword(.def) { return try parseFunction() }
    if isKeyword(.for) { return try parseForLoop() }
    if let name = identifier() {
      if name == "load", case .string(let path) = peek().kind {
        _ = advance()
        _ = advance()
        _ = try expect(.semicolon, "after the load statement")
        return Statement(.load(path: path), at: start.location)
      }
      if name == "draw", isSymbol(.leftParen, peek()) {
        _ = advance()
        _ = advance()
        let sop = try parseExpression()
        var input: Expression? = nil
        if isSymbol(.comma) {
          _ = advance()
          input = try parseExpression()
        }
        _ = try expect(.rightParen, "to close draw(")
        _ = try expect(.semicolon, "after draw(...)")
        return Statement(.draw(sop, input: input), at: start.location)
      }
      if isSymbol(.assign, peek()) || isSymbol(.comma, peek()) {
        return try parseAssignment()
      }
    }
    if isKeyword(.return) { throw error("'return' outside a function body, or not at its end") }
    let expression = try parseExpression()
    if isSymbol(.assign) {
      throw error("only names can be assigned to (write 'name = value;')")
    }
    _ = try expect(.semicolon, "after the expression")
    return Statement(.expression(expression), at: start.location)
  }

  mutating func parseAssignment() throws(Diagnostic) -> Statement {
    let start = current
    var names = [try expectName("to assign to")]
    while isSymbol(.comma) {
      _ = advance()
      names.append(try expectName("after ',' in the names being assigned"))
    }
    _ = try expect(.assign, "after the names being assigned")
    let values = try parseExpressionList()
    _ = try expect(.semicolon, "after the assignment")
    return Statement(.assignment(names: names, values: values), at: start.location)
  }

  mutating func parseFunction() throws(Diagnostic) -> Statement {
    let start = advance()  // def
    let name = try expectName("after 'def'")
    _ = try expect(.leftParen, "after the function name")
    var parameters: [Name] = []
    if !isSymbol(.rightParen) {
      parameters.append(try expectName("as a parameter"))
      while isSymbol(.comma) {
        _ = advance()
        parameters.append(try expectName("as a parameter"))
      }
    }
    _ = try expect(.rightParen, "after the parameters")
    _ = try expect(.leftBrace, "to open the function body")
    var body: [Statement] = []
    while !isKeyword(.return) {
      if isSymbol(.rightBrace) || isAtEnd {
        throw expected("'return' (a function body ends with a return statement)")
      }
      body.append(try parseStatement(topLevel: false))
    }
    _ = advance()  // return
    let result = try parseExpressionList()
    _ = try expect(.semicolon, "after the returned values")
    _ = try expect(.rightBrace, "to close the function body (return must come last)")
    return Statement(
      .function(name: name, parameters: parameters, body: body, result: result),
      at: start.location)
  }

  mutating func parseForLoop() throws(Diagnostic) -> Statement {
    let start = advance()  // for
    var names = [try expectName("after 'for'")]
    while isSymbol(.comma) {
      _ = advance()
      names.append(try expectName("after ','"))
    }
    try expectKeyword(.in, "after the loop variables")
    let iterable = try parseExpression()
    _ = try expect(.leftBrace, "to open the loop body")
    var body: [Statement] = []
    while !isSymbol(.rightBrace) {
      if isAtEnd { throw expected("'}' to close the loop body") }
      body.append(try parseStatement(topLevel: false))
    }
    _ = advance()
    return Statement(.forLoop(names: names, iterable: iterable, body: body), at: start.location)
  }

  /// The REPL commands of the reference grammar, or nil if the statement is
  /// not one. They start with two words that cannot begin an expression.
  mutating func parseReplCommand() throws(Diagnostic) -> Statement? {
    let start = current
    guard let first = identifier() else { return nil }
    // "s-op" is three tokens written without spaces.
    func subsetWord(at offset: Int) -> (ExampleSubset, width: Int)? {
      let token = peek(offset)
      if identifier(token) == "selector" { return (.selector, 1) }
      if identifier(token) == "s", isSymbol(.minus, peek(offset + 1)),
        identifier(peek(offset + 2)) == "op",
        peek(offset + 1).start == token.end, peek(offset + 2).start == peek(offset + 1).end
      {
        return (.sop, 3)
      }
      return nil
    }
    func onOff(at offset: Int) -> Bool? {
      switch identifier(peek(offset)) {
      case "on": return true
      case "off": return false
      default: return nil
      }
    }

    switch first {
    case "set", "show":
      var offset = 1
      var subset = ExampleSubset.both
      if let (s, width) = subsetWord(at: 1) {
        subset = s
        offset += width
      }
      guard identifier(peek(offset)) == "example" else { return nil }
      skipTokens(offset + 1)
      if first == "show" {
        skipSemicolon()
        return Statement(.showExample(subset), at: start.location)
      }
      let example = try parseExpression()
      skipSemicolon()
      return Statement(.setExample(subset, example), at: start.location)
    case "examples":
      guard let on = onOff(at: 1) else { return nil }
      skipTokens(2)
      skipSemicolon()
      return Statement(.toggleExamples(.both, on: on), at: start.location)
    case "selector", "s":
      guard let (subset, width) = subsetWord(at: 0), identifier(peek(width)) == "examples",
        let on = onOff(at: width + 1)
      else { return nil }
      skipTokens(width + 2)
      skipSemicolon()
      return Statement(.toggleExamples(subset, on: on), at: start.location)
    case "full":
      guard identifier(peek(1)) == "seq", identifier(peek(2)) == "display",
        let on = onOff(at: 3)
      else { return nil }
      skipTokens(4)
      skipSemicolon()
      return Statement(.toggleFullSequenceDisplay(on: on), at: start.location)
    case "exit", "quit":
      let next = peek()
      var width = 1
      if isSymbol(.leftParen, next), isSymbol(.rightParen, peek(2)) {
        width = 3
      } else if !(isSymbol(.semicolon, next) || next.kind == .end
        || next.location.line > start.location.line)
      {
        return nil
      }
      skipTokens(width)
      skipSemicolon()
      return Statement(.exit, at: start.location)
    default:
      return nil
    }
  }

  mutating func skipTokens(_ count: Int) { for _ in 0..<count { _ = advance() } }
  mutating func skipSemicolon() { if isSymbol(.semicolon) { _ = advance() } }

  // MARK: - Expressions

  mutating func parseExpressionList() throws(Diagnostic) -> [Expression] {
    var list = [try parseExpression()]
    while isSymbol(.comma) {
      _ = advance()
      list.append(try parseExpression())
    }
    return list
  }

  /// Parses an expression whose operators all bind at least as tightly as
  /// `minimum` (precedence climbing over the reference grammar's levels).
  public mutating func parseExpression(_ minimum: Int = 0) throws(Diagnostic) -> Expression {
    try enter()
    defer { leave() }
    var left = try parsePrefix()
    try bound(left, at: left.location)
    while true {
      let token = current
      switch token.kind {
      case .symbol(.leftBracket) where Precedence.postfix >= minimum:
        _ = advance()
        let index = try parseExpression()
        _ = try expect(.rightBracket, "to close the index")
        left = Expression(.index(left, index), at: token.location)
      case .symbol(.leftParen) where Precedence.postfix - 1 >= minimum:
        _ = advance()
        var arguments: [Expression] = []
        if !isSymbol(.rightParen) { arguments = try parseExpressionList() }
        _ = try expect(.rightParen, "to close the argument list")
        left = Expression(.call(left, arguments), at: token.location)
      case .keyword(.if) where Precedence.conditional >= minimum:
        _ = advance()
        let condition = try parseExpression()
        try expectKeyword(.else, "in 'a if condition else b'")
        let otherwise = try parseExpression(Precedence.conditional + 1)
        left = Expression(
          .conditional(then: left, condition: condition, otherwise: otherwise), at: token.location)
      case .keyword(.in) where Precedence.membership >= minimum:
        _ = advance()
        let container = try parseExpression(Precedence.membership + 1)
        left = Expression(.contains(element: left, container: container), at: token.location)
      default:
        guard let op = binaryOperator(token), op.precedence >= minimum else { return left }
        _ = advance()
        let right = try parseExpression(op.precedence + 1)
        left = Expression(.binary(op, left, right), at: token.location)
      }
      try bound(left, at: token.location)
    }
  }

  /// Refuses an expression taller than ``maximumDepth``: a chain (`a + a + …`,
  /// `a[0][0]…`) grows the tree without nesting the parser, and evaluation
  /// recurses once per level.
  func bound(_ expression: Expression, at location: SourceLocation) throws(Diagnostic) {
    guard expression.height > Parser.maximumDepth else { return }
    throw Diagnostic(
      .syntax,
      "expression nested deeper than \(Parser.maximumDepth) levels (each operator of a chain counts one level); split it across assignments",
      at: location, in: source)
  }

  func binaryOperator(_ token: Token) -> BinaryOperator? {
    switch token.kind {
    case .symbol(let symbol):
      switch symbol {
      case .caret: return .power
      case .star: return .multiply
      case .slash: return .divide
      case .percent: return .modulo
      case .plus: return .add
      case .minus: return .subtract
      case .equal: return .equal
      case .notEqual: return .notEqual
      case .less: return .less
      case .greater: return .greater
      case .lessEqual: return .lessOrEqual
      case .greaterEqual: return .greaterOrEqual
      default: return nil
      }
    case .keyword(.and): return .and
    case .keyword(.or): return .or
    default: return nil
    }
  }

  mutating func parsePrefix() throws(Diagnostic) -> Expression {
    let token = current
    switch token.kind {
    case .keyword(.not), .symbol(.minus), .symbol(.plus):
      _ = advance()
      let op: UnaryOperator =
        isKeyword(.not, token) ? .not : (isSymbol(.minus, token) ? .negate : .plus)
      let operand = try parseExpression(Precedence.prefix)
      return Expression(.unary(op, operand), at: token.location)
    case .keyword(.round), .keyword(.indicator):
      _ = advance()
      let op: UnaryOperator = isKeyword(.round, token) ? .round : .indicator
      _ = try expect(.leftParen, "after '\(op.rawValue)'")
      let operand = try parseExpression()
      _ = try expect(.rightParen, "to close \(op.rawValue)(")
      return Expression(.unary(op, operand), at: token.location)
    default:
      return try parsePrimary()
    }
  }

  mutating func parsePrimary() throws(Diagnostic) -> Expression {
    let token = current
    switch token.kind {
    case .integer(let digits), .float(let digits):
      _ = advance()
      guard let value = try? Rational(parsing: digits) else {
        throw error("number literal \(digits) cannot be read", at: token)
      }
      return Expression(.number(value), at: token.location)
    case .string(let text):
      _ = advance()
      return Expression(.string(text), at: token.location)
    case .identifier(let name):
      _ = advance()
      return Expression(.variable(name), at: token.location)
    case .symbol(.leftParen):
      _ = advance()
      let inner = try parseExpression()
      _ = try expect(.rightParen, "to close '('")
      return inner
    case .symbol(.leftBracket):
      return try parseListOrComprehension()
    case .symbol(.leftBrace):
      return try parseDictOrComprehension()
    case .builtinCall(let call):
      _ = advance()
      return try parseBuiltin(call, at: token)
    case .end:
      throw error("expected an expression, but the input ended")
    default:
      throw error("expected an expression, found \(token.kind)")
    }
  }

  mutating func parseBuiltin(_ call: TokenKind.BuiltinCall, at token: Token) throws(Diagnostic)
    -> Expression
  {
    switch call {
    case .select:
      let keys = try parseExpression()
      _ = try expect(.comma, "after the keys of select(keys, queries, op)")
      let queries = try parseExpression()
      _ = try expect(.comma, "after the queries of select(keys, queries, op)")
      let comparison: Comparison
      switch current.kind {
      case .symbol(.equal): comparison = .equal
      case .symbol(.notEqual): comparison = .notEqual
      case .symbol(.less): comparison = .less
      case .symbol(.greater): comparison = .greater
      case .symbol(.lessEqual): comparison = .lessOrEqual
      case .symbol(.greaterEqual): comparison = .greaterOrEqual
      default: throw expected("a comparison (== != < > <= >=) as the third argument of select")
      }
      _ = advance()
      _ = try expect(.rightParen, "to close select(")
      return Expression(.select(keys: keys, queries: queries, comparison: comparison), at: token.location)
    case .aggregate:
      let selector = try parseExpression()
      _ = try expect(.comma, "after the selector of aggregate(selector, values)")
      let values = try parseExpression()
      var defaultValue: Expression? = nil
      if isSymbol(.comma) {
        _ = advance()
        defaultValue = try parseExpression()
      }
      _ = try expect(.rightParen, "to close aggregate(")
      return Expression(
        .aggregate(selector: selector, values: values, defaultValue: defaultValue),
        at: token.location)
    case .range, .zip:
      let arguments = try parseExpressionList()
      _ = try expect(.rightParen, "to close \(call.rawValue)(")
      return Expression(call == .range ? .range(arguments) : .zip(arguments), at: token.location)
    case .len:
      let argument = try parseExpression()
      _ = try expect(.rightParen, "to close len(")
      return Expression(.length(argument), at: token.location)
    }
  }

  mutating func parseNames(_ context: String) throws(Diagnostic) -> [String] {
    var names = [try expectName(context).text]
    while isSymbol(.comma) {
      _ = advance()
      names.append(try expectName(context).text)
    }
    return names
  }

  mutating func parseListOrComprehension() throws(Diagnostic) -> Expression {
    let open = advance()
    if isSymbol(.rightBracket) {
      _ = advance()
      return Expression(.list([]), at: open.location)
    }
    let first = try parseExpression()
    if isKeyword(.for) {
      _ = advance()
      let names = try parseNames("as the comprehension variable")
      try expectKeyword(.in, "in the list comprehension")
      let iterable = try parseExpression()
      _ = try expect(.rightBracket, "to close the list comprehension")
      return Expression(
        .listComprehension(value: first, names: names, iterable: iterable), at: open.location)
    }
    var items = [first]
    while isSymbol(.comma) {
      _ = advance()
      items.append(try parseExpression())
    }
    _ = try expect(.rightBracket, "to close the list")
    return Expression(.list(items), at: open.location)
  }

  mutating func parseDictOrComprehension() throws(Diagnostic) -> Expression {
    let open = advance()
    if isSymbol(.rightBrace) {
      _ = advance()
      return Expression(.dict([]), at: open.location)
    }
    let key = try parseExpression()
    _ = try expect(.colon, "after a dictionary key")
    let value = try parseExpression()
    if isKeyword(.for) {
      _ = advance()
      let names = try parseNames("as the comprehension variable")
      try expectKeyword(.in, "in the dictionary comprehension")
      let iterable = try parseExpression()
      _ = try expect(.rightBrace, "to close the dictionary comprehension")
      return Expression(
        .dictComprehension(key: key, value: value, names: names, iterable: iterable),
        at: open.location)
    }
    var entries = [(key: key, value: value)]
    while isSymbol(.comma) {
      _ = advance()
      let k = try parseExpression()
      _ = try expect(.colon, "after a dictionary key")
      entries.append((key: k, value: try parseExpression()))
    }
    _ = try expect(.rightBrace, "to close the dictionary")
    return Expression(.dict(entries), at: open.location)
  }
}
