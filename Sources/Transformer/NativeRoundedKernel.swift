import ExactArithmetic

/// The rounded forward pass of ``RoundedPass`` on native `Double`s, for the
/// float formats whose every operation Double computes correctly rounded:
/// fp16, bf16, fp32 and `float:E,M` with E ≤ 8 and M ≤ 24, and fp64 (Double's
/// own arithmetic), with an accumulator that holds the format's values.
///
/// Why it is exact: every stored value is a value of the format, so it is an
/// exact Double. A sum, difference, product or quotient of two values of a
/// p-bit format, computed in Double (53 bits) and rounded again to p bits, is
/// the correctly rounded result whenever 53 ≥ 2p + 2 (Figueroa, "When is
/// double rounding innocuous?", 1995), and the exponent bound keeps every
/// such result inside Double's normal range; the second rounding
/// (``NativeRounding``) is itself exact in Double, ties to even, with the
/// format's subnormals and overflow to ±∞. fp64 accumulation is Double's
/// own arithmetic. Softmax's exponentials go through the exact, certified
/// ``NumberFormat/exponential(_:base:)`` as in ``RoundedPass``. The order of
/// operations is ``RoundedPass``'s, step for step, so the two agree bit for
/// bit (tests compare every stage of both).
struct NativeRoundedKernel: Sendable {
  let settings: PrecisionSettings
  let format: NativeRounding
  let wide: NativeRounding

  struct Head: Sendable {
    let query: [Int]
    let key: [Int]
    let value: [Int]
    let output: [Int]
    let queryKey: [[(Int, Double)]]
    let valueOutput: [[(Int, Double)]]
    let semantics: AttentionSemantics
    let mask: AttentionMask
  }

  struct Perceptron: Sendable {
    let input: [Int]
    let output: [Int]
    let first: [[(Int, Double)]]
    let firstBias: [Double]
    let second: [[(Int, Double)]]
    let secondBias: [Double]
  }

  let heads: [[Head]]
  let mlps: [Perceptron?]
  let ln2: Double

  /// The kernel for `pass`, or nil when its formats have no native rounding.
  init?(_ pass: RoundedPass) {
    guard let format = NativeRounding(pass.settings.format), let wide = NativeRounding(pass.settings.accumulator),
      wide.holds(format)
    else { return nil }
    self.settings = pass.settings
    self.format = format
    self.wide = wide
    func native(_ columns: [[(Int, FormatValue)]]) -> [[(Int, Double)]] {
      columns.map { $0.map { ($0.0, $0.1.double) } }
    }
    heads = pass.heads.map { layer in
      layer.map { h in
        Head(
          query: h.query, key: h.key, value: h.value, output: h.output, queryKey: native(h.queryKey),
          valueOutput: native(h.valueOutput), semantics: h.semantics, mask: h.mask)
      }
    }
    mlps = pass.mlps.map { m in
      m.map {
        Perceptron(
          input: $0.input, output: $0.output, first: native($0.first), firstBias: $0.firstBias.map(\.double),
          second: native($0.second), secondBias: $0.secondBias.map(\.double))
      }
    }
    ln2 = pass.ln2.double
  }

  /// The stream after every stage, rows by position (BOS included).
  ///
  /// - Complexity: per layer, O(n² · width) Double operations for n positions.
  func stages(_ pass: RoundedPass, embedded: [[FormatValue]]) throws -> [(label: String, layer: Int?, rows: [[Double]])] {
    var stream = embedded.map { $0.map(\.double) }
    var stages: [(label: String, layer: Int?, rows: [[Double]])] = [("embedding", nil, stream)]
    let labels = pass.model.stageLabels
    for l in heads.indices {
      if !heads[l].isEmpty {
        let outputs = try heads[l].map { try attend($0, stream) }
        for (h, head) in heads[l].enumerated() {
          for i in stream.indices {
            for (k, c) in head.output.enumerated() { stream[i][c] = format(stream[i][c] + outputs[h][i][k]) }
          }
        }
        stages.append((labels[l].attention, l, stream))
      }
      if let mlp = mlps[l] {
        for i in stream.indices {
          let x = mlp.input.map { stream[i][$0] }
          let hidden = product(x, mlp.first, bias: mlp.firstBias).map(Self.relu)
          let y = product(hidden, mlp.second, bias: mlp.secondBias)
          for (k, c) in mlp.output.enumerated() { stream[i][c] = format(stream[i][c] + y[k]) }
        }
        stages.append((labels[l].mlp, l, stream))
      }
    }
    return stages
  }

