/// A two-layer ReLU perceptron `relu(x·W1 + b1)·W2 + b2` prepared for
/// row-scaled inputs, computed one row at a time through both layers.
///
/// Both layers are held over their common scales `M1` and `M2`
/// (``CommonScaleMatrix``), and the first layer also by hidden unit (the
/// non-zero weights into each unit), since a unit of a compiled lookup reads
/// one to three inputs. A row with scale `s` goes through both layers in
/// `Int64` when two bounds hold, checked before each loop:
/// `Σ|x|·max|M1·W1| + s·max|M1·b1| < 2^63` for the hidden row, and the same
/// for the hidden row against the second layer. Only the hidden units that
/// ReLU leaves positive are kept, so the second layer reads those alone.
/// A row that fails a bound takes the two separate products instead
/// (`Int128`, or rationals). Either way the output row is the same integers
/// over the same scale `s·M1·M2` as ``CommonScaleMatrix/multiply(_:columns:)``
/// twice with a ReLU between. A row whose inputs repeat an earlier row's
/// (the same scale and numerators, as in a sequence where a token recurs)
/// copies that row's output.
public struct ReLUPerceptron: Sendable {
  /// `W1` with the bias `b1`.
  public let first: CommonScaleMatrix
  /// `W2` with the bias `b2`.
  public let second: CommonScaleMatrix
  /// The first layer by hidden unit: unit j's weights are at `unitStarts[j]..<unitStarts[j+1]`.
  let unitStarts: [Int]
  /// Input (row of `W1`) of each of those weights.
  let unitInputs: [Int]
  /// `M1 · W1` at each of those weights.
  let unitWeights: [Int64]
  /// `0..<hidden`: the second product reads every hidden unit.
  let hiddenColumns: [Int]
  /// Non-zero weights per row of `W1`.
  let rowCounts: [Int]

  /// Prepares the two layers.
  ///
  /// - Precondition: the hidden widths match (`first` has one column per row of `second`).
  /// - Complexity: O(non-zeros of `W1`) beyond the two matrices.
  public init(first: CommonScaleMatrix, second: CommonScaleMatrix) {
    precondition(first.matrix.columnCount == second.matrix.rowCount, "hidden widths do not match")
    self.first = first
    self.second = second
    let hidden = first.matrix.columnCount
    hiddenColumns = Array(0..<hidden)
    rowCounts = (0..<first.matrix.rowCount).map { first.rowStarts[$0 + 1] - first.rowStarts[$0] }
    var starts = [Int](repeating: 0, count: hidden + 1)
    if first.scale != nil {
      for j in first.supportColumns { starts[j + 1] += 1 }
      for j in 0..<hidden { starts[j + 1] += starts[j] }
      var next = starts
      var inputs = [Int](repeating: 0, count: first.supportColumns.count)
      var weights = [Int64](repeating: 0, count: first.supportColumns.count)
      for k in 0..<first.matrix.rowCount {
        for p in first.rowStarts[k]..<first.rowStarts[k + 1] {
          let j = first.supportColumns[p]
          inputs[next[j]] = k
          weights[next[j]] = first.values[p]
          next[j] += 1
        }
      }
      unitInputs = inputs
      unitWeights = weights
    } else {
      unitInputs = []
      unitWeights = []
    }
    unitStarts = starts
  }

  /// Number of hidden units.
  public var hiddenWidth: Int { first.matrix.columnCount }

