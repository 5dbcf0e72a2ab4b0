import Compiler
import ExactArithmetic
import Foundation
import Testing
import Transformer

/// The repository's Circuits directory.
let circuits: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/") + "/Circuits"
}()

/// Compiles an s-op of RASP source text.
func compile(
  _ source: String, _ sop: String, vocabulary: [String], maxLength: Int, bos: Bool = true,
  maxValues: Int = 20_000, enumerationLimit: Int = 20_000, jointLimit: Int? = nil,
  numericalComparisons: Bool? = nil
) throws -> CompiledProgram {
  var options = CompileOptions(
    vocabulary: vocabulary, maxLength: maxLength, bos: bos, maxValues: maxValues,
    enumerationLimit: enumerationLimit, jointLimit: jointLimit)
  options.numericalComparisons = numericalComparisons
  return try RASPProgram.parse(source, name: "test.rasp").compile(sop: sop, options: options)
}

/// The compile error's message (fails the test when compilation succeeds).
func compileError(
  _ source: String, _ sop: String, vocabulary: [String], maxLength: Int, bos: Bool = true,
  maxValues: Int = 20_000, enumerationLimit: Int = 20_000
) -> String {
  do {
    _ = try compile(
      source, sop, vocabulary: vocabulary, maxLength: maxLength, bos: bos, maxValues: maxValues,
      enumerationLimit: enumerationLimit)
    Issue.record("expected a compile error")
    return ""
  } catch let error as CompileError {
    return error.message
  } catch {
    Issue.record("unexpected error \(error)")
    return ""
  }
}

/// A head's score weights as (query direction, key direction) → weight.
func scores(_ head: AttentionHead) -> [String: Rational] {
  var result: [String: Rational] = [:]
  for (i, q) in head.query.enumerated() {
    for (j, k) in head.key.enumerated() where !head.queryKey[i, j].isZero {
      result["\(q) × \(k)"] = head.queryKey[i, j]
    }
  }
  return result
}

/// A head's value moves as (value direction → output direction) → weight.
func moves(_ head: AttentionHead) -> [String: Rational] {
  var result: [String: Rational] = [:]
  for (i, v) in head.value.enumerated() {
    for (j, o) in head.output.enumerated() where !head.valueOutput[i, j].isZero {
      result["\(v) → \(o)"] = head.valueOutput[i, j]
    }
  }
  return result
}

/// An MLP's hidden units as readable rows: "relu(inputs + bias) → outputs".
func units(_ mlp: MLP) -> Set<String> {
  var result = Set<String>()
  for h in 0..<mlp.hiddenWidth {
    var inputs: [String] = []
    for (i, d) in mlp.input.enumerated() where !mlp.firstWeight[i, h].isZero {
      inputs.append("\(mlp.firstWeight[i, h])·\(d)")
    }
    var outputs: [String] = []
    for (e, d) in mlp.output.enumerated() where !mlp.secondWeight[h, e].isZero {
      outputs.append("\(mlp.secondWeight[h, e])·\(d)")
    }
    result.insert("relu(\(inputs.sorted().joined(separator: " + ")) + \(mlp.firstBias[h])) → \(outputs.sorted().joined(separator: " + "))")
  }
  return result
}

/// An MLP's output bias as direction → value (non-zero entries).
func outputBias(_ mlp: MLP) -> [String: Rational] {
  var result: [String: Rational] = [:]
  for (e, d) in mlp.output.enumerated() where !mlp.secondBias[e].isZero { result[d] = mlp.secondBias[e] }
  return result
}

/// The number of inputs of lengths 1...n over k tokens.
func inputCount(_ k: Int, _ n: Int) -> Int { (1...n).reduce(0) { $0 + Int(pow(Double(k), Double($1))) } }
