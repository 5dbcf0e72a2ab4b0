/// Rows kept as a stack: appended at the end and removed from the end, each
/// row integers over its own positive scale as in ``ScaledRows`` (a row
/// that overflowed is held as reduced rationals).
///
/// This is the per-position state of an incremental (causal) forward pass:
/// the keys and values of every position seen so far. A new position reads
/// them through ``maximalDotProducts(query:row:range:into:)`` (one query row
/// against every kept row, compared exactly without a gcd) and the row
/// copies and sums below; backtracking to a shorter prefix is
/// ``truncate(to:)``.
public struct GrowingRows: Sendable {
  /// Entries per row.
  public let columnCount: Int
  /// Rows kept.
  public private(set) var rowCount: Int = 0
  /// Row-major numerators (zero in rational rows).
  var numerators: [Int128] = []
  /// Per-row positive scale, 0 for a row held as rationals.
  var scales: [Int128] = []
  /// Rows whose integer form overflowed.
  var rationalRows: [Int: [Rational]] = [:]
  /// An upper bound on every |numerator| ever appended (it only grows, so
  /// it stays a bound after truncation).
  var magnitudeBound: UInt128 = 0
  /// Whether every row appended so far had the same scale as row 0 (again
  /// only ever cleared, so `true` is always exact).
  var uniformScale = true

  /// No rows, `columns` entries per row.
  public init(columns: Int) {
    precondition(columns >= 0, "negative width")
    columnCount = columns
  }

  /// Keeps the first `count` rows.
  public mutating func truncate(to count: Int) {
    precondition(count >= 0 && count <= rowCount, "truncation out of range")
    if count == rowCount { return }
    if !rationalRows.isEmpty {
      for i in count..<rowCount { rationalRows[i] = nil }
    }
    numerators.removeLast((rowCount - count) * columnCount)
    scales.removeLast(rowCount - count)
    rowCount = count
    if count <= 1 { uniformScale = true }
  }

  /// Makes room for `rows` rows in all, so appending up to there allocates nothing.
  public mutating func reserveCapacity(rows: Int) {
    numerators.reserveCapacity(rows * columnCount)
    scales.reserveCapacity(rows)
  }

  /// Appends row `i` of `source` (all its columns).
  public mutating func append(row i: Int, of source: ScaledRows) {
    precondition(source.columnCount == columnCount, "row width does not match")
    let s = source.scales[i]
    if s == 0 {
      appendRational(source.rationalRows[i]!)
      return
    }
    let base = i * columnCount
    var largest: UInt128 = 0
    for k in base..<(base + columnCount) {
      let x = source.numerators[k]
      numerators.append(x)
      largest = max(largest, x.magnitude)
    }
    finishAppend(scale: s, largest: largest)
  }

  /// Appends the entries `columns` of row `i` of `source`.
  public mutating func append(row i: Int, of source: ScaledRows, columns: [Int]) {
    precondition(columns.count == columnCount, "one column per entry")
    let s = source.scales[i]
    if s == 0 {
      let row = source.rationalRows[i]!
      appendRational(columns.map { row[$0] })
      return
    }
    let base = i * source.columnCount
    var largest: UInt128 = 0
    for c in columns {
      let x = source.numerators[base + c]
      numerators.append(x)
      largest = max(largest, x.magnitude)
    }
    finishAppend(scale: s, largest: largest)
  }

  private mutating func finishAppend(scale s: Int128, largest: UInt128) {
    if rowCount > 0, scales[0] != s { uniformScale = false }
    scales.append(s)
    magnitudeBound = max(magnitudeBound, largest)
    rowCount += 1
  }

  private mutating func appendRational(_ values: [Rational]) {
    numerators.append(contentsOf: repeatElement(0, count: columnCount))
    scales.append(0)
    rationalRows[rowCount] = values
    uniformScale = false
    rowCount += 1
  }

  /// Whether row `i` is held as rationals.
  public func holdsRationals(row i: Int) -> Bool { scales[i] == 0 }

  /// The exact value of entry (i, j).
  public subscript(row: Int, column: Int) -> Rational {
    let s = scales[row]
    if s == 0 { return rationalRows[row]![column] }
    return Rational.reducingWide(numerators[row * columnCount + column], s)
  }

