import ExactArithmetic
import Foundation

/// A seeded mutation fuzzer over the files the tool reads.
///
/// Case `n` is fully determined by the seed and `n`: its format is
/// `formats[n % formats.count]`, and a generator seeded from both picks a
/// shipped file of that format, another to splice from, and the mutations.
/// So any case can be replayed alone (``input(_:)``), and a run of cases
/// `0..<N` is the same on every machine.
public struct Fuzzer: Sendable {
  /// One format with its seed files and mutator.
  public struct Corpus: Sendable {
    public let format: FuzzFormat
    public let seeds: [[UInt8]]
    public let mutator: Mutator
  }

  /// What a run of cases did.
  public struct Summary: Sendable {
    /// Cases run, by format.
    public var cases: [FuzzFormat: Int] = [:]
    /// Cases whose reader accepted the input, by format.
    public var accepted: [FuzzFormat: Int] = [:]
    /// The slowest case and its time.
    public var slowest: (index: Int, seconds: Double) = (0, 0)
    /// Wall time of the run.
    public var seconds: Double = 0

    public var total: Int { cases.values.reduce(0, +) }
  }

  public let seed: UInt64
  public let corpora: [Corpus]

  /// A fuzzer over `formats`, seeded from the files under `root` (the repository).
  ///
  /// - Throws: when a format has no seed file.
  public init(root: String, formats: [FuzzFormat] = FuzzFormat.allCases, seed: UInt64 = 0) throws {
    self.seed = seed
    corpora = try formats.map { format in
      let seeds = try format.seeds(root: root)
      guard !seeds.isEmpty else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no seed files for \(format.rawValue) under \(root)"])
      }
      return Corpus(format: format, seeds: seeds, mutator: Mutator(dictionary: format.dictionary))
    }
  }

  /// The format and bytes of case `n`.
  public func input(_ n: Int) -> (format: FuzzFormat, bytes: [UInt8]) {
    let corpus = corpora[n % corpora.count]
    var random = ExactSampler(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: n) &* 0xBF58_476D_1CE4_E5B9)
    _ = random.next()
    let base = corpus.seeds[Int(random.below(UInt64(corpus.seeds.count)))]
    let other = corpus.seeds[Int(random.below(UInt64(corpus.seeds.count)))]
    return (corpus.format, corpus.mutator.mutate(base, other: other, random: &random))
  }

  /// Runs case `n`; returns whether its reader accepted the input.
  @discardableResult
  public func run(_ n: Int) -> Bool {
    let (format, bytes) = input(n)
    return format.exercise(bytes)
  }

  /// Runs cases `range`, calling `before` with each case number before it
  /// runs (for a watchdog or a crash report) and `progress` every 1000 cases.
  public func run(
    _ range: Range<Int>, before: (Int) -> Void = { _ in }, progress: (Int, Summary) -> Void = { _, _ in }
  ) -> Summary {
    var summary = Summary()
    let start = ContinuousClock.now
    for n in range {
      before(n)
      let caseStart = ContinuousClock.now
      let (format, bytes) = input(n)
      let accepted = format.exercise(bytes)
      let seconds = Self.seconds(ContinuousClock.now - caseStart)
      summary.cases[format, default: 0] += 1
      if accepted { summary.accepted[format, default: 0] += 1 }
      if seconds > summary.slowest.seconds { summary.slowest = (n, seconds) }
      if (n - range.lowerBound + 1) % 1000 == 0 {
        summary.seconds = Self.seconds(ContinuousClock.now - start)
        progress(n, summary)
      }
    }
    summary.seconds = Self.seconds(ContinuousClock.now - start)
    return summary
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
