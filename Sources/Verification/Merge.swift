extension Verdict {
  /// Combines the results of the k shards of one verification into the
  /// verdict of the whole space: verified when every shard is; otherwise the
  /// counterexample of least enumeration index, with the count of inputs up
  /// to it over all shards (what one run would report).
  ///
  /// - Throws: ``VerificationError/merge(_:)`` for results that are not
  ///   shards, shards of different verifications (model, specification,
  ///   input space, semantics or tool version differ), a shard given twice,
  ///   or a missing shard.
  public static func merge(_ parts: [Verdict]) throws -> Verdict {
    guard let first = parts.first else { throw VerificationError.merge("no results to merge") }
    guard let firstShard = first.inputSpace.shard else {
      throw VerificationError.merge("result 1 is not a shard result (it was run without --shard)")
    }
    let k = firstShard.count
    var whole = first.inputSpace
    whole.shard = nil
    var seen = [Int: Int]()
    for (n, part) in parts.enumerated() {
      let name = "result \(n + 1)"
      guard let shard = part.inputSpace.shard else {
        throw VerificationError.merge("\(name) is not a shard result (it was run without --shard)")
      }
      guard part.model.sha256 == first.model.sha256 else {
        throw VerificationError.merge("\(name) checked a different model (sha256 \(part.model.sha256.prefix(12))..., not \(first.model.sha256.prefix(12))...)")
      }
      guard part.specification.sha256 == first.specification.sha256, part.specification.kind == first.specification.kind else {
        throw VerificationError.merge("\(name) checked a different specification")
      }
      var space = part.inputSpace
      space.shard = nil
      guard space == whole else {
        throw VerificationError.merge("\(name) covers a different input space (\(describe(space)), not \(describe(whole)))")
      }
      guard part.semantics == first.semantics else {
        throw VerificationError.merge("\(name) ran with different semantics (mode \(part.semantics.mode.rawValue))")
      }
      guard part.toolVersion == first.toolVersion else {
        throw VerificationError.merge("\(name) was made by tool version \(part.toolVersion), not \(first.toolVersion)")
      }
      guard shard.count == k else {
        throw VerificationError.merge("\(name) is shard \(shard) but result 1 is one of \(k)")
      }
      if let other = seen[shard.index] {
        throw VerificationError.merge("shard \(shard) is given twice (results \(other) and \(n + 1)): shards overlap")
      }
      seen[shard.index] = n + 1
    }
    // Lazily: a recorded shard count can be huge (an edited file), the parts given are few.
    let missingCount = k - seen.count
    guard missingCount == 0 else {
      let shown = (0..<k).lazy.filter { seen[$0] == nil }.prefix(8).map { "\($0)/\(k)" }
      throw VerificationError.merge(
        "missing shard\(missingCount == 1 ? "" : "s") " + shown.joined(separator: ", ")
          + (missingCount > 8 ? " and \(missingCount - 8) more" : ""))
    }
    var merged = first
    merged.inputSpace = whole
    merged.seconds = parts.reduce(0) { $0 + $1.seconds }
    merged.prefixSharing = nil
    merged.certificate = nil
    merged.certificateToolVersion = nil
    let failing = parts.compactMap(\.counterexample).min { $0.index < $1.index }
    merged.counterexample = failing
    if let failing {
      merged.verdict = Verdict.failed
      merged.undefined = nil
      merged.checked = try parts.reduce(0) { total, part in
        total + (try ownedCount(part.inputSpace, upTo: failing.index))
      }
    } else {
      merged.checked = parts.reduce(0) { $0 + $1.checked }
      guard merged.checked == whole.total else {
        throw VerificationError.merge("the shards checked \(merged.checked) inputs; the space has \(whole.total)")
      }
      let undefined = parts.reduce(0) { $0 + ($1.undefined ?? 0) }
      merged.undefined = undefined > 0 ? undefined : nil
      merged.verdict = Verdict.passing(compared: merged.checked - undefined)
    }
    if merged.model.path == nil || parts.contains(where: { $0.model.path != first.model.path }) {
      merged.model.path = parts.lazy.compactMap(\.model.path).first
    }
    return merged
  }

  static func describe(_ space: SpaceRecord) -> String {
    var text = "\(space.kind.rawValue), lengths \(space.minLength)...\(space.maxLength), \(space.vocabulary.count) tokens"
    if let samples = space.samples { text += ", \(samples) samples" }
    if let seed = space.seed { text += ", seed \(seed)" }
    return text
  }

  /// Inputs of a recorded shard with enumeration index at most `bound`.
  static func ownedCount(_ record: SpaceRecord, upTo bound: Int) throws -> Int {
    switch record.kind {
    case .exhaustive:
      let space = try InputSpace.exhaustive(
        vocabulary: record.vocabulary, lengths: try record.lengthRange()
      ).sharded(record.shard)
      return space.ownedCount(upTo: bound)
    case .samples, .explicit:
      let k = record.shard?.count ?? 1
      let s = record.shard?.index ?? 0
      let end = min(record.total, bound + 1)
      return end > s ? (end - s - 1) / k + 1 : 0
    }
  }
}
