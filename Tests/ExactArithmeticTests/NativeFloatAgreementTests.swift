import ExactArithmetic
import TestSupport
import Testing

/// Rounding is bit-identical to Swift's native IEEE arithmetic: 10^5 random and
/// edge operations (sum, difference, product, quotient) per format on Float16,
/// Float and Double, and bfloat16 against round-to-nearest-even of binary32 by
/// its definition (the top 16 bits of binary32, rounded).
@Suite struct NativeFloatAgreementTests {
  static let operations = 100_000

  enum Operation: CaseIterable { case sum, difference, product, quotient }

  static func apply(_ op: Operation, _ format: NumberFormat, _ a: FormatValue, _ b: FormatValue) -> FormatValue {
    switch op {
    case .sum: return try! format.sum(a, b)
    case .difference: return try! format.difference(a, b)
    case .product: return try! format.product(a, b)
    case .quotient: return try! format.quotient(a, b)
    }
  }

  static func native<T: FloatingPoint>(_ op: Operation, _ a: T, _ b: T) -> T {
    switch op {
    case .sum: return a + b
    case .difference: return a - b
    case .product: return a * b
    case .quotient: return a / b
    }
  }

  /// Operand bit patterns: uniform patterns, the format's edge values, and
  /// patterns near the other operand (cancellation, ties, subnormal results).
  struct Operands {
    let format: FloatFormat
    var random: SplitMix64

    var edges: [UInt64] {
      let m = UInt64(format.fractionBits)
      let e = UInt64(format.exponentBits)
      let unit: UInt64 = 1
      let top: UInt64 = ((unit << e) - 1) << m
      let one: UInt64 = UInt64(format.maximumExponent) << m
      let fraction: UInt64 = (unit << m) - 1
      let values: [UInt64] = [
        0, 1, 2, 3, fraction, fraction + 1, fraction + 2, top - 1, top, top | 1, one, one + 1, one - 1,
        one | fraction, (UInt64(format.maximumExponent + 1) << m) | 1,
      ]
      let sign = UInt64(1) << (e + m)
      return values + values.map { $0 | sign }
    }

    mutating func pair() -> (UInt64, UInt64) {
      let width = UInt64(format.bitWidth)
      let mask: UInt64 = width == 64 ? .max : (1 << width) - 1
      func uniform(_ r: inout SplitMix64) -> UInt64 { r.next() & mask }
      let a: UInt64
      switch random.below(4) {
      case 0: a = random.pick(edges)
      default: a = uniform(&random)
      }
      let b: UInt64
      switch random.below(4) {
      case 0: b = random.pick(edges)
      case 1: b = uniform(&random)
      default:
        // Near a: the exponent moved by up to p + 2 either way, random fraction and sign.
        let m = UInt64(format.fractionBits)
        let exponentField = Int((a >> m) & ((1 << UInt64(format.exponentBits)) - 1))
        let shift = random.int(in: -(format.precision + 2)...(format.precision + 2))
        let moved = min(max(exponentField + shift, 0), (1 << format.exponentBits) - 2)
        let fraction = random.chance(0.5) ? (a & ((1 << m) - 1)) ^ random.below(4) : random.next() & ((1 << m) - 1)
        let sign = random.next() & 1
        b = (sign << (UInt64(format.exponentBits) + m)) | (UInt64(moved) << m) | fraction
      }
      return (a, b)
    }
  }

  static func agree(_ format: FloatFormat, _ ours: FormatValue, nativeBits: UInt64) -> Bool {
    let theirs = format.value(bitPattern: nativeBits)
    if theirs.isNaN { return ours.isNaN }
    return format.bitPattern(of: ours) == nativeBits
  }

  static func check<T: BinaryFloatingPoint>(
    _ format: FloatFormat, seed: UInt64, make: (UInt64) -> T, bits: (T) -> UInt64
  ) {
    var operands = Operands(format: format, random: SplitMix64(seed: seed))
    var failures = 0
    for index in 0..<operations {
      let (x, y) = operands.pair()
      let op = Operation.allCases[index % 4]
      let ours = apply(op, .float(format), format.value(bitPattern: x), format.value(bitPattern: y))
      let theirs = native(op, make(x), make(y))
      if !agree(format, ours, nativeBits: bits(theirs)) {
        failures += 1
        if failures <= 5 {
          Issue.record("\(format) \(op) \(String(x, radix: 16)) \(String(y, radix: 16)): ours \(ours), native \(theirs)")
        }
      }
    }
    #expect(failures == 0)
  }

