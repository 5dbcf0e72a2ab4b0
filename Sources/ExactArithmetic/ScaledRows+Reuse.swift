/// Scratch space for products written into reused outputs, so that a pass
/// over one position at a time allocates nothing per product.
public struct ProductScratch: Sendable {
  var accumulator: [Int128] = []
  var nonzeroRows: [Int] = []
  var nonzeroValues: [Int128] = []
  var narrowAccumulator: [Int64] = []
  /// A perceptron's inputs as a dense vector, and its positive hidden units.
  var inputValues: [Int64] = []
  var hiddenValues: [Int64] = []
  var hiddenUnits: [Int] = []
  /// Rows already computed by a perceptron in this call, by their inputs.
  var repeats = RepeatedRows()

  public init() {}
}

extension ProductScratch {
  /// Gathers the non-zero entries of row `i` of `x` at `columns` into
  /// `nonzeroRows` (their positions in `columns`) and `nonzeroValues`.
  ///
  /// - Returns: how many, the sum of their magnitudes (and whether it
  ///   overflowed), and whether every one fits `Int64`.
  /// - Precondition: both lists have room for `columns.count` entries.
  mutating func gather(
    row i: Int, of x: ScaledRows, columns: [Int]
  ) -> (found: Int, magnitudes: UInt128, overflow: Bool, narrow: Bool) {
    var found = 0
    var magnitudes: UInt128 = 0
    var overflow = false
    var narrow = true
    let d = x.columnCount
    x.numerators.withUnsafeBufferPointer { xs in
      columns.withUnsafeBufferPointer { cs in
        nonzeroRows.withUnsafeMutableBufferPointer { rows in
          nonzeroValues.withUnsafeMutableBufferPointer { vals in
            let base = i * d
            for k in 0..<cs.count {
              let v = xs[base + cs[k]]
              if v == 0 { continue }
              rows[found] = k
              vals[found] = v
              found += 1
              let (sum, o) = magnitudes.addingReportingOverflow(v.magnitude)
              magnitudes = sum
              overflow = overflow || o
              narrow = narrow && v.magnitude <= UInt128(Int64.max)
            }
          }
        }
      }
    }
    return (found, magnitudes, overflow, narrow)
  }
}

extension CommonScaleMatrix {
  /// ``multiply(_:columns:)`` into `out`, whose rows are all rewritten.
  ///
  /// - Precondition: `out` has `x.rowCount` rows and one column per column of the matrix.
  public func multiply(_ x: ScaledRows, columns: [Int], into out: inout ScaledRows, scratch: inout ProductScratch) {
    precondition(columns.count == matrix.rowCount, "product shapes do not match")
    precondition(out.rowCount == x.rowCount && out.columnCount == matrix.columnCount, "output shape does not match")
    if scratch.accumulator.count < matrix.columnCount {
      scratch.accumulator = [Int128](repeating: 0, count: matrix.columnCount)
    }
    if !out.rationalRows.isEmpty { out.rationalRows.removeAll() }
    if scratch.nonzeroRows.count < columns.count {
      scratch.nonzeroRows = [Int](repeating: 0, count: columns.count)
      scratch.nonzeroValues = [Int128](repeating: 0, count: columns.count)
    }
    for i in 0..<x.rowCount {
      if let m = scale, integerRow(i, of: x, columns: columns, commonScale: m, into: &out, scratch: &scratch) {
        continue
      }
      rationalRow(i, of: x, columns: columns, into: &out)
    }
  }

  /// Row `i` of ``multiply(_:columns:into:scratch:)`` alone (the other rows of `out` untouched).
  func productRow(
    _ i: Int, of x: ScaledRows, columns: [Int], into out: inout ScaledRows, scratch: inout ProductScratch
  ) {
    if scratch.nonzeroRows.count < columns.count {
      scratch.nonzeroRows = [Int](repeating: 0, count: columns.count)
      scratch.nonzeroValues = [Int128](repeating: 0, count: columns.count)
    }
    if let m = scale, integerRow(i, of: x, columns: columns, commonScale: m, into: &out, scratch: &scratch) {
      if !out.rationalRows.isEmpty { out.rationalRows[i] = nil }
      return
    }
    rationalRow(i, of: x, columns: columns, into: &out)
  }

