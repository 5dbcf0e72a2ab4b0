import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

/// Arithmetic(n, p) over fully parenthesised expressions: the chain of
/// thought and the one-pass tree, against an evaluator written here.
@Suite struct ArithmeticTests {
  /// a⁻¹ in F_p by search (the module uses Fermat).
  static func inverse(_ b: Int, _ p: Int) -> Int? { (1..<p).first { b * $0 % p == 1 } }

  static func combine(_ a: Int, _ op: String, _ b: Int, _ p: Int) -> Int? {
    switch op {
    case "+": return (a + b) % p
    case "-": return (a - b + p) % p
    case "*": return a * b % p
    default: return inverse(b, p).map { a * $0 % p }
    }
  }

  /// The value of the sub-expression ending at each position (`_` elsewhere), by a stack.
  static func values(_ tokens: [String], _ p: Int) -> [String]? {
    var stack: [String] = []
    var out: [String] = []
    for token in tokens {
      if token == ")" {
        guard stack.count >= 4, let b = Int(stack.removeLast()) else { return nil }
        let op = stack.removeLast()
        guard let a = Int(stack.removeLast()), stack.removeLast() == "(", let v = combine(a, op, b, p) else { return nil }
        stack.append(String(v))
        out.append(String(v))
      } else {
        stack.append(token)
        out.append(Int(token) != nil ? token : "_")
      }
    }
    return stack.count == 1 ? out : nil
  }

  /// The chain of thought: the first `)` closes the leftmost innermost sub-expression.
  static func chain(_ expression: [String], _ p: Int) -> [String] {
    var e = expression
    var emitted: [String] = []
    while let close = e.firstIndex(of: ")") {
      let v = values(Array(e[(close - 4)...close]), p)!.last!
      e = Array(e[..<(close - 4)]) + [v] + Array(e[(close + 1)...])
      emitted += e + [e.count == 1 ? "eos" : "="]
    }
    return emitted
  }

  @Test func referenceByHand() throws {
    let e = ["(", "(", "1", "+", "2", ")", "*", "(", "3", "-", "(", "4", "/", "2", ")", ")", ")"]
    #expect(try Arithmetic.chainOfThought(e + ["="], prime: 5).joined(separator: " ")
      == "( 3 * ( 3 - ( 4 / 2 ) ) ) = ( 3 * ( 3 - 2 ) ) = ( 3 * 1 ) = 3 eos")
    #expect(try Arithmetic.valuesAtEnds(e, prime: 5).joined(separator: " ") == "_ _ 1 _ 2 3 _ _ 3 _ _ 4 _ 2 2 1 3")
    #expect(throws: ConstructionError.self) { try Arithmetic.valuesAtEnds(["(", "1", "/", "0", ")"], prime: 5) }
    #expect(throws: ConstructionError.self) { try Arithmetic.chainOfThought(["3", "="], prime: 5) }
    #expect(throws: ConstructionError.self) { try ArithmeticChainOfThought.model(prime: 6, length: 9) }
    // Counts against the lists (division by zero left out): 4p² − p with one operator.
    #expect(Arithmetic.count(operators: 1, prime: 5) == 95)
    #expect(Arithmetic.count(operators: 2, prime: 3) == Arithmetic.expressions(operators: 2, prime: 3).count)
    #expect(Arithmetic.count(operators: 3, prime: 2, nesting: 2) == Arithmetic.expressions(operators: 3, prime: 2, nesting: 2).count)
  }

  /// Every expression with one or two operators over F_2, and one over F_3, then seeded ones with 5 over F_7.
  @Test func chainOfThoughtOnEveryExpression() throws {
    for (p, operators, length) in [(2, [1, 2], 9), (3, [1], 5)] {
      let model = try ArithmeticChainOfThought.model(prime: p, length: length).prepared()
      for k in operators {
        for e in Arithmetic.expressions(operators: k, prime: p) {
          let expected = Self.chain(e, p)
          let got = try model.generate(e + ["="], maxSteps: expected.count + 2).emitted
          #expect(got == expected, "F_\(p): \(e.joined(separator: " "))")
          if got != expected { return }
        }
      }
    }
    var sampler = ExactSampler(seed: 7)
    let model = try ArithmeticChainOfThought.model(prime: 7, length: 21).prepared()
    for _ in 0..<6 {
      let e = Arithmetic.randomExpression(operators: 5, prime: 7, sampler: &sampler)
      let expected = Self.chain(e, 7)
      #expect(try model.generate(e + ["="], maxSteps: expected.count + 2).emitted == expected, "\(e.joined(separator: " "))")
      #expect(expected.suffix(2) == [String(try Arithmetic.value(e, prime: 7)), "eos"])
    }
  }

  /// 4 layers, heads [5, 2, 1, 1], the same widths at every n (Theorem 3.3: width independent of n).
  @Test func chainOfThoughtShapeIndependentOfLength() throws {
    let small = try ArithmeticChainOfThought.model(prime: 5, length: 5)
    for n in [9, 41, 101] {
      let model = try ArithmeticChainOfThought.model(prime: 5, length: n)
      #expect(model.layers.count == 4)
      #expect(model.headsPerLayer == [5, 2, 1, 1])
      #expect(model.residual.dimension == small.residual.dimension)
      #expect(model.layers.map { $0.mlp?.hiddenWidth ?? 0 } == small.layers.map { $0.mlp?.hiddenWidth ?? 0 })
    }
  }

  /// Every expression of nesting at most 2 over F_2 (up to 3 operators) and with up to 2 operators
  /// over F_3, then seeded spines of nesting 6 over F_5.
  @Test func treeOnEveryExpression() throws {
    for (p, operators) in [(2, 3), (3, 2)] {
      let model = try ArithmeticTree.model(prime: p, length: 13, nesting: 2)
      #expect(model.layers.count == 4)
      let prepared = model.prepared()
      for k in 0...operators {
        for e in Arithmetic.expressions(operators: k, prime: p, nesting: 2) {
          let got = try prepared.run(e).outputs.map(\.description)
          #expect(got == Self.values(e, p), "F_\(p): \(e.joined(separator: " "))")
          if got != Self.values(e, p) { return }
        }
      }
    }
    var sampler = ExactSampler(seed: 9)
    let deep = try ArithmeticTree.model(prime: 5, length: 25, nesting: 6)
    #expect(deep.layers.count == 8)
    for _ in 0..<8 {
      let e = Arithmetic.randomNested(depth: 6, prime: 5, sampler: &sampler)
      #expect(try deep.prepared().run(e).outputs.map(\.description) == Self.values(e, 5), "\(e.joined(separator: " "))")
    }
  }

  /// One round fewer than the nesting leaves the outermost value unwritten:
  /// its readout is a tie between every value.
  @Test func treeOneLevelShortFails() throws {
    let e = ["(", "1", "+", "(", "2", "*", "(", "3", "-", "4", ")", ")", ")"]
    let model = try ArithmeticTree.model(prime: 5, length: 13, nesting: 2).prepared()
    #expect(throws: ModelError.self) { try model.run(e) }
    let full = try ArithmeticTree.model(prime: 5, length: 13, nesting: 3).prepared()
    #expect(try full.run(e).outputs.map(\.description) == Self.values(e, 5))
  }
}
