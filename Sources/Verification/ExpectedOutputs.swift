import Foundation
import Transformer

/// A table of expected outputs, read from JSON:
///
///     {"vocabulary": ["(", ")"],
///      "cases": [{"input": ["(", ")"], "output": ["P", "T"]},
///                {"input": [")"], "output": ["F"]}]}
///
/// `vocabulary` is optional (the model's is used without it). Each output is
/// a string, an integer, a boolean, or a fraction written as a string
/// `"p/q"`; outputs compare by canonical text. For a chain-of-thought model,
/// `output` lists the tokens emitted after the prompt.
public struct ExpectedOutputs: Specification {
  public let kind = "expected-outputs"
  public let label: String
  public let digest: String
  /// The vocabulary the file declares, if any.
  public let vocabulary: [String]?
  /// The inputs, in file order (repeats removed).
  public let inputs: [[String]]
  let table: [String: [OutputValue]]

  static func key(_ input: [String]) -> String { input.joined(separator: "\u{1F}") }

  /// Reads the JSON text of an expected-outputs file.
  ///
  /// - Throws: ``VerificationError/specification(_:)`` naming what is wrong.
  public init(jsonData data: Data, label: String = "<expected>") throws {
    let file: ExpectedOutputsReader.Contents
    do {
      file = try ExpectedOutputsReader.read(data)
    } catch let error as ExpectedOutputsReader.Failure {
      throw VerificationError.specification("\(label): \(error.message)")
    }
    var table: [String: [OutputValue]] = [:]
    table.reserveCapacity(file.cases.count)
    var inputs: [[String]] = []
    inputs.reserveCapacity(file.cases.count)
    let known = file.vocabulary.map(Set.init)
    for (n, c) in file.cases.enumerated() {
      let input = c.input.map(\.description)
      let output = c.output
      guard !input.isEmpty else { throw VerificationError.specification("\(label): case \(n) has an empty input") }
      if let known, let bad = input.first(where: { !known.contains($0) }) {
        throw VerificationError.specification("\(label): case \(n) has token '\(bad)', which is not in the vocabulary")
      }
      let k = Self.key(input)
      if let seen = table[k] {
        guard seen.map(\.description) == output.map(\.description) else {
          throw VerificationError.specification(
            "\(label): input '\(input.joined(separator: " "))' is listed twice with different outputs")
        }
        continue
      }
      table[k] = output
      inputs.append(input)
    }
    self.label = label
    vocabulary = file.vocabulary
    self.inputs = inputs
    self.table = table
    // Digest of the cases in shortlex order of their inputs, so listing order does not matter.
    let sorted = inputs.sorted { a, b in
      a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
    }
    let cases = sorted.map { input in
      "[" + CanonicalJSON.strings(input) + "," + CanonicalJSON.strings(table[Self.key(input)]!.map(\.description)) + "]"
    }
    let canonical = "{\"cases\":[" + cases.joined(separator: ",") + "],\"vocabulary\":"
      + (vocabulary.map(CanonicalJSON.strings) ?? "null") + "}"
    digest = SHA256.hex(canonical)
  }

  /// Reads an expected-outputs file.
  public static func load(from path: String) throws -> ExpectedOutputs {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw VerificationError.specification("cannot read '\(path)'")
    }
    return try ExpectedOutputs(jsonData: data, label: path)
  }

  /// A file's JSON for `cases` (outputs written as canonical text).
  public static func jsonData(vocabulary: [String]?, cases: [(input: [String], output: [OutputValue])]) -> Data {
    var lines: [String] = []
    for c in cases {
      lines.append("  {\"input\": \(CanonicalJSON.strings(c.input)), \"output\": \(CanonicalJSON.strings(c.output.map(\.description)))}")
    }
    let head = vocabulary.map { "\"vocabulary\": \(CanonicalJSON.strings($0)),\n" } ?? ""
    return Data(("{" + head + "\"cases\": [\n" + lines.joined(separator: ",\n") + "\n]}\n").utf8)
  }

  public func expected(for input: [String]) throws -> [OutputValue] {
    guard let output = table[Self.key(input)] else {
      throw VerificationError.specification("\(label) has no case for input '\(input.joined(separator: " "))'")
    }
    return output
  }

  static func explain(_ error: DecodingError) -> String {
    func at(_ path: [any CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(at(context.codingPath))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      return "\(context.debugDescription) at \(at(context.codingPath))"
    @unknown default: return "invalid file"
    }
  }
}
