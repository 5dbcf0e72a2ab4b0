import Compiler
import Verification

/// What the Verification engine says of a compiled model against its program.
struct ProgramVerdict {
  /// The engine's verdict (nil when it could not run).
  var verdict: Verdict?
  /// Why it could not run.
  var error: String?
  /// Every input compared agreed, and at least one was compared.
  var passed: Bool { verdict?.isVerified ?? false }
  /// Inputs compared with the program.
  var checked: Int { verdict?.compared ?? 0 }
  /// Inputs on which the program itself fails (not compared).
  var undefined: Int { verdict?.undefined ?? 0 }
  /// The first failing input, or the error.
  var mismatch: String? { verdict?.counterexample.map { "\($0)" } ?? error }
}

extension CompiledProgram {
  /// The compiled model against the program it was compiled from, on every
  /// input of every length in `lengths` (default 1...maxLength), by the one
  /// verification engine (a ``RASPSpecification``).
  func verify(lengths: ClosedRange<Int>? = nil) -> ProgramVerdict {
    do {
      let space = try InputSpace.exhaustive(vocabulary: options.vocabulary, lengths: lengths ?? 1...options.maxLength)
      let specification = RASPSpecification(compiled: self, name: "program", source: "")
      return ProgramVerdict(verdict: try Verifier(model: model).verifyBlocking(specification, over: space))
    } catch {
      return ProgramVerdict(verdict: nil, error: "\(error)")
    }
  }
}
