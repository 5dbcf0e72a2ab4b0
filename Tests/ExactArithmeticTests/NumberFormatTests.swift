import ExactArithmetic
import TestSupport
import Testing

/// Exact rounding into number formats: values by table (ties, subnormals,
/// overflow), fixed point, and the format parser.
@Suite struct NumberFormatTests {
  static func rational(_ text: String) -> Rational { Rational(text)! }
  static func pow2(_ k: Int) -> Rational { Rational.dyadic(significand: 1, exponent: k) }

  @Test func binary16ValuesByTable() {
    let half = FloatFormat.binary16
    #expect(half.round(Rational(1, 3)) == .finite(Rational(1365, 4096)))
    // 1 + half an ulp ties to 1 (even); 1 + 1.5 ulp ties to 1 + 2 ulp.
    #expect(half.round(1 + Self.pow2(-11)) == .finite(1))
    #expect(half.round(1 + 3 * Self.pow2(-11)) == .finite(1 + Self.pow2(-9)))
    // Overflow: 65519 rounds down to the largest finite 65504; the tie 65520 goes to ∞.
    #expect(half.largestFinite == 65504)
    #expect(half.round(65519) == .finite(65504))
    #expect(half.round(65520) == .infinity(negative: false))
    #expect(half.round(-70000) == .infinity(negative: true))
    // Subnormals: half the smallest subnormal ties to zero, a hair more rounds up.
    #expect(half.smallestSubnormal == Self.pow2(-24))
    #expect(half.round(Self.pow2(-25)) == .finite(0))
    #expect(half.round(Self.pow2(-25) + Self.pow2(-60)) == .finite(Self.pow2(-24)))
    #expect(half.round(-Self.pow2(-26)) == .negativeZero)
    #expect(half.round(3 * Self.pow2(-25)) == .finite(Self.pow2(-23)))  // 1.5 subnormal steps → 2
    // The largest subnormal rounds up into the normals.
    #expect(half.round(Self.pow2(-14) - Self.pow2(-26)) == .finite(Self.pow2(-14)))
  }

  @Test func bitPatternsByTable() {
    #expect(FloatFormat.binary16.bitPattern(of: .finite(Rational(1, 3))) == 0x3555)
    #expect(FloatFormat.binary16.bitPattern(of: .negativeZero) == 0x8000)
    #expect(FloatFormat.bfloat16.bitPattern(of: .finite(1)) == 0x3F80)
    #expect(FloatFormat.binary32.bitPattern(of: .finite(Rational(1, 10))) == UInt64(Float(0.1).bitPattern))
    #expect(Rational(1, 10).nearestDouble == 0.1)
    #expect(Rational(2, 3).nearestFloat == Float(2) / Float(3))
    #expect(FormatValue(Double.infinity) == .infinity(negative: false))
    #expect(FormatValue(-0.0 as Double) == .negativeZero)
    #expect(FormatValue(0.375 as Double) == .finite(Rational(3, 8)))
  }

  @Test func specialOperands() throws {
    let f = NumberFormat.fp32
    let inf = FormatValue.infinity(negative: false)
    #expect(try f.sum(inf, inf.negated) == .notANumber)
    #expect(try f.product(inf, .negativeZero) == .notANumber)
    #expect(try f.quotient(.finite(1), .negativeZero) == .infinity(negative: true))
    #expect(try f.quotient(.finite(0), .finite(0)) == .notANumber)
    #expect(try f.sum(.negativeZero, .negativeZero) == .negativeZero)
    #expect(try f.sum(.negativeZero, .finite(0)) == .finite(0))
    #expect(try f.difference(.finite(3), .finite(3)) == .finite(0))
    #expect(try f.product(.finite(-2), .finite(0)) == .negativeZero)
    #expect(FormatValue.negativeZero.isEqual(to: .finite(0)))
    #expect(FormatValue.infinity(negative: true).isLess(than: .finite(-1_000_000)))
    #expect(!FormatValue.notANumber.isEqual(to: .notANumber))
  }

