import Constructions
import ExactArithmetic
import Testing
import TestSupport

@testable import Transformer

/// The rounded pass in fixed point on integers against the same pass on
/// exact rationals rounded exactly: every operation, every stage's stream
/// and every output equal bit for bit, and under the `error` rule the same
/// error at the same stage, on formats from fixed:2.4 to fixed:31.31, with
/// wider and narrower accumulators and softmax through exp.
@Suite struct FixedRoundedKernelTests {
  static func fixed(_ i: Int, _ f: Int, _ overflow: FixedFormat.Overflow = .saturate) -> NumberFormat {
    .fixed(FixedFormat(integerBits: i, fractionBits: f, overflow: overflow))
  }

  static let settings: [PrecisionSettings] = [
    PrecisionSettings(format: fixed(8, 8)),
    PrecisionSettings(format: fixed(4, 12)),
    PrecisionSettings(format: fixed(16, 16)),
    PrecisionSettings(format: fixed(2, 4)),
    PrecisionSettings(format: fixed(2, 4, .error)),
    PrecisionSettings(format: fixed(8, 8), accumulator: fixed(16, 16)),
    PrecisionSettings(format: fixed(4, 8, .error), accumulator: fixed(10, 14, .error)),
    // An accumulator with fewer fraction bits than the format: sums round in it.
    PrecisionSettings(format: fixed(6, 10), accumulator: fixed(10, 6)),
    PrecisionSettings(format: fixed(8, 8), exponentialBase: .e),
    // e^0 = 1 is past fixed:0.6's range and saturates.
    PrecisionSettings(format: fixed(0, 6), exponentialBase: .e),
    PrecisionSettings(format: fixed(3, 5, .error), exponentialBase: .e),
    PrecisionSettings(format: fixed(31, 31)),
  ]

  /// What an operation gave: the value, or the error's text.
  static func outcome(_ body: () throws -> FormatValue) -> String {
    do { return "= \(try body())" } catch { return "error: \(error)" }
  }

  /// A random value of `format`: an end of the range, a small multiple of
  /// the resolution (ties in products), or any value.
  static func sample(_ format: FixedFormat, _ rng: inout SplitMix64) -> Rational {
    let bits = format.integerBits + format.fractionBits
    let k: Int64
    switch rng.int(in: 0...5) {
    case 0: k = rng.pick([-(Int64(1) << bits), (Int64(1) << bits) - 1, 0, 1, -1, Int64(1) << max(format.fractionBits - 1, 0)])
    case 1, 2: k = Int64(rng.int(in: -64...64))
    default: k = rng.int64(in: -(Int64(1) << bits)...((Int64(1) << bits) - 1))
    }
    return Rational.dyadic(significand: k.magnitude, exponent: -format.fractionBits, negative: k < 0)
  }

