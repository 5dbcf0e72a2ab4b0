import Automata
import ExactArithmetic
import Transformer

/// Constructions III: the literature's contrasts — solvable automata at
/// constant depth, gridworld, k-hop by pointer doubling, arithmetic,
/// knapsack by doubling.
extension ConstructionFamily {
  static let constructionsIII: [ConstructionFamily] = [
    ConstructionFamily(
      name: "automaton-cascade",
      summary: "any automaton whose monoid has only solvable groups at a depth independent of T (Krohn-Rhodes cascade; Liu et al. 2022, Thm 2); refuses S5/A5",
      parameters: [automatonParameter, Parameter(name: "length", example: "16", help: "T, the longest input")],
      build: { p in try AutomatonCascade.model(for: p.automaton(), maxLength: p.int("length", default: 16)) },
      reference: { p in
        let automaton = try p.automaton()
        return Reference(alphabet: automaton.alphabet, lengths: 1...(try p.int("length", default: 16))) {
          try automaton.run($0)
        }
      }),
    ConstructionFamily(
      name: "hop-k",
      summary: "k-hop induction heads: follow 'the token after the previous occurrence' k times; pointer doubling in ceil(log2 k) + 2 layers, or layout=chain in k + 1 (Sanford, Hsu & Telgarsky 2024)",
      parameters: [
        vocabularyParameter, vocabularySizeParameter, lengthParameter,
        Parameter(name: "k", example: "4", help: "hops"),
        Parameter(name: "layout", example: "doubling", help: "doubling (ceil(log2 k) + 2 layers) or chain (k + 1 layers)"),
      ],
      build: { p in
        try HopInduction.model(
          vocabulary: p.vocabulary(default: ["a", "b", "c"]), maxLength: p.int("max_len", default: 16),
          hops: p.int("k", default: 2, range: 1...1024), layout: hopLayout(p))
      },
      reference: { p in
        _ = try hopLayout(p)
        let hops = try p.int("k", default: 2, range: 1...1024)
        return Reference(alphabet: try p.vocabulary(default: ["a", "b", "c"]), lengths: 1...(try p.int("max_len", default: 16))) {
          HopInduction.reference($0, hops: hops)
        }
      }),
    ConstructionFamily(
      name: "knapsack-doubling",
      summary: "unbounded knapsack by (max,+) squaring: ceil(log2 W) + 1 layers against the DP's W + 1 (papers.md 9b, Construction C)",
      parameters: [
        Parameter(name: "capacity", example: "8", help: "W, the largest capacity (item weights 1...W)"),
        Parameter(name: "max_value", example: "3", help: "item values 0...V"),
        Parameter(name: "max_items", example: "2", help: "the most items in a prompt"),
        Parameter(name: "squarings", example: "3", help: "squaring layers (default ceil(log2 W); fewer for the ablation)"),
      ],
      build: { p in
        let w = try p.int("capacity", default: 4, range: 1...64)
        let squarings = try p.read("squarings").map { _ in try p.int("squarings", default: 0, range: 0...16) }
        return try KnapsackDoubling.model(
          capacity: w, maxValue: p.int("max_value", default: 3, range: 0...1000),
          maxItems: p.int("max_items", default: 2, range: 0...1000), squarings: squarings)
      },
      reference: { p in
        let w = try p.int("capacity", default: 4, range: 1...64)
        let v = try p.int("max_value", default: 3, range: 0...1000)
        let n = try p.int("max_items", default: 2, range: 0...1000)
        return Reference(
          alphabet: [], lengths: 1...(n + w + 1),
          instances: layeredInstances(maxWeight: w, maxValue: v, maxItems: n, capacity: w),
          expected: KnapsackUnbounded.expectedOutputs)
      }),
    ConstructionFamily(
      name: "addition",
      summary: "n-digit addition in one pass at depth 2 for every n (carry look-ahead by attention); prompt a + b = then n+1 placeholders _",
      parameters: [Parameter(name: "digits", example: "4", help: "n, the digits of each addend")],
      build: { p in try Addition.model(digits: p.int("digits", default: 3, range: 1...18)) },
      reference: { p in
        let n = try p.int("digits", default: 3, range: 1...18)
        let top = Addition.power(10, n)
        var instances: [[String]] = []
        if n <= 2 {
          // Every pair.
          for a in 0..<top { for b in 0..<top { instances.append(Addition.prompt(a, b, digits: n)) } }
        } else {
          // Carry chains through every place, then seeded pairs.
          instances = (0..<n).map { Addition.prompt(top - Addition.power(10, $0), Addition.power(10, $0), digits: n) }
          var sampler = ExactSampler(seed: UInt64(n))
          for _ in 0..<400 {
            instances.append(Addition.prompt(Int(sampler.below(UInt64(top))), Int(sampler.below(UInt64(top))), digits: n))
          }
        }
        return Reference(alphabet: [], lengths: (3 * n + 3)...(3 * n + 3), instances: instances) {
          try Addition.reference($0, digits: n)
        }
      }),
    ConstructionFamily(
      name: "gridworld",
      summary: "n+1 cells, L/R clamped at the walls, the cell after each prefix in 2 layers for every T (Liu et al. 2022, Thm 3)",
      parameters: [
        Parameter(name: "cells", example: "5", help: "n + 1, the number of cells"),
        Parameter(name: "length", example: "16", help: "T, the longest input"),
      ],
      build: { p in try Gridworld.model(cells: p.int("cells", default: 5, range: 2...64), maxLength: p.int("length", default: 16)) },
      reference: { p in
        let cells = try p.int("cells", default: 5, range: 2...64)
        return Reference(alphabet: ["L", "R"], lengths: 1...(try p.int("length", default: 16))) {
          try Gridworld.cells($0, cells: cells)
        }
      }),
    ConstructionFamily(
      name: "arithmetic-cot",
      summary: "Arithmetic(n, p) by chain of thought: each step rewrites the expression with its leftmost reducible operation evaluated (precedence and optional parentheses, or family=parenthesised); 4 layers and width independent of n (Feng et al. 2023, Thm 3.3); run with --cot",
      parameters: [
        Parameter(name: "prime", example: "5", help: "p, the field F_p (a prime 2...97)"),
        Parameter(name: "length", example: "9", help: "n, the longest expression in tokens (prompt: expression then =)"),
        Parameter(name: "family", example: "precedence", help: "precedence (* / before + -, parentheses optional) or parenthesised (every operation in parentheses)"),
      ],
      mode: .chainOfThought,
      build: { p in
        let family = try arithmeticFamily(p, "arithmetic-cot")
        return try ArithmeticChainOfThought.model(
          prime: p.int("prime", default: 5), length: p.int("length", default: 9, range: (family == .precedence ? 3 : 5)...1001), family: family)
      },
      reference: { p in
        let prime = try p.int("prime", default: 5)
        try Arithmetic.checkPrime(prime, family: "arithmetic-cot")
        let family = try arithmeticFamily(p, "arithmetic-cot")
        let n = try p.int("length", default: 9, range: (family == .precedence ? 3 : 5)...1001)
        let (instances, space) =
          family == .precedence
          ? precedenceInstances(prime: prime, length: n) : arithmeticInstances(prime: prime, length: n, nesting: nil)
        var reference = Reference(
          alphabet: [], lengths: 4...(n + 1), instances: instances.map { $0 + ["="] }, mode: .chainOfThought
        ) { try Arithmetic.chainOfThought($0, prime: prime) }
        reference.instanceSpace = space
        return reference
      }),
    ConstructionFamily(
      name: "arithmetic-tree",
      summary: "Arithmetic(n, p) in one pass: the implicit parse tree bottom-up, height + 4 layers, output the value of each prefix that is an expression; family=parenthesised: one layer per nesting level (nesting + 2), the value of each sub-expression",
      parameters: [
        Parameter(name: "prime", example: "5", help: "p, the field F_p (a prime 2...97)"),
        Parameter(name: "family", example: "precedence", help: "precedence (* / before + -, parentheses optional) or parenthesised (every operation in parentheses)"),
        Parameter(name: "height", example: "3", help: "precedence: h, the highest parse tree (an operation or ( E ) is one above its operands)"),
        Parameter(name: "nesting", example: "3", help: "parenthesised: h, the deepest nesting of parentheses"),
        Parameter(name: "length", example: "13", help: "n, the longest expression in tokens (default 2h + 1 with precedence, 4h + 1 parenthesised)"),
      ],
      build: { p in
        switch try arithmeticFamily(p, "arithmetic-tree") {
        case .precedence:
          let h = try p.int("height", default: 2, range: 0...512)
          return try ArithmeticPrecedenceTree.model(
            prime: p.int("prime", default: 5), length: p.int("length", default: 2 * h + 1, range: 1...4001), height: h)
        case .parenthesised:
          let h = try p.int("nesting", default: 2, range: 0...512)
          return try ArithmeticTree.model(
            prime: p.int("prime", default: 5), length: p.int("length", default: 4 * h + 1, range: 1...4001), nesting: h)
        }
      },
      reference: { p in
        let prime = try p.int("prime", default: 5)
        try Arithmetic.checkPrime(prime, family: "arithmetic-tree")
        switch try arithmeticFamily(p, "arithmetic-tree") {
        case .precedence:
          let h = try p.int("height", default: 2, range: 0...512)
          let n = try p.int("length", default: 2 * h + 1, range: 1...4001)
          let (instances, space) = precedenceInstances(prime: prime, length: n, minimum: 1, height: h)
          var reference = Reference(alphabet: [], lengths: 1...n, instances: instances) {
            guard try Arithmetic.height($0, prime: prime) <= h else {
              throw ConstructionError.badParameter("arithmetic-tree: '\($0.joined(separator: " "))' has a parse tree higher than \(h)")
            }
            return try Arithmetic.prefixValues($0, prime: prime)
          }
          reference.instanceSpace = space
          return reference
        case .parenthesised:
          let h = try p.int("nesting", default: 2, range: 0...512)
          let n = try p.int("length", default: 4 * h + 1, range: 1...4001)
          let (instances, space) = arithmeticInstances(prime: prime, length: n, nesting: h)
          var reference = Reference(alphabet: [], lengths: 1...n, instances: instances) {
            guard Arithmetic.nesting($0) <= h else {
              throw ConstructionError.badParameter("arithmetic-tree: '\($0.joined(separator: " "))' nests deeper than \(h)")
            }
            return try Arithmetic.valuesAtEnds($0, prime: prime)
          }
          reference.instanceSpace = space
          return reference
        }
      }),
  ]

