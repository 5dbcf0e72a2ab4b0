import ExactArithmetic
import RASP
import Transformer

/// An s-op of a RASP program, evaluated by the reference evaluator, as the
/// specification of a (compiled) model.
///
/// An input on which the program itself fails (a division by zero, say) has
/// no expected outputs: it is counted as undefined and not compared.
///
/// Its reference trace for localisation: for a model compiled from the
/// program (``init(compiled:name:source:)``), every direction of the
/// compiler's layout, with the s-op it holds; otherwise every named s-op the
/// target depends on, read on the residual directions the design names them
/// by: `name:value` one-hot directions (1 where the s-op has that value,
/// else 0) and a numerical `name` direction (its value). Only directions the
/// model has are compared.
public struct RASPSpecification: Specification {
  public let kind = "rasp"
  public let label: String
  public let digest: String
  public let graph: ProgramGraph
  public let sop: NodeID
  let parse: @Sendable (String) -> Atom
  /// The compiler's layout values (directions of a compiled model), when known.
  var layoutValues: (@Sendable ([String]) -> [String: [Rational]]?)?
  /// The s-op each layout direction holds, e.g. `sort (categorical)`.
  var directionValues: [String: String] = [:]

  /// - Parameters:
  ///   - graph: the program graph (e.g. an interpreter's after running the file).
  ///   - sop: the s-op the model computes.
  ///   - name: its name, for labels.
  ///   - source: the program text (with the library it loads), hashed into the digest.
  ///   - inputType: how a token becomes an atom (`str` by default; `int`, `float`, `bool`).
  public init(
    graph: ProgramGraph, sop: NodeID, name: String, source: String, inputType: String = "str"
  ) {
    self.graph = graph
    self.sop = sop
    label = name
    digest = SHA256.hex("rasp\n\(name)\n\(inputType)\n" + source)
    switch inputType {
    case "int": parse = { Int($0).map(Atom.int) ?? .string($0) }
    case "float": parse = { (try? Rational(parsing: $0)).map(Atom.number) ?? .string($0) }
    case "bool": parse = { ["true", "t", "1"].contains($0.lowercased()) ? .bool(true) : .bool(false) }
    default: parse = { .string($0) }
    }
  }

  public func expected(for input: [String]) throws -> [OutputValue] {
    do {
      return try graph.evaluate(sop: sop, on: input.map(parse)).map(Self.output)
    } catch {
      throw VerificationError.undefined("\(label) on '\(input.joined(separator: " "))': \(error.textWithoutSeverity)")
    }
  }

  /// An atom as a decoded model output.
  public static func output(_ atom: Atom) -> OutputValue {
    switch atom {
    case .string(let s): return .text(s)
    case .bool(let b): return .boolean(b)
    case .number(let r): return .number(r)
    }
  }

  public func valueName(ofDirection direction: String) -> String? { directionValues[direction] }

  public func referenceDirections(for input: [String], residual: ResidualSpace) throws -> [String: [Rational]]? {
    if let layoutValues { return layoutValues(input) }
    let named = graph.ancestors(of: sop).filter { !graph[$0].isSelector && graph[$0].name != nil }
    let values: [NodeID: NodeValue]
    do {
      values = try graph.evaluate(named, on: input.map(parse))
    } catch {
      return nil
    }
    var out: [String: [Rational]] = [:]
    let names = residual.names
    for id in named {
      guard let name = graph[id].name, let sequence = values[id]?.sequence else { continue }
      if residual.contains(name) {
        if sequence.allSatisfy({ $0.numericValue != nil }) { out[name] = sequence.map { $0.numericValue! } }
      }
      let prefix = name + ":"
      for direction in names where direction.hasPrefix(prefix) {
        let value = String(direction.dropFirst(prefix.count))
        out[direction] = sequence.map { $0.description == value ? Rational.one : Rational.zero }
      }
    }
    return out.isEmpty ? nil : out
  }
}
