/// How an export stores each weight: exactly, or rounded to an IEEE format.
public enum TensorDType: String, Sendable, CaseIterable {
  /// Integer numerators (int64) over one denominator per tensor; nothing is
  /// lost. A tensor whose common denominator or a numerator does not fit
  /// int64 is written as `"p/q"` text in the metadata instead.
  case exact
  /// Each weight rounded to the nearest binary64 (ties to even).
  case float64
  /// Each weight rounded to the nearest binary32 (ties to even).
  case float32

  /// The safetensors dtype tag of the stored numbers.
  public var safetensorsTag: String {
    switch self {
    case .exact: return "I64"
    case .float64: return "F64"
    case .float32: return "F32"
    }
  }

  /// The NumPy type string of the stored numbers (little-endian).
  public var numpyDescriptor: String {
    switch self {
    case .exact: return "<i8"
    case .float64: return "<f8"
    case .float32: return "<f4"
    }
  }

  /// Bytes per stored number.
  public var byteWidth: Int { self == .float32 ? 4 : 8 }
}
