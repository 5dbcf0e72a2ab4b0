import Constructions
import ExactArithmetic
import Testing
import Transformer

/// The rounded forward pass: against native Float16 arithmetic in the stated
/// order of operations, exact where every value is representable, and the
/// comparison's verdicts.
@Suite struct RoundedPassTests {
  /// FIRST in fp16: the head's weights are 2^−10 and 1, Z accumulates
  /// 2^−10 + 1 + (n − 1)·2^−10 left to right, the output is (1/Z)·(±1/2).
  /// Past Z = 2, adding 2^−10 ties to even and Z stops growing.
  @Test(arguments: [1, 5, 40])
  func firstSoftmaxMatchesFloat16InOrder(length n: Int) throws {
    let model = try SoftmaxCounting.first(maxLength: 40).prepared()
    let pass = try RoundedPass(model, settings: PrecisionSettings(format: .fp16))
    for bit in ["0", "1"] {
      let tokens = [bit] + Array(repeating: "0", count: n - 1)
      var z = Float16(0x1p-10)
      z += 1
      for _ in 0..<(n - 1) { z += Float16(0x1p-10) }
      let expected = (1 / z) * (bit == "1" ? Float16(0.5) : Float16(-0.5))
      let run = try pass.run(tokens)
      #expect(try run.outputs.map { try $0.get() } == Array(repeating: .number(FormatValue(Float(expected)).rational!), count: n))
    }
  }

  /// Integer weights and values: the fp32 run is the exact run, stream for stream.
  @Test func integerModelRunsExactlyInBinary32() throws {
    let model = try Induction.associativeRecall(vocabulary: ["a", "b", "c"], maxLength: 8).prepared()
    let pass = try RoundedPass(model, settings: PrecisionSettings(format: .fp32))
    let comparison = try RoundedComparison(pass, ["a", "b", "a", "c", "a", "b"], decision: .value)
    #expect(comparison.agrees)
    #expect(comparison.departure == nil)
  }

  /// parity-softmax in a coarse fixed-point format loses the bump (values
  /// below the resolution round to 0), so its margin has the wrong sign or vanishes.
  @Test func paritySoftmaxBreaksInCoarseFixedPoint() throws {
    let model = try SoftmaxCounting.parity(length: 8).prepared()
    let coarse = NumberFormat.fixed(FixedFormat(integerBits: 2, fractionBits: 4))
    let search = PrecisionSearch(model: { _ in model }, lengths: 8...8, samples: 256, decision: .sign)
    let outcome = try search.run(PrecisionSettings(format: coarse))
    let (tokens, comparison) = try #require(outcome.counterexample)
    #expect(outcome.agreedUpTo == 7)
    #expect(tokens.count == 8)
    #expect(!comparison.agrees)
    #expect(comparison.departure != nil)
    let fine = try search.run(PrecisionSettings(format: .fp32))
    #expect(fine.counterexample == nil)
    #expect(fine.checked == 256)
  }

  /// A wider accumulator: with 6 fraction bits, Z = 2^−10 + 1 + (n − 1)·2^−10
  /// stalls at 1 when summed in the format (each 2^−10 is below half an ulp
  /// of 1, 2^−7), so the output is 1·(1/2); summed in fp32, Z = 1 + 20/1024
  /// exactly, rounded to 65/64, the first weight 64/65 rounds to 63/64 and
  /// the output is 63/128 (the exact output is 128/261). The same stall in
  /// fp16 (ulp 2^−10 at 1) comes only past Z = 2, after 1024 positions.
  @Test func widerAccumulatorKeepsCounting() throws {
    let model = try SoftmaxCounting.first(maxLength: 20).prepared()
    let narrowFormat = NumberFormat.float(FloatFormat(exponentBits: 5, fractionBits: 6))
    let wide = try RoundedPass(model, settings: PrecisionSettings(format: narrowFormat, accumulator: .fp32))
    let narrow = try RoundedPass(model, settings: PrecisionSettings(format: narrowFormat))
    let tokens = ["1"] + Array(repeating: "0", count: 19)
    #expect(try narrow.run(tokens).outputs[0].get() == .number(Rational(1, 2)))
    #expect(try wide.run(tokens).outputs[0].get() == .number(Rational(63, 128)))
    #expect(try model.outputsByPosition(tokens)[0].get() == .number(Rational(128, 261)))
  }
}
