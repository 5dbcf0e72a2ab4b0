import ExactArithmetic

/// Seeded mutations of a file's bytes: bit flips, byte and range edits,
/// tokens of the format inserted or swapped, boundary numbers, and splices
/// with another file of the same format. The same seed gives the same bytes.
public struct Mutator: Sendable {
  /// Words worth inserting for this format (keywords, brackets, boundary numbers).
  public var dictionary: [[UInt8]]
  /// Largest result kept (longer results are cut).
  public var maximumSize = 1 << 16

  public init(dictionary: [String]) {
    self.dictionary = dictionary.map { Array($0.utf8) }
  }

  /// Numbers that sit on a boundary of some integer type or limit.
  static let boundaryNumbers = [
    "0", "-1", "1", "2", "255", "256", "65536", "-2147483649", "4294967296", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "18446744073709551616", "1e308", "1e999", "-0",
    "0.5", "1/3", "100000000", "1000000000000000000000000000000", "3.0", "1E2",
  ]

  /// `base` mutated once (three cases in four) or 1 to 8 times; `other` is a file to splice from.
  public func mutate(_ base: [UInt8], other: [UInt8], random: inout ExactSampler) -> [UInt8] {
    var bytes = base
    // Mostly one mutation (which keeps a strict format often readable), sometimes up to eight.
    let rounds = random.below(4) == 0 ? 1 + Int(random.below(8)) : 1
    for _ in 0..<rounds {
      mutateOnce(&bytes, other: other, random: &random)
    }
    if bytes.count > maximumSize { bytes.removeLast(bytes.count - maximumSize) }
    return bytes
  }

  func mutateOnce(_ bytes: inout [UInt8], other: [UInt8], random: inout ExactSampler) {
    func index(_ count: Int) -> Int { count == 0 ? 0 : Int(random.below(UInt64(count))) }
    func position() -> Int { index(bytes.count + 1) }
    func span() -> Range<Int> {
      let start = index(bytes.count)
      let length = min(bytes.count - start, 1 + index(min(32, max(bytes.count, 1))))
      return start..<(start + max(length, 0))
    }
    switch random.below(12) {
    case 0 where !bytes.isEmpty:  // flip a bit
      bytes[index(bytes.count)] ^= UInt8(1) << UInt8(random.below(8))
    case 1 where !bytes.isEmpty:  // replace a byte (printable or any)
      bytes[index(bytes.count)] = random.below(2) == 0 ? UInt8(32 + random.below(95)) : UInt8(random.below(256))
    case 2:  // insert a byte
      bytes.insert(UInt8(random.below(256)), at: position())
    case 3 where !bytes.isEmpty:  // delete a range
      bytes.removeSubrange(span())
    case 4 where !bytes.isEmpty:  // duplicate a range
      let range = span()
      bytes.insert(contentsOf: Array(bytes[range]), at: position())
    case 5, 6:  // insert a word of the format
      bytes.insert(contentsOf: dictionary[index(dictionary.count)], at: position())
    case 7:  // replace a word-like token with a word of the format or a boundary number
      let words = tokens(bytes)
      guard let word = words.isEmpty ? nil : words[index(words.count)] else { return }
      let replacement = random.below(2) == 0
        ? dictionary[index(dictionary.count)] : Array(Self.boundaryNumbers[index(Self.boundaryNumbers.count)].utf8)
      bytes.replaceSubrange(word, with: replacement)
    case 8:  // swap two tokens
      let words = tokens(bytes)
      guard words.count >= 2 else { return }
      var a = words[index(words.count)]
      var b = words[index(words.count)]
      if a.lowerBound > b.lowerBound { swap(&a, &b) }
      guard a.upperBound <= b.lowerBound else { return }
      let first = Array(bytes[a])
      let second = Array(bytes[b])
      bytes.replaceSubrange(b, with: first)
      bytes.replaceSubrange(a, with: second)
    case 9 where !other.isEmpty:  // splice a range of another file
      let start = index(other.count)
      let length = min(other.count - start, 1 + index(256))
      bytes.insert(contentsOf: other[start..<(start + length)], at: position())
    case 10 where !bytes.isEmpty:  // cut the end off
      bytes.removeLast(index(bytes.count) + 1)
    case 11 where !bytes.isEmpty:  // repeat a range many times (deep nesting, long lists)
      let range = span()
      let piece = Array(bytes[range])
      let times = 2 + index(200)
      bytes.insert(contentsOf: Array([[UInt8]](repeating: piece, count: times).joined()), at: position())
    default:
      bytes.insert(contentsOf: dictionary[index(dictionary.count)], at: position())
    }
  }

  /// Ranges of letters, digits and `_`, `.`, `-` (words and numbers).
  func tokens(_ bytes: [UInt8]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start: Int?
    for (k, byte) in bytes.enumerated() {
      let wordy = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == 0x5F || byte == 0x2E || byte == 0x2D
      if wordy {
        if start == nil { start = k }
      } else if let s = start {
        result.append(s..<k)
        start = nil
      }
    }
    if let s = start { result.append(s..<bytes.count) }
    return result
  }
}
