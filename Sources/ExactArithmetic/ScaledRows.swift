/// A matrix held as integers over one positive scale per row: entry (i, j)
/// is `numerators[i·columns + j] / scales[i]`, exactly.
///
/// Rows are independent, so the kernels that work on them need no gcd: a
/// product by a ``CommonScaleMatrix`` multiplies a row's scale by the
/// matrix's one scale, a sum puts two rows on the lcm of their scales, and
/// the entries of one row compare as plain integers. The form is not
/// reduced (a row's scale may share a factor with all its numerators);
/// values, equality and ``matrix`` are exact regardless. A row whose cleared
/// form does not fit `Int128` is held as reduced ``Rational``s instead (GMP
/// where needed), and every operation on such a row uses rational arithmetic.
public struct ScaledRows: Sendable {
  /// Number of rows.
  public let rowCount: Int
  /// Number of columns.
  public let columnCount: Int
  /// Row-major numerators; zero in rows held as rationals.
  var numerators: [Int128]
  /// Per-row positive scale, or 0 for a row held in `rationalRows`.
  var scales: [Int128]
  /// Rows whose integer form overflowed, as reduced rationals.
  var rationalRows: [Int: [Rational]]

  /// Scales above this are reduced (divided by the gcd of the row) when a
  /// sum makes them grow, to keep headroom in Int128; a sum that would
  /// overflow also reduces the row and retries before going rational.
  static let reductionThreshold = Int128(1) << 100

  /// The zero matrix (every scale 1).
  public init(rows: Int, columns: Int) {
    precondition(rows >= 0 && columns >= 0, "negative matrix shape")
    rowCount = rows
    columnCount = columns
    numerators = [Int128](repeating: 0, count: rows * columns)
    scales = [Int128](repeating: 1, count: rows)
    rationalRows = [:]
  }

  /// `matrix`, each row cleared by the lcm of its denominators.
  ///
  /// - Complexity: O(rows × columns), gcds only for non-integer entries.
  public init(_ matrix: Matrix) {
    self.init(rows: matrix.rowCount, columns: matrix.columnCount)
    let d = columnCount
    matrix.entries.withUnsafeBufferPointer { entries in
      for i in 0..<rowCount {
        if !clearRow(i, from: entries[(i * d)..<((i + 1) * d)]) {
          setRationalRow(i, Array(entries[(i * d)..<((i + 1) * d)]))
        }
      }
    }
  }

  /// Clears one row of rationals into the integer form; false when it does not fit.
  mutating func clearRow(_ i: Int, from values: Slice<UnsafeBufferPointer<Rational>>) -> Bool {
    let base = i * columnCount
    // Integer rows (the common case) in one pass.
    var k = base
    for x in values {
      guard let (n, d) = x.smallComponents, d == 1 else { break }
      numerators[k] = Int128(n)
      k += 1
    }
    if k == base + columnCount {
      scales[i] = 1
      return true
    }
    var scale: Int128 = 1
    for x in values {
      guard let (_, den) = x.wideComponents else { return false }
      if den == 1 { continue }
      guard let l = lcm(scale, den) else { return false }
      scale = l
    }
    k = base
    for x in values {
      let (num, den) = x.wideComponents!
      let (v, o) = num.multipliedReportingOverflow(by: quotient(scale, den))
      if o || v == Int128.min { return false }
      numerators[k] = v
      k += 1
    }
    scales[i] = scale
    return true
  }

  /// Holds row `i` as rationals (its integer slots zeroed).
  mutating func setRationalRow(_ i: Int, _ values: [Rational]) {
    let base = i * columnCount
    for k in base..<(base + columnCount) { numerators[k] = 0 }
    scales[i] = 0
    rationalRows[i] = values
  }

  /// Whether row `i` is held as rationals (its integer form overflowed).
  public func holdsRationals(row i: Int) -> Bool { scales[i] == 0 }

  /// The scale of row `i`, or nil when the row is held as rationals.
  public func scale(ofRow i: Int) -> Int128? {
    let s = scales[i]
    return s == 0 ? nil : s
  }

  /// The integer numerator of entry (i, j) over ``scale(ofRow:)``.
  ///
  /// - Precondition: row `i` is not held as rationals.
  public func numerator(row i: Int, column j: Int) -> Int128 {
    precondition(scales[i] != 0, "row is held as rationals")
    return numerators[i * columnCount + j]
  }

