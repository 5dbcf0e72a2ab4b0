import CGMP

// Binary exponents and round-to-nearest-even scaling of exact rationals: the
// exact core under every rounded number format (``FloatFormat``, ``FixedFormat``).

extension Rational {
  /// ⌊log2 |x|⌋ for a nonzero value.
  ///
  /// - Precondition: the value is not zero.
  /// - Complexity: two bit lengths and one comparison of shifted integers.
  public var binaryExponent: Int {
    precondition(!isZero, "binary exponent of zero")
    switch storage {
    case .small(let n, let d):
      let num = UInt128(n.magnitude)
      let den = UInt128(d)
      let estimate = (128 - num.leadingZeroBitCount) - (128 - den.leadingZeroBitCount)
      // |x| ≥ 2^estimate exactly when num ≥ den·2^estimate; both sides fit 128 bits.
      let atLeast = estimate >= 0 ? num >= den << estimate : num << -estimate >= den
      return atLeast ? estimate : estimate - 1
    case .big(let value):
      return value.binaryExponent
    }
  }

  /// The integer nearest to |x|·2^shift, halves going to the even neighbour;
  /// nil when it does not fit `UInt64`.
  ///
  /// - Complexity: one division of integers of about the operands' size plus `|shift|` bits.
  public func roundedScaledMagnitude(shift: Int) -> UInt64? {
    switch storage {
    case .small(let n, let d):
      let num = UInt128(n.magnitude)
      let den = UInt128(d)
      let numBits = 128 - num.leadingZeroBitCount
      let denBits = 128 - den.leadingZeroBitCount
      if shift >= 0, numBits + shift <= 127 {
        return Rational.nearestEvenQuotient(num << shift, den)
      }
      if shift < 0, denBits - shift <= 126 {
        return Rational.nearestEvenQuotient(num, den << -shift)
      }
      return GMPRational(n, d).roundedScaledMagnitude(shift: shift)
    case .big(let value):
      return value.roundedScaledMagnitude(shift: shift)
    }
  }

  /// round-half-even(num/den) for den > 0, or nil past `UInt64`.
  static func nearestEvenQuotient(_ num: UInt128, _ den: UInt128) -> UInt64? {
    let (q, r) = num.quotientAndRemainder(dividingBy: den)
    let twice = r << 1  // r < den < 2^127, so no overflow
    let up = twice > den || (twice == den && q & 1 == 1)
    let rounded = up ? q + 1 : q
    return UInt64(exactly: rounded)
  }

  /// The dyadic rational ±`significand`·2^`exponent`.
  ///
  /// - Complexity: O(1) when the result fits an `Int64` pair; otherwise one GMP shift.
  public static func dyadic(significand: UInt64, exponent: Int, negative: Bool = false) -> Rational {
    if significand == 0 { return .zero }
    let zeros = significand.trailingZeroBitCount
    let odd = significand >> zeros
    let power = exponent + zeros
    let bits = 64 - odd.leadingZeroBitCount
    if odd <= UInt64(Int64.max) {
      let magnitude = Int64(odd)
      if power >= 0, bits + power <= 62 {
        return Rational(reducedNumerator: negative ? -(magnitude << power) : magnitude << power, denominator: 1)
      }
      if power < 0, -power <= 62 {
        return Rational(reducedNumerator: negative ? -magnitude : magnitude, denominator: Int64(1) << -power)
      }
    }
    return Rational(GMPRational(oddSignificand: odd, exponent: power, negative: negative))
  }
}

extension GMPRational {
  /// ±`odd`·2^`exponent` for an odd `odd` (already in lowest terms).
  init(oddSignificand odd: UInt64, exponent: Int, negative: Bool) {
    self.init(Int64(0), Int64(1))
    let num = cgmp_mpq_numref(pointer)
    let den = cgmp_mpq_denref(pointer)
    __gmpz_set_ui(num, UInt(odd))
    if exponent >= 0 {
      __gmpz_mul_2exp(num, num, UInt(exponent))
    } else {
      __gmpz_set_ui(den, 1)
      __gmpz_mul_2exp(den, den, UInt(-exponent))
    }
    if negative { __gmpz_neg(num, num) }
  }

  /// ⌊log2 |x|⌋ for a nonzero value.
  var binaryExponent: Int {
    let num = cgmp_mpq_numref_const(pointer)
    let den = cgmp_mpq_denref_const(pointer)
    let estimate = Int(__gmpz_sizeinbase(num, 2)) - Int(__gmpz_sizeinbase(den, 2))
    var scaled = __mpz_struct()
    __gmpz_init(&scaled)
    defer { __gmpz_clear(&scaled) }
    let comparison: Int32
    if estimate >= 0 {
      __gmpz_mul_2exp(&scaled, den, UInt(estimate))
      comparison = __gmpz_cmpabs(num, &scaled)
    } else {
      __gmpz_mul_2exp(&scaled, num, UInt(-estimate))
      comparison = __gmpz_cmpabs(&scaled, den)
    }
    return comparison >= 0 ? estimate : estimate - 1
  }

  /// round-half-even(|x|·2^shift), or nil past `UInt64`.
  func roundedScaledMagnitude(shift: Int) -> UInt64? {
    // Three heap mpz_t (num, den, remainder): GMP reads and writes them in place.
    let scratch = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 3)
    let (num, den, remainder) = (scratch, scratch + 1, scratch + 2)
    for z in [num, den, remainder] { __gmpz_init(z) }
    defer {
      for z in [num, den, remainder] { __gmpz_clear(z) }
      scratch.deallocate()
    }
    __gmpz_abs(num, cgmp_mpq_numref_const(pointer))
    __gmpz_set(den, cgmp_mpq_denref_const(pointer))
    if shift >= 0 {
      __gmpz_mul_2exp(num, num, UInt(shift))
    } else {
      __gmpz_mul_2exp(den, den, UInt(-shift))
    }
    // num ← ⌊num/den⌋, remainder ← num mod den; then compare 2·remainder with den.
    __gmpz_tdiv_qr(num, remainder, num, den)
    __gmpz_mul_2exp(remainder, remainder, 1)
    let comparison = __gmpz_cmp(remainder, den)
    if comparison > 0 || (comparison == 0 && __gmpz_tstbit(num, 0) == 1) {
      __gmpz_add_ui(num, num, 1)
    }
    guard __gmpz_sizeinbase(num, 2) <= 64 else { return nil }
    return UInt64(__gmpz_get_ui(num))
  }
}