  @Test func fixedPointRoundsSaturatesOrRefuses() throws {
    let q = FixedFormat(integerBits: 3, fractionBits: 4)
    #expect(try q.round(Rational(1, 3)) == Rational(5, 16))
    #expect(try q.round(Rational(1, 32)) == 0)  // tie to even: 0/16
    #expect(try q.round(Rational(3, 32)) == Rational(1, 8))  // tie to even: 2/16
    #expect(try q.round(-Rational(3, 32)) == -Rational(1, 8))
    #expect(try q.round(100) == Rational(127, 16))
    #expect(try q.round(-100) == -8)
    #expect(try q.round(-8) == -8)
    #expect(try q.round(Rational(255, 32)) == Rational(127, 16))  // rounds past the top: saturates
    let strict = FixedFormat(integerBits: 3, fractionBits: 4, overflow: .error)
    #expect(throws: FormatError.fixedOverflow(value: "8", format: "fixed:3.4:error")) { try strict.round(8) }
    #expect(try strict.round(-8) == -8)
    #expect(throws: FormatError.fixedDivisionByZero(format: "fixed:3.4:error")) {
      try NumberFormat.fixed(strict).quotient(.finite(1), .finite(0))
    }
  }

  @Test func parsesNamesAndRefusesBadFormats() throws {
    #expect(try NumberFormat(parsing: "bf16") == .bf16)
    #expect(try NumberFormat(parsing: "half") == .fp16)
    #expect(try NumberFormat(parsing: "float:5,10") == .fp16)
    #expect(try NumberFormat(parsing: "float:4,3") == .float(FloatFormat(exponentBits: 4, fractionBits: 3)))
    #expect(try NumberFormat(parsing: "fixed:8.8") == .fixed(FixedFormat(integerBits: 8, fractionBits: 8)))
    #expect(
      try NumberFormat(parsing: "fixed:0.16:error")
        == .fixed(FixedFormat(integerBits: 0, fractionBits: 16, overflow: .error)))
    for name in ["fp16", "bf16", "fp32", "fp64", "float:4,3", "fixed:2.5", "fixed:2.5:error"] {
      #expect(try NumberFormat(parsing: name).description == name)
    }
    #expect(throws: FormatError.unknownFormat("fp8")) { try NumberFormat(parsing: "fp8") }
    #expect(throws: FormatError.unknownFormat("float:8")) { try NumberFormat(parsing: "float:8") }
    #expect(throws: FormatError.unknownFormat("fixed:4.4:wrap")) { try NumberFormat(parsing: "fixed:4.4:wrap") }
    #expect(throws: FormatError.unknownFormat("float:-1,3")) { try NumberFormat(parsing: "float:-1,3") }
    #expect(throws: FormatError.fixedBitsOutOfRange("fixed:0.0")) { try NumberFormat(parsing: "fixed:0.0") }
    #expect(throws: FormatError.fixedBitsOutOfRange("fixed:40.40")) { try NumberFormat(parsing: "fixed:40.40") }
    #expect(throws: FormatError.exponentBitsOutOfRange("float:1,10")) { try NumberFormat(parsing: "float:1,10") }
    #expect(throws: FormatError.exponentBitsOutOfRange("float:31,10")) { try NumberFormat(parsing: "float:31,10") }
    #expect(throws: FormatError.fractionBitsOutOfRange("float:8,0")) { try NumberFormat(parsing: "float:8,0") }
    #expect(throws: FormatError.fractionBitsOutOfRange("float:8,63")) { try NumberFormat(parsing: "float:8,63") }
  }

  /// Division of integers below 2^p is one correctly rounded operation natively.
  @Test func roundingMatchesNativeIntegerDivision() {
    var random = SplitMix64(seed: 17)
    for _ in 0..<20_000 {
      let n = random.int64(in: -(1 << 53)...(1 << 53))
      let d = random.int64(in: 1...(1 << 53))
      let exact = Rational(Int(n), Int(d))
      #expect(exact.nearestDouble == Double(n) / Double(d))
      let m = n >> 30
      let e = (d >> 30) | 1
      #expect(Rational(Int(m), Int(e)).nearestFloat == Float(m) / Float(e))
    }
  }
}
