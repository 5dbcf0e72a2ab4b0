/// The inputs a verification checks, in a fixed enumeration order, and how
/// they split into disjoint shards.
///
/// - `exhaustive`: every sequence over the vocabulary with a length in
///   `lengths`, in shortlex order (shorter first, then lexicographic in the
///   vocabulary's order), so the first counterexample is a shortest one.
/// - `samples`: `count` inputs drawn from the seed, each with a length
///   uniform in `lengths` and tokens uniform in the vocabulary; sample i
///   depends only on (seed, i), so any shard can draw its own.
/// - `explicit`: a given list, in its order.
///
/// Every input has an enumeration index (its shortlex rank, sample number or
/// list position); the first counterexample is the failing input of least
/// index, whatever the number of cores or shards.
public struct InputSpace: Sendable, Hashable {
  public enum Kind: String, Sendable, Codable {
    case exhaustive, samples, explicit
  }

  /// One of k disjoint parts.
  public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 0-based part number.
    public var index: Int
    /// Number of parts.
    public var count: Int

    public init(index: Int, count: Int) throws {
      guard count >= 1, index >= 0, index < count else {
        throw VerificationError.usage("a shard is i/k with 0 <= i < k (got \(index)/\(count))")
      }
      self.index = index
      self.count = count
    }