  /// Each operation of the integer arithmetic against the exact format's, on
  /// random and edge values; ties and overflows both occur.
  @Test(arguments: 0..<12)
  func operationsAgreeWithTheExactFormats(settingIndex: Int) throws {
    let settings = Self.settings[settingIndex]
    guard case .fixed(let f) = settings.format, case .fixed(let w) = settings.accumulator else {
      Issue.record("not fixed point")
      return
    }
    // Weights small enough for every format's range (the pass rounds them first).
    let model = try NativeRoundedKernelTests.fractionalModel(seed: 1, scale: Rational(1, 64)).prepared()
    let pass = try RoundedPass(model, settings: settings)
    let arithmetic = try #require(pass.fixedKernel).arithmetic
    let (format, wide) = (settings.format, settings.accumulator)
    func value(_ x: Rational) -> Int64 { arithmetic.value(.finite(x)) }
    func back(_ body: @escaping () throws -> Int64) -> () throws -> FormatValue { { arithmetic.formatValue(try body()) } }
    var rng = SplitMix64(seed: UInt64(100 + settingIndex))
    var ties = 0
    var overflows = 0
    for _ in 0..<1500 {
      let (a, b) = (Self.sample(f, &rng), Self.sample(f, &rng))
      let (x, y) = (Self.sample(w, &rng), Self.sample(w, &rng))
      let product = a * b
      if (product * Rational.dyadic(significand: 1, exponent: w.fractionBits) - Rational(1, 2)).isInteger { ties += 1 }
      if product < w.smallest || product > w.largest || x + y < w.smallest || x + y > w.largest { overflows += 1 }
      let checks: [(String, () throws -> FormatValue, () throws -> FormatValue)] = [
        ("\(a)·\(b) in \(wide)", { try wide.product(.finite(a), .finite(b)) }, back { try arithmetic.wideProduct(value(a), value(b)) }),
        ("\(x)+\(y) in \(wide)", { try wide.sum(.finite(x), .finite(y)) }, back { try arithmetic.wideSum(value(x), value(y)) }),
        ("\(x)+\(a) in \(wide)", { try wide.sum(.finite(x), .finite(a)) }, back { try arithmetic.wideSum(value(x), value(a)) }),
        ("\(x) to \(format)", { try format.round(.finite(x)) }, back { try arithmetic.narrow(value(x)) }),
        ("\(a)+\(b)", { try format.sum(.finite(a), .finite(b)) }, back { try arithmetic.sum(value(a), value(b)) }),
        ("\(a)−\(b)", { try format.difference(.finite(a), .finite(b)) }, back { try arithmetic.difference(value(a), value(b)) }),
        ("\(a)/\(b)", { try format.quotient(.finite(a), .finite(b)) }, back { try arithmetic.quotient(value(a), value(b)) }),
      ]
      for (label, exact, integer) in checks {
        #expect(Self.outcome(integer) == Self.outcome(exact), "\(settings): \(label)")
      }
    }
    for n in [1, 2, 3, 7, 64, 300, 1 << 20] {
      #expect(
        Self.outcome(back { try arithmetic.count(n) }) == Self.outcome { try format.round(Rational(n)) }, "\(settings): count \(n)")
    }
    for _ in 0..<12 {
      let d = -Self.sample(f, &rng).magnitude
      #expect(
        Self.outcome(back { try arithmetic.exponential(value(d)) }) == Self.outcome { try pass.exponential(.finite(d)) },
        "\(settings): exponential of \(d)")
    }
    // A product has 2F fraction bits: a tie needs more than the accumulator's.
    #expect((ties > 0) == (2 * f.fractionBits > w.fractionBits))
    #expect(overflows > 0)
  }

  /// Every stage and output of the two kernels, compared; returns how many runs failed with a format error.
  @discardableResult
  static func expectSame(_ pass: RoundedPass, _ inputs: [[String]]) throws -> Int {
    #expect(pass.usesNativeKernel)
    var failed = 0
    for tokens in inputs {
      let integer = try pass.run(tokens)
      let exact = try pass.run(tokens, kernel: .exactRationals)
      #expect(integer.stages.map(\.label) == exact.stages.map(\.label), "\(pass.settings) \(tokens)")
      for (a, b) in zip(integer.stages, exact.stages) {
        #expect(a.stream == b.stream, "\(pass.settings) \(tokens) \(a.label)")
      }
      #expect("\(integer.outputs)" == "\(exact.outputs)", "\(pass.settings) \(tokens)")
      if case .failure(.format) = exact.outputs.first { failed += 1 }
    }
    return failed
  }

  /// Seeded models with fractional weights (1/3, −3/7…) at scale 1, at a
  /// large scale (saturation, or the overflow error) and a small one
  /// (values below the resolution).
  @Test(arguments: 0..<12)
  func fractionalModelsAgreeBitForBit(settingIndex: Int) throws {
    let settings = Self.settings[settingIndex]
    var rng = SplitMix64(seed: 99)
    let inputs = (0..<5).map { _ in (0..<rng.int(in: 1...12)).map { _ in ["a", "b", "c", "d"][rng.int(in: 0...3)] } }
    var (failed, compared) = (0, 0)
    let models: [(UInt64, Rational)] = [(1, 1), (2, 1), (3, 300), (4, Rational(1, 64)), (5, Rational(1, 2))]
    for (seed, scale) in models {
      let model = try NativeRoundedKernelTests.fractionalModel(seed: seed, scale: scale).prepared()
      // Under the error rule a weight past the range refuses the pass itself (shared by both kernels).
      guard let pass = try? RoundedPass(model, settings: settings) else {
        #expect(throws: FormatError.self) { try RoundedPass(model, settings: settings) }
        continue
      }
      failed += try Self.expectSame(pass, inputs)
      compared += 1
    }
    #expect(compared >= 3)
    // Under the error rule some run overflows.
    if case .fixed(let f) = settings.format, f.overflow == .error { #expect(failed > 0) }
  }

  /// Softmax constructions at lengths where coarse formats break, and a
  /// hard-attention construction (under the error rule in a narrow format a
  /// weight past the range refuses the pass itself, shared by both kernels).
  @Test(arguments: 0..<12)
  func constructionsAgreeBitForBit(settingIndex: Int) throws {
    let settings = Self.settings[settingIndex]
    let cases: [(Model, [[String]])] = [
      (try SoftmaxCounting.first(maxLength: 40), [["1"] + Array(repeating: "0", count: 39), ["0", "1", "1"]]),
      (
        try SoftmaxCounting.parity(length: 10),
        [["1", "0", "1", "1", "0", "0", "1", "0", "1", "1"], Array(repeating: "0", count: 10)]
      ),
      (try Induction.associativeRecall(vocabulary: ["a", "b", "c"], maxLength: 8), [["a", "b", "a", "c", "a", "b"]]),
    ]
    var compared = 0
    for (model, inputs) in cases {
      let prepared = model.prepared()
      guard let pass = try? RoundedPass(prepared, settings: settings) else {
        #expect(throws: FormatError.self) { try RoundedPass(prepared, settings: settings) }
        continue
      }
      try Self.expectSame(pass, inputs)
      compared += 1
    }
    #expect(compared >= 1)
  }

  /// Under `fixed:3.4:error` a seeded model at scale 1/2 overflows in
  /// layer 1's MLP: both kernels keep the same four stages before it and
  /// fail every position with the same error, naming the same exact value.
  @Test func overflowErrorStopsAtTheSameStage() throws {
    let model = try NativeRoundedKernelTests.fractionalModel(seed: 1, scale: Rational(1, 2)).prepared()
    let pass = try RoundedPass(model, settings: PrecisionSettings(format: Self.fixed(3, 4, .error)))
    let tokens = ["a", "c", "b", "d"]
    let integer = try pass.run(tokens)
    let exact = try pass.run(tokens, kernel: .exactRationals)
    guard case .failure(.format(.fixedOverflow(_, let format))) = exact.outputs[0] else {
      Issue.record("no overflow: \(exact.outputs)")
      return
    }
    #expect(format == "fixed:3.4:error")
    #expect(integer.outputs == exact.outputs)
    #expect(exact.stages.map(\.label) == ["embedding", "layer 0 attention", "layer 0 mlp", "layer 1 attention"])
    #expect(integer.stages.map(\.label) == exact.stages.map(\.label))
    for (a, b) in zip(integer.stages, exact.stages) { #expect(a.stream == b.stream) }
  }

  /// e^0 = 1 is rounded into the format like every other exponential:
  /// fixed:0.6 saturates it to 63/64, fixed:0.6:error refuses it.
  @Test func exponentialOfZeroIsRounded() throws {
    #expect(try Self.fixed(0, 6).exponential(.zero, base: .e) == .finite(Rational(63, 64)))
    #expect(try Self.fixed(0, 6).exponential(.zero, base: .two) == .finite(Rational(63, 64)))
    #expect(throws: FormatError.fixedOverflow(value: "1", format: "fixed:0.6:error")) {
      try Self.fixed(0, 6, .error).exponential(.zero, base: .e)
    }
    #expect(try Self.fixed(1, 6).exponential(.zero, base: .e) == .finite(1))
  }

  /// Fixed point runs on integers when its accumulator is fixed point and
  /// the widest integer part plus the finest fraction fits 62 bits; a float
  /// accumulator or a wider combination keeps the exact kernel.
  @Test func kernelSelection() throws {
    let model = try SoftmaxCounting.first(maxLength: 4).prepared()
    func native(_ settings: PrecisionSettings) throws -> Bool { try RoundedPass(model, settings: settings).usesNativeKernel }
    #expect(try native(PrecisionSettings(format: Self.fixed(8, 8))))
    #expect(try native(PrecisionSettings(format: Self.fixed(0, 62))))
    #expect(try native(PrecisionSettings(format: Self.fixed(8, 8), accumulator: Self.fixed(16, 46))))
    #expect(try !native(PrecisionSettings(format: Self.fixed(17, 8), accumulator: Self.fixed(16, 46))))
    #expect(try !native(PrecisionSettings(format: Self.fixed(31, 31), accumulator: Self.fixed(2, 60))))
    #expect(try !native(PrecisionSettings(format: Self.fixed(8, 8), accumulator: .fp32)))
  }
}