  /// The integer path for row `i`, accumulating straight into `out`'s row;
  /// false, row untouched, when the bound fails. The same arithmetic as
  /// ``multiply(_:columns:)``'s, without a growing array per row.
  func integerRow(
    _ i: Int, of x: ScaledRows, columns: [Int], commonScale m: Int64, into out: inout ScaledRows,
    scratch: inout ProductScratch
  ) -> Bool {
    let s = x.scales[i]
    if s == 0 { return false }
    let (outScale, o) = s.multipliedReportingOverflow(by: Int128(m))
    if o { return false }
    var total: UInt128 = 0
    if !biasIntegers.isEmpty {
      guard let t = boundedMultiplyAdd(s.magnitude, UInt128(biasMaximum), 0) else { return false }
      total = t
    }
    // Gather the non-zero entries; bound by Σ|x| · max|M·W| first, per row of W if that fails.
    let (found, magnitudes, magnitudesOverflow, allNarrow) = scratch.gather(row: i, of: x, columns: columns)
    if !magnitudesOverflow, let t = boundedMultiplyAdd(magnitudes, UInt128(maximum), total) {
      total = t
    } else {
      for t in 0..<found {
        guard let bound = boundedMultiplyAdd(
          scratch.nonzeroValues[t].magnitude, UInt128(rowMaximum[scratch.nonzeroRows[t]]), total)
        else { return false }
        total = bound
      }
    }
    let width = matrix.columnCount
    let base = i * width
    if total <= UInt128(Int64.max) {
      // Every partial sum is bounded by `total`: accumulate in Int64.
      // The scale enters only through the bias: s · max|M·b| ≤ total when the bias is not
      // zero, and a zero bias makes every s · b zero whatever s is.
      narrowRow(i, found: found, scale: Int64(truncatingIfNeeded: s), width: width, into: &out, scratch: &scratch)
      out.scales[i] = outScale
      return true
    }
    out.numerators.withUnsafeMutableBufferPointer { acc in
      if biasIntegers.isEmpty {
        for j in 0..<width { acc[base + j] = 0 }
      } else if let narrow = Int64(exactly: s) {
        let scale = Int128(narrow)
        biasIntegers.withUnsafeBufferPointer { b in
          for j in 0..<width { acc[base + j] = scale &* Int128(b[j]) }
        }
      } else {
        biasIntegers.withUnsafeBufferPointer { b in
          for j in 0..<width { acc[base + j] = s &* Int128(b[j]) }
        }
      }
      scratch.nonzeroRows.withUnsafeBufferPointer { rows in
        scratch.nonzeroValues.withUnsafeBufferPointer { vals in
          if let dense {
            dense.withUnsafeBufferPointer { dw in
              for t in 0..<found {
                let k = rows[t]
                let v = vals[t]
                let start = k * width
                if allNarrow {
                  let x = Int128(Int64(truncatingIfNeeded: v))
                  for j in 0..<width { acc[base + j] &+= x &* Int128(dw[start + j]) }
                } else {
                  for j in 0..<width { acc[base + j] &+= v &* Int128(dw[start + j]) }
                }
              }
            }
          } else {
            values.withUnsafeBufferPointer { w in
              supportColumns.withUnsafeBufferPointer { col in
                rowStarts.withUnsafeBufferPointer { starts in
                  for t in 0..<found {
                    let k = rows[t]
                    let v = vals[t]
                    if allNarrow {
                      let x = Int128(Int64(truncatingIfNeeded: v))
                      for p in starts[k]..<starts[k + 1] { acc[base + col[p]] &+= x &* Int128(w[p]) }
                    } else {
                      for p in starts[k]..<starts[k + 1] { acc[base + col[p]] &+= v &* Int128(w[p]) }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    out.scales[i] = outScale
    return true
  }

  /// The product of row `i` when |x|·max|M·W| + s·max|M·b| < 2^63: the
  /// gathered entries (in `scratch`) times the matrix, in Int64 (exact:
  /// no partial sum can exceed the bound), then widened into `out`.
  func narrowRow(
    _ i: Int, found: Int, scale s: Int64, width: Int, into out: inout ScaledRows, scratch: inout ProductScratch
  ) {
    if scratch.narrowAccumulator.count < width {
      scratch.narrowAccumulator = [Int64](repeating: 0, count: width)
    }
    scratch.narrowAccumulator.withUnsafeMutableBufferPointer { acc in
      if biasIntegers.isEmpty {
        for j in 0..<width { acc[j] = 0 }
      } else {
        biasIntegers.withUnsafeBufferPointer { b in
          for j in 0..<width { acc[j] = s &* b[j] }
        }
      }
      scratch.nonzeroRows.withUnsafeBufferPointer { rows in
        scratch.nonzeroValues.withUnsafeBufferPointer { vals in
          if let dense {
            dense.withUnsafeBufferPointer { dw in
              for t in 0..<found {
                let x = Int64(truncatingIfNeeded: vals[t])
                let start = rows[t] * width
                for j in 0..<width { acc[j] &+= x &* dw[start + j] }
              }
            }
          } else {
            values.withUnsafeBufferPointer { w in
              supportColumns.withUnsafeBufferPointer { col in
                rowStarts.withUnsafeBufferPointer { starts in
                  for t in 0..<found {
                    let x = Int64(truncatingIfNeeded: vals[t])
                    let k = rows[t]
                    for p in starts[k]..<starts[k + 1] { acc[col[p]] &+= x &* w[p] }
                  }
                }
              }
            }
          }
        }
      }
      let base = i * width
      out.numerators.withUnsafeMutableBufferPointer { o in
        for j in 0..<width { o[base + j] = Int128(acc[j]) }
      }
    }
  }
}

extension ScaledRows {
  /// Which of `columns` holds the largest entry of row `i` (the first such),
  /// and whether no other of them is as large: the readout's argmax.
  ///
  /// - Precondition: `columns` is not empty and within the row.
  /// - Complexity: O(|columns|) integer comparisons (rational ones for a row held as rationals).
  public func largestEntry(ofRow i: Int, among columns: [Int]) -> (index: Int, unique: Bool) {
    precondition(!columns.isEmpty, "no columns to compare")
    if scales[i] == 0 {
      let row = rationalRows[i]!
      var best = 0
      var unique = true
      for k in 1..<columns.count {
        let x = row[columns[k]]
        if row[columns[best]] < x {
          best = k
          unique = true
        } else if x == row[columns[best]] {
          unique = false
        }
      }
      return (best, unique)
    }
    return numerators.withUnsafeBufferPointer { p in
      columns.withUnsafeBufferPointer { cs in
        let base = i * columnCount
        var best = 0
        var top = p[base + cs[0]]
        var unique = true
        for k in 1..<cs.count {
          let x = p[base + cs[k]]
          if top < x {
            best = k
            top = x
            unique = true
          } else if x == top {
            unique = false
          }
        }
        return (best, unique)
      }
    }
  }

  /// Sets row `i` to zero (scale 1).
  public mutating func zeroRow(_ i: Int) {
    if !rationalRows.isEmpty { rationalRows[i] = nil }
    scales[i] = 1
    let base = i * columnCount
    for k in base..<(base + columnCount) { numerators[k] = 0 }
  }

  /// Whether row `i` is zero.
  public func rowIsZero(_ i: Int) -> Bool {
    if scales[i] == 0 { return rationalRows[i]!.allSatisfy(\.isZero) }
    return isZeroRow(i)
  }

  /// Adds row `j` of `block` into the `columns` of row `i` (the residual
  /// connection for one position): `self[i, columns[c]] += block[j, c]`.
  ///
  /// Integer rows meet at the lcm of their scales after one bound check; a
  /// row that would overflow is reduced and retried, then summed in
  /// rationals. Allocates nothing on the integer path.
  ///
  /// - Precondition: one column index per column of `block`, each in range.
  public mutating func add(row i: Int, from block: ScaledRows, row j: Int, columns: [Int]) {
    precondition(block.columnCount == columns.count, "one column per entry of the block")
    let t = block.scales[j]
    if t != 0, block.isZeroRow(j) { return }
    if scales[i] != 0, t != 0 {
      if addIntegerRow(i, from: block, row: j, columns: columns) { return }
      reduceRow(i)
      if addIntegerRow(i, from: block, row: j, columns: columns) { return }
    }
    var values = row(i)
    let added = block.row(j)
    for (c, target) in columns.enumerated() where !added[c].isZero { values[target] += added[c] }
    setRow(i, to: values)
  }

  /// The integer path of ``add(row:from:row:columns:)``; false, row unchanged, when it would overflow.
  mutating func addIntegerRow(_ i: Int, from block: ScaledRows, row j: Int, columns: [Int]) -> Bool {
    let s = scales[i]
    let t = block.scales[j]
    guard let common = s == t ? s : lcm(s, t) else { return false }
    let own = quotient(common, s)
    let theirs = quotient(common, t)
    let w = columnCount
    let bw = block.columnCount
    if own == 1, theirs == 1 {
      // Same scale: add entry by entry with overflow checks, undoing on overflow.
      return block.numerators.withUnsafeBufferPointer { src in
        columns.withUnsafeBufferPointer { cs in
          numerators.withUnsafeMutableBufferPointer { out in
            let base = i * w
            let blockBase = j * bw
            for c in 0..<bw {
              let v = src[blockBase + c]
              if v == 0 { continue }
              let (sum, o) = out[base + cs[c]].addingReportingOverflow(v)
              if o || sum == Int128.min {
                for k in (0..<c).reversed() { out[base + cs[k]] &-= src[blockBase + k] }
                return false
              }
              out[base + cs[c]] = sum
            }
            return true
          }
        }
      }
    }
    if own == 1 {
      // The row keeps its scale: add entry by entry with overflow checks,
      // undoing the entries already added if one overflows.
      let ok = block.numerators.withUnsafeBufferPointer { src in
        numerators.withUnsafeMutableBufferPointer { out in
          for (c, target) in columns.enumerated() {
            let v = src[j * bw + c]
            if v == 0 { continue }
            let (product, o1) = v.multipliedReportingOverflow(by: theirs)
            let (sum, o2) = out[i * w + target].addingReportingOverflow(product)
            if o1 || o2 || sum == Int128.min {
              for (c, target) in columns[..<c].enumerated().reversed() {
                out[i * w + target] &-= src[j * bw + c] &* theirs
              }
              return false
            }
            out[i * w + target] = sum
          }
          return true
        }
      }
      return ok
    }
    let ok = block.numerators.withUnsafeBufferPointer { src in
      columns.withUnsafeBufferPointer { cs in
        numerators.withUnsafeMutableBufferPointer { out in
          let base = i * w
          let blockBase = j * bw
          var largest: UInt128 = 0
          for k in base..<(base + w) { largest = max(largest, out[k].magnitude) }
          var added: UInt128 = 0
          for c in 0..<bw {
            let (sum, o) = added.addingReportingOverflow(src[blockBase + c].magnitude)
            if o { return false }
            added = sum
          }
          // |own · x + theirs · Σy| ≤ own·max|x| + theirs·Σ|y| (a column may repeat).
          guard let a = boundedMultiplyAdd(largest, own.magnitude, 0),
            boundedMultiplyAdd(added, theirs.magnitude, a) != nil
          else { return false }
          for k in base..<(base + w) where out[k] != 0 { out[k] &*= own }
          for c in 0..<bw {
            let v = src[blockBase + c]
            if v != 0 { out[base + cs[c]] &+= v &* theirs }
          }
          return true
        }
      }
    }
    if !ok { return false }
    scales[i] = common
    if common > ScaledRows.reductionThreshold { reduceRow(i) }
    return true
  }
}
