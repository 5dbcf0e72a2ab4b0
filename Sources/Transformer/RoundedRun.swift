import ExactArithmetic

/// One rounded run: outputs per input position and the rounded stream after every stage.
public struct RoundedRun: Sendable {
  /// One stage's rounded stream (positions × residual directions).
  public struct Stage: Sendable {
    /// `embedding`, `layer L attention` or `layer L mlp`.
    public var label: String
    /// Layer index, or nil for the embedding.
    public var layer: Int?
    /// Rows by position (BOS included), entries by residual direction.
    public var stream: [[FormatValue]] {
      get {
        switch storage {
        case .values(let rows): return rows
        case .doubles(let rows): return rows.map { $0.map(FormatValue.init) }
        case .integers(let rows, let bits):
          return rows.map { $0.map { .finite(NativeFixedArithmetic.rational($0, scale: bits)) } }
        }
      }
      set { storage = .values(newValue) }
    }

    /// A native kernel's rows stay machine numbers until read (each is a value of the format).
    enum Storage: Sendable {
      case values([[FormatValue]])
      case doubles([[Double]])
      /// Fixed point: k for the value k·2^−fractionBits.
      case integers([[Int64]], fractionBits: Int)
    }
    var storage: Storage

    public init(label: String, layer: Int?, stream: [[FormatValue]]) {
      self.label = label
      self.layer = layer
      self.storage = .values(stream)
    }

    init(label: String, layer: Int?, doubles: [[Double]]) {
      self.label = label
      self.layer = layer
      self.storage = .doubles(doubles)
    }

    init(label: String, layer: Int?, integers: [[Int64]], fractionBits: Int) {
      self.label = label
      self.layer = layer
      self.storage = .integers(integers, fractionBits: fractionBits)
    }
  }

  /// The decoded output at each input position (BOS left out), or why there is none.
  public var outputs: [Result<OutputValue, RoundedFailure>]
  /// Every stage reached (a fixed-point overflow ends the run early).
  public var stages: [Stage]
  /// Stream row of the first input token.
  public var firstInputRow: Int
  /// How the run rounded.
  public var settings: PrecisionSettings
}
