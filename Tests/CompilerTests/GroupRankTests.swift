import Compiler
import Foundation
import Testing
import Transformer

/// Selectors proved causal by a rank within a group (``GroupRank``): with
/// `rank = selector_width(select(tokens, tokens, ==) and prefix)`, a
/// conjunction of `select(tokens, tokens, ==)` and a comparison forcing
/// rank(key) ≤ rank(query) never selects a later key, so its head is
/// causally masked; near misses keep a full mask. Every model is checked
/// against the program on every input.
@Suite struct GroupRankTests {
  static let ranks = """
    prefix = select(indices, indices, <=);
    same = select(tokens, tokens, ==);
    rank = selector_width(same and prefix);
    before = selector_width(same and select(indices, indices, <));
    suffix_rank = selector_width(same and select(indices, indices, >=));
    a_count = selector_width(prefix and select(tokens, "a", ==));
    previous = aggregate(same and select(rank, rank - 1, ==), indices, -1);
    itself = aggregate(same and select(rank, rank, ==), indices, -1);
    earlier = selector_width(same and select(before, before, <));
    at_most = selector_width(same and not select(rank, rank, >));
    next = aggregate(same and select(rank, rank + 1, ==), indices, -1);
    next_by_suffix = aggregate(same and select(suffix_rank, suffix_rank - 1, ==), indices, -1);
    ungrouped = selector_width(select(rank, rank - 1, ==));
    filtered_same = selector_width(select(a_count, a_count, ==));
    filtered_less = selector_width(select(a_count, a_count, <));
    shifted = aggregate(select(indices + 2, indices, ==), tokens, "_");
    ahead = aggregate(select(indices, indices + 1, ==), tokens, "_");
    """

  /// The masks of the heads of the s-op's last attention layer, the model's
  /// outputs on `input`, and whether every input up to the length agrees.
  static func check(_ sop: String, input: [String]) throws -> (mask: AttentionMask, outputs: [String], verified: Bool) {
    let compiled = try compile(ranks, sop, vocabulary: ["a", "b"], maxLength: 6)
    let head = try #require(compiled.model.layers.last(where: { !$0.heads.isEmpty })?.heads.last)
    let outputs = try compiled.model.run(input).outputs.map(\.description)
    return (head.mask, outputs, compiled.verify().passed)
  }

  /// The previous position of the same token (rank − 1): proved, and the
  /// model is causal.
  @Test func previousInGroupIsCausal() throws {
    let compiled = try compile(Self.ranks, "previous", vocabulary: ["a", "b"], maxLength: 6)
    #expect(compiled.model.layers.flatMap(\.heads).allSatisfy { $0.mask == .causal })
    #expect(compiled.model.prepared().isCausal)
    let result = try Self.check("previous", input: ["a", "b", "a", "a", "b"])
    #expect(result.mask == .causal)
    #expect(result.outputs == ["-1", "-1", "0", "2", "1"])
    #expect(result.verified)
  }

  /// Rank − 0 selects the query itself (rank is injective in a group); a
  /// strict `<` on the rank counted with `<`; a negated `>`: all proved.
  @Test func equalAndStrictComparisonsAreCausal() throws {
    let itself = try Self.check("itself", input: ["a", "b", "a", "a", "b"])
    #expect(itself.mask == .causal)
    #expect(itself.outputs == ["0", "1", "2", "3", "4"])
    #expect(itself.verified)
    let earlier = try Self.check("earlier", input: ["a", "b", "a", "a", "b"])
    #expect(earlier.mask == .causal)
    #expect(earlier.outputs == ["0", "0", "1", "2", "1"])
    #expect(earlier.verified)
    let atMost = try Self.check("at_most", input: ["a", "b", "a", "a", "b"])
    #expect(atMost.mask == .causal)
    #expect(atMost.outputs == ["1", "1", "2", "3", "2"])
    #expect(atMost.verified)
  }

  /// Near misses keep a full mask, and each really selects a later key:
  /// rank + 1 (the next occurrence); a rank counted over a suffix (`>=`);
  /// no group conjunct (another token's rank − 1 may come later); `==` on a
  /// rank with a key filter (not injective, so equal ranks may come later).
  @Test func nearMissesAreNotCausal() throws {
    let next = try Self.check("next", input: ["a", "b", "a", "a", "b"])
    #expect(next.mask == .none)
    #expect(next.outputs == ["2", "4", "3", "-1", "-1"])
    #expect(next.verified)
    let suffix = try Self.check("next_by_suffix", input: ["a", "b", "a", "a", "b"])
    #expect(suffix.mask == .none)
    #expect(suffix.outputs == ["2", "4", "3", "-1", "-1"])
    #expect(suffix.verified)
    let ungrouped = try Self.check("ungrouped", input: ["a", "a", "b"])
    #expect(ungrouped.mask == .none)
    #expect(ungrouped.outputs == ["0", "2", "0"])
    #expect(ungrouped.verified)
    let filtered = try Self.check("filtered_same", input: ["a", "b"])
    #expect(filtered.mask == .none)
    #expect(filtered.outputs == ["2", "2"])
    #expect(filtered.verified)
  }

  /// A rank with a key filter never decreases, so a strict `<` on it is
  /// still proved.
  @Test func strictComparisonOfAFilteredRankIsCausal() throws {
    let result = try Self.check("filtered_less", input: ["b", "a", "b", "a"])
    #expect(result.mask == .causal)
    #expect(result.outputs == ["0", "1", "1", "3"])
    #expect(result.verified)
  }

  /// `indices` is a rank too: a key two positions back is proved, the
  /// next position is not (it is later).
  @Test func indexExpressions() throws {
    let shifted = try Self.check("shifted", input: ["a", "b", "b", "a"])
    #expect(shifted.mask == .causal)
    #expect(shifted.outputs == ["_", "_", "a", "b"])
    #expect(shifted.verified)
    let ahead = try Self.check("ahead", input: ["a", "b", "b", "a"])
    #expect(ahead.mask == .none)
    #expect(ahead.outputs == ["b", "b", "a", "_"])
    #expect(ahead.verified)
  }

  /// Dyck-2 and Dyck-3 (`partner` is rank − 1 within a level) compile to
  /// causal models that agree with the program on every input.
  @Test func dyckKIsCausal() throws {
    for (sop, vocabulary, n) in [("dyck2", ["(", ")", "{", "}"], 5), ("dyck3", ["(", ")", "{", "}", "[", "]"], 4)] {
      let compiled = try RASPCompiler.compile(
        file: "\(circuits)/dyck_k.rasp", sop: sop, options: CompileOptions(vocabulary: vocabulary, maxLength: n))
      #expect(compiled.model.layers.flatMap(\.heads).map(\.mask) == [.causal, .causal, .causal, .causal])
      #expect(compiled.model.prepared().isCausal)
      let report = compiled.verify()
      #expect(report.passed && report.mismatch == nil)
      #expect(report.checked == (1...n).reduce(0) { $0 + Int(pow(Double(vocabulary.count), Double($1))) })
    }
    let dyck2 = try RASPCompiler.compile(
      file: "\(circuits)/dyck_k.rasp", sop: "dyck2", options: CompileOptions(vocabulary: ["(", ")", "{", "}"], maxLength: 5))
    #expect(try dyck2.model.run(["(", "{", "}", ")", "{"]).outputs.map(\.description) == ["P", "P", "P", "T", "P"])
    #expect(try dyck2.model.run(["(", "{", ")", "}"]).outputs.map(\.description) == ["P", "P", "F", "F"])
  }
}
