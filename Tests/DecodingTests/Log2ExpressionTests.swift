import Decoding
import ExactArithmetic
import Foundation
import Testing

@Suite struct Log2ExpressionTests {
  @Test func powersOfTwoAreRational() {
    var e = Log2Expression()
    e.add(Rational(1, 2), log2Of: 8)
    e.add(1, log2Of: Rational(1, 4))
    #expect(e == Log2Expression(Rational(-1, 2)))
    #expect(e.description == "−1/2")
  }

  @Test func basesBecomeCoprime() {
    var e = Log2Expression()
    e.add(1, log2Of: 6)  // 1 + log2 3
    e.add(-1, log2Of: 3)
    #expect(e == Log2Expression(1))
    var f = Log2Expression()
    // 101 and 103 are primes above the small-prime table: refined by gcds.
    f.add(1, log2Of: Rational(101 * 103))
    f.add(-1, log2Of: 101)
    f.add(Rational(1, 3), log2Of: Rational(101 * 101, 7))
    #expect(f.terms.map(\.base) == [7, 101, 103])
    #expect(f.terms.map(\.coefficient) == [Rational(-1, 3), Rational(2, 3), 1])
    #expect(f.description == "−1/3·log2(7) + 2/3·log2(101) + log2(103)")
    let value: Double = -log2(7.0) / 3 + 2 * log2(101.0) / 3 + log2(103.0)
    #expect(abs(f.approximateValue - value) < 1e-12)
  }

  @Test func largeBasesRefineWithoutFactoring() throws {
    // 2^61 − 1 and 2^89 − 1 are primes; their product is held by GMP.
    let p = Rational(Int(1) << 61 - 1)
    let q = try Rational(2).power(89) - 1
    var e = Log2Expression()
    e.add(1, log2Of: p * q)
    e.add(-2, log2Of: q)
    #expect(e.terms.map(\.base) == [p, q])
    #expect(e.terms.map(\.coefficient) == [1, -1])
  }
}