    /// Parses `i/k`.
    public init(parsing text: String) throws {
      let parts = text.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]) else {
        throw VerificationError.usage("--shard takes i/k, e.g. 0/4 (got '\(text)')")
      }
      try self.init(index: i, count: k)
    }

    /// Reads a recorded shard, with the same checks as ``init(index:count:)``.
    public init(from decoder: any Decoder) throws {
      enum Keys: String, CodingKey { case index, count }
      let container = try decoder.container(keyedBy: Keys.self)
      let index = try container.decode(Int.self, forKey: .index)
      let count = try container.decode(Int.self, forKey: .count)
      guard count >= 1, index >= 0, index < count else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: "a shard is i/k with 0 <= i < k (got \(index)/\(count))"))
      }
      self.index = index
      self.count = count
    }

    public var description: String { "\(index)/\(count)" }
  }

  public let kind: Kind
  /// Input tokens.
  public let vocabulary: [String]
  /// Input lengths (exhaustive and samples).
  public let lengths: ClosedRange<Int>
  /// Number of samples (samples).
  public let sampleCount: Int
  /// The seed (samples).
  public let seed: UInt64
  /// The inputs (explicit).
  public let inputs: [[String]]
  /// The part checked, or nil for the whole space.
  public var shard: Shard?
  /// Where explicit inputs came from (recorded in results, for re-checks).
  public var inputsSource: String? = nil

  /// Every input with a length in `lengths`.
  ///
  /// - Throws: ``VerificationError/usage(_:)`` for an empty vocabulary, a
  ///   repeated token, a length range below 1, or a space with more than
  ///   `Int.max` inputs.
  public static func exhaustive(vocabulary: [String], lengths: ClosedRange<Int>) throws -> InputSpace {
    let space = InputSpace(
      kind: .exhaustive, vocabulary: vocabulary, lengths: lengths, sampleCount: 0, seed: 0, inputs: [], shard: nil)
    try space.validate()
    return space
  }

  /// `count` seeded random inputs with lengths in `lengths`.
  public static func samples(
    vocabulary: [String], lengths: ClosedRange<Int>, count: Int, seed: UInt64
  ) throws -> InputSpace {
    let space = InputSpace(
      kind: .samples, vocabulary: vocabulary, lengths: lengths, sampleCount: count, seed: seed, inputs: [],
      shard: nil)
    try space.validate()
    guard count >= 0 else { throw VerificationError.usage("the number of samples must not be negative") }
    return space
  }

  /// The inputs given, in order.
  public static func explicit(_ inputs: [[String]], vocabulary: [String]) throws -> InputSpace {
    let lengths = inputs.isEmpty ? 1...1 : (inputs.map(\.count).min()!)...(inputs.map(\.count).max()!)
    let space = InputSpace(
      kind: .explicit, vocabulary: vocabulary, lengths: lengths, sampleCount: 0, seed: 0, inputs: inputs,
      shard: nil)
    try space.validate()
    let known = Set(vocabulary)
    for input in inputs {
      if let bad = input.first(where: { !known.contains($0) }) {
        throw VerificationError.usage("input '\(input.joined(separator: " "))' has token '\(bad)', which is not in the vocabulary")
      }
    }
    return space
  }

  /// The same space restricted to one shard.
  public func sharded(_ shard: Shard?) -> InputSpace {
    var copy = self
    copy.shard = shard
    return copy
  }

  func validate() throws {
    guard !vocabulary.isEmpty else { throw VerificationError.usage("the vocabulary is empty") }
    guard Set(vocabulary).count == vocabulary.count else {
      throw VerificationError.usage("the vocabulary repeats a token")
    }
    guard lengths.lowerBound >= 1 else { throw VerificationError.usage("input lengths start at 1") }
    if kind == .exhaustive, Self.exhaustiveCount(vocabulary.count, lengths) == nil {
      throw VerificationError.usage(
        "every input up to length \(lengths.upperBound) over \(vocabulary.count) tokens is more than \(Int.max) inputs")
    }
  }

  // MARK: Sizes and indices

  /// Σ V^ℓ over `lengths`, or nil past `Int.max`.
  static func exhaustiveCount(_ v: Int, _ lengths: ClosedRange<Int>) -> Int? {
    var total = 0
    for l in lengths {
      guard let p = power(v, l) else { return nil }
      let (s, o) = total.addingReportingOverflow(p)
      if o { return nil }
      total = s
    }
    return total
  }

  /// The number of inputs in the whole space (every shard).
  public var totalCount: Int {
    switch kind {
    case .exhaustive: return Self.exhaustiveCount(vocabulary.count, lengths)!
    case .samples: return sampleCount
    case .explicit: return inputs.count
    }
  }

  /// Depth of the trie level whose nodes are the units shards and cores
  /// share out: the least p with V^p ≥ 256 · k (at most the longest length).
  var splitDepth: Int {
    let k = shard?.count ?? 1
    var p = 1
    while p < lengths.upperBound, let size = power(vocabulary.count, p), size < 256 * k { p += 1 }
    return p
  }

  /// Index of `input` in the enumeration (its shortlex rank for an exhaustive space).
  func exhaustiveIndex(_ input: [Int]) -> Int {
    var index = 0
    for l in lengths.lowerBound..<input.count { index += power(vocabulary.count, l)! }
    return index + lexRank(input[...])
  }

  func lexRank(_ digits: ArraySlice<Int>) -> Int {
    digits.reduce(0) { $0 * vocabulary.count + $1 }
  }

  /// The exhaustive input at enumeration index `index`.
  func exhaustiveInput(at index: Int) -> [Int] {
    var rest = index
    var length = lengths.lowerBound
    while rest >= power(vocabulary.count, length)! {
      rest -= power(vocabulary.count, length)!
      length += 1
    }
    var digits = [Int](repeating: 0, count: length)
    for i in stride(from: length - 1, through: 0, by: -1) {
      digits[i] = rest % vocabulary.count
      rest /= vocabulary.count
    }
    return digits
  }

  /// The input at enumeration index `index`.
  public func input(at index: Int) -> [String] {
    switch kind {
    case .exhaustive: return exhaustiveInput(at: index).map { vocabulary[$0] }
    case .samples: return sample(index)
    case .explicit: return inputs[index]
    }
  }

  /// Sample `index`: a length uniform in `lengths`, tokens uniform, from (seed, index) alone.
  public func sample(_ index: Int) -> [String] {
    var generator = SplitMix64(state: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    _ = generator.next()
    let length = lengths.lowerBound + generator.below(lengths.count)
    return (0..<length).map { _ in vocabulary[generator.below(vocabulary.count)] }
  }

  /// Whether shard `s` (of the space's k) owns index `index` of a samples or explicit space.
  func ownsListed(_ index: Int, shard s: Int, of k: Int) -> Bool { index % k == s }

  /// Inputs of this space's shard (all, or only those with index ≤ `bound`).
  ///
  /// - Complexity: O(lengths × V^p / k) for an exhaustive space, O(1) otherwise.
  public func ownedCount(upTo bound: Int? = nil) -> Int {
    let k = shard?.count ?? 1
    let s = shard?.index ?? 0
    func below(_ b: Int) -> Int { b > s ? (b - s - 1) / k + 1 : 0 }  // #{u < b : u ≡ s mod k}
    switch kind {
    case .samples, .explicit:
      let end = min(totalCount, bound.map { $0 + 1 } ?? totalCount)
      return below(end)
    case .exhaustive:
      let v = vocabulary.count
      let p = splitDepth
      let last = bound.map { exhaustiveInput(at: $0) }
      var count = 0
      for l in lengths {
        if let last, l > last.count { break }
        let partial = last.map { $0.count == l } ?? false
        if l >= p {
          let tail = power(v, l - p)!
          if partial {
            let unit = lexRank(last![..<p])
            count += below(unit) * tail
            if unit % k == s { count += lexRank(last![p...]) + 1 }
          } else {
            count += below(power(v, p)!) * tail
          }
        } else {
          let stride = power(v, p - l)!
          let end = partial ? lexRank(last![...]) + 1 : power(v, l)!
          for r in 0..<end where (r * stride) % k == s { count += 1 }
        }
      }
      return count
    }
  }
}

/// v^e, or nil past Int.max.
func power(_ v: Int, _ e: Int) -> Int? {
  var result = 1
  for _ in 0..<e {
    let (p, o) = result.multipliedReportingOverflow(by: v)
    if o { return nil }
    result = p
  }
  return result
}

/// SplitMix64: the seeded generator behind samples (fixed, so a seed means
/// the same inputs on every platform and version).
struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A value in 0..<n (multiply-shift; the bias is below n / 2^64).
  mutating func below(_ n: Int) -> Int {
    Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
  }
}
