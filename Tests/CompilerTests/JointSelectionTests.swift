import Compiler
import ExactArithmetic
import Testing
import Transformer

/// Selectors that compare several s-ops jointly take one head over joint
/// one-hots, and maps of tokens and indices together fold into a joint
/// (token, position) embedding; both can be turned off.
@Suite struct JointSelectionTests {
  static let rank = """
    rank = selector_width(select(tokens, tokens, <) or (select(tokens, tokens, ==) and select(indices, indices, <)));
    """

  /// Sort's rank, (token, position) before the query's in lexicographic
  /// order, is one head under a joint limit: the two disjoint terms are
  /// scored side by side, the first on the token one-hots, the second on
  /// the joint one-hot.
  @Test func lexicographicRankIsOneHead() throws {
    let compiled = try compile(Self.rank, "rank", vocabulary: ["a", "b"], maxLength: 2, jointLimit: 1_024)
    let model = compiled.model
    #expect(model.headsPerLayer == [1])
    #expect(compiled.analyser.headsPerLayer == [2])
    let joint = "(tokens,indices)"
    #expect(scores(model.layers[0].heads[0]) == [
      "tokens:b × tokens:a": 1,  // the key's token comes first
      "\(joint):(a,1) × \(joint):(a,0)": 1,  // the same token at an earlier position
      "\(joint):(b,1) × \(joint):(b,0)": 1,
      "one × bos": 1,  // BOS ties with the selected keys, so it gets 1/(w+1)
      "bos × bos": 3,  // the BOS query attends to BOS alone
    ])
    // Sequence position i+1 holds input position i (BOS is position 0).
    #expect(model.embedding.joint["a"] == [[:], ["\(joint):(a,0)": 1], ["\(joint):(a,1)": 1]])
    #expect(model.embedding.joint["b"] == [[:], ["\(joint):(b,0)": 1], ["\(joint):(b,1)": 1]])
    #expect(try model.run(["b", "a"]).outputs.map(\.description) == ["1", "0"])
    #expect(try model.run(["b", "b"]).outputs.map(\.description) == ["0", "1"])
    let report = try compile(Self.rank, "rank", vocabulary: ["a", "b", "c"], maxLength: 6, jointLimit: 1_024).verify()
    #expect(report.passed && report.checked == 1092)
  }

  /// Without a joint limit the joint head and the split heads are both
  /// compiled and the one with fewer parameters is kept, unless it has more
  /// heads in a layer than the analyser counts. With one-hot comparisons
  /// throughout, so the choice is between joint and split one-hots only.
  @Test func jointOrSplitByExactCost() throws {
    let sort = "\(circuits)/sort.rasp"
    func build(_ file: String, _ sop: String, _ vocabulary: [String], _ n: Int, _ limit: Int?) throws -> CompiledProgram {
      var options = CompileOptions(vocabulary: vocabulary, maxLength: n, jointLimit: limit)
      options.numericalComparisons = false
      return try RASPCompiler.compile(file: file, sop: sop, options: options)
    }
    // Sort's rank: the split (2 heads, as the analyser counts) is smaller.
    let joint = try build(sort, "sorted_tokens", ["a", "b", "c"], 4, 1_024)
    let split = try build(sort, "sorted_tokens", ["a", "b", "c"], 4, 0)
    let chosen = try build(sort, "sorted_tokens", ["a", "b", "c"], 4, nil)
    #expect(joint.model.parameterCount == 958 && joint.model.residual.dimension == 29)
    #expect(split.model.parameterCount == 465 && split.model.residual.dimension == 18)
    #expect(chosen.headsPerAttentionLayer == [2, 1] && chosen.analyser.headsPerLayer == [2, 1])
    #expect(try chosen.model.jsonData() == split.model.jsonData())
    // sort_bos: the split is smaller too, but needs 2 heads where the analyser counts 1.
    let bos = "\(circuits)/sort_bos.rasp"
    let vocabulary = ["BOS", "a", "b", "c"]
    let bosJoint = try build(bos, "sort_bos", vocabulary, 5, 1_024)
    let bosSplit = try build(bos, "sort_bos", vocabulary, 5, 0)
    let bosChosen = try build(bos, "sort_bos", vocabulary, 5, nil)
    #expect(bosSplit.model.parameterCount == 771 && bosJoint.model.parameterCount == 2162)
    #expect(bosChosen.headsPerAttentionLayer == [1, 1] && bosChosen.analyser.headsPerLayer == [1, 1])
    #expect(try bosChosen.model.jsonData() == bosJoint.model.jsonData())
    #expect(chosen.verify().passed && bosChosen.verify().passed)
  }

  /// Above the joint limit the selector is split, one head per term over
  /// separate one-hots: more heads, a narrower stream, the same function.
  @Test func splitSelectorsTradeHeadsForWidth() throws {
    let file = "\(circuits)/sort_bos.rasp"
    let vocabulary = ["BOS", "a", "b", "c"]
    let joint = try RASPCompiler.compile(
      file: file, sop: "sort_bos", options: CompileOptions(vocabulary: vocabulary, maxLength: 5))
    let split = try RASPCompiler.compile(
      file: file, sop: "sort_bos",
      options: CompileOptions(vocabulary: vocabulary, maxLength: 5, jointLimit: 0))
    #expect(joint.headsPerAttentionLayer == [1, 1])
    #expect(joint.analyser.headsPerLayer == [1, 1])
    // The joint one-hot: 4 tokens × 5 positions.
    let size = joint.model.residual.names.filter { $0.hasPrefix("(tokens,indices):") }.count
    #expect(size == 20)
    for (limit, heads) in [(size, [1, 1]), (size - 1, [2, 1])] {
      let compiled = try RASPCompiler.compile(
        file: file, sop: "sort_bos",
        options: CompileOptions(vocabulary: vocabulary, maxLength: 5, jointLimit: limit))
      #expect(compiled.headsPerAttentionLayer == heads, "joint limit \(limit)")
    }
    #expect(split.headsPerAttentionLayer == [2, 1])
    #expect(split.model.residual.dimension < joint.model.residual.dimension)
    #expect(split.model.embedding.joint.isEmpty && !joint.model.embedding.joint.isEmpty)
    for compiled in [joint, split] {
      let report = compiled.verify()
      #expect(report.passed && report.checked + report.undefined == 1364)
    }
  }

  static let mixed = """
    late_a = tokens == "a" and indices > 1;
    previous = aggregate(select(indices, indices - 1, ==), late_a, False);
    """

  /// A map of the token and the position together is written by the joint
  /// embedding; with an additive embedding it needs an MLP before the first
  /// attention layer.
  @Test func mapsOfTokensAndIndicesFoldIntoTheEmbedding() throws {
    let joint = try compile(Self.mixed, "previous", vocabulary: ["a", "b"], maxLength: 4)
    #expect(joint.model.layers.count == 1)
    #expect(!joint.hasPreAttentionMLP)
    // Input positions 0...3 are sequence positions 1...4.
    #expect(joint.model.embedding.joint["a"]?.map { $0.keys.sorted() }
      == [[], ["late_a:False"], ["late_a:False"], ["late_a:True"], ["late_a:True"]])
    #expect(joint.model.embedding.joint["b"]?.map { $0.keys.sorted() }
      == [[], ["late_a:False"], ["late_a:False"], ["late_a:False"], ["late_a:False"]])
    let additive = try RASPProgram.parse(Self.mixed, name: "test.rasp").compile(
      sop: "previous",
      options: CompileOptions(vocabulary: ["a", "b"], maxLength: 4, jointEmbedding: false))
    #expect(additive.model.layers.count == 2)
    #expect(additive.hasPreAttentionMLP)
    #expect(additive.model.embedding.joint.isEmpty)
    #expect(additive.headsPerAttentionLayer == [1])
    for compiled in [joint, additive] {
      let report = compiled.verify()
      #expect(report.passed && report.checked == 30)
    }
    #expect(try joint.model.run(["a", "a", "a", "b"]).outputs.map(\.description) == ["False", "False", "False", "True"])
  }
}
