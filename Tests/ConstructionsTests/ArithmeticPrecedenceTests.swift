import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// Arithmetic(n, p) with precedence and optional parentheses (Feng et al.
/// 2023's task): the reference against a shunting-yard evaluator written
/// here, the generator against brute force, and the chain-of-thought model
/// against the reference on every expression up to a length and on seeded
/// samples beyond.
@Suite struct ArithmeticPrecedenceTests {
  /// The value in F_p by shunting-yard (operator and operand stacks), nil
  /// for a malformed expression or a division by zero.
  static func shuntingYard(_ tokens: [String], _ p: Int) -> Int? {
    func rank(_ op: String) -> Int { op == "*" || op == "/" ? 2 : op == "(" ? 0 : 1 }
    var values: [Int] = []
    var ops: [String] = []
    var expectOperand = true
    func pop() -> Bool {
      guard values.count >= 2 else { return false }
      let b = values.removeLast()
      let a = values.removeLast()
      switch ops.removeLast() {
      case "+": values.append((a + b) % p)
      case "-": values.append((a - b + p) % p)
      case "*": values.append(a * b % p)
      default:
        guard let inverse = ArithmeticTests.inverse(b, p) else { return false }
        values.append(a * inverse % p)
      }
      return true
    }
    for token in tokens {
      if let v = Int(token), (0..<p).contains(v), String(v) == token, expectOperand {
        values.append(v)
        expectOperand = false
      } else if token == "(", expectOperand {
        ops.append("(")
      } else if token == ")", !expectOperand {
        while let top = ops.last, top != "(" { guard pop() else { return nil } }
        guard ops.popLast() == "(" else { return nil }
      } else if ["+", "-", "*", "/"].contains(token), !expectOperand {
        while let top = ops.last, top != "(", rank(top) >= rank(token) { guard pop() else { return nil } }
        ops.append(token)
        expectOperand = true
      } else {
        return nil
      }
    }
    guard !expectOperand else { return nil }
    while !ops.isEmpty {
      guard ops.last != "(", pop() else { return nil }
    }
    return values.count == 1 ? values[0] : nil
  }

  /// Every string over the tokens of F_p of length n that is an expression never dividing by zero.
  static func bruteForce(length n: Int, prime p: Int) -> Set<[String]> {
    let alphabet = Arithmetic.numbers(prime: p) + Arithmetic.operators + ["(", ")"]
    var strings: [[String]] = [[]]
    for _ in 0..<n { strings = strings.flatMap { s in alphabet.map { s + [$0] } } }
    return Set(strings.filter { shuntingYard($0, p) != nil })
  }

  /// The operators and the pairs of parentheses left.
  static func size(_ tokens: [String]) -> (operators: Int, pairs: Int) {
    (tokens.filter { ["+", "-", "*", "/"].contains($0) }.count, tokens.filter { $0 == "(" }.count)
  }