  /// fp16 and fp32 operations take a fast path (the operation in Double,
  /// rounded once more to the format); on 10^5 operations per format with
  /// finite nonzero operands it equals the exact path: the exact rational
  /// result rounded once (`FloatFormat.round`), bit for bit.
  @Test(arguments: [FloatFormat.binary16, .binary32])
  func fastPathMatchesExactRounding(format: FloatFormat) {
    var operands = Operands(format: format, random: SplitMix64(seed: 99 + UInt64(format.precision)))
    var failures = 0
    var compared = 0
    for index in 0..<Self.operations {
      let (x, y) = operands.pair()
      let (a, b) = (format.value(bitPattern: x), format.value(bitPattern: y))
      guard let ra = a.rational, let rb = b.rational, !ra.isZero, !rb.isZero else { continue }
      let op = Operation.allCases[index % 4]
      let exact: Rational
      switch op {
      case .sum: exact = ra + rb
      case .difference: exact = ra - rb
      case .product: exact = ra * rb
      case .quotient: exact = ra / rb
      }
      compared += 1
      let fast = Self.apply(op, .float(format), a, b)
      let slow = format.round(exact)
      if format.bitPattern(of: fast) != format.bitPattern(of: slow) {
        failures += 1
        if failures <= 5 { Issue.record("\(format) \(op) \(ra) \(rb): fast \(fast), exact \(slow)") }
      }
    }
    #expect(compared > Self.operations * 8 / 10)
    #expect(failures == 0)
  }

  #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    @Test func binary16MatchesFloat16() {
      Self.check(
        .binary16, seed: 16, make: { Float16(bitPattern: UInt16(truncatingIfNeeded: $0)) },
        bits: { UInt64($0.bitPattern) })
    }
  #endif

  @Test func binary32MatchesFloat() {
    Self.check(
      .binary32, seed: 32, make: { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) },
      bits: { UInt64($0.bitPattern) })
  }

  @Test func binary64MatchesDouble() {
    Self.check(.binary64, seed: 64, make: { Double(bitPattern: $0) }, bits: { $0.bitPattern })
  }

  /// bfloat16 by definition: binary32's bits, rounded to the top 16 to nearest even.
  static func bfloat16Bits(_ value: Float) -> UInt64 {
    let bits = value.bitPattern
    if value.isNaN { return 0x7FC0 }
    return UInt64((bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
  }

  @Test func bfloat16IsBinary32RoundedToItsTopHalf() {
    var random = SplitMix64(seed: 1616)
    var failures = 0
    let edges: [UInt32] = [0, 1, 0x7FFF, 0x8000, 0x8001, 0x18000, 0x7F7F_8000, 0x7F7F_7FFF, 0x7F7F_FFFF, 0x0080_0000, 0x007F_FFFF]
    for index in 0..<Self.operations {
      var bits = index < edges.count ? edges[index] : UInt32(truncatingIfNeeded: random.next())
      if random.chance(0.25) { bits = (bits & 0xFFFF_0000) | 0x8000 }  // an exact tie
      if random.chance(0.5) { bits |= 0x8000_0000 }
      let value = Float(bitPattern: bits)
      if value.isNaN { continue }
      let ours = FloatFormat.bfloat16.round(FormatValue(value).rational ?? 0)
      let expected = Self.bfloat16Bits(value)
      let oursBits: UInt64
      if value.isInfinite { oursBits = Self.bfloat16Bits(value) } else { oursBits = FloatFormat.bfloat16.bitPattern(of: ours) }
      // A zero keeps the binary32 sign; the exact rational of −0 is 0, so compare magnitudes there.
      let agrees = value == 0 ? (oursBits & 0x7FFF) == (expected & 0x7FFF) : oursBits == expected
      if !agrees {
        failures += 1
        if failures <= 5 { Issue.record("bf16 of \(String(bits, radix: 16)): ours \(String(oursBits, radix: 16)), expected \(String(expected, radix: 16))") }
      }
    }
    #expect(failures == 0)
  }

  /// bfloat16 operations: binary32 arithmetic then the bfloat16 rounding of its
  /// definition (binary32 has p = 24 ≥ 2·8 + 2 bits, so the double rounding is
  /// innocuous), except where binary32 itself underflows: there the exact result
  /// comes from Double and is rounded to a multiple of bfloat16's 2^−133 natively.
  @Test func bfloat16OperationsMatchBinary32RoundedToItsTopHalf() {
    let format = FloatFormat.bfloat16
    var operands = Operands(format: format, random: SplitMix64(seed: 216))
    var failures = 0
    for index in 0..<Self.operations {
      let (x, y) = operands.pair()
      let op = Operation.allCases[index % 4]
      let a = Float(bitPattern: UInt32(x) << 16)
      let b = Float(bitPattern: UInt32(y) << 16)
      let ours = Self.apply(op, .float(format), format.value(bitPattern: x), format.value(bitPattern: y))
      var result = Self.native(op, a, b)
      if result.isFinite, result.magnitude < Float.leastNormalMagnitude {
        let wide = Self.native(op, Double(a), Double(b))
        result = Float((wide * 0x1p133).rounded(.toNearestOrEven)) * 0x1p-133
      }
      if !Self.agree(format, ours, nativeBits: Self.bfloat16Bits(result)) {
        failures += 1
        if failures <= 5 { Issue.record("bf16 \(op) \(String(x, radix: 16)) \(String(y, radix: 16)): ours \(ours), native \(result)") }
      }
    }
    #expect(failures == 0)
  }
}
