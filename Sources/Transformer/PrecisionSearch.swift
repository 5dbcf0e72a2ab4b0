import ExactArithmetic

/// The break length of a model in a rounded format: the largest length up to
/// which the rounded run agrees with the exact run on every checked input,
/// and the first input beyond it where it does not.
public struct PrecisionSearch: Sendable {
  /// What one search found.
  public struct Outcome: Sendable {
    /// How the runs rounded.
    public var settings: PrecisionSettings
    /// The largest length with every checked input agreeing (0 when length
    /// `lengths.lowerBound` already fails; the last length checked when none fails).
    public var agreedUpTo: Int
    /// The first failing input and its comparison, or nil when none failed.
    public var counterexample: (tokens: [String], comparison: RoundedComparison)?
    /// Inputs checked.
    public var checked: Int
    /// Whether every input of each length was checked (else seeded samples).
    public var exhaustive: Bool
  }

  /// The model to run at each length (a construction built per length, or one model for all).
  public var model: @Sendable (Int) throws -> PreparedModel
  /// Lengths checked, in order.
  public var lengths: ClosedRange<Int>
  /// Inputs per length: every input when there are at most this many, else this many seeded samples.
  public var samples: Int
  /// Seed for the samples.
  public var seed: UInt64
  /// When a numerical output agrees.
  public var decision: NumericalDecision

  public init(
    model: @escaping @Sendable (Int) throws -> PreparedModel, lengths: ClosedRange<Int>, samples: Int,
    seed: UInt64 = 0, decision: NumericalDecision
  ) {
    self.model = model
    self.lengths = lengths
    self.samples = samples
    self.seed = seed
    self.decision = decision
  }

  /// The inputs checked at length `n` over `vocabulary`: all of them when at
  /// most ``samples``, else ``samples`` seeded draws (the same for every format).
  public func inputs(length n: Int, vocabulary: [String]) -> (inputs: [[String]], exhaustive: Bool) {
    let v = vocabulary.count
    var total = 1
    var small = true
    for _ in 0..<n {
      let (p, o) = total.multipliedReportingOverflow(by: v)
      if o || p > samples { small = false; break }
      total = p
    }
    if small {
      return ((0..<total).map { index in
        var rest = index
        var word = [String](repeating: "", count: n)
        for k in (0..<n).reversed() {
          word[k] = vocabulary[rest % v]
          rest /= v
        }
        return word
      }, true)
    }
    var sampler = ExactSampler(seed: seed &+ UInt64(n))
    return ((0..<samples).map { _ in (0..<n).map { _ in vocabulary[Int(sampler.below(UInt64(v)))] } }, false)
  }

  /// Searches one setting: lengths in order, stopping at the first failing input.
  ///
  /// - Parameter progress: called with each length as it starts.
  /// - Throws: ``ModelError`` or ``FormatError`` from building or rounding a model.
  public func run(_ settings: PrecisionSettings, progress: ((Int) -> Void)? = nil) throws -> Outcome {
    var outcome = Outcome(settings: settings, agreedUpTo: lengths.lowerBound - 1, counterexample: nil, checked: 0, exhaustive: true)
    for n in lengths {
      progress?(n)
      let prepared = try model(n)
      let pass = try RoundedPass(prepared, settings: settings)
      let (words, exhaustive) = inputs(length: n, vocabulary: prepared.model.vocabulary)
      outcome.exhaustive = outcome.exhaustive && exhaustive
      for word in words {
        outcome.checked += 1
        let comparison = try RoundedComparison(pass, word, decision: decision, departure: false)
        if !comparison.agrees {
          let full = try RoundedComparison(pass, word, decision: decision)
          outcome.counterexample = (word, full)
          return outcome
        }
      }
      outcome.agreedUpTo = n
    }
    return outcome
  }
}