  /// `relu(x[:, columns]·W1 + b1)·W2 + b2` into `out`, whose rows are all rewritten.
  ///
  /// - Parameters:
  ///   - hidden: rows for the hidden layer of rows that fail a bound (resized
  ///     to `x`'s rows when needed; its contents are scratch).
  /// - Precondition: one column per row of `W1`; `out` has `x.rowCount` rows
  ///   and one column per column of `W2`.
  /// - Complexity: per row, O(min(non-zeros of `W1`, Σ non-zeros of the rows of
  ///   `W1` met by non-zero inputs) + hidden + positive units × non-zeros per row
  ///   of `W2`) `Int64` operations on the fast path.
  public func apply(
    _ x: ScaledRows, columns: [Int], into out: inout ScaledRows, hidden: inout ScaledRows,
    scratch: inout ProductScratch
  ) {
    precondition(columns.count == first.matrix.rowCount, "product shapes do not match")
    precondition(out.rowCount == x.rowCount && out.columnCount == second.matrix.columnCount, "output shape does not match")
    if !out.rationalRows.isEmpty { out.rationalRows.removeAll() }
    let width = hiddenWidth
    scratch.reserve(inputs: columns.count, hidden: width, outputs: second.matrix.columnCount)
    // The output is a function of the row's inputs: a row that repeats an earlier
    // row's inputs (same scale and numerators) copies that row's output.
    scratch.repeats.reset(rows: x.rowCount)
    for i in 0..<x.rowCount {
      if let r = scratch.repeats.earlier(row: i, of: x, columns: columns) {
        out.copyRow(r, to: i)
        continue
      }
      if fastRow(i, of: x, columns: columns, into: &out, scratch: &scratch) { continue }
      if hidden.rowCount != x.rowCount || hidden.columnCount != width {
        hidden = ScaledRows(rows: x.rowCount, columns: width)
      }
      first.productRow(i, of: x, columns: columns, into: &hidden, scratch: &scratch)
      hidden.clampNegativesToZero(row: i)
      second.productRow(i, of: hidden, columns: hiddenColumns, into: &out, scratch: &scratch)
    }
  }

