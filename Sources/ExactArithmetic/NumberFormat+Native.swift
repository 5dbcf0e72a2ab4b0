// A fast path for fp16 and fp32: the operation computed in Double and rounded
// once more to the format. Both operands are values of the format, so they
// are exact Doubles; Double's result is correctly rounded with 53 bits, and
// rounding it again to p bits gives the correctly rounded result whenever
// 53 ≥ 2p + 2 (Figueroa, "When is double rounding innocuous?", 1995) — p = 11
// and 24 here — for +, −, × and ÷. Double's range holds every product and
// quotient of two fp32 values as a normal number, so nothing underflows or
// overflows early. The conversions Double → Float and Double → Float16 are
// IEEE's, ties to even, with subnormals and overflow to ±∞.

extension NumberFormat {
  /// The native rounding of fp16 and fp32 values, nil for every other format.
  @usableFromInline var nativeRounding: ((Double) -> FormatValue)? {
    guard case .float(let format) = self else { return nil }
    if format == .binary32 { return { FormatValue(Float($0)) } }
    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
      if format == .binary16 { return { FormatValue(Float(Float16($0))) } }
    #endif
    return nil
  }

  /// `op(a, b)` in Double rounded to the format, when the format has a native
  /// rounding and both operands are small dyadic rationals; nil otherwise.
  func native(_ a: Rational, _ b: Rational, _ op: (Double, Double) -> Double) -> FormatValue? {
    guard let rounding = nativeRounding, let x = a.exactDouble, let y = b.exactDouble else { return nil }
    return rounding(op(x, y))
  }
}

extension Rational {
  /// The value as a Double when it is n/2^k with |n| < 2^53 (every fp16 and
  /// most fp32 values), else nil.
  var exactDouble: Double? {
    guard case .small(let n, let d) = storage, d & (d - 1) == 0, n.magnitude < (1 << 53) else { return nil }
    return Double(n) * (1 / Double(d))
  }
}
