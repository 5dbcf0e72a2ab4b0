import ExactArithmetic

/// A small, fast, seeded pseudo-random generator (Steele, Lea & Flood's
/// SplitMix64), so that every randomized test draws the same values on every
/// run and every machine.
///
/// The bounded draws are implemented here and in `ExactSampler` rather than through the
/// standard library's `random(in:using:)`, whose algorithm is not promised to
/// stay the same across toolchains: a failing seed must stay reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The generator itself is the library's (`ExactSampler`), so tests and
  /// the tool draw the same sequence from the same seed.
  private var source: ExactSampler

  public var state: UInt64 { source.state }

  public init(seed: UInt64) { source = ExactSampler(seed: seed) }

  public mutating func next() -> UInt64 { source.next() }

  /// A value in `0..<bound` (Lemire's multiply-shift with rejection, so the
  /// draw is unbiased).
  public mutating func below(_ bound: UInt64) -> UInt64 { source.below(bound) }

  /// A value in `range`, any width up to all of Int64.
  public mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
    let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
    let offset = span == .max ? next() : below(span + 1)
    return range.lowerBound &+ Int64(bitPattern: offset)
  }

  /// A value in `range`.
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    Int(int64(in: Int64(range.lowerBound)...Int64(range.upperBound)))
  }

  /// True with probability `p`.
  public mutating func chance(_ p: Double) -> Bool {
    Double(next() >> 11) * 0x1p-53 < p
  }

  /// One element of a non-empty collection.
  public mutating func pick<C: Collection>(_ items: C) -> C.Element {
    let offset = Int(below(UInt64(items.count)))
    return items[items.index(items.startIndex, offsetBy: offset)]
  }

  /// A string of `count` decimal digits (leading zeros allowed).
  public mutating func digits(_ count: Int) -> String {
    String(decoding: (0..<count).map { _ in UInt8(48 + below(10)) }, as: UTF8.self)
  }

  /// A string of `count` decimal digits without a leading zero.
  public mutating func nonzeroLeadingDigits(_ count: Int) -> String {
    precondition(count > 0)
    return String(1 + below(9)) + digits(count - 1)
  }
}