  @Test func referenceByHand() throws {
    let e = "2 + 1 * 2 - 0 / 1".split(separator: " ").map(String.init)
    #expect(try Arithmetic.evaluate(e, prime: 5) == 4)
    #expect(try Arithmetic.chainOfThought(e + ["="], prime: 5).joined(separator: " ")
      == "2 + 2 - 0 / 1 = 4 - 0 / 1 = 4 - 0 = 4 eos")
    let nested = "( 3 ) * ( 1 + 2 * 3 ) - 4 / 2 / 2".split(separator: " ").map(String.init)
    #expect(try Arithmetic.chainOfThought(nested + ["="], prime: 5).joined(separator: " ")
      == "3 * ( 1 + 2 * 3 ) - 4 / 2 / 2 = 3 * ( 1 + 1 ) - 4 / 2 / 2 = 3 * 2 - 4 / 2 / 2 = 1 - 4 / 2 / 2 = 1 - 2 / 2 = 1 - 1 = 0 eos")
    // Left-associative: 4 - 1 - 1 is 2, 4 / 2 * 2 is 4.
    #expect(try Arithmetic.evaluate(["4", "-", "1", "-", "1"], prime: 5) == 2)
    #expect(try Arithmetic.evaluate(["4", "/", "2", "*", "2"], prime: 5) == 4)
    // Division by zero (of a sub-expression's value) and malformed input are refused.
    #expect(throws: ConstructionError.self) { try Arithmetic.evaluate(["1", "/", "(", "2", "-", "2", ")"], prime: 5) }
    #expect(throws: ConstructionError.self) { try Arithmetic.evaluate(["1", "+"], prime: 5) }
    #expect(throws: ConstructionError.self) { try Arithmetic.evaluate(["(", "1", ")", ")"], prime: 5) }
    #expect(throws: ConstructionError.self) { try Arithmetic.chainOfThought(["(", "1", "/", "0", ")", "="], prime: 5) }
    #expect(throws: ConstructionError.self) { try ArithmeticFamily(parameter: "infix", construction: "arithmetic-cot") }
  }

  /// The generator lists exactly the strings brute force accepts, with the
  /// values shunting-yard gives, and its count agrees; each step of the
  /// chain of thought evaluates one operation (dropping its parentheses or
  /// not) or drops the parentheses of one number, and keeps the value.
  @Test func generatorAgainstBruteForce() throws {
    for (p, lengths) in [(2, [1, 3, 5]), (3, [3])] {
      for n in lengths {
        let listed = Arithmetic.precedenceExpressions(length: n, prime: p)
        #expect(Set(listed) == Self.bruteForce(length: n, prime: p), "F_\(p), length \(n)")
        #expect(Set(listed).count == listed.count)
        #expect(Arithmetic.precedenceCount(length: n, prime: p) == listed.count)
        for e in listed {
          #expect(try Arithmetic.evaluate(e, prime: p) == Self.shuntingYard(e, p))
        }
      }
    }
    #expect(Arithmetic.precedenceCount(length: 7, prime: 3) == Arithmetic.precedenceExpressions(length: 7, prime: 3).count)
    for e in Arithmetic.precedenceExpressions(length: 7, prime: 3) {
      var current = e
      let value = Self.shuntingYard(e, 3)
      for step in try Arithmetic.chainOfThought(e + ["="], prime: 3).split(whereSeparator: { $0 == "=" || $0 == "eos" }) {
        let (before, after) = (Self.size(current), Self.size(Array(step)))
        let removed = [before.operators - after.operators, before.pairs - after.pairs]
        #expect([[1, 0], [1, 1], [0, 1]].contains(removed), "\(e.joined(separator: " "))")
        #expect(Self.shuntingYard(Array(step), 3) == value)
        current = Array(step)
      }
      #expect(current.count == 1)
    }
  }

  /// Seeded expressions of one length are well formed and of that length.
  @Test func randomExpressions() throws {
    var sampler = ExactSampler(seed: 11)
    for n in [1, 3, 9, 31] {
      let e = Arithmetic.randomPrecedence(length: n, prime: 5, sampler: &sampler)
      #expect(e.count == n)
      #expect(Self.shuntingYard(e, 5) == (try Arithmetic.evaluate(e, prime: 5)))
    }
  }

  /// Every expression of up to 5 tokens over F_3 and up to 7 over F_2
  /// (also fully parenthesised ones: the same chain as before), then seeded
  /// ones of 21 tokens over F_7: the model's chain is the reference's.
  @Test func chainOfThoughtOnEveryExpression() throws {
    for (p, top) in [(3, 5), (2, 7)] {
      let model = try ArithmeticChainOfThought.model(prime: p, length: top).prepared()
      for n in stride(from: 3, through: top, by: 2) {
        for e in Arithmetic.precedenceExpressions(length: n, prime: p) {
          let expected = try Arithmetic.chainOfThought(e + ["="], prime: p)
          let got = try model.generate(e + ["="], maxSteps: expected.count + 2).emitted
          #expect(got == expected, "F_\(p): \(e.joined(separator: " "))")
          if got != expected { return }
        }
      }
    }
    let parenthesised = try ArithmeticChainOfThought.model(prime: 2, length: 9, family: .parenthesised).prepared()
    for e in Arithmetic.expressions(operators: 2, prime: 2) {
      let expected = ArithmeticTests.chain(e, 2)
      #expect(try Arithmetic.chainOfThought(e + ["="], prime: 2) == expected)
      #expect(try Arithmetic.reduceOnce(e, prime: 2) == Arithmetic.reduceInnermost(e, prime: 2))
      #expect(try parenthesised.generate(e + ["="], maxSteps: expected.count + 2).emitted == expected)
    }
    var sampler = ExactSampler(seed: 5)
    let model = try ArithmeticChainOfThought.model(prime: 7, length: 21).prepared()
    for _ in 0..<4 {
      let e = Arithmetic.randomPrecedence(length: 21, prime: 7, sampler: &sampler)
      let expected = try Arithmetic.chainOfThought(e + ["="], prime: 7)
      #expect(try model.generate(e + ["="], maxSteps: expected.count + 2).emitted == expected, "\(e.joined(separator: " "))")
      #expect(expected.suffix(2) == [String(Self.shuntingYard(e, 7)!), "eos"])
    }
  }
}

