import Foundation

/// How a model is run on each input.
public enum RunMode: String, Sendable, Codable, CaseIterable {
  /// One forward pass; one output per input position.
  case singlePass = "single-pass"
  /// Chain of thought: the model's last output is appended and it runs
  /// again; the outputs are the tokens it emits.
  case chainOfThought = "chain-of-thought"
  /// The model's loop (a block of layers repeated); one output per position.
  case looped
}

/// Where a failing run's residual stream first departs from the reference.
public struct Departure: Sendable, Hashable, Codable {
  /// The layer (nil for the embedding).
  public var layer: Int?
  /// The stage: `embedding`, `layer L attention` or `layer L mlp`.
  public var stage: String
  /// The residual direction.
  public var direction: String
  /// The input position (nil for the BOS position).
  public var position: Int?
  /// The reference value there, exact (`p/q`).
  public var expected: String
  /// The model's value there, exact.
  public var got: String

  public init(layer: Int?, stage: String, direction: String, position: Int?, expected: String, got: String) {
    self.layer = layer
    self.stage = stage
    self.direction = direction
    self.position = position
    self.expected = expected
    self.got = got
  }
}

/// The first failing input, and how it fails.
public struct Counterexample: Sendable, Hashable, Codable {
  /// The input (for chain of thought, the prompt).
  public var input: [String]
  /// Its index in the enumeration of the whole input space.
  public var index: Int
  /// The first input position (chain of thought: the step) whose output is
  /// wrong, or nil when the model could not run on the input at all.
  public var position: Int?
  /// The expected output there (canonical text; nil past the expected end).
  public var expected: String?
  /// The model's output there (nil when it gave none).
  public var got: String?
  /// Why the model gave no output there (a readout tie, a non-integer softmax score, ...).
  public var error: String?
  /// Every expected output.
  public var expectedOutputs: [String]
  /// Every output the model gave (nil where it gave none).
  public var outputs: [String?]
  /// Where the stream first departs from the reference trace, when one is given.
  public var departure: Departure?

  enum CodingKeys: String, CodingKey {
    case input, index, position, expected, got, error, departure, outputs
    case expectedOutputs = "expected_outputs"
  }
}

/// The result of a verification: a verdict over an input space, with
/// everything a certificate or a shard result records.
public struct Verdict: Sendable, Hashable, Codable {
  /// The identity of the model checked.
  public struct ModelIdentity: Sendable, Hashable, Codable {
    public var name: String
    /// SHA-256 of the canonical model JSON (`Model.jsonData(pretty: false)`).
    public var sha256: String
    /// The file it was read from, when known (for re-checking a certificate).
    public var path: String?
  }

  /// The identity of the specification.
  public struct SpecificationIdentity: Sendable, Hashable, Codable {
    public var kind: String
    public var label: String
    public var sha256: String
    /// The file it was read from, when known.
    public var path: String?
  }

  /// The input space, as recorded (an explicit list by its digest).
  public struct SpaceRecord: Sendable, Hashable, Codable {
    public var kind: InputSpace.Kind
    public var vocabulary: [String]
    public var minLength: Int
    public var maxLength: Int
    public var samples: Int?
    public var seed: UInt64?
    /// SHA-256 of the explicit inputs, one per line, tokens separated by spaces.
    public var inputsSha256: String?
    /// Where the explicit inputs came from (`expected` for the expected-outputs file, or a path).
    public var inputsSource: String?
    /// Inputs in the whole space (every shard).
    public var total: Int
    public var shard: InputSpace.Shard?

    enum CodingKeys: String, CodingKey {
      case kind, vocabulary, samples, seed, total, shard
      case minLength = "min_length"
      case maxLength = "max_length"
      case inputsSha256 = "inputs_sha256"
      case inputsSource = "inputs_source"
    }
  }

