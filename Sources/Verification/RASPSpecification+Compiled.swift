import Compiler
import ExactArithmetic

extension RASPSpecification {
  /// The program a model was compiled from, as its specification: the
  /// compiled s-op evaluated by the reference evaluator, and, for
  /// localising a failing run, the value the compiler's layout gives every
  /// direction on the input (``CompiledProgram/expectedStream(on:)``), named
  /// by the s-op it holds.
  ///
  /// - Parameters:
  ///   - compiled: the compiled program (its model need not be the one checked).
  ///   - name: the s-op's name, for labels.
  ///   - source: the program text, hashed into the digest.
  public init(compiled: CompiledProgram, name: String, source: String) {
    self.init(graph: compiled.graph, sop: compiled.output, name: name, source: source)
    layoutValues = { compiled.expectedStream(on: $0) }
    for value in compiled.writtenValues {
      for direction in value.directions { directionValues[direction] = value.description }
    }
  }
}
