import ExactArithmetic
import Foundation
import Transformer
import Verification

/// A model read back from an export (safetensors or npz).
public struct ModelImport: Sendable {
  /// The model restored.
  public var model: Model
  /// The manifest read.
  public var manifest: ExportManifest
  /// Whether the model's canonical SHA-256 equals the exported model's.
  public var matchesExportedDigest: Bool

  /// Reads an export's bytes: a ZIP archive is read as npz, anything else as safetensors.
  ///
  /// - Throws: ``ExchangeError`` for a malformed file or a float that is
  ///   infinite or NaN; ``ModelError`` for an inconsistent model.
  public init(bytes: [UInt8], floats: FloatReading = .simplest) throws {
    var stored: [String: StoredTensor] = [:]
    let manifestText: String
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      let archive = try ZipArchive(decoding: bytes)
      var text: String?
      for (name, data) in archive.members {
        if name == ModelExport.npzManifestMember {
          text = String(decoding: data, as: UTF8.self)
          continue
        }
        guard name.hasSuffix(".npy") else { continue }
        let tensorName = String(name.dropLast(4))
        let array = try NPYArray(decoding: data, name: name)
        guard let dtype = TensorDType.allCases.first(where: { $0.numpyDescriptor == array.descriptor }) else {
          throw ExchangeError.malformed("member '\(name)' has dtype \(array.descriptor) (expected <i8, <f8 or <f4)")
        }
        stored[tensorName] = StoredTensor(name: tensorName, dtype: dtype.safetensorsTag, shape: array.shape, bytes: array.bytes)
      }
      guard let text else { throw ExchangeError.malformed("no \(ModelExport.npzManifestMember) in the archive") }
      manifestText = text
    } else {
      let file = try SafetensorsFile(decoding: bytes)
      guard let text = file.metadata[ModelExport.metadataKey] else {
        throw ExchangeError.malformed("no '\(ModelExport.metadataKey)' entry in __metadata__ (not written by expressivity export)")
      }
      for t in file.tensors { stored[t.name] = t }
      manifestText = text
    }
    let manifest: ExportManifest
    do {
      manifest = try JSONDecoder().decode(ExportManifest.self, from: Data(manifestText.utf8))
    } catch {
      throw ExchangeError.malformed("the manifest is not readable (\(error))")
    }
    guard manifest.format == ExportManifest.formatName else {
      throw ExchangeError.unsupported("the export's format is '\(manifest.format)', expected '\(ExportManifest.formatName)'")
    }
    guard manifest.version == ExportManifest.currentVersion else {
      throw ExchangeError.unsupported("export version \(manifest.version) is not supported (this build reads \(ExportManifest.currentVersion))")
    }
    guard let dtype = TensorDType(rawValue: manifest.dtype) else {
      throw ExchangeError.malformed("unknown dtype '\(manifest.dtype)'")
    }
    var tensors: [String: [Rational]] = [:]
    for (name, entry) in manifest.tensors {
      if let entries = entry.entries {
        tensors[name] = try entries.map { text in
          guard let r = Rational(text) else { throw ExchangeError.malformed("tensor '\(name)': '\(text)' is not a rational") }
          return r
        }
        continue
      }
      guard let t = stored[name] else { throw ExchangeError.malformed("the manifest lists '\(name)', which the file lacks") }
      guard t.shape == entry.shape else {
        throw ExchangeError.malformed("tensor '\(name)' has shape \(t.shape), the manifest says \(entry.shape)")
      }
      switch dtype {
      case .exact:
        guard let text = entry.denominator, let denominator = Rational(text), denominator.signum > 0 else {
          throw ExchangeError.malformed("tensor '\(name)' has no positive denominator")
        }
        tensors[name] = try t.int64Entries().map { Rational(Int($0)) / denominator }
      case .float64, .float32:
        tensors[name] = try t.doubleEntries().enumerated().map { i, d in
          guard let r = floats.rational(d, single: t.dtype == "F32") else {
            throw ExchangeError.malformed("tensor '\(name)' entry \(i) is \(d)")
          }
          return r
        }
      }
    }
    model = try ExportLayout.model(manifest, tensors: tensors)
    self.manifest = manifest
    matchesExportedDigest = try Verifier.digest(of: model) == manifest.model_sha256
  }
}