  /// The semantics under which the verdict holds.
  public struct Semantics: Sendable, Hashable, Codable {
    /// How the model ran.
    public var mode: RunMode
    /// Always `exact-rational`: no value rounded.
    public var arithmetic: String = "exact-rational"
    /// Always `canonical-text`: outputs equal when their canonical texts are.
    public var comparison: String = "canonical-text"
    /// A readout tie or a model error fails the input.
    public var errors: String = "fail"
    /// The step limit of a chain-of-thought run.
    public var maxSteps: Int?

    enum CodingKeys: String, CodingKey {
      case mode, arithmetic, comparison, errors
      case maxSteps = "max_steps"
    }
  }

  /// The format tag written in every result file.
  public static let format = "expressivity-verification"

  public var format: String = Verdict.format
  /// `verified` or `counterexample`.
  public var verdict: String
  /// Inputs checked: every input of the space (or shard) when verified;
  /// with a counterexample, the inputs up to and including it in
  /// enumeration order (all of which were checked).
  public var checked: Int
  /// Wall time (summed over shards for a merged result).
  public var seconds: Double
  public var counterexample: Counterexample?
  public var model: ModelIdentity
  public var specification: SpecificationIdentity
  public var inputSpace: SpaceRecord
  public var semantics: Semantics
  public var toolVersion: String
  /// Whether prefix sharing was used (informational; the verdict does not depend on it).
  public var prefixSharing: Bool?
  /// Set when a certificate was re-checked: `confirmed`.
  public var certificate: String?

  enum CodingKeys: String, CodingKey {
    case format, verdict, checked, seconds, counterexample, model, specification, semantics, certificate
    case inputSpace = "input_space"
    case toolVersion = "tool_version"
    case prefixSharing = "prefix_sharing"
  }

  /// Whether every input checked passed.
  public var isVerified: Bool { counterexample == nil }

  /// The result as JSON (sorted keys; pretty for files).
  public func jsonData(pretty: Bool = true) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  /// Reads a result (shard result or certificate).
  public init(jsonData data: Data, label: String = "<result>") throws {
    do {
      self = try JSONDecoder().decode(Verdict.self, from: data)
    } catch let error as DecodingError {
      throw VerificationError.usage("\(label) is not a verification result: \(ExpectedOutputs.explain(error))")
    } catch {
      throw VerificationError.usage("\(label) is not JSON")
    }
    guard format == Verdict.format else {
      throw VerificationError.usage("\(label): format is '\(format)', expected '\(Verdict.format)'")
    }
  }

  /// Reads a result file; the relative paths it names are read against its
  /// folder (see ``pathsResolved(against:)``).
  public static func load(from path: String) throws -> Verdict {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw VerificationError.usage("cannot read '\(path)'")
    }
    return try Verdict(jsonData: data, label: path).pathsResolved(against: (path as NSString).deletingLastPathComponent)
  }

  init(
    verdict: String, checked: Int, seconds: Double, counterexample: Counterexample?, model: ModelIdentity,
    specification: SpecificationIdentity, inputSpace: SpaceRecord, semantics: Semantics, toolVersion: String,
    prefixSharing: Bool?
  ) {
    self.verdict = verdict
    self.checked = checked
    self.seconds = seconds
    self.counterexample = counterexample
    self.model = model
    self.specification = specification
    self.inputSpace = inputSpace
    self.semantics = semantics
    self.toolVersion = toolVersion
    self.prefixSharing = prefixSharing
  }
}

extension InputSpace {
  /// The space as a result records it.
  public var record: Verdict.SpaceRecord {
    var inputsDigest: String?
    if kind == .explicit {
      inputsDigest = SHA256.hex(inputs.map { $0.joined(separator: " ") + "\n" }.joined())
    }
    return Verdict.SpaceRecord(
      kind: kind, vocabulary: vocabulary, minLength: lengths.lowerBound, maxLength: lengths.upperBound,
      samples: kind == .samples ? sampleCount : nil, seed: kind == .samples ? seed : nil,
      inputsSha256: inputsDigest, inputsSource: inputsSource, total: totalCount, shard: shard)
  }
}
