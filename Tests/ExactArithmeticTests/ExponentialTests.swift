import ExactArithmetic
import Testing

/// Correctly rounded 2^x, e^x and ln 2 against values known to be correctly
/// rounded (IEEE square roots, the nearest doubles to e, 1/e and ln 2).
@Suite struct ExponentialTests {
  @Test func powersOfTwoAtHalvesAreSquareRoots() throws {
    let half = Rational(1, 2)
    #expect(try NumberFormat.fp64.exponential(half, base: .two) == FormatValue((2.0 as Double).squareRoot()))
    #expect(try NumberFormat.fp64.exponential(-half, base: .two) == FormatValue((0.5 as Double).squareRoot()))
    #expect(try NumberFormat.fp32.exponential(half, base: .two) == FormatValue((2 as Float).squareRoot()))
    #expect(try NumberFormat.fp32.exponential(Rational(7, 2), base: .two) == FormatValue((128 as Float).squareRoot()))
    #expect(try NumberFormat.fp16.exponential(-3, base: .two) == .finite(Rational(1, 8)))
  }

  @Test func naturalExponentialAndLogarithm() throws {
    #expect(try NumberFormat.fp64.exponential(1, base: .e) == FormatValue(Double(bitPattern: 0x4005_BF0A_8B14_5769)))
    #expect(try NumberFormat.fp64.exponential(-1, base: .e) == FormatValue(Double(bitPattern: 0x3FD7_8B56_362C_EF38)))
    #expect(try NumberFormat.fp64.naturalLogarithmOfTwo() == FormatValue(Double(bitPattern: 0x3FE6_2E42_FEFA_39EF)))
    #expect(try NumberFormat.fp64.exponential(0, base: .e) == .finite(1))
  }

  @Test func rangeEndsUnderflowAndOverflow() throws {
    #expect(try NumberFormat.fp16.exponential(Rational(-100), base: .e) == .finite(0))
    #expect(try NumberFormat.fp16.exponential(Rational(12), base: .e) == .infinity(negative: false))
    #expect(try NumberFormat.fp16.exponential(Rational(-49, 2), base: .two) == .finite(Rational.dyadic(significand: 1, exponent: -24)))
    let fixed = NumberFormat.fixed(FixedFormat(integerBits: 2, fractionBits: 3))
    #expect(try fixed.exponential(Rational(5), base: .two) == .finite(Rational(31, 8)))  // saturates
    #expect(try fixed.exponential(Rational(-5), base: .two) == .finite(0))  // 1/32 ties to 0
    #expect(try fixed.exponential(Rational(1, 2), base: .two) == .finite(Rational(11, 8)))  // √2 ≈ 1.414
  }
}
