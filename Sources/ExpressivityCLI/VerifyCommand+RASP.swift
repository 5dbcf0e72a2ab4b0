import ArgumentParser
import Compiler
import ExactArithmetic
import Foundation
import Transformer
import Verification

extension VerifyCommand {
  /// What `verify FILE.rasp` asks to compile.
  var compileRequest: CompileRequest {
    get throws {
      guard let file, let sop, let vocab, let maxLength else {
        throw UserError("a RASP file needs --sop, --vocab and --max-len", exitCode: 2)
      }
      var request = CompileRequest(file: file, sop: sop, vocab: vocab, maxLength: maxLength)
      request.noBOS = noBOS
      if let maxValues { request.maxValues = maxValues }
      request.encodings = encodings
      request.additiveEmbedding = additiveEmbedding
      if let jointLimit { request.jointLimit = jointLimit }
      request.comparisons = comparisons
      return request
    }
  }

  /// `verify FILE.rasp`: compiles the s-op, then checks the model against the
  /// program (evaluated by the reference evaluator) with the engine every
  /// form uses. The size of the input space is known, and checked against
  /// --max-inputs, before anything is compiled.
  func verifyProgram() throws {
    let request = try compileRequest
    let vocabulary = try request.options().vocabulary
    let space = try space(vocabulary: vocabulary, lengths: inputs == nil ? try lengthRange(1, request.maxLength) : nil)
    var (compiled, _) = try request.compile()
    if let fault {
      guard compiled.model.residual.contains(fault) else {
        throw UserError("--inject-fault: no direction '\(fault)' in the model", exitCode: 2)
      }
      var model = compiled.model
      for token in model.vocabulary { model.embedding.tokens[token, default: [:]][fault, default: .zero] += .one }
      compiled = compiled.replacingModel(model)
    }
    var verifier = try makeVerifier(compiled.model, path: nil)
    verifier.compileArguments = request.arguments
    verifier.specificationPath = request.file
    let specification = try Self.specification(compiled, request)
    let verdict = try run(verifier, specification, space)
    try report(verdict, json: json, output: output)
  }

  /// The program as the specification of its compiled model.
  static func specification(_ compiled: CompiledProgram, _ request: CompileRequest) throws -> RASPSpecification {
    guard let data = FileManager.default.contents(atPath: request.file) else {
      throw UserError("cannot read '\(request.file)'", exitCode: 2)
    }
    return RASPSpecification(compiled: compiled, name: request.sop, source: String(decoding: data, as: UTF8.self))
  }
}

extension CompileRequest {
  /// The `expressivity compile` arguments that make this request (recorded
  /// in results, so a certificate can rebuild the model).
  var arguments: [String] {
    var out = [file, "--sop", sop, "--vocab", vocab, "--max-len", String(maxLength)]
    if noBOS { out.append("--no-bos") }
    out += ["--max-values", String(maxValues), "--enumerate-up-to", String(enumerationLimit)]
    for encoding in encodings { out += ["--encoding", encoding] }
    if additiveEmbedding { out.append("--additive-embedding") }
    if let jointLimit { out += ["--joint-limit", String(jointLimit)] }
    if let comparisons { out += ["--comparisons", comparisons] }
    return out
  }

  /// The request recorded by ``arguments``.
  init(arguments: [String]) throws {
    let group: CompileOptionGroup
    do {
      group = try CompileOptionGroup.parse(arguments)
    } catch {
      throw UserError(
        "the certificate's compile_arguments are not `compile` arguments: \(CompileOptionGroup.message(for: error))",
        exitCode: 2)
    }
    self = group.request
  }
}
