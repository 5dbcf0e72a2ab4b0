import ExactArithmetic
import Testing
import TestSupport

/// The fused two-layer kernel against the two separate products with a ReLU between.
@Suite struct ReLUPerceptronTests {
  /// `relu(x[:, columns]·W1 + b1)·W2 + b2` by the separate products.
  func separate(_ first: CommonScaleMatrix, _ second: CommonScaleMatrix, _ x: ScaledRows, _ columns: [Int]) -> ScaledRows {
    var hidden = first.multiply(x, columns: columns)
    hidden.clampNegativesToZero()
    return second.multiply(hidden, columns: Array(0..<second.matrix.rowCount))
  }

  /// Random perceptrons on random inputs; the fused output equals the separate one in
  /// value, and row by row in scale too wherever a row is held as integers.
  /// Returns how many trials had a row take the separate products.
  @discardableResult
  func check(
    seed: UInt64, trials: Int, x xEntry: (inout SplitMix64) -> Rational, w wEntry: (inout SplitMix64) -> Rational
  ) -> Int {
    var fallbacks = 0
    var g = SplitMix64(seed: seed)
    var scratch = ProductScratch()
    for _ in 0..<trials {
      let n = Int.random(in: 1...6, using: &g)
      let d = Int.random(in: 1...9, using: &g)
      let hiddenWidth = Int.random(in: 1...12, using: &g)
      let m = Int.random(in: 1...5, using: &g)
      // Inputs: sparse (one-hot-like) or dense rows.
      let sparseInput = Bool.random(using: &g)
      let x = g.matrix(rows: n, columns: d) { g in
        sparseInput && Int.random(in: 0..<3, using: &g) != 0 ? .zero : xEntry(&g)
      }
      let columns = (0..<Int.random(in: 1...7, using: &g)).map { _ in Int.random(in: 0..<d, using: &g) }
      // Weights: one to three inputs per unit, or dense.
      let sparseUnits = Bool.random(using: &g)
      let w1 = g.matrix(rows: columns.count, columns: hiddenWidth) { g in
        sparseUnits && Int.random(in: 0..<3, using: &g) != 0 ? .zero : wEntry(&g)
      }
      let w2 = g.matrix(rows: hiddenWidth, columns: m) { g in
        Bool.random(using: &g) ? .zero : wEntry(&g)
      }
      let b1: [Rational] = (0..<hiddenWidth).map { _ in Bool.random(using: &g) ? .zero : wEntry(&g) }
      let b2: [Rational] = (0..<m).map { _ in Bool.random(using: &g) ? .zero : wEntry(&g) }
      let first = CommonScaleMatrix(w1, bias: b1)
      let second = CommonScaleMatrix(w2, bias: b2)
      let kernel = ReLUPerceptron(first: first, second: second)
      let input = ScaledRows(x)
      let expected = separate(first, second, input, columns)
      var out = ScaledRows(rows: n, columns: m)
      var hidden = ScaledRows(rows: 0, columns: 0)
      kernel.apply(input, columns: columns, into: &out, hidden: &hidden, scratch: &scratch)
      if hidden.rowCount > 0 { fallbacks += 1 }
      #expect(out == expected)
      #expect(out.matrix == expected.matrix)
      for i in 0..<n where !expected.holdsRationals(row: i) && !out.holdsRationals(row: i) {
        #expect(out.scale(ofRow: i) == expected.scale(ofRow: i))
      }
    }
    return fallbacks
  }

  @Test func smallFractions() {
    check(seed: 70, trials: 300, x: { $0.smallRational() }, w: { $0.smallRational() })
  }

  @Test func adversarialInputsFallBackExactly() {
    #expect(check(seed: 71, trials: 300, x: { $0.adversarialRational() }, w: { $0.smallRational() }) > 0)
  }

  @Test func adversarialWeightsFallBackExactly() {
    #expect(check(seed: 72, trials: 300, x: { $0.smallRational() }, w: { $0.adversarialRational() }) > 0)
  }

  @Test func aLookupUnitByHand() {
    // One unit per input value: relu(2x − 1) and relu(x − 1/2) on x = 1, 0, 3/2.
    let first = CommonScaleMatrix(Matrix([[2, 1]]), bias: [-1, Rational(-1, 2)])
    let second = CommonScaleMatrix(Matrix([[1, 0], [0, Rational(1, 3)]]), bias: [0, 1])
    let x = ScaledRows(Matrix([[1], [0], [Rational(3, 2)]]))
    var out = ScaledRows(rows: 3, columns: 2)
    var hidden = ScaledRows(rows: 0, columns: 0)
    var scratch = ProductScratch()
    ReLUPerceptron(first: first, second: second).apply(x, columns: [0], into: &out, hidden: &hidden, scratch: &scratch)
    #expect(out.matrix == Matrix([[1, Rational(1, 6) + 1], [0, 1], [2, Rational(1, 3) + 1]]))
    #expect(hidden.rowCount == 0)  // every row took the fused path
  }

  @Test func largestEntryFindsTheReadoutsArgmaxAndTies() {
    let rows = ScaledRows(Matrix([[1, 3, Rational(5, 2), 3], [Rational(1, 3), 0, Rational(1, 2), -1]]))
    #expect(rows.largestEntry(ofRow: 0, among: [0, 1, 2]) == (1, true))
    #expect(rows.largestEntry(ofRow: 0, among: [0, 1, 2, 3]) == (1, false))
    #expect(rows.largestEntry(ofRow: 0, among: [3, 2, 0]) == (0, true))
    #expect(rows.largestEntry(ofRow: 1, among: [0, 1, 2, 3]) == (2, true))
    var rational = ScaledRows(rows: 1, columns: 3)
    let huge = Rational(1 << 62) * Rational(1 << 62) * Rational(1 << 62)
    rational.setRow(0, to: [huge + Rational(1, 3), huge + Rational(1, 5), huge + Rational(1, 3)])
    #expect(rational.holdsRationals(row: 0))
    #expect(rational.largestEntry(ofRow: 0, among: [0, 1]) == (0, true))
    #expect(rational.largestEntry(ofRow: 0, among: [1, 0, 2]) == (1, false))
  }
}
