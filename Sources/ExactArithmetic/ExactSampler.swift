import ExactArithmetic

/// A seeded sampler that draws from exact rational distributions with
/// exactly the stated probabilities.
///
/// The generator is SplitMix64 (Steele, Lea & Flood), so a seed gives the
/// same draws on every machine. A distribution with weights w_i is
/// normalised to q_i = w_i/Σw and written over a common denominator D, q_i =
/// N_i/D; a draw takes u uniform in 0..<D (Lemire's multiply-shift with
/// rejection, unbiased) and returns the first i whose cumulative count
/// N_0 + … + N_i exceeds u. So P(i) = N_i/D = q_i exactly, which
/// ``outcome(_:uniform:)`` lets a test confirm by enumerating every u.
///
/// When D does not fit 64 bits (a base-2 softmax with a wide logit spread,
/// a product of many such steps), a draw reads a uniform u ∈ [0, 1) lazily,
/// 32 bits at a time, as a dyadic interval, until the interval lies inside
/// one [C_i, C_{i+1}) of the cumulative shares C; the chance of landing in it
/// is its length, q_i, exactly (``drawByBisection(_:)``).
public struct ExactSampler: Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A value in 0..<bound, uniformly.
  public mutating func below(_ bound: UInt64) -> UInt64 {
    precondition(bound > 0, "empty range")
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
    }
    return product.high
  }

  /// The normalised distribution over a common denominator: counts N_i with
  /// Σ N_i = D and N_i/D = w_i/Σw.
  ///
  /// - Precondition: weights are non-negative, not all zero, and small
  ///   enough that D fits 64 bits.
  public static func counts(_ weights: [Rational]) -> (counts: [UInt64], denominator: UInt64) {
    guard let counts = fittingCounts(shares(weights)) else {
      preconditionFailure("the common denominator of the shares does not fit 64 bits")
    }
    return counts
  }

  /// The weights normalised to shares summing to 1.
  static func shares(_ weights: [Rational]) -> [Rational] {
    let total = weights.reduce(Rational.zero, +)
    precondition(total.signum > 0 && weights.allSatisfy { $0.signum >= 0 }, "weights must be non-negative, not all zero")
    return weights.map { $0 / total }
  }

  /// The shares over their common denominator, or nil when it exceeds 64 bits.
  static func fittingCounts(_ shares: [Rational]) -> (counts: [UInt64], denominator: UInt64)? {
    var d: UInt64 = 1
    for share in shares {
      guard let (_, q) = share.smallComponents else { return nil }
      let (product, overflow) = (d / gcd(d, UInt64(q))).multipliedReportingOverflow(by: UInt64(q))
      if overflow { return nil }
      d = product
    }
    let counts = shares.map { share -> UInt64 in
      let (n, q) = share.smallComponents!
      return UInt64(n) * (d / UInt64(q))
    }
    return (counts, d)
  }

  /// The index a uniform draw u ∈ 0..<D selects.
  public static func outcome(_ weights: [Rational], uniform u: UInt64) -> Int {
    let (counts, _) = counts(weights)
    var cumulative: UInt64 = 0
    for (i, n) in counts.enumerated() {
      cumulative += n
      if u < cumulative { return i }
    }
    preconditionFailure("uniform draw \(u) is not below the denominator")
  }

  /// Draws an index with probability w_i/Σw, exactly.
  ///
  /// - Precondition: weights are non-negative and not all zero.
  public mutating func draw(_ weights: [Rational]) -> Int {
    let shares = Self.shares(weights)
    guard let (counts, d) = Self.fittingCounts(shares) else { return drawByBisection(shares) }
    let u = below(d)
    var cumulative: UInt64 = 0
    for (i, n) in counts.enumerated() {
      cumulative += n
      if u < cumulative { return i }
    }
    preconditionFailure("uniform draw \(u) is not below the denominator")
  }

  /// A draw for shares whose common denominator exceeds 64 bits: u ∈ [0, 1)
  /// is known as [low, low + width), narrowed by 32 random bits at a time
  /// until it lies inside one share's cumulative interval.
  mutating func drawByBisection(_ shares: [Rational]) -> Int {
    var bounds: [Rational] = [.zero]
    for share in shares { bounds.append(bounds.last! + share) }
    var low = Rational.zero
    var width = Rational.one
    let step = Rational(1, 1 << 32)
    while true {
      width *= step
      low += Rational(Int(next() >> 32)) * width
      // The last i with bounds[i] <= low; the interval must end by bounds[i + 1].
      var i = 0
      while i + 1 < shares.count, bounds[i + 1] <= low { i += 1 }
      if low + width <= bounds[i + 1] { return i }
    }
  }

  static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }
}
