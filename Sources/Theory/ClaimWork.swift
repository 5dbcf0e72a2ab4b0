import Foundation

/// The size of one setting's work at one sweep point, known before any
/// input is checked: how many inputs, how long, and the attention work they
/// take (every position of an input attends to every position before it,
/// so an input of length n costs about (n + 1)² score evaluations, the
/// beginning-of-sequence position included).
public struct ClaimWork: Equatable, Sendable {
  /// Inputs checked one by one up to the exhaustive length (a Double: the
  /// count of every word up to some length can pass `Int.max`).
  public var exhaustiveInputs: Double
  /// The longest of those inputs.
  public var exhaustiveLength: Int
  /// Other inputs: seeded samples, inputs that attain the least margin, a
  /// precision search's inputs.
  public var otherInputs: Double
  /// The longest of those.
  public var otherLength: Int

  /// The most attention work a claim point may take: about 10^9 score
  /// evaluations, minutes of exact arithmetic (the shipped claims' largest
  /// point is far below; see ``Claim`` files in Proofs/).
  public static let limit: Double = 1e9

  public init(
    exhaustiveInputs: Double = 0, exhaustiveLength: Int = 0, otherInputs: Double = 0, otherLength: Int = 0
  ) {
    self.exhaustiveInputs = exhaustiveInputs
    self.exhaustiveLength = exhaustiveLength
    self.otherInputs = otherInputs
    self.otherLength = otherLength
  }

  /// The attention work of the exhaustive inputs (an upper bound: each counted at the longest length).
  public var exhaustiveWork: Double { exhaustiveInputs * square(exhaustiveLength) }
  /// The attention work of the other inputs.
  public var otherWork: Double { otherInputs * square(otherLength) }
  /// The whole point's attention work.
  public var work: Double { exhaustiveWork + otherWork }
  /// Every input checked.
  public var inputs: Double { exhaustiveInputs + otherInputs }

  /// Whether the work is over ``limit``.
  public var isOverLimit: Bool { work > Self.limit }

  /// The work of two settings (or a setting and its ablation) together.
  public static func + (a: ClaimWork, b: ClaimWork) -> ClaimWork {
    ClaimWork(
      exhaustiveInputs: a.exhaustiveInputs + b.exhaustiveInputs, exhaustiveLength: max(a.exhaustiveLength, b.exhaustiveLength),
      otherInputs: a.otherInputs + b.otherInputs, otherLength: max(a.otherLength, b.otherLength))
  }

  /// Every word over `symbols` symbols of each length in `lengths`, as a Double.
  public static func words(over symbols: Int, lengths: ClosedRange<Int>) -> Double {
    let lengths = max(lengths.lowerBound, 0)...max(lengths.upperBound, 0)
    if symbols <= 1 { return symbols == 1 ? Double(lengths.count) : (lengths.lowerBound == 0 ? 1 : 0) }
    var total = 0.0
    for n in lengths {
      total += pow(Double(symbols), Double(n))
      if total.isInfinite { return .infinity }
    }
    return total
  }

  /// `x` in words: 1234, 3.4e9.
  public static func figure(_ x: Double) -> String {
    if x < 1e6 { return String(Int(x.rounded())) }
    if x.isInfinite { return "more than 1e308" }
    let exponent = Int(log10(x).rounded(.down))
    let tenths = Int((x / pow(10, Double(exponent)) * 10).rounded())
    return tenths % 10 == 0 ? "\(tenths / 10)e\(exponent)" : "\(tenths / 10).\(tenths % 10)e\(exponent)"
  }

  /// What the point checks, in words ("16 inputs of length up to 100000,
  /// about 1.6e11 attention score evaluations").
  public var summary: String {
    var parts: [String] = []
    if exhaustiveInputs > 0 {
      parts.append("\(Self.figure(exhaustiveInputs)) input\(exhaustiveInputs == 1 ? "" : "s") up to length \(exhaustiveLength)")
    }
    if otherInputs > 0 {
      parts.append("\(Self.figure(otherInputs)) more of length up to \(otherLength)")
    }
    let inputs = parts.isEmpty ? "no inputs" : parts.joined(separator: " and ")
    return "\(inputs), about \(Self.figure(work)) attention score evaluations (inputs × (length + 1)²)"
  }

  private func square(_ n: Int) -> Double { Double(n + 1) * Double(n + 1) }
}
