import ExactArithmetic
import Transformer

/// A parameterised family of hand-built transformers: how to build a member
/// and what it must compute, so `construct`, `verify` and `check` share one
/// description.
public struct ConstructionFamily: Sendable {
  /// A named parameter with an example value.
  public struct Parameter: Sendable {
    public let name: String
    public let example: String
    public let help: String
    public init(name: String, example: String, help: String) {
      self.name = name
      self.example = example
      self.help = help
    }
  }

  /// How a member is run.
  public enum Mode: String, Sendable {
    case singlePass = "single-pass"
    case chainOfThought = "chain-of-thought"
    case looped = "looped"
  }

  /// What a member must compute: which inputs to check, and the expected
  /// output at each position (single pass, looped) or the expected emitted
  /// tokens (chain of thought), as canonical text.
  public struct Reference: Sendable {
    /// The input tokens (for a chain-of-thought model, the prompt alphabet).
    public var alphabet: [String]
    /// Input lengths the member accepts.
    public var lengths: ClosedRange<Int>
    /// The expected outputs for an input.
    public var expected: @Sendable ([String]) throws -> [String]
    /// For a family whose inputs have a format (items, examples, …): the
    /// well-formed inputs to check, instead of every string over `alphabet`
    /// (all of them where they are few, else a seeded selection).
    public var instances: [[String]]?
    /// When `instances` is a seeded selection rather than every well-formed
    /// input: the size of the whole space, in words ("4096", "512·2^512").
    public var instanceSpace: String?
    /// Inputs that provably contain the minimiser of |output| over every
    /// accepted input (nil when no such family is known), and the argument,
    /// so the least margin is exact beyond the exhaustively checked lengths.
    public var marginFamily: (inputs: [[String]], argument: String)?
    /// This member's run mode, when it differs from the family's (a
    /// parameter choosing looped or chain of thought).
    public var mode: Mode?
    /// For a member whose readout is a distribution: the exact next-token
    /// probabilities the specification gives at each position (nil where
    /// it predicts nothing), checked beside the outputs.
    public var probabilities: (@Sendable ([String]) throws -> [[Rational]?])?
    /// An exact check of the model's output vector on an input against the
    /// specification (nil when none is stated): returns what differs, or
    /// nil when the vector is exactly right.
    public var vectorCheck: (@Sendable (PreparedModel, [String]) throws -> String?)?
    /// Prompts whose complete answers the specification describes.
    public var completions: [CompletionProbe] = []

    public init(
      alphabet: [String], lengths: ClosedRange<Int>, instances: [[String]]? = nil, mode: Mode? = nil,
      expected: @escaping @Sendable ([String]) throws -> [String]
    ) {
      self.alphabet = alphabet
      self.lengths = lengths
      self.instances = instances
      self.mode = mode
      self.expected = expected
    }
  }

  public let name: String
  public let summary: String
  public let parameters: [Parameter]
  public let mode: Mode
  public let build: @Sendable (ParameterValues) throws -> Model
  public let reference: @Sendable (ParameterValues) throws -> Reference

  public init(
    name: String, summary: String, parameters: [Parameter], mode: Mode = .singlePass,
    build: @escaping @Sendable (ParameterValues) throws -> Model,
    reference: @escaping @Sendable (ParameterValues) throws -> Reference
  ) {
    self.name = name
    self.summary = summary
    self.parameters = parameters
    self.mode = mode
    self.build = build
    self.reference = reference
  }

  /// The most weights a member may have where a family sizes its build
  /// before starting it: about a gigabyte of exact numbers.
  public static let largestWeightCount = 50_000_000

  /// The family with this name, if any.
  public static func named(_ name: String) -> ConstructionFamily? {
    all.first { $0.name == name }
  }

  /// Checks `values` against the family's parameter names.
  ///
  /// - Throws: ``ConstructionError/usage(_:)`` for an unknown parameter.
  public func parameterValues(_ values: [String: String]) throws -> ParameterValues {
    for key in values.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
      let known = parameters.map(\.name).joined(separator: ", ")
      throw ConstructionError.usage("\(name) has no parameter '\(key)' (it takes: \(known))")
    }
    return ParameterValues(values: values, family: name)
  }
}

/// Why a construction could not be built.
public enum ConstructionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A parameter value that is out of range or malformed.
  case badParameter(String)
  /// A missing or unknown parameter.
  case usage(String)

  public var description: String {
    switch self {
    case .badParameter(let why), .usage(let why): return why
    }
  }
}