  /// x·W + b for sparse columns, as ``RoundedPass``'s product (the first
  /// term starts the sum, so a lone −0 stays −0).
  func product(_ x: [Double], _ columns: [[(Int, Double)]], bias: [Double]? = nil) -> [Double] {
    var out = [Double](repeating: 0, count: columns.count)
    for c in columns.indices {
      var sum = 0.0
      var started = false
      for (r, w) in columns[c] {
        let term = wide(x[r] * w)
        if started { sum = wide(sum + term) } else { sum = term; started = true }
      }
      if let bias, bias[c] != 0 || !started {
        if started { sum = wide(sum + bias[c]) } else { sum = bias[c]; started = true }
      }
      out[c] = format(started ? sum : 0)
    }
    return out
  }

  func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    var started = false
    for k in a.indices {
      let term = wide(a[k] * b[k])
      if started { sum = wide(sum + term) } else { sum = term; started = true }
    }
    return format(started ? sum : 0)
  }

  static func relu(_ x: Double) -> Double {
    if x.isNaN { return x }
    return x.sign == .minus || x == 0 ? 0 : x
  }

  func attend(_ head: Head, _ stream: [[Double]]) throws -> [[Double]] {
    let n = stream.count
    let values = stream.map { row in product(head.value.map { row[$0] }, head.valueOutput) }
    let keys = stream.map { row in head.key.map { row[$0] } }
    let width = head.output.count
    let zeros = [Double](repeating: 0, count: width)
    return try (0..<n).map { i in
      let range = head.mask.keys(query: i, count: n)
      if range.isEmpty { return zeros }
      let query = product(head.query.map { stream[i][$0] }, head.queryKey)
      let scores = range.map { dot(query, keys[$0]) }
      if scores.contains(where: \.isNaN) { return [Double](repeating: .nan, count: width) }
      var top = scores[0]
      for s in scores where top < s { top = s }
      let selected = scores.indices.filter { scores[$0] == top }.map { range.lowerBound + $0 }
      switch head.semantics {
      case .uniqueHard(let tie):
        return values[tie == .leftmost ? selected.first! : selected.last!]
      case .averagingHard:
        if selected.count == 1 { return values[selected[0]] }
        let count = format(Double(selected.count))
        return (0..<width).map { c in
          var sum = values[selected[0]][c]
          for j in selected.dropFirst() { sum = wide(sum + values[j][c]) }
          return format(format(sum) / count)
        }
      case .softmaxBase2:
        var weights: [Double] = []
        var total: Double? = nil
        for s in scores {
          let w = try exponential(format(s - top))
          weights.append(w)
          total = total.map { wide($0 + w) } ?? w
        }
        let z = format(total!)
        let shares = weights.map { format($0 / z) }
        return (0..<width).map { c in
          var sum: Double? = nil
          for (k, a) in shares.enumerated() where a != 0 {
            let term = wide(a * values[range.lowerBound + k][c])
            sum = sum.map { wide($0 + term) } ?? term
          }
          return format(sum ?? 0)
        }
      }
    }
  }

  /// A softmax weight for d = s − max (≤ 0), by the exact exponential.
  func exponential(_ d: Double) throws -> Double {
    if d.isNaN { return d }
    if d.isInfinite { return d < 0 ? 0 : d }
    switch settings.exponentialBase {
    case .two: return try settings.format.exponential(FormatValue(d).rational!, base: .two).double
    case .e:
      let t = format(d * ln2)
      if !t.isFinite { return try exponential(t) }
      return try settings.format.exponential(FormatValue(t).rational!, base: .e).double
    }
  }
}

/// Rounding of a Double to a float format of at most 25 significand bits
/// and at most 8 exponent bits (ties to even, subnormals, overflow to ±∞),
/// computed exactly in Double; the identity for fp64.
struct NativeRounding: Sendable {
  let precision: Int
  let exponentBits: Int
  let minimumExponent: Int
  let largestFinite: Double
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
    // The quantum at x's binade (or the subnormal quantum): x/q and the
    // rounded multiple are exact in Double.
    let scale = max(Int(x.exponent), minimumExponent) - (precision - 1)
    let q = Double(sign: .plus, exponent: scale, significand: 1)
    let r = (x / q).rounded(.toNearestOrEven) * q
    if abs(r) > largestFinite { return x < 0 ? -.infinity : .infinity }
    return r
  }
}

extension FormatValue {
  /// The value as a Double (exact for every value of a format ``NativeRounding`` accepts).
  var double: Double {
    switch self {
    case .finite(let value): return value.nearestDouble
    case .negativeZero: return -0.0
    case .infinity(let negative): return negative ? -.infinity : .infinity
    case .notANumber: return .nan
    }
  }
}
