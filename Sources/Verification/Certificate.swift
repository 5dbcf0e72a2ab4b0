import Foundation
import Transformer

extension InputSpace {
  /// The space a result records (explicit inputs must be supplied again: a
  /// result keeps only their digest, which they must match).
  public init(record: Verdict.SpaceRecord, inputs: [[String]]? = nil) throws {
    switch record.kind {
    case .exhaustive:
      self = try .exhaustive(vocabulary: record.vocabulary, lengths: try record.lengthRange())
    case .samples:
      self = try .samples(
        vocabulary: record.vocabulary, lengths: try record.lengthRange(),
        count: record.samples ?? 0, seed: record.seed ?? 0)
    case .explicit:
      guard let inputs else {
        throw VerificationError.certificate("the result lists explicit inputs; give them again")
      }
      self = try .explicit(inputs, vocabulary: record.vocabulary)
      inputsSource = record.inputsSource
      guard self.record.inputsSha256 == record.inputsSha256 else {
        throw VerificationError.certificate("the inputs given are not the ones the result lists (their sha256 differs)")
      }
    }
    shard = record.shard
  }
}

extension Verifier {
  /// Re-checks a certificate: the model and specification must be the ones
  /// it names (same SHA-256), and verifying the space it records again must
  /// verify the same number of inputs.
  ///
  /// - Returns: the new verdict, marked `certificate: "confirmed"` when it
  ///   agrees (with `certificate_tool_version` when another tool version
  ///   made the certificate); a verdict with a counterexample when the model
  ///   now fails.
  /// - Throws: ``VerificationError/certificate(_:)`` when the certificate's
  ///   verdict is not `verified`, or it names another model, specification
  ///   or semantics, or when the counts differ.
  public func recheck(
    _ certificate: Verdict, specification: any Specification, space: InputSpace
  ) async throws -> Verdict {
    let verifier = try prepareRecheck(certificate, specification: specification, space: space)
    return try verifier.confirm(certificate, await verifier.verify(specification, over: space))
  }

  /// This verifier set up as the certificate ran, after checking that it names this model and specification.
  func prepareRecheck(
    _ certificate: Verdict, specification: any Specification, space: InputSpace
  ) throws -> Verifier {
    guard certificate.isVerified else {
      throw VerificationError.certificate(
        "this result's verdict is '\(certificate.verdict)'; only a verified result is a certificate")
    }
    let digest = try Self.digest(of: model)
    guard digest == certificate.model.sha256 else {
      throw VerificationError.certificate(
        "the model is not the one certified (sha256 \(digest.prefix(12))..., certificate has \(certificate.model.sha256.prefix(12))...)")
    }
    guard specification.digest == certificate.specification.sha256 else {
      throw VerificationError.certificate(
        "the specification is not the one certified (sha256 \(specification.digest.prefix(12))..., certificate has \(certificate.specification.sha256.prefix(12))...)")
    }
    guard space.record == certificate.inputSpace else {
      throw VerificationError.certificate("the input space differs from the certified one")
    }
    var verifier = self
    verifier.mode = certificate.semantics.mode
    verifier.maxSteps = certificate.semantics.maxSteps
    return verifier
  }

  /// The new verdict, marked confirmed when it agrees with the certificate.
  func confirm(_ certificate: Verdict, _ fresh: Verdict) throws -> Verdict {
    var verdict = fresh
    guard verdict.semantics == certificate.semantics else {
      throw VerificationError.certificate("the run semantics differ from the certified ones")
    }
    if verdict.isVerified {
      guard verdict.checked == certificate.checked else {
        throw VerificationError.certificate(
          "re-checking verified \(verdict.checked) inputs; the certificate says \(certificate.checked)")
      }
      verdict.certificate = "confirmed"
      if certificate.toolVersion != toolVersion { verdict.certificateToolVersion = certificate.toolVersion }
    }
    return verdict
  }

  /// ``recheck(_:specification:space:)`` for synchronous callers (see
  /// ``verifyBlocking(_:over:)``).
  public func recheckBlocking(
    _ certificate: Verdict, specification: any Specification, space: InputSpace
  ) throws -> Verdict {
    let verifier = try prepareRecheck(certificate, specification: specification, space: space)
    return try verifier.confirm(certificate, verifier.verifyBlocking(specification, over: space))
  }
}
