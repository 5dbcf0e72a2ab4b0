import ExactArithmetic

/// A sound description of a set of numbers too large to list: every member
/// lies in `lower...upper`, is p/q in lowest terms with q ≤
/// ``denominatorBound``, and (when ``commonDenominator`` is set) is a
/// multiple of 1/``commonDenominator``.
///
/// It gives exact lower bounds on gaps without listing the members: two
/// different members differ by at least 1/L (L the common denominator) and
/// by at least 1/D² (p/q − r/s = (ps − rq)/(qs), a non-zero integer over
/// qs ≤ D²); a member differs from a constant a/b (lowest terms) by at least
/// 1/lcm(L, b) and by at least 1/(D·b) unless it equals it.
public struct NumericSummary: Hashable, Sendable, CustomStringConvertible {
  /// No member is smaller.
  public let lower: Rational
  /// No member is larger.
  public let upper: Rational
  /// Every member's reduced denominator is at most this.
  public let denominatorBound: Int
  /// Every member is a multiple of 1/this (nil: not known to fit an `Int`).
  public let commonDenominator: Int?

  /// A summary from its parts.
  ///
  /// - Precondition: `lower <= upper`, `denominatorBound >= 1`, and the
  ///   common denominator (if any) at least 1.
  public init(lower: Rational, upper: Rational, denominatorBound: Int, commonDenominator: Int?) {
    precondition(lower <= upper && denominatorBound >= 1 && (commonDenominator ?? 1) >= 1)
    self.lower = lower
    self.upper = upper
    // A common denominator L bounds every denominator too.
    self.denominatorBound = min(denominatorBound, commonDenominator ?? denominatorBound)
    self.commonDenominator = commonDenominator
  }

  /// The summary of finitely many numbers (nil when there are none, or a
  /// denominator does not fit in an `Int`).
  public init?(numbers: some Collection<Rational>) {
    guard let first = numbers.first else { return nil }
    var lo = first
    var hi = first
    var largest = 1
    for x in numbers {
      lo = min(lo, x)
      hi = max(hi, x)
      guard let d = x.smallDenominator else { return nil }
      largest = max(largest, d)
    }
    self.init(
      lower: lo, upper: hi, denominatorBound: largest,
      commonDenominator: Rational.commonDenominator(Array(numbers)))
  }

  /// The summary of the means of `count` members (repetition allowed), for
  /// every count in `counts`: the same range; the common denominator L
  /// becomes lcm(k·L) over the counts k, and the denominators are at most
  /// (largest k)·L. Nil without a common denominator (a sum of members with
  /// different denominators has no small bound then) or on overflow.
  public func means(counts: ClosedRange<Int>) -> NumericSummary? {
    precondition(counts.lowerBound >= 1)
    guard let unit = commonDenominator else { return nil }
    let (bound, overflow) = counts.upperBound.multipliedReportingOverflow(by: unit)
    if overflow { return nil }
    var common: Int? = unit
    for k in counts {
      guard let c = common else { break }
      let (m, o) = k.multipliedReportingOverflow(by: unit)
      if o { common = nil; break }
      let g = Rational.gcd(c, m)
      let (l, o2) = (c / g).multipliedReportingOverflow(by: m)
      common = o2 ? nil : l
    }
    return NumericSummary(lower: lower, upper: upper, denominatorBound: bound, commonDenominator: common)
  }

  /// The smallest summary containing both.
  public func union(_ other: NumericSummary) -> NumericSummary {
    var common: Int?
    if let a = commonDenominator, let b = other.commonDenominator {
      let (l, overflow) = (a / Rational.gcd(a, b)).multipliedReportingOverflow(by: b)
      common = overflow ? nil : l
    }
    return NumericSummary(
      lower: min(lower, other.lower), upper: max(upper, other.upper),
      denominatorBound: max(denominatorBound, other.denominatorBound), commonDenominator: common)
  }

  /// The summary of a·x over members x (nil when a's denominator or a product is too large).
  public func scaled(by a: Rational) -> NumericSummary? {
    guard let den = a.smallDenominator else { return nil }
    let (bound, overflow) = denominatorBound.multipliedReportingOverflow(by: den)
    if overflow { return nil }
    var common: Int?
    if let unit = commonDenominator {
      let (m, o) = unit.multipliedReportingOverflow(by: den)
      common = o ? nil : m
    }
    let ends = [a * lower, a * upper]
    return NumericSummary(lower: ends.min()!, upper: ends.max()!, denominatorBound: bound, commonDenominator: common)
  }

  /// The summary of x + y over members x of this set and y of `other`:
  /// denominators divide lcm(q, s) ≤ q·s, multiples of 1/lcm(L₁, L₂) (nil on overflow).
  public func adding(_ other: NumericSummary) -> NumericSummary? {
    let (bound, overflow) = denominatorBound.multipliedReportingOverflow(by: other.denominatorBound)
    var common: Int?
    if let a = commonDenominator, let b = other.commonDenominator {
      let (l, o) = (a / Rational.gcd(a, b)).multipliedReportingOverflow(by: b)
      common = o ? nil : l
    }
    if overflow && common == nil { return nil }
    return NumericSummary(
      lower: lower + other.lower, upper: upper + other.upper,
      denominatorBound: overflow ? common! : bound, commonDenominator: common)
  }

  /// Whether `x` satisfies the description (every member does).
  public func admits(_ x: Rational) -> Bool {
    guard x >= lower, x <= upper, let d = x.smallDenominator, d <= denominatorBound else { return false }
    if let unit = commonDenominator { return unit % d == 0 }
    return true
  }

  /// The largest magnitude a member can have.
  public var magnitudeBound: Rational { max(lower.magnitude, upper.magnitude) }

  /// A lower bound on |x − y| over members x of this set and y of `other` with x ≠ y.
  public func gapBound(to other: NumericSummary) -> Rational {
    var best = Rational.one / (Rational(denominatorBound) * Rational(other.denominatorBound))
    if let a = commonDenominator, let b = other.commonDenominator {
      let (l, overflow) = (a / Rational.gcd(a, b)).multipliedReportingOverflow(by: b)
      if !overflow { best = max(best, Rational(1, l)) }
    }
    return best
  }

  /// A lower bound on |x − c| over members x ≠ c (nil when c's denominator is large).
  public func gapBound(toConstant c: Rational) -> Rational? {
    guard let b = c.smallDenominator else { return nil }
    var best = Rational.one / (Rational(denominatorBound) * Rational(b))
    if let a = commonDenominator {
      let (l, overflow) = (a / Rational.gcd(a, b)).multipliedReportingOverflow(by: b)
      if !overflow { best = max(best, Rational(1, l)) }
    }
    return best
  }

  public var description: String {
    let unit = commonDenominator.map { ", multiples of 1/\($0)" } ?? ""
    return "numbers in [\(lower), \(upper)] with denominators at most \(denominatorBound)\(unit)"
  }
}
