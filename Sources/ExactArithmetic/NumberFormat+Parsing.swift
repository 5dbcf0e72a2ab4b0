extension NumberFormat {
  /// Reads a format name: `fp16` (also `float16`, `binary16`, `half`), `bf16`
  /// (`bfloat16`), `fp32` (`float32`, `binary32`, `single`), `fp64` (`float64`,
  /// `binary64`, `double`), `float:E,M` (E exponent and M fraction bits), or
  /// `fixed:I.F` with an optional `:saturate` (the default) or `:error`.
  ///
  /// - Throws: ``FormatError`` naming the offending text.
  public init(parsing text: String) throws {
    let name = text.lowercased()
    switch name {
    case "fp16", "float16", "binary16", "half": self = .fp16; return
    case "bf16", "bfloat16": self = .bf16; return
    case "fp32", "float32", "binary32", "single": self = .fp32; return
    case "fp64", "float64", "binary64", "double": self = .fp64; return
    default: break
    }
    let parts = name.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count >= 2 else { throw FormatError.unknownFormat(text) }
    func integer(_ digits: Substring) throws -> Int {
      guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
        digits.count <= 4, let value = Int(digits)
      else { throw FormatError.unknownFormat(text) }
      return value
    }
    switch parts[0] {
    case "float" where parts.count == 2:
      let fields = parts[1].split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == 2 else { throw FormatError.unknownFormat(text) }
      let (e, m) = (try integer(fields[0]), try integer(fields[1]))
      guard FloatFormat.exponentBitRange.contains(e) else { throw FormatError.exponentBitsOutOfRange(text) }
      guard FloatFormat.fractionBitRange.contains(m) else { throw FormatError.fractionBitsOutOfRange(text) }
      self = .float(FloatFormat(exponentBits: e, fractionBits: m))
    case "fixed" where parts.count <= 3:
      let fields = parts[1].split(separator: ".", omittingEmptySubsequences: false)
      guard fields.count == 2 else { throw FormatError.unknownFormat(text) }
      let (i, f) = (try integer(fields[0]), try integer(fields[1]))
      guard (1...FixedFormat.maximumBits).contains(i + f) else { throw FormatError.fixedBitsOutOfRange(text) }
      var overflow = FixedFormat.Overflow.saturate
      if parts.count == 3 {
        guard let rule = FixedFormat.Overflow(rawValue: String(parts[2])) else {
          throw FormatError.unknownFormat(text)
        }
        overflow = rule
      }
      self = .fixed(FixedFormat(integerBits: i, fractionBits: f, overflow: overflow))
    default:
      throw FormatError.unknownFormat(text)
    }
  }
}
