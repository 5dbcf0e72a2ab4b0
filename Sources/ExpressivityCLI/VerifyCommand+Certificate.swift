import ArgumentParser
import Foundation
import Transformer
import Verification

extension VerifyCommand {
  /// `verify --certificate`: runs the recorded verification again (the
  /// model and reference files it names, or those given; a compiled model is
  /// compiled again from its recorded arguments) and confirms the verdict.
  func recheck(_ path: String) throws {
    let certificate: Verdict
    do {
      certificate = try Verdict.load(from: path)
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
    guard certificate.isVerified else {
      throw UserError(
        "\(path): the verdict is '\(certificate.verdict)'; only a verified result is a certificate", exitCode: 2)
    }
    let kind = automaton != nil ? "automaton" : expected != nil ? "expected-outputs" : certificate.specification.kind
    let specPath = automaton ?? expected ?? certificate.specification.path
    var verifier: Verifier
    let specification: any Specification
    if kind == "rasp" {
      guard model == nil else {
        throw UserError("the certificate is for a model compiled from RASP: --model does not apply", exitCode: 2)
      }
      guard let arguments = certificate.model.compileArguments else {
        throw UserError("the certificate names no way to rebuild its compiled model", exitCode: 2)
      }
      let request = try CompileRequest(arguments: arguments)
      let (compiled, _) = try request.compile()
      verifier = try recheckVerifier(compiled.model, path: nil, certificate)
      verifier.compileArguments = arguments
      specification = try Self.specification(compiled, request)
    } else {
      guard let modelPath = model ?? certificate.model.path else {
        throw UserError("the certificate names no model file; give --model", exitCode: 2)
      }
      verifier = try recheckVerifier(try loadModel(modelPath), path: modelPath, certificate)
      switch (kind, specPath) {
      case ("automaton", let p?):
        specification = try Self.automatonSpecification(p, mode: certificate.semantics.mode)
      case ("expected-outputs", let p?):
        specification = try Self.expectedOutputs(p)
      default:
        throw UserError("cannot re-check a '\(kind)' specification from the command line without its file", exitCode: 2)
      }
    }
    verifier.specificationPath = specPath
    var explicit: [[String]]?
    if certificate.inputSpace.kind == .explicit {
      let source = inputs ?? certificate.inputSpace.inputsSource
      if source == "expected", let table = specification as? ExpectedOutputs {
        explicit = table.inputs
      } else if let source {
        explicit = try Self.readInputs(source)
      }
    }
    let space: InputSpace
    do {
      var recorded = try InputSpace(record: certificate.inputSpace, inputs: explicit)
      recorded.inputsSource = certificate.inputSpace.inputsSource
      space = recorded
    } catch let error as VerificationError {
      throw UserError(error.description, exitCode: 2)
    }
    let verdict = try Self.withProgress(verifier, space) {
      try $0.recheckBlocking(certificate, specification: specification, space: space)
    }
    try report(verdict, json: json, output: output)
  }

  /// A verifier for re-checking: the certificate's run mode, and the run options given.
  func recheckVerifier(_ loaded: Model, path: String?, _ certificate: Verdict) throws -> Verifier {
    var verifier = Verifier(model: loaded, mode: certificate.semantics.mode)
    verifier.toolVersion = ToolVersion.current
    verifier.modelPath = path
    verifier.prefixSharing = !noPrefixSharing
    if let jobs { verifier.jobs = jobs }
    return verifier
  }
}