  /// The exact value of entry (i, j).
  public subscript(row: Int, column: Int) -> Rational {
    let s = scales[row]
    if s == 0 { return rationalRows[row]![column] }
    return Rational.reducingWide(numerators[row * columnCount + column], s)
  }

  /// Row `i` as reduced rationals.
  ///
  /// - Complexity: O(columns) gcds (none when the scale is 1).
  public func row(_ i: Int) -> [Rational] {
    let s = scales[i]
    if s == 0 { return rationalRows[i]! }
    let base = i * columnCount
    return (0..<columnCount).map { Rational.reducingWide(numerators[base + $0], s) }
  }

  /// The matrix of reduced rationals.
  ///
  /// - Complexity: O(rows × columns) gcds (none for rows of scale 1).
  public var matrix: Matrix {
    var entries: [Rational] = []
    entries.reserveCapacity(rowCount * columnCount)
    for i in 0..<rowCount { entries += row(i) }
    return Matrix(rows: rowCount, columns: columnCount, entries: entries)
  }

  /// Sets row `i` to `values`, cleared to integers when they fit.
  public mutating func setRow(_ i: Int, to values: [Rational]) {
    precondition(values.count == columnCount, "row width does not match")
    if !rationalRows.isEmpty { rationalRows[i] = nil }
    let cleared = values.withUnsafeBufferPointer { clearRow(i, from: $0[...]) }
    if !cleared { setRationalRow(i, values) }
  }

  /// Sets row `i` to row `j` of `source` (same width).
  public mutating func setRow(_ i: Int, copying j: Int, of source: ScaledRows) {
    precondition(source.columnCount == columnCount, "row width does not match")
    let s = source.scales[j]
    if s == 0 {
      setRationalRow(i, source.rationalRows[j]!)
      return
    }
    if !rationalRows.isEmpty { rationalRows[i] = nil }
    scales[i] = s
    let w = columnCount
    numerators.withUnsafeMutableBufferPointer { out in
      source.numerators.withUnsafeBufferPointer { src in
        for c in 0..<w { out[i * w + c] = src[j * w + c] }
      }
    }
  }

  /// Sets row `i` to `sum / divisor`.
  ///
  /// - Precondition: `divisor > 0` and the widths match.
  public mutating func setRow(_ i: Int, to sum: ScaledRowSum, dividedBy divisor: Int128) {
    precondition(divisor > 0, "divisor must be positive")
    precondition(sum.width == columnCount, "row width does not match")
    if sum.rationals == nil {
      let (scale, o) = sum.scale.multipliedReportingOverflow(by: divisor)
      if !o {
        if !rationalRows.isEmpty { rationalRows[i] = nil }
        scales[i] = scale
        let base = i * columnCount
        for c in 0..<columnCount { numerators[base + c] = sum.numerators[c] }
        return
      }
    }
    let d = Rational.reducingWide(1, divisor)
    setRow(i, to: sum.values.map { $0 * d })
  }

  /// Adds several blocks into columns of this matrix (the residual
  /// connection): `self[i, columns[c]] += block[i, c]` for each block.
  ///
  /// Each row moves once to the lcm of its scale and the scales of the
  /// blocks' non-zero rows (reduced when that exceeds 2^100); a row that
  /// would overflow is reduced and retried, then summed in rationals.
  ///
  /// - Precondition: each block has this row count and one column per index.
  /// - Complexity: O(rows × (columns + Σ block columns)).
  public mutating func add(_ blocks: [(block: ScaledRows, columns: [Int])]) {
    add(blocks: blocks.map { AddedBlock(block: $0.block, columns: $0.columns) })
  }

  /// Adds one block into columns of this matrix: `self[i, columns[c]] += block[i, c]`.
  public mutating func add(_ block: ScaledRows, columns: [Int]) {
    add(blocks: [AddedBlock(block: block, columns: columns)])
  }

  /// A block and the columns it is added to (a struct, so the per-row loop
  /// needs no tuple metadata).
  struct AddedBlock {
    let block: ScaledRows
    let columns: [Int]
  }