  /// Row `i` as reduced rationals.
  public func row(_ i: Int) -> [Rational] {
    let s = scales[i]
    if s == 0 { return rationalRows[i]! }
    let base = i * columnCount
    return (0..<columnCount).map { Rational.reducingWide(numerators[base + $0], s) }
  }

  /// The rows kept, as a ``ScaledRows`` (for traces and tests).
  public var scaledRows: ScaledRows {
    var out = ScaledRows(rows: rowCount, columns: columnCount)
    for i in 0..<rowCount {
      if scales[i] == 0 {
        out.setRationalRow(i, rationalRows[i]!)
      } else {
        out.scales[i] = scales[i]
        for c in 0..<columnCount { out.numerators[i * columnCount + c] = numerators[i * columnCount + c] }
      }
    }
    return out
  }

  /// The kept rows `j` in `range` whose dot product with row `row` of
  /// `query` is maximal, ascending, exactly.
  ///
  /// The products are accumulated in Int128 after one bound check
  /// (Σ|q| · max|row entry| < 2^127) and compared within the query row as
  /// `numerator / scale_j`: plain integers while every row has one scale, a
  /// cross-multiplication otherwise. When the bound fails, or a row in the
  /// range is held as rationals, the products are exact rationals instead.
  ///
  /// - Precondition: `query.columnCount == columnCount`; `range` within the rows.
  /// - Complexity: O(|range| × non-zeros of the query row).
  public func maximalDotProducts(
    query: ScaledRows, row r: Int, range: Range<Int>, into result: inout [Int]
  ) {
    precondition(query.columnCount == columnCount, "query width does not match")
    precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "range out of bounds")
    result.removeAll(keepingCapacity: true)
    if range.isEmpty { return }
    if !integerMaximalDotProducts(query: query, row: r, range: range, into: &result) {
      result.removeAll(keepingCapacity: true)
      let values = dotProducts(query: query, row: r, range: range)
      var best = values[0]
      result.append(range.lowerBound)
      for (t, v) in values.enumerated().dropFirst() {
        if best < v {
          best = v
          result.removeAll(keepingCapacity: true)
          result.append(range.lowerBound + t)
        } else if v == best {
          result.append(range.lowerBound + t)
        }
      }
    }
  }

  /// The integer path of ``maximalDotProducts(query:row:range:into:)``;
  /// false when it does not apply.
  func integerMaximalDotProducts(
    query: ScaledRows, row r: Int, range: Range<Int>, into result: inout [Int]
  ) -> Bool {
    if query.scales[r] == 0 { return false }
    if !rationalRows.isEmpty, rationalRows.keys.contains(where: { range.contains($0) }) { return false }
    let w = columnCount
    let qBase = r * w
    var count = 0
    var norm: UInt128 = 0
    var fits64 = true
    for c in 0..<w {
      let v = query.numerators[qBase + c]
      if v == 0 { continue }
      count += 1
      let (s, o) = norm.addingReportingOverflow(v.magnitude)
      if o { return false }
      norm = s
      fits64 = fits64 && Int64(exactly: v) != nil
    }
    guard boundedMultiplyAdd(norm, magnitudeBound, 0) != nil else { return false }
    let narrow = fits64 && magnitudeBound <= UInt128(UInt64.max >> 1)
    let uniform = uniformScale
    // The query's non-zero entries (a handful in practice), on the stack.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { columns in
      withUnsafeTemporaryAllocation(of: Int128.self, capacity: count) { weights in
        var n = 0
        for c in 0..<w {
          let v = query.numerators[qBase + c]
          if v == 0 { continue }
          columns[n] = c
          weights[n] = v
          n += 1
        }
        numerators.withUnsafeBufferPointer { k in
          scales.withUnsafeBufferPointer { scale in
            let small = norm.multipliedReportingOverflow(by: magnitudeBound)
            let fits64 = !small.overflow && small.partialValue <= UInt128(Int64.max)
            func dot(_ j: Int) -> Int128 {
              let base = j * w
              if fits64 {
                // Σ|q|·max|k| < 2^63 bounds every partial sum.
                var sum: Int64 = 0
                for t in 0..<n {
                  sum &+= Int64(truncatingIfNeeded: weights[t]) &* Int64(truncatingIfNeeded: k[base + columns[t]])
                }
                return Int128(sum)
              }
              var sum: Int128 = 0
              if narrow {
                for t in 0..<n {
                  sum &+= Int128(Int64(truncatingIfNeeded: weights[t])) &* Int128(Int64(truncatingIfNeeded: k[base + columns[t]]))
                }
              } else {
                for t in 0..<n { sum &+= weights[t] &* k[base + columns[t]] }
              }
              return sum
            }
            var best = range.lowerBound
            var top = dot(best)
            result.append(best)
            for j in (range.lowerBound + 1)..<range.upperBound {
              let a = dot(j)
              let sign = uniform
                ? (a == top ? 0 : (a < top ? -1 : 1)) : compareFractions(a, scale[j], top, scale[best])
              if sign > 0 {
                best = j
                top = a
                result.removeAll(keepingCapacity: true)
                result.append(j)
              } else if sign == 0 {
                result.append(j)
              }
            }
          }
        }
      }
    }
    return true
  }

  /// The exact dot products of row `row` of `query` with the kept rows in `range`.
  ///
  /// - Complexity: O(|range| × columns) rational operations at most.
  public func dotProducts(query: ScaledRows, row r: Int, range: Range<Int>) -> [Rational] {
    precondition(query.columnCount == columnCount, "query width does not match")
    let q = query.row(r)
    let support = q.indices.filter { !q[$0].isZero }
    return range.map { j in
      var sum = Rational.zero
      for c in support {
        let k = self[j, c]
        if !k.isZero { sum += q[c] * k }
      }
      return sum
    }
  }
}

