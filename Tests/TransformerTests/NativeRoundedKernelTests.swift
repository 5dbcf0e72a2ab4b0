import Constructions
import ExactArithmetic
import Testing
import TestSupport
import Transformer

/// The rounded pass on native Doubles against the same pass on exact
/// rationals rounded exactly: every stage's stream and every output equal,
/// bit for bit (signed zeros, infinities and NaNs included), on models
/// with hard, averaging and softmax heads, fractional weights, and formats
/// down to 3 fraction bits where overflow and subnormals occur.
@Suite struct NativeRoundedKernelTests {
  /// A seeded model with fractional, non-dyadic weights (1/3, 3/7…), one
  /// softmax, one averaging and one hard head a layer, and an MLP.
  static func fractionalModel(seed: UInt64, scale: Rational) throws -> Model {
    var rng = SplitMix64(seed: seed)
    let palette: [Rational] = [1, -1, Rational(1, 3), Rational(-3, 7), Rational(5, 2), Rational(7, 1000), 3, Rational(-1, 4)]
    func weight() -> Rational { palette[rng.int(in: 0...(palette.count - 1))] * scale }
    let tokens = ["a", "b", "c", "d"]
    var builder = ModelBuilder(
      name: "fractional-\(seed)", vocabulary: tokens, maxLength: 12,
      positions: .entries { ["pos": Rational($0, 3)] })
    let features = (0..<10).map { "f:\($0)" }
    builder.declare(features)
    let readable = builder.residual.names
    func pick(_ names: [String]) -> String { names[rng.int(in: 0...(names.count - 1))] }
    for l in 0..<2 {
      var heads: [AttentionHead] = []
      for (h, semantics) in [AttentionSemantics.softmaxBase2, .averagingHard, .uniqueHard(.rightmost)].enumerated() {
        heads.append(AttentionHead(
          name: "h\(l).\(h)", scores: (0..<6).map { _ in (pick(readable), pick(readable), weight()) },
          moves: (0..<4).map { _ in (pick(readable), pick(features), weight()) },
          semantics: semantics, mask: h == 1 ? .none : .causal))
      }
      let units = (0..<8).map { _ in
        MLP.Unit(
          inputs: (0..<3).map { _ in (pick(readable), weight()) }, bias: weight(),
          outputs: (0..<2).map { _ in (pick(features), weight()) })
      }
      try builder.appendLayer(heads: heads, mlp: MLP(name: "mlp\(l)", units: units))
    }
    return try builder.build(readout: .numerical(direction: features.last!))
  }

  static let settings: [PrecisionSettings] = [
    PrecisionSettings(format: .fp16),
    PrecisionSettings(format: .bf16),
    PrecisionSettings(format: .fp32),
    PrecisionSettings(format: .bf16, accumulator: .fp32),
    PrecisionSettings(format: .fp16, accumulator: .fp64),
    PrecisionSettings(format: .fp64),
    PrecisionSettings(format: .fp32, exponentialBase: .e),
    PrecisionSettings(format: .float(FloatFormat(exponentBits: 3, fractionBits: 3))),
    PrecisionSettings(format: .float(FloatFormat(exponentBits: 4, fractionBits: 2)), accumulator: .bf16),
  ]

  /// Every stage and output of the two kernels, compared.
  static func expectSame(_ pass: RoundedPass, _ inputs: [[String]]) throws {
    #expect(pass.usesNativeKernel)
    for tokens in inputs {
      let native = try pass.run(tokens)
      let exact = try pass.run(tokens, kernel: .exactRationals)
      #expect(native.stages.map(\.label) == exact.stages.map(\.label))
      for (a, b) in zip(native.stages, exact.stages) {
        #expect(a.stream == b.stream, "\(pass.settings) \(tokens) \(a.label)")
      }
      #expect("\(native.outputs)" == "\(exact.outputs)", "\(pass.settings) \(tokens)")
    }
  }

  @Test(arguments: 0..<9)
  func fractionalModelsAgreeBitForBit(settingIndex: Int) throws {
    var rng = SplitMix64(seed: 99)
    let inputs = (0..<6).map { _ in (0..<rng.int(in: 1...12)).map { _ in ["a", "b", "c", "d"][rng.int(in: 0...3)] } }
    // Scale 1 and a large scale (overflow to ±∞ and NaN in the narrow formats).
    for (seed, scale) in [(UInt64(1), Rational(1)), (2, Rational(1)), (3, Rational(300))] {
      let model = try Self.fractionalModel(seed: seed, scale: scale).prepared()
      try Self.expectSame(RoundedPass(model, settings: Self.settings[settingIndex]), inputs)
    }
  }

  /// Softmax constructions at lengths where the formats break, and a hard-attention construction.
  @Test(arguments: 0..<9)
  func constructionsAgreeBitForBit(settingIndex: Int) throws {
    let settings = Self.settings[settingIndex]
    let first = try SoftmaxCounting.first(maxLength: 40).prepared()
    try Self.expectSame(
      RoundedPass(first, settings: settings), [["1"] + Array(repeating: "0", count: 39), ["0", "1", "1"]])
    let parity = try SoftmaxCounting.parity(length: 10).prepared()
    try Self.expectSame(
      RoundedPass(parity, settings: settings), [["1", "0", "1", "1", "0", "0", "1", "0", "1", "1"], Array(repeating: "0", count: 10)])
    let recall = try Induction.associativeRecall(vocabulary: ["a", "b", "c"], maxLength: 8).prepared()
    try Self.expectSame(RoundedPass(recall, settings: settings), [["a", "b", "a", "c", "a", "b"]])
  }

  /// Float formats of more than 25 significand bits (fp64 apart: Double's
  /// own arithmetic) keep the exact kernel; an accumulator that cannot hold
  /// the format's values does too, and so does fixed point with a float
  /// accumulator (fixed point with its own runs on integers, FixedRoundedKernelTests).
  @Test func otherFormatsUseTheExactKernel() throws {
    let model = try Self.fractionalModel(seed: 1, scale: 1).prepared()
    let fixed = NumberFormat.fixed(FixedFormat(integerBits: 8, fractionBits: 8))
    #expect(try !RoundedPass(model, settings: PrecisionSettings(format: fixed, accumulator: .fp32)).usesNativeKernel)
    #expect(try RoundedPass(model, settings: PrecisionSettings(format: .fp64)).usesNativeKernel)
    #expect(
      try !RoundedPass(model, settings: PrecisionSettings(format: .float(FloatFormat(exponentBits: 8, fractionBits: 25))))
        .usesNativeKernel)
    #expect(try !RoundedPass(model, settings: PrecisionSettings(format: .fp16, accumulator: .bf16)).usesNativeKernel)
    #expect(try RoundedPass(model, settings: PrecisionSettings(format: .bf16, accumulator: .fp32)).usesNativeKernel)
  }
}