  mutating func add(blocks: [AddedBlock]) {
    for b in blocks {
      precondition(b.block.rowCount == rowCount && b.block.columnCount == b.columns.count,
        "added block does not match")
      precondition(b.columns.allSatisfy { $0 >= 0 && $0 < columnCount }, "column out of range")
    }
    var factors = [Int128](repeating: 0, count: blocks.count)
    for i in 0..<rowCount {
      var added = addRow(i, blocks[...], factors: &factors)
      if added < blocks.count, scales[i] != 0 {
        reduceRow(i)
        added += addRow(i, blocks[added...], factors: &factors)
      }
      if added < blocks.count { addRowRationally(i, blocks[added...]) }
    }
  }

  /// The integer path of ``add(_:)`` for one row: adds blocks in order and
  /// returns how many it added (all of them unless one would overflow).
  mutating func addRow(
    _ i: Int, _ blocks: ArraySlice<AddedBlock>, factors: inout [Int128]
  ) -> Int {
    var scale = scales[i]
    if scale == 0 { return 0 }
    // The common scale over the blocks whose row is not zero.
    for b in blocks.indices {
      let block = blocks[b].block
      let t = block.scales[i]
      if t == 0 { return 0 }
      factors[b] = block.isZeroRow(i) ? 0 : t
      if factors[b] == 0 || t == scale { continue }
      guard let l = lcm(scale, t) else { return 0 }
      scale = l
    }
    if scale != scales[i] {
      guard rescaleRow(i, by: quotient(scale, scales[i])) else { return 0 }
      scales[i] = scale
    }
    let width = columnCount
    for b in blocks.indices where factors[b] != 0 {
      let block = blocks[b].block
      let columns = blocks[b].columns
      let factor = quotient(scale, factors[b])
      let ok = numerators.withUnsafeMutableBufferPointer { out in
        block.numerators.withUnsafeBufferPointer { src in
          let base = i * width
          let blockBase = i * block.columnCount
          for (c, target) in columns.enumerated() {
            let (v, o1) = src[blockBase + c].multipliedReportingOverflow(by: factor)
            let (s, o2) = out[base + target].addingReportingOverflow(v)
            if o1 || o2 || s == Int128.min {
              // Undo this block's columns already added (exact: none of them overflowed),
              // so the row is left as it was; a column may repeat, hence the reverse order.
              for (c, target) in columns[..<c].enumerated().reversed() {
                out[base + target] &-= src[blockBase + c] &* factor
              }
              return false
            }
            out[base + target] = s
          }
          return true
        }
      }
      if !ok { return b - blocks.startIndex }
    }
    if scale > ScaledRows.reductionThreshold { reduceRow(i) }
    return blocks.count
  }

  /// The rational path of ``add(_:)`` for one row and the blocks not yet added.
  mutating func addRowRationally(_ i: Int, _ blocks: ArraySlice<AddedBlock>) {
    var values = row(i)
    for part in blocks {
      let (block, columns) = (part.block, part.columns)
      let added = block.row(i)
      for (c, target) in columns.enumerated() where !added[c].isZero {
        values[target] += added[c]
      }
    }
    setRow(i, to: values)
  }

  /// Whether every numerator of integer row `i` is zero.
  func isZeroRow(_ i: Int) -> Bool {
    let base = i * columnCount
    return numerators.withUnsafeBufferPointer { p in
      for k in base..<(base + columnCount) where p[k] != 0 { return false }
      return true
    }
  }

  /// Multiplies every numerator of integer row `i` by `factor` (scale left
  /// to the caller); false, row unchanged, when that would overflow.
  mutating func rescaleRow(_ i: Int, by factor: Int128) -> Bool {
    if factor == 1 { return true }
    let base = i * columnCount
    let width = columnCount
    return numerators.withUnsafeMutableBufferPointer { p in
      var largest: UInt128 = 0
      for k in base..<(base + width) { largest = max(largest, p[k].magnitude) }
      guard boundedMultiplyAdd(largest, factor.magnitude, 0) != nil else { return false }
      if largest <= UInt128(UInt64.max >> 1), let f = Int64(exactly: factor) {
        for k in base..<(base + width) {
          let x = Int64(truncatingIfNeeded: p[k])
          if x != 0 { p[k] = Int128(x) &* Int128(f) }
        }
      } else {
        for k in base..<(base + width) { p[k] &*= factor }
      }
      return true
    }
  }

