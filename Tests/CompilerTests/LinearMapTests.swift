import Compiler
import ExactArithmetic
import Testing
import Transformer
import Verification

/// Maps that are affine in numerically encoded inputs, and comparisons of
/// such a value with a constant, at lengths where their operands' value sets
/// are large (issue 13): the affine form is found by checking the map
/// exactly on the operand values that occur together, so the MLP
/// interpolates along that one coordinate instead of tabulating the joint
/// values of its inputs.
@Suite struct LinearMapTests {
  /// Openers minus closers, as prefix fractions (Tracr's pair balance).
  static let balance = """
    prevs = select(indices, indices, <=);
    opens = aggregate(prevs, indicator(tokens == "("));
    closes = aggregate(prevs, indicator(tokens == ")"));
    bal = opens - closes;
    neg = indicator(bal < 0);
    zero = bal == 0;
    last = select(indices, length - 1, ==);
    all = select(1, 1, ==);
    ever_neg = aggregate(all, indicator(bal < 0)) > 0;
    shuffle_dyck1 = (not ever_neg) and aggregate(last, bal == 0);
    """

  /// `opens - closes` at length 64 (each operand ~1,300 values, 1.7M
  /// pairs; before: 32,808 hidden units tabulating them): one unit per
  /// operand, relu(opens) − relu(closes), exact since both are ≥ 0. (A
  /// listed operand with more than 64 values is read as a sum of one
  /// function per stream value, which takes one unit more here than the
  /// single unit relu(opens − closes + 1) − 1 of the affine form.)
  @Test func differenceOfNumericalValuesIsTwoUnits() throws {
    let compiled = try compile(Self.balance, "bal", vocabulary: ["(", ")"], maxLength: 64)
    let model = compiled.model
    #expect(model.layers.count == 1)
    let mlp = try #require(model.layers[0].mlp)
    #expect(units(mlp) == ["relu(1·opens + 0) → 1·bal", "relu(1·closes + 0) → -1·bal"])
    #expect(outputBias(mlp) == [:])
    #expect(model.readout == .numerical(direction: "bal"))
    let verdict = compiled.verify(samples: 200, seed: 13)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    #expect(verdict.checked == 200)
  }

  /// `bal < 0` at length 64: two units whose slope 64 is one over the
  /// smallest gap of bal's values at 0 (−1/64 → 0):
  /// neg = 1 − relu(64·bal + 1) + 64·relu(bal), with bal = opens − closes
  /// read from the stream (before: 5,040 units).
  @Test func comparisonWithZeroIsTwoUnits() throws {
    let compiled = try compile(Self.balance, "neg", vocabulary: ["(", ")"], maxLength: 64)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-64·closes + 64·opens + 1) → -1·neg:1 + 1·neg:0",
      "relu(-1·closes + 1·opens + 0) → -64·neg:0 + 64·neg:1",
    ])
    #expect(outputBias(mlp) == ["neg:1": 1])
    let verdict = compiled.verify(samples: 200, seed: 14)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// `bal == 0` at length 64: three units, the hat
  /// relu(64·bal + 1) − 2·relu(64·bal) + relu(64·bal − 1) (before: 3,780 units).
  @Test func equalityWithZeroIsThreeUnits() throws {
    let compiled = try compile(Self.balance, "zero", vocabulary: ["(", ")"], maxLength: 64)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(-64·closes + 64·opens + 1) → -1·zero:False + 1·zero:True",
      "relu(-1·closes + 1·opens + 0) → -128·zero:True + 128·zero:False",
      "relu(-64·closes + 64·opens + -1) → -1·zero:False + 1·zero:True",
    ])
    #expect(outputBias(mlp) == ["zero:False": 1])
    let verdict = compiled.verify(samples: 200, seed: 15)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }

  /// Shuffle-Dyck-1 (Tracr's task) compiles at length 64 (before: 7,228
  /// units in its first MLP with a third token, over the joint values of
  /// both prefix fractions) and agrees with the program on seeded inputs.
  /// The second MLP is shared steps from the last point (2 units; its two
  /// tables: 3).
  @Test func shuffleDyck1CompilesAtLength64() throws {
    let compiled = try compile(Self.balance, "shuffle_dyck1", vocabulary: ["(", ")"], maxLength: 64)
    #expect(compiled.model.layers.map { $0.mlp?.hiddenWidth ?? 0 } == [67, 2])
    let verdict = compiled.verify(samples: 100, seed: 16)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
    #expect(verdict.checked == 100)
  }

  /// `3·opens − closes/2 + 1` at length 64: affine with a fractional
  /// coefficient, so its values are not integers and unit steps would not
  /// keep the weights integral: linear interpolation, one unit (was 17,614
  /// step units, two per value).
  @Test func fractionalAffineMapIsOneUnit() throws {
    let source = Self.balance + "\nmix = 3 * opens - closes / 2 + 1;"
    let compiled = try compile(source, "mix", vocabulary: ["(", ")"], maxLength: 64)
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == ["relu(-1·closes + 6·opens + 1) → 1/2·mix"])
    #expect(outputBias(mlp) == ["mix": Rational(1, 2)])
    let verdict = compiled.verify(samples: 100, seed: 17)
    #expect(verdict.passed, "\(verdict.mismatch ?? "")")
  }
}

extension CompiledProgram {
  /// The compiled model against its program on `samples` seeded random
  /// inputs of lengths 1...maxLength, by the verification engine.
  func verify(samples: Int, seed: UInt64) -> ProgramVerdict {
    do {
      let space = try InputSpace.samples(
        vocabulary: options.vocabulary, lengths: 1...options.maxLength, count: samples, seed: seed)
      let specification = RASPSpecification(compiled: self, name: "program", source: "")
      return ProgramVerdict(verdict: try Verifier(model: model).verifyBlocking(specification, over: space))
    } catch {
      return ProgramVerdict(verdict: nil, error: "\(error)")
    }
  }
}
