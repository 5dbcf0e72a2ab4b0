import ExactArithmetic

/// Rounding of a Double to a float format of at most 25 significand bits
/// and at most 8 exponent bits (ties to even, subnormals, overflow to ±∞),
/// computed exactly in Double; the identity for fp64.
struct NativeRounding: Sendable {
  let precision: Int
  let exponentBits: Int
  let minimumExponent: Int
  let largestFinite: Double
  let smallestNormal: Double
  let isIdentity: Bool
  /// fp32: the hardware conversion Double → Float is this rounding (IEEE, ties to even).
  let isBinary32: Bool

  init?(_ format: NumberFormat) {
    guard case .float(let f) = format else { return nil }
    if f == .binary64 {
      precision = 53
      exponentBits = 11
      minimumExponent = -1022
      largestFinite = .greatestFiniteMagnitude
      smallestNormal = .leastNormalMagnitude
      isIdentity = true
      isBinary32 = false
      return
    }
    // 53 ≥ 2p + 2 (innocuous double rounding) and a range whose products and
    // quotients stay normal in Double.
    guard f.precision <= 25, f.exponentBits <= 8 else { return nil }
    precision = f.precision
    exponentBits = f.exponentBits
    minimumExponent = f.minimumExponent
    largestFinite = f.largestFinite.nearestDouble
    smallestNormal = f.smallestNormal.nearestDouble
    isIdentity = false
    isBinary32 = f == .binary32
  }

  /// Whether every value of `other` is a value of this format.
  func holds(_ other: NativeRounding) -> Bool {
    precision >= other.precision && exponentBits >= other.exponentBits
  }

  /// The format's value nearest to `x`, ties to even.
  @inline(__always)
  func callAsFunction(_ x: Double) -> Double {
    if isIdentity || !x.isFinite || x == 0 { return x }
    if isBinary32 { return Double(Float(x)) }
    if abs(x) >= smallestNormal {
      // In the format's normal range: round Double's significand to p bits
      // on its bit pattern (ties to even; a carry moves into the exponent).
      let shift = UInt64(53 - precision)
      let lsb = (x.bitPattern >> shift) & 1
      let bits = (x.bitPattern &+ ((1 << (shift - 1)) - 1 + lsb)) & ~((1 << shift) - 1)
      let r = Double(bitPattern: bits)
      return abs(r) > largestFinite ? (x < 0 ? -.infinity : .infinity) : r
    }
    // The quantum at x's binade (or the subnormal quantum): x/q and the
    // rounded multiple are exact in Double.
    let scale = max(Int(x.exponent), minimumExponent) - (precision - 1)
    let q = Double(sign: .plus, exponent: scale, significand: 1)
    let r = (x / q).rounded(.toNearestOrEven) * q
    if abs(r) > largestFinite { return x < 0 ? -.infinity : .infinity }
    return r
  }
}
