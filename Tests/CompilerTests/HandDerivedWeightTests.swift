import Compiler
import ExactArithmetic
import Testing
import Transformer

/// Compiled weights of small programs against matrices derived by hand from
/// the constructions (HeadBuilder, LookupMLPBuilder): every entry is listed.
@Suite struct HandDerivedWeightTests {
  /// One head reverses inputs of length 3: query (2 - i) one-hot against key i
  /// one-hot; BOS just below a match (1/2); the BOS query sees only BOS (2).
  /// The one-hot construction (by cost the compiler would score this `==`
  /// numerically, NumericalSelectorTests).
  @Test func oneHeadReverse() throws {
    let compiled = try compile(
      #"flip = aggregate(select(indices, 2 - indices, ==), tokens, "-");"#, "flip",
      vocabulary: ["a", "b"], maxLength: 3, numericalComparisons: false)
    let model = compiled.model
    #expect(model.residual.names == [
      "one", "bos", "tokens:a", "tokens:b", "indices:0", "indices:1", "indices:2",
      "(2-indices):0", "(2-indices):1", "(2-indices):2", "flip:-", "flip:a", "flip:b",
    ])
    // Embedding: tokens one-hot, BOS row only `bos`; position p = i + 1 holds
    // i and the folded map 2 - i.
    #expect(model.embedding.tokens["a"] == ["tokens:a": 1])
    #expect(model.embedding.tokens["<bos>"] == ["bos": 1])
    #expect(model.embedding.positions[0] == [:])
    #expect(model.embedding.positions[1] == ["indices:0": 1, "(2-indices):2": 1])
    #expect(model.embedding.positions[3] == ["indices:2": 1, "(2-indices):0": 1])
    #expect(model.embedding.constant == ["one": 1])
    #expect(model.layers.count == 1)
    #expect(model.layers[0].mlp == nil)
    let head = try #require(model.layers[0].heads.first)
    #expect(model.layers[0].heads.count == 1)
    #expect(head.semantics == .averagingHard)
    #expect(scores(head) == [
      "(2-indices):0 × indices:0": 1, "(2-indices):1 × indices:1": 1, "(2-indices):2 × indices:2": 1,
      "one × bos": Rational(1, 2), "bos × bos": 2,
    ])
    #expect(moves(head) == ["tokens:a → flip:a": 1, "tokens:b → flip:b": 1, "bos → flip:-": 1])
    #expect(model.readout == .categorical(directions: ["flip:-", "flip:a", "flip:b"], labels: [.text("-"), .text("a"), .text("b")]))
    #expect(try model.run(["a", "b", "b"]).outputs == [.text("b"), .text("b"), .text("a")])
    #expect(try model.run(["a", "b"]).outputs == [.text("-"), .text("b")])
    #expect(compiled.verify().passed)
  }

  /// Selector width: BOS ties with the selected keys (score 1), so the head
  /// writes 1/(w+1); the MLP maps 1/3 → 2 and 1/2 → 1 exactly:
  /// out = e₂ + 2·relu(3·share − 1)·(e₁ − e₂).
  @Test func selectorWidthHeadAndDecoder() throws {
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/histogram.rasp", sop: "histogram",
      options: CompileOptions(vocabulary: ["a", "b"], maxLength: 2))
    let model = compiled.model
    #expect(model.residual.names == ["one", "bos", "tokens:a", "tokens:b", "histogram.share", "histogram:1", "histogram:2"])
    let head = try #require(model.layers.first?.heads.first)
    #expect(scores(head) == ["tokens:a × tokens:a": 1, "tokens:b × tokens:b": 1, "one × bos": 1, "bos × bos": 2])
    #expect(moves(head) == ["bos → histogram.share": 1])
    let mlp = try #require(model.layers.first?.mlp)
    #expect(units(mlp) == ["relu(3·histogram.share + -1) → -2·histogram:2 + 2·histogram:1"])
    #expect(outputBias(mlp) == ["histogram:2": 1])
    #expect(try model.run(["a", "b"]).outputs == [.number(1), .number(1)])
    #expect(try model.run(["b", "b"]).outputs == [.number(2), .number(2)])
  }

  /// A numerical aggregate: the mean of the folded indicator over the prefix,
  /// moved through one direction (value weight 1), exact at every input.
  @Test func numericalMean() throws {
    let compiled = try compile(
      #"frac = aggregate(select(indices, indices, <=), indicator(tokens == "a"));"#, "frac",
      vocabulary: ["a", "b"], maxLength: 2)
    let model = compiled.model
    #expect(model.residual.names == ["one", "bos", "indices:0", "indices:1", #"I((tokens=="a"))"#, "frac"])
    #expect(model.embedding.tokens["a"] == [#"I((tokens=="a"))"#: 1])
    #expect(model.embedding.tokens["b"] == [:])
    let head = try #require(model.layers.first?.heads.first)
    #expect(scores(head) == [
      "indices:0 × indices:0": 1, "indices:1 × indices:0": 1, "indices:1 × indices:1": 1,
      "one × bos": Rational(1, 2), "bos × bos": 2,
    ])
    #expect(moves(head) == [#"I((tokens=="a")) → frac"#: 1])
    #expect(model.readout == .numerical(direction: "frac"))
    #expect(try model.run(["b", "a"]).outputs == [.number(0), .number(Rational(1, 2))])
  }

  /// A numerical map through a finite set: length = round(1 / mean) from the
  /// mean 1/n, interpolated exactly through (1/3, e₃), (1/2, e₂), (1, e₁):
  /// slopes 6(e₂ − e₃) then 2(e₁ − e₂); units scaled to integer weights.
  @Test func piecewiseLinearLength() throws {
    let compiled = try compile("", "length", vocabulary: ["a"], maxLength: 3)
    let model = compiled.model
    let mlp = try #require(model.layers.first?.mlp)
    let mean = try #require(mlp.input.first)
    #expect(mlp.input.count == 1)
    #expect(units(mlp) == [
      "relu(3·\(mean) + -1) → -2·length:3 + 2·length:2",
      "relu(2·\(mean) + -1) → -4·length:2 + 1·length:1 + 3·length:3",
    ])
    #expect(outputBias(mlp) == ["length:3": 1])
    for n in 1...3 {
      #expect(try model.run(Array(repeating: "a", count: n)).outputs == Array(repeating: .number(Rational(n)), count: n))
    }
  }

  /// A categorical map of an attention output is one lookup MLP: one unit per
  /// value of the input that maps away from the most common output.
  @Test func categoricalLookup() throws {
    let compiled = try compile(
      #"prev = aggregate(select(indices, indices - 1, ==), tokens, "a"); same = prev == "b";"#, "same",
      vocabulary: ["a", "b"], maxLength: 2)
    let model = compiled.model
    let mlp = try #require(model.layers.first?.mlp)
    #expect(units(mlp) == ["relu(1·prev:b + 0) → -1·same:False + 1·same:True"])
    #expect(outputBias(mlp) == ["same:False": 1])
    #expect(compiled.verify().passed)
  }
}
