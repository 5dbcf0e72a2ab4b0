import ExactArithmetic
import Foundation
import Transformer

/// A model encoded for other tools: its tensors in one dtype and the
/// manifest, ready to write as safetensors or npz.
public struct ModelExport: Sendable {
  /// The metadata, with each tensor's storage filled in.
  public private(set) var manifest: ExportManifest
  /// The tensors written, in the export's order.
  public private(set) var tensors: [StoredTensor]
  /// The largest |rounded − exact| over every weight (zero for `exact`).
  public private(set) var maxRoundingError: Rational

  /// The key of the manifest in a safetensors file's `__metadata__`.
  public static let metadataKey = "expressivity"
  /// The npz member that holds the manifest.
  public static let npzManifestMember = "__metadata__.json"

  /// Encodes `model` in `dtype`.
  ///
  /// - Throws: ``ExchangeError/unrepresentable(tensor:index:value:dtype:)``
  ///   when a weight overflows a float dtype.
  /// - Complexity: one pass over the weights (exact: a common denominator per tensor).
  public init(model: Model, dtype: TensorDType) throws {
    var (named, manifest) = try ExportLayout.tensors(of: model, dtype: dtype)
    var stored: [StoredTensor] = []
    var worst = Rational.zero
    for t in named {
      var entry = ExportManifest.TensorEntry(shape: t.shape)
      switch dtype {
      case .exact:
        if let (numerators, denominator) = Self.commonDenominator(t.entries) {
          entry.denominator = String(denominator)
          stored.append(StoredTensor(name: t.name, dtype: dtype.safetensorsTag, shape: t.shape, bytes: StoredTensor.bytes(numerators)))
        } else {
          entry.entries = t.entries.map(\.description)
        }
      case .float64, .float32:
        var tensorWorst = Rational.zero
        var doubles: [Double] = []
        doubles.reserveCapacity(t.entries.count)
        let format = dtype == .float64 ? FloatFormat.binary64 : FloatFormat.binary32
        for (i, x) in t.entries.enumerated() {
          // Round to nearest, ties to even, exactly; an infinity is an overflow.
          guard let rounded = format.round(x).rational else {
            throw ExchangeError.unrepresentable(tensor: t.name, index: i, value: x.description, dtype: dtype.rawValue)
          }
          let error = (rounded - x).magnitude
          if tensorWorst < error { tensorWorst = error }
          if dtype == .float64 { doubles.append(x.nearestDouble) }
        }
        entry.max_rounding_error = tensorWorst.description
        if worst < tensorWorst { worst = tensorWorst }
        let bytes = dtype == .float64
          ? StoredTensor.bytes(doubles) : StoredTensor.bytes(t.entries.map(\.nearestFloat))
        stored.append(StoredTensor(name: t.name, dtype: dtype.safetensorsTag, shape: t.shape, bytes: bytes))
      }
      manifest.tensors[t.name] = entry
    }
    if dtype != .exact { manifest.max_rounding_error = worst.description }
    self.manifest = manifest
    tensors = stored
    maxRoundingError = worst
  }

  /// Int64 numerators over one Int64 denominator (the least common one), or
  /// nil when either does not fit.
  static func commonDenominator(_ entries: [Rational]) -> ([Int64], Int64)? {
    var denominator = Rational.one
    for x in entries where !x.isInteger {
      // lcm(D, q) = D · (denominator of x·D).
      let scaled = x * denominator
      guard !scaled.isInteger else { continue }
      guard let (_, q) = scaled.smallComponents else { return nil }
      denominator = denominator * Rational(Int(q))
      guard denominator.smallComponents != nil else { return nil }
    }
    var numerators: [Int64] = []
    numerators.reserveCapacity(entries.count)
    for x in entries {
      guard let (n, _) = (x * denominator).smallComponents else { return nil }
      numerators.append(n)
    }
    return (numerators, denominator.smallComponents!.numerator)
  }

  /// The manifest as JSON text (sorted keys).
  public func manifestJSON() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try! encoder.encode(manifest), as: UTF8.self)
  }

  /// The export as a safetensors file (the manifest under `__metadata__["expressivity"]`).
  public func safetensors() -> [UInt8] {
    SafetensorsFile(tensors: tensors, metadata: [Self.metadataKey: manifestJSON()]).encoded()
  }

  /// The export as an npz archive: one `NAME.npy` per tensor and the manifest as `__metadata__.json`.
  public func npz() -> [UInt8] {
    var archive = ZipArchive()
    for t in tensors {
      archive.add(name: t.name + ".npy", bytes: NPYArray(descriptor: dtypeDescriptor(t.dtype), shape: t.shape, bytes: t.bytes).encoded())
    }
    archive.add(name: Self.npzManifestMember, bytes: Array(manifestJSON().utf8))
    return archive.encoded()
  }

  private func dtypeDescriptor(_ tag: String) -> String {
    TensorDType.allCases.first { $0.safetensorsTag == tag }!.numpyDescriptor
  }
}