  /// Well-formed expressions of at most `n` tokens (and nesting at most
  /// `nesting`): every one with up to k operators, k the most that keeps
  /// the list within 3000, then 200 seeded ones of the longest kind (m =
  /// (n − 1)/4 operators of random shape for the chain of thought; spines
  /// of nesting h, and full trees of nesting h where they fit in n tokens,
  /// for the tree); the size of the whole space when the list is a
  /// selection.
  static func arithmeticInstances(prime p: Int, length n: Int, nesting: Int?) -> ([[String]], String?) {
    let m = (n - 1) / 4
    let limit = 3000
    let first = nesting == nil ? 1 : 0
    var instances: [[String]] = []
    // With nesting h no expression has more than 2^h − 1 operators.
    let most = nesting.map { min(m, (1 << min($0, 30)) - 1) } ?? m
    var k = first
    while k <= most {
      guard let size = Arithmetic.count(operators: k, prime: p, nesting: nesting), instances.count + size <= limit else { break }
      instances += Arithmetic.expressions(operators: k, prime: p, nesting: nesting)
      k += 1
    }
    if k > most { return (instances, nil) }
    var sampler = ExactSampler(seed: UInt64(31 * n + p))
    for i in 0..<200 {
      if let h = nesting {
        // Spines of nesting h, and full trees of nesting h where they fit.
        let full = 4 * ((1 << min(h, 20)) - 1) + 1 <= n && h <= 20
        if full && (i % 2 == 1 || 4 * h + 1 > n) {
          instances.append(Arithmetic.randomFull(depth: h, prime: p, sampler: &sampler))
        } else if 4 * h + 1 <= n && h <= m {
          instances.append(Arithmetic.randomNested(depth: h, prime: p, sampler: &sampler))
        }
      } else {
        instances.append(Arithmetic.randomExpression(operators: m, prime: p, sampler: &sampler))
      }
    }
    return (instances, Arithmetic.count(upTo: most, from: first, prime: p, nesting: nesting))
  }

