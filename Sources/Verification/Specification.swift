import ExactArithmetic
import Transformer

/// What a model must compute: the expected outputs on an input.
///
/// For a single-pass or looped model the expected outputs are one value per
/// input position; for a chain-of-thought model, the tokens it must emit
/// after the prompt, in order (the stop token included). Outputs compare by
/// their canonical text (``OutputValue/description``: the string, a reduced
/// `p/q`, `True`/`False`), which is exact.
public protocol Specification: Sendable {
  /// What kind of reference this is (`automaton`, `expected-outputs`, `rasp`, `closure`).
  var kind: String { get }
  /// A label for people (a file name, a program and s-op).
  var label: String { get }
  /// SHA-256 of a canonical form: equal specifications give equal digests,
  /// whatever the file's layout.
  var digest: String { get }
  /// The expected outputs on `input`.
  ///
  /// - Throws: ``VerificationError/undefined(_:)`` when the reference
  ///   defines no outputs on the input (the input is counted as undefined
  ///   and not compared); any other error when the reference cannot say (an
  ///   input it does not cover, an evaluation error): verification stops
  ///   with that error.
  func expected(for input: [String]) throws -> [OutputValue]
  /// The values named residual directions must hold at each input position
  /// at the end of the stage that writes them last, for localising where a
  /// failing run departs (nil when the reference gives no such trace).
  func referenceDirections(for input: [String], residual: ResidualSpace) throws -> [String: [Rational]]?
  /// The value a reference direction holds, for people (e.g. `sort
  /// (categorical)`), or nil when the reference does not say.
  func valueName(ofDirection direction: String) -> String?
}

extension Specification {
  public func valueName(ofDirection direction: String) -> String? { nil }

  public func referenceDirections(for input: [String], residual: ResidualSpace) throws -> [String: [Rational]]? {
    nil
  }
}

extension OutputValue {
  /// Whether two outputs have the same canonical text (exact: a number's
  /// text is its reduced fraction).
  public func matches(_ other: OutputValue) -> Bool {
    self == other || description == other.description
  }
}

/// A specification given by a Swift closure.
public struct ClosureSpecification: Specification {
  public let kind = "closure"
  public let label: String
  public let digest: String
  let body: @Sendable ([String]) throws -> [OutputValue]
  let directions: (@Sendable ([String], ResidualSpace) throws -> [String: [Rational]])?

  /// - Parameters:
  ///   - identity: text that identifies the closure's behaviour in
  ///     certificates (a closure cannot be hashed); its SHA-256 is the digest.
  ///   - expected: the expected outputs on an input.
  ///   - directions: optional reference values of named directions (see
  ///     ``Specification/referenceDirections(for:residual:)``).
  public init(
    _ identity: String,
    expected: @escaping @Sendable ([String]) throws -> [OutputValue],
    directions: (@Sendable ([String], ResidualSpace) throws -> [String: [Rational]])? = nil
  ) {
    label = identity
    digest = SHA256.hex("closure\n" + identity)
    body = expected
    self.directions = directions
  }

  /// Expected outputs given as text (each compared by canonical text).
  public init(_ identity: String, text: @escaping @Sendable ([String]) throws -> [String]) {
    self.init(identity, expected: { try text($0).map { OutputValue.text($0) } })
  }

  public func expected(for input: [String]) throws -> [OutputValue] { try body(input) }

  public func referenceDirections(for input: [String], residual: ResidualSpace) throws -> [String: [Rational]]? {
    try directions?(input, residual)
  }
}

/// Canonical JSON text for digests: strings quoted with the escapes JSON needs.
enum CanonicalJSON {
  static func string(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case let c where c.value < 0x20:
        let hex = String(c.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func strings(_ items: [String]) -> String {
    "[" + items.map(string).joined(separator: ",") + "]"
  }
}
