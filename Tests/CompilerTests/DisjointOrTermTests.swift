import Compiler
import ExactArithmetic
import Foundation
import Testing
import Transformer
import Verification

/// An `or` of selectors split into disjoint terms, one head each (issue 13):
/// the branches of `select(k, k, <) or (select(k, k, ==) and …)` are proved
/// disjoint from the comparisons alone (`<` and `==` of the same pair of
/// s-ops never hold together), without listing value combinations, so the
/// split works however many values k takes; and a term of an averaging
/// aggregate whose values are 0 wherever it may select writes only its
/// share 1/(w+1), not a sum that is always 0, so the mean reads one number
/// per term.
@Suite struct DisjointOrTermTests {
  /// The BOS-trick width of `sort_by_frequency.rasp`: 1 / mean over the
  /// selection and position 0 of indicator(indices == 0), less 1.
  static let source = """
    def _bos_width(sel) {
      also_bos = sel or select(indices, 0, ==);
      return 1 / aggregate(also_bos, indicator(indices == 0)) - 1;
    }
    count = _bos_width(select(tokens, tokens, ==));
    earlier = _bos_width(select(tokens, tokens, <) or (select(tokens, tokens, ==) and select(indices, indices, <)));
    rank = selector_width(select(tokens, tokens, <) or (select(tokens, tokens, ==) and select(indices, indices, <)));
    """

  static func compile(_ sop: String, vocabulary: [String], maxLength n: Int, jointLimit: Int? = nil)
    throws -> CompiledProgram
  {
    var options = CompileOptions(vocabulary: vocabulary, maxLength: n)
    options.jointLimit = jointLimit
    return try RASPProgram.parse(source, name: "test.rasp").compile(sop: sop, options: options)
  }

  /// `count` at length 4: the selector is `tokens == tokens` or position 0,
  /// split into the term `tokens == tokens and not indices == 0` (a head)
  /// and position 0 (width 1, sum 1: no head). The averaged indicator is 0
  /// at every key the head may select, so the head writes only its share
  /// s = 1/(w+1) (no sum, no indicator in the embedding) and the MLP reads
  /// count = 1/s − 1 from s alone: 3 units, 14 directions (before: the sum
  /// too, 5 units, 16 directions).
  @Test func zeroSumTermWritesOnlyItsShare() throws {
    let compiled = try Self.compile("count", vocabulary: ["BOS", "a", "b"], maxLength: 4)
    #expect(compiled.writtenValues.filter { $0.stage.contains("attention") }.flatMap(\.directions) == ["s-op.share1"])
    #expect(compiled.model.residual.dimension == 14)
    let head = try #require(compiled.model.layers[0].heads.first)
    #expect(moves(head) == ["bos → s-op.share1": 1])
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(units(mlp) == [
      "relu(2·s-op.share1 + -1) → -4·count:1 + 1·count:0 + 3·count:2",
      "relu(3·s-op.share1 + -1) → -6·count:2 + 2·count:1 + 4·count:3",
      "relu(4·s-op.share1 + -1) → -3·count:3 + 3·count:2",
    ])
    #expect(mlp.input == ["s-op.share1"])
    let verdict = compiled.verify()
    #expect(verdict.passed && verdict.checked == 120, "\(verdict.mismatch ?? "")")
  }

  /// `earlier` (the rank of `sort_by_frequency.rasp`) split into two heads
  /// (`--joint-limit 0`): both terms' sums are 0, so the MLP reads the two
  /// shares only; exact on every input up to length 5.
  @Test func splitRankReadsTwoShares() throws {
    let compiled = try Self.compile("earlier", vocabulary: ["BOS", "a", "b"], maxLength: 5, jointLimit: 0)
    #expect(compiled.headsPerAttentionLayer == [2])
    let mlp = try #require(compiled.model.layers[0].mlp)
    #expect(Set(mlp.input) == ["s-op.share1", "s-op.share2"])
    let verdict = compiled.verify()
    #expect(verdict.passed && verdict.checked == 363, "\(verdict.mismatch ?? "")")
  }

  /// Majority at length 8: the rank `destination` of its sort is the width
  /// of `(-count) < (-count) or ((-count) == (-count) and indices < indices)`,
  /// split into two heads; its MLP tabulates pairs of the two shares, and
  /// only the pairs with w₁ + w₂ ≤ 7 (the union selects at most 7 keys), so
  /// 86 units instead of 139 over every pair; exact on every input up to
  /// length 6.
  @Test func jointSharesOnlyWhereTheUnionFits() throws {
    let compiled = try RASPCompiler.compile(
      file: "\(circuits)/majority.rasp", sop: "majority",
      options: CompileOptions(vocabulary: ["a", "b", "c"], maxLength: 8))
    #expect(compiled.headsPerAttentionLayer == [1, 2, 1, 1])
    #expect(compiled.model.layers.map { $0.mlp?.hiddenWidth ?? 0 } == [9, 86, 0, 0])
    #expect(compiled.model.parameterCount == 1572)
    let verdict = compiled.verify(lengths: 1...6)
    #expect(verdict.passed && verdict.checked == 1092, "\(verdict.mismatch ?? "")")
  }

  /// 450 tokens: the `<` and `==` branches compare tokens with tokens, 202,500
  /// value pairs, past what enumeration examines; the comparisons alone
  /// prove them disjoint, so with `--joint-limit 0` the selector splits into
  /// a head over the token one-hots and one over token and position
  /// one-hots side by side (459 directions), instead of one head over the
  /// joint (token, position) one-hot (906 directions, 2,446,244 parameters).
  @Test func comparisonsProveDisjointnessPastEnumeration() throws {
    let vocabulary = (0..<450).map { String(format: "t%03d", $0) }
    let compiled = try Self.compile("rank", vocabulary: vocabulary, maxLength: 2, jointLimit: 0)
    #expect(compiled.headsPerAttentionLayer == [2])
    #expect(compiled.model.residual.dimension == 459)
    #expect(compiled.model.parameterCount == 616_598)
    #expect(!compiled.writtenValues.map(\.description).contains { $0.contains("joint one-hot") })
    let ones = compiled.verify(lengths: 1...1)
    #expect(ones.passed && ones.checked == 450, "\(ones.mismatch ?? "")")
    let pairs = compiled.verify(samples: 200, seed: 13)
    #expect(pairs.passed, "\(pairs.mismatch ?? "")")
  }
}