  /// The `family` parameter of the arithmetic constructions (precedence by default).
  static func arithmeticFamily(_ p: ParameterValues, _ construction: String) throws -> ArithmeticFamily {
    try ArithmeticFamily(parameter: p.string("family") ?? "precedence", construction: construction)
  }

  /// Expressions with precedence and optional parentheses of `minimum` to
  /// `n` tokens (and parse-tree height at most `height`, when given): every
  /// one of the odd lengths from `minimum` up to the longest that keeps the
  /// list within 3000, then 200 seeded ones of the longest odd length ≤ n
  /// (uniform over the strings of that length,
  /// ``Arithmetic/randomPrecedence(length:prime:sampler:)``, redrawn while
  /// higher than `height`); the size of the whole space when the list is a
  /// selection.
  static func precedenceInstances(prime p: Int, length n: Int, minimum: Int = 3, height: Int? = nil) -> ([[String]], String?) {
    let limit = 3000
    let top = n % 2 == 1 ? n : n - 1
    var instances: [[String]] = []
    var length = minimum
    while length <= top {
      guard let size = Arithmetic.precedenceCount(length: length, prime: p, height: height), instances.count + size <= limit else { break }
      instances += Arithmetic.precedenceExpressions(length: length, prime: p, height: height)
      length += 2
    }
    if length > top { return (instances, nil) }
    var sampler = ExactSampler(seed: UInt64(37 * n + p))
    // At most 100 draws a sample (none when no expression of that length is low enough).
    var draws = Arithmetic.precedenceCount(length: top, prime: p, height: height) == 0 ? 0 : 20_000
    let target = instances.count + 200
    while draws > 0 && instances.count < target {
      draws -= 1
      let e = Arithmetic.randomPrecedence(length: top, prime: p, sampler: &sampler)
      if let h = height, (try? Arithmetic.height(e, prime: p))! > h { continue }
      instances.append(e)
    }
    var total = 0
    for l in stride(from: minimum, through: top, by: 2) {
      guard let c = Arithmetic.precedenceCount(length: l, prime: p, height: height), case let (sum, false) = total.addingReportingOverflow(c) else {
        return (instances, "more than 2^63")
      }
      total = sum
    }
    return (instances, String(total))
  }

  static func scanLooped(_ p: ParameterValues) throws -> Bool {
    switch p.string("mode") ?? "layers" {
    case "layers": return false
    case "looped": return true
    case let other: throw ConstructionError.usage("automaton-scan: mode must be layers or looped, got '\(other)'")
    }
  }

  static func hopLayout(_ p: ParameterValues) throws -> HopInduction.Layout {
    let text = p.string("layout") ?? "doubling"
    guard let layout = HopInduction.Layout(rawValue: text) else {
      throw ConstructionError.badParameter("hop-k: layout must be doubling or chain, got '\(text)'")
    }
    return layout
  }
}
