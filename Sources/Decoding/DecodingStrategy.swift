import ExactArithmetic

/// A way of choosing completions, as `complete --strategy` writes it.
public enum DecodingStrategy: Sendable, Hashable, CustomStringConvertible {
  /// The most probable next token at each step (ties to the first label).
  case greedy
  /// Beam search keeping the `width` most probable prefixes at each step.
  case beam(width: Int)
  /// The exact `count` most probable complete continuations (best-first).
  case top(count: Int)
  /// The most probable completions until they hold at least `fraction` of the mass.
  case mass(fraction: Rational)
  /// `count` completions drawn with exactly the model's probabilities.
  case sample(count: Int)
  /// The whole distribution; `top` is K for the top-K mass.
  case exact(top: Int)

  /// The default K of `exact`.
  public static let exactTopDefault = 10

  /// Reads `greedy`, `beam:B`, `top:K`, `mass:F` (F a decimal or p/q in
  /// (0, 1]), `sample:S`, `exact` or `exact:K`.
  ///
  /// - Throws: ``CompletionError/badStrategy(_:)`` naming what is wrong.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let name = parts[0]
    let argument = parts.count == 2 ? parts[1] : nil
    let known = "greedy, beam:B, top:K, mass:F, sample:S, exact[:K]"
    func count(_ what: String) throws -> Int {
      guard let argument else { throw CompletionError.badStrategy("\(name) needs \(what), as in \(name):4") }
      guard let n = Int(argument), n >= 1, n <= 1 << 24 else {
        throw CompletionError.badStrategy("\(name): \(what) must be an integer in 1...\(1 << 24), got '\(argument)'")
      }
      return n
    }
    switch name {
    case "greedy":
      guard argument == nil else { throw CompletionError.badStrategy("greedy takes no argument, got '\(text)'") }
      self = .greedy
    case "beam": self = .beam(width: try count("a beam width B"))
    case "top": self = .top(count: try count("a count K"))
    case "sample": self = .sample(count: try count("a sample count S"))
    case "exact": self = .exact(top: argument == nil ? Self.exactTopDefault : try count("a count K"))
    case "mass":
      guard let argument else { throw CompletionError.badStrategy("mass needs a fraction F of the probability mass, as in mass:0.9") }
      guard let f = Rational(argument), f.signum > 0, f <= 1 else {
        throw CompletionError.badStrategy("mass: F must be a number in (0, 1] (0.9 or 9/10), got '\(argument)'")
      }
      self = .mass(fraction: f)
    default:
      throw CompletionError.badStrategy("unknown strategy '\(text)' (known: \(known))")
    }
  }

  /// Whether the strategy needs next-token probabilities (all but greedy,
  /// which on a categorical readout follows the decoded outputs).
  public var needsDistribution: Bool {
    if case .greedy = self { return false }
    return true
  }

  public var description: String {
    switch self {
    case .greedy: return "greedy"
    case .beam(let b): return "beam:\(b)"
    case .top(let k): return "top:\(k)"
    case .mass(let f): return "mass:\(f)"
    case .sample(let s): return "sample:\(s)"
    case .exact(let k): return k == Self.exactTopDefault ? "exact" : "exact:\(k)"
    }
  }
}