  /// Row `i` through both layers in Int64; false, `out` untouched, when a bound fails.
  func fastRow(
    _ i: Int, of x: ScaledRows, columns: [Int], into out: inout ScaledRows, scratch: inout ProductScratch
  ) -> Bool {
    guard let m1 = first.scale, let m2 = second.scale else { return false }
    let s = x.scales[i]
    if s == 0 { return false }
    let (s1, o1) = s.multipliedReportingOverflow(by: Int128(m1))
    if o1 { return false }
    let (s2, o2) = s1.multipliedReportingOverflow(by: Int128(m2))
    if o2 { return false }
    let limit = UInt128(Int64.max)
    // Bias terms: s · max|M1·b1| and s1 · max|M2·b2| (zero biases need no bound on the scale).
    guard let bias1 = boundedMultiplyAdd(s.magnitude, UInt128(first.biasMaximum), 0), bias1 <= limit,
      let bias2 = boundedMultiplyAdd(s1.magnitude, UInt128(second.biasMaximum), 0), bias2 <= limit
    else { return false }
    let inputs = columns.count
    let width = hiddenWidth
    // Gather the inputs; bound the hidden layer by Σ|x| · max|M1·W1| (by row of W1 if that fails).
    let (found, magnitudes, overflow, _) = scratch.gather(row: i, of: x, columns: columns)
    var scattered = 0
    for t in 0..<found { scattered += rowCounts[scratch.nonzeroRows[t]] }
    var total1 = bias1
    if !overflow, let t = boundedMultiplyAdd(magnitudes, UInt128(first.maximum), total1), t <= limit {
      total1 = t
    } else {
      for t in 0..<found {
        guard let b = boundedMultiplyAdd(
          scratch.nonzeroValues[t].magnitude, UInt128(first.rowMaximum[scratch.nonzeroRows[t]]), total1),
          b <= limit
        else { return false }
        total1 = b
      }
    }
    // Every partial sum of a hidden unit is now bounded by total1 < 2^63, and so is every
    // input that meets a weight. The hidden layer, keeping the positive units.
    let scale64 = Int64(truncatingIfNeeded: s)
    var positive = 0
    var hiddenTotal: UInt128 = 0
    scratch.hiddenValues.withUnsafeMutableBufferPointer { hv in
      scratch.hiddenUnits.withUnsafeMutableBufferPointer { hu in
        first.biasIntegers.withUnsafeBufferPointer { b1 in
          let hasBias = !b1.isEmpty && first.biasMaximum != 0
          if scattered + width < unitWeights.count {
            // Few inputs are non-zero: scatter their rows of W1 into the accumulator.
            scratch.narrowAccumulator.withUnsafeMutableBufferPointer { acc in
              if hasBias {
                for j in 0..<width { acc[j] = scale64 &* b1[j] }
              } else {
                for j in 0..<width { acc[j] = 0 }
              }
              first.values.withUnsafeBufferPointer { w in
                first.supportColumns.withUnsafeBufferPointer { col in
                  first.rowStarts.withUnsafeBufferPointer { starts in
                    for t in 0..<found {
                      let v = Int64(truncatingIfNeeded: scratch.nonzeroValues[t])
                      let k = scratch.nonzeroRows[t]
                      for p in starts[k]..<starts[k + 1] { acc[col[p]] &+= v &* w[p] }
                    }
                  }
                }
              }
              for j in 0..<width where acc[j] > 0 {
                hv[positive] = acc[j]
                hu[positive] = j
                positive += 1
                hiddenTotal &+= UInt128(UInt64(acc[j]))
              }
            }
          } else {
            // Unit by unit over its few weights, reading the inputs as a dense vector.
            scratch.inputValues.withUnsafeMutableBufferPointer { xin in
              for k in 0..<inputs { xin[k] = 0 }
              for t in 0..<found {
                xin[scratch.nonzeroRows[t]] = Int64(truncatingIfNeeded: scratch.nonzeroValues[t])
              }
              unitStarts.withUnsafeBufferPointer { starts in
                unitInputs.withUnsafeBufferPointer { from in
                  unitWeights.withUnsafeBufferPointer { w in
                    for j in 0..<width {
                      var h: Int64 = hasBias ? scale64 &* b1[j] : 0
                      for p in starts[j]..<starts[j + 1] { h &+= xin[from[p]] &* w[p] }
                      if h > 0 {
                        hv[positive] = h
                        hu[positive] = j
                        positive += 1
                        hiddenTotal &+= UInt128(UInt64(h))
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    guard let total2 = boundedMultiplyAdd(hiddenTotal, UInt128(second.maximum), bias2), total2 <= limit
    else { return false }
    // The second layer over the positive units, in Int64 (every partial sum below total2).
    let outputs = second.matrix.columnCount
    let scale1 = Int64(truncatingIfNeeded: s1)
    scratch.narrowAccumulator.withUnsafeMutableBufferPointer { acc in
      second.biasIntegers.withUnsafeBufferPointer { b2 in
        if !b2.isEmpty && second.biasMaximum != 0 {
          for c in 0..<outputs { acc[c] = scale1 &* b2[c] }
        } else {
          for c in 0..<outputs { acc[c] = 0 }
        }
      }
      scratch.hiddenValues.withUnsafeBufferPointer { hv in
        scratch.hiddenUnits.withUnsafeBufferPointer { hu in
          if let dense = second.dense {
            dense.withUnsafeBufferPointer { dw in
              for t in 0..<positive {
                let h = hv[t]
                let start = hu[t] * outputs
                for c in 0..<outputs { acc[c] &+= h &* dw[start + c] }
              }
            }
          } else {
            second.values.withUnsafeBufferPointer { w in
              second.supportColumns.withUnsafeBufferPointer { col in
                second.rowStarts.withUnsafeBufferPointer { starts in
                  for t in 0..<positive {
                    let h = hv[t]
                    let j = hu[t]
                    for p in starts[j]..<starts[j + 1] { acc[col[p]] &+= h &* w[p] }
                  }
                }
              }
            }
          }
        }
      }
      let base = i * outputs
      out.numerators.withUnsafeMutableBufferPointer { o in
        for c in 0..<outputs { o[base + c] = Int128(acc[c]) }
      }
    }
    out.scales[i] = s2
    return true
  }
}

extension ProductScratch {
  /// Makes every buffer long enough for a perceptron of these widths.
  mutating func reserve(inputs: Int, hidden: Int, outputs: Int) {
    if nonzeroRows.count < inputs {
      nonzeroRows = [Int](repeating: 0, count: inputs)
      nonzeroValues = [Int128](repeating: 0, count: inputs)
    }
    if inputValues.count < inputs { inputValues = [Int64](repeating: 0, count: inputs) }
    if hiddenValues.count < hidden {
      hiddenValues = [Int64](repeating: 0, count: hidden)
      hiddenUnits = [Int](repeating: 0, count: hidden)
    }
    let widest = max(hidden, outputs)
    if narrowAccumulator.count < widest { narrowAccumulator = [Int64](repeating: 0, count: widest) }
  }
}