extension ScaledRows {
  /// Sets row `i` to row `j` of `source` (same width).
  public mutating func setRow(_ i: Int, copying j: Int, of source: GrowingRows) {
    precondition(source.columnCount == columnCount, "row width does not match")
    let s = source.scales[j]
    if s == 0 {
      setRationalRow(i, source.rationalRows[j]!)
      return
    }
    if !rationalRows.isEmpty { rationalRows[i] = nil }
    scales[i] = s
    let w = columnCount
    for c in 0..<w { numerators[i * w + c] = source.numerators[j * w + c] }
  }
}

extension ScaledRowSum {
  /// Adds `weight ·` row `j` of `source`.
  ///
  /// - Precondition: `source.columnCount == width`.
  /// - Complexity: O(width), one lcm.
  public mutating func add(row j: Int, of source: GrowingRows, times weight: Int128 = 1) {
    precondition(source.columnCount == width, "row width does not match")
    if rationals == nil, source.scales[j] != 0 {
      // Reuse the ScaledRows path on a one-row view of the row.
      var one = ScaledRows(rows: 1, columns: width)
      one.scales[0] = source.scales[j]
      for c in 0..<width { one.numerators[c] = source.numerators[j * width + c] }
      if addIntegers(row: 0, of: one, times: weight) { return }
    }
    var sum = values
    let w = Rational.reducingWide(weight, 1)
    for (c, x) in source.row(j).enumerated() where !x.isZero { sum[c] += w * x }
    rationals = sum
  }
}

extension GrowingRows {
  /// One row taken out of a ``GrowingRows``, to be appended again later
  /// without recomputing it (a search that returns to a prefix replays the
  /// rows it kept for it).
  public struct KeptRow: Sendable {
    /// The row's numerators (empty for a rational row).
    let numerators: [Int128]
    /// Its positive scale, 0 for a row held as rationals.
    let scale: Int128
    let rationals: [Rational]?
  }

  /// Row `i`, kept.
  public func keptRow(_ i: Int) -> KeptRow {
    precondition(i >= 0 && i < rowCount, "row out of range")
    if scales[i] == 0 { return KeptRow(numerators: [], scale: 0, rationals: rationalRows[i]!) }
    let base = i * columnCount
    return KeptRow(numerators: Array(numerators[base..<(base + columnCount)]), scale: scales[i], rationals: nil)
  }

  /// Appends a kept row (of this width) exactly as it was.
  public mutating func append(_ row: KeptRow) {
    if let values = row.rationals {
      precondition(values.count == columnCount, "row width does not match")
      appendRational(values)
      return
    }
    precondition(row.numerators.count == columnCount, "row width does not match")
    var largest: UInt128 = 0
    for x in row.numerators { largest = max(largest, x.magnitude) }
    numerators.append(contentsOf: row.numerators)
    finishAppend(scale: row.scale, largest: largest)
  }
}
