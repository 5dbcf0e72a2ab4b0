import Constructions
import Foundation
import Testing
import Transformer
import Verification

/// A shard result whose recorded shard was edited (found by the fuzzer):
/// an impossible shard is refused when read, and a huge shard count is
/// refused by merge at once, naming a few missing shards; recorded
/// lengths that are no range are refused.
@Suite struct EditedShardTests {
  func shardResult() throws -> String {
    let model = try Induction.associativeRecall(vocabulary: ["a", "b"], maxLength: 3)
    var verifier = Verifier(model: model)
    verifier.jobs = 1
    var space = try InputSpace.exhaustive(vocabulary: ["a", "b"], lengths: 1...2)
    space.shard = try InputSpace.Shard(index: 1, count: 2)
    let recall = ClosureSpecification("recall") { RecurrentRecall.recall($0).map { .text($0) } }
    let part = try verifier.verifyBlocking(recall, over: space)
    let text = String(decoding: try part.jsonData(), as: UTF8.self)
    #expect(text.contains("\"count\" : 2"))
    return text
  }

  @Test func impossibleShardIsRefusedWhenRead() throws {
    let text = try shardResult()
    for edited in ["\"count\" : -1", "\"count\" : 0", "\"count\" : 1"] {
      let data = Data(text.replacingOccurrences(of: "\"count\" : 2", with: edited).utf8)
      #expect(throws: VerificationError.self) { try Verdict(jsonData: data, label: "r.json") }
    }
  }

  @Test func hugeShardCountIsRefusedByMergeAtOnce() throws {
    let text = try shardResult().replacingOccurrences(of: "\"count\" : 2", with: "\"count\" : \(Int.max)")
    let part = try Verdict(jsonData: Data(text.utf8), label: "r.json")
    let start = ContinuousClock.now
    #expect(throws: VerificationError.self) { try Verdict.merge([part]) }
    do {
      _ = try Verdict.merge([part])
    } catch {
      let m = Int.max
      #expect("\(error)" == "missing shards 0/\(m), 2/\(m), 3/\(m), 4/\(m), 5/\(m), 6/\(m), 7/\(m), 8/\(m) and \(m - 9) more")
    }
    #expect(ContinuousClock.now - start < .seconds(1))
  }

  @Test func lengthsThatAreNoRangeAreRefused() throws {
    let text = try shardResult()
    #expect(text.contains("\"min_length\" : 1"))
    let part = try Verdict(jsonData: Data(text.replacingOccurrences(of: "\"min_length\" : 1", with: "\"min_length\" : 5").utf8))
    #expect(throws: VerificationError.self) { try InputSpace(record: part.inputSpace) }
  }
}