  /// Divides integer row `i` and its scale by the gcd of them all.
  ///
  /// - Complexity: O(columns) gcds at most, stopping once the gcd is 1.
  public mutating func reduceRow(_ i: Int) {
    var g = scales[i].magnitude
    if g <= 1 { return }
    let base = i * columnCount
    for k in base..<(base + columnCount) {
      let x = numerators[k]
      if x == 0 { continue }
      g = gcd(g, x.magnitude)
      if g == 1 { return }
    }
    let divisor = Int128(g)
    scales[i] /= divisor
    for k in base..<(base + columnCount) where numerators[k] != 0 { numerators[k] /= divisor }
  }

  /// Replaces every negative entry by zero (ReLU): a sign test per entry.
  ///
  /// - Complexity: O(rows × columns).
  public mutating func clampNegativesToZero() {
    numerators.withUnsafeMutableBufferPointer { p in
      for k in p.indices where p[k] < 0 { p[k] = 0 }
    }
    for (i, values) in rationalRows {
      rationalRows[i] = values.map { $0.signum < 0 ? .zero : $0 }
    }
  }

  /// Replaces every negative entry of row `i` by zero (ReLU on one row).
  ///
  /// - Complexity: O(columns).
  public mutating func clampNegativesToZero(row i: Int) {
    if scales[i] == 0 {
      rationalRows[i] = rationalRows[i]!.map { $0.signum < 0 ? .zero : $0 }
      return
    }
    let base = i * columnCount
    let width = columnCount
    numerators.withUnsafeMutableBufferPointer { p in
      for k in base..<(base + width) where p[k] < 0 { p[k] = 0 }
    }
  }
}

extension ScaledRows: Equatable {
  /// Equality of values (the scales themselves may differ).
  ///
  /// - Complexity: O(rows × columns) integer comparisons.
  public static func == (lhs: ScaledRows, rhs: ScaledRows) -> Bool {
    guard lhs.rowCount == rhs.rowCount, lhs.columnCount == rhs.columnCount else { return false }
    let w = lhs.columnCount
    for i in 0..<lhs.rowCount {
      let (s, t) = (lhs.scales[i], rhs.scales[i])
      if s == 0 || t == 0 {
        if lhs.row(i) != rhs.row(i) { return false }
        continue
      }
      for c in 0..<w {
        let (a, b) = (lhs.numerators[i * w + c], rhs.numerators[i * w + c])
        if s == t ? a != b : compareFractions(a, s, b, t) != 0 { return false }
      }
    }
    return true
  }
}

/// The sign of `a/s − b/t` for positive `s` and `t`, exactly (256-bit products when needed).
func compareFractions(_ a: Int128, _ s: Int128, _ b: Int128, _ t: Int128) -> Int {
  if s == t { return a == b ? 0 : (a < b ? -1 : 1) }
  if (a.magnitude | b.magnitude | s.magnitude | t.magnitude) >> 63 == 0 {
    // Every factor is below 2^63, so both products fit Int128.
    let (x, y) = (a &* t, b &* s)
    return x == y ? 0 : (x < y ? -1 : 1)
  }
  let (sa, sb) = (a.signum(), b.signum())
  if sa != sb { return sa < sb ? -1 : 1 }
  if sa == 0 { return 0 }
  let limit = UInt128(UInt64.max)
  if a.magnitude <= limit, b.magnitude <= limit, s <= Int128(limit), t <= Int128(limit) {
    // Each product is below 2^128 in magnitude; compare magnitudes then apply the sign.
    let (x, y) = (a.magnitude * UInt128(t), b.magnitude * UInt128(s))
    let c = x == y ? 0 : (x < y ? -1 : 1)
    return sa > 0 ? c : -c
  }
  let x = a.magnitude.multipliedFullWidth(by: UInt128(t))
  let y = b.magnitude.multipliedFullWidth(by: UInt128(s))
  let c = x.high != y.high ? (x.high < y.high ? -1 : 1) : (x.low == y.low ? 0 : (x.low < y.low ? -1 : 1))
  return sa > 0 ? c : -c
}