/// The one-pass evaluator of expressions with precedence (the implicit parse
/// tree, height + 4 layers) against shunting-yard on every prefix.
@Suite struct ArithmeticPrecedenceTreeTests {
  /// The value of each prefix that shunting-yard accepts, `_` elsewhere.
  static func prefixValues(_ tokens: [String], _ p: Int) -> [String] {
    tokens.indices.map { i in ArithmeticPrecedenceTests.shuntingYard(Array(tokens[...i]), p).map(String.init) ?? "_" }
  }

  @Test func heightsByHand() throws {
    func height(_ text: String) throws -> Int { try Arithmetic.height(text.split(separator: " ").map(String.init), prime: 5) }
    #expect(try height("3") == 0)
    #expect(try height("1 + 2 * 3") == 2)
    #expect(try height("1 * 2 + 3 * 4") == 2)
    #expect(try height("( ( 1 ) )") == 2)
    #expect(try height("1 - 2 - 3 - 4") == 3)
    #expect(try Arithmetic.prefixValues("1 + ( 2 * 3 ) - 4".split(separator: " ").map(String.init), prime: 5)
      == ["1", "_", "_", "_", "_", "_", "2", "_", "3"])
    for k in 0...3 {
      let low = Arithmetic.precedenceExpressions(length: 7, prime: 2).filter { (try? Arithmetic.height($0, prime: 2))! <= k }
      #expect(Arithmetic.precedenceExpressions(length: 7, prime: 2, height: k) == low)
      #expect(Arithmetic.precedenceCount(length: 7, prime: 2, height: k) == low.count)
    }
  }

  /// Every expression of up to 7 tokens over F_2 and up to 5 over F_3
  /// (heights up to 3), then seeded ones of 21 tokens over F_5, each on the
  /// model built for its height; the depth is height + 4.
  @Test func treeOnEveryExpression() throws {
    for (p, top) in [(2, 7), (3, 5)] {
      let h = (top - 1) / 2
      let model = try ArithmeticPrecedenceTree.model(prime: p, length: top, height: h)
      #expect(model.layers.count == h + 4)
      let prepared = model.prepared()
      for n in stride(from: 1, through: top, by: 2) {
        for e in Arithmetic.precedenceExpressions(length: n, prime: p) {
          let got = try prepared.run(e).outputs.map(\.description)
          #expect(got == Self.prefixValues(e, p), "F_\(p): \(e.joined(separator: " "))")
          if got != Self.prefixValues(e, p) { return }
        }
      }
    }
    var sampler = ExactSampler(seed: 13)
    for _ in 0..<4 {
      let e = Arithmetic.randomPrecedence(length: 21, prime: 5, sampler: &sampler)
      let model = try ArithmeticPrecedenceTree.model(prime: 5, length: 21, height: try Arithmetic.height(e, prime: 5)).prepared()
      #expect(try model.run(e).outputs.map(\.description) == Self.prefixValues(e, 5), "\(e.joined(separator: " "))")
    }
  }

  /// Fully parenthesised expressions are instances too (height twice the nesting).
  @Test func parenthesisedExpressions() throws {
    let model = try ArithmeticPrecedenceTree.model(prime: 2, length: 9, height: 4).prepared()
    for e in Arithmetic.expressions(operators: 2, prime: 2) {
      #expect(try Arithmetic.height(e, prime: 2) == 2 * Arithmetic.nesting(e))
      #expect(try model.run(e).outputs.map(\.description) == Self.prefixValues(e, 2))
    }
  }

  /// One round fewer than the height needs leaves the answer unwritten:
  /// its readout is a tie between every value.
  @Test func oneRoundShortFails() throws {
    let e = "1 - 2 - 3 - 4".split(separator: " ").map(String.init)
    let short = try ArithmeticPrecedenceTree.model(prime: 5, length: 7, height: 2).prepared()
    #expect(throws: ModelError.self) { try short.run(e) }
    let enough = try ArithmeticPrecedenceTree.model(prime: 5, length: 7, height: 3).prepared()
    #expect(try enough.run(e).outputs.map(\.description) == Self.prefixValues(e, 5))
  }
}
