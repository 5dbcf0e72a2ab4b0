/// Finds rows of a ``ScaledRows`` that repeat an earlier row: the same
/// scale and the same numerators (at some columns), so that a position-wise
/// computation on them can copy the earlier result instead of redoing it.
///
/// Rows are hashed into an open-addressing table of row numbers; a hit is
/// confirmed by comparing the integers, so a repeat is always exact (rows
/// equal in value but written over different scales are not matched, which
/// only costs a recomputation). Rows held as rationals are never matched.
public struct RepeatedRows: Sendable {
  /// Row number + 1 per slot, 0 for an empty slot.
  var slots: [Int] = []
  /// `slots.count − 1` (a power of two minus one).
  var mask = 0

  public init() {}

  /// Forgets every row, with room for `rows` rows.
  ///
  /// - Complexity: O(rows).
  public mutating func reset(rows: Int) {
    var size = 16
    while size < 2 * rows { size <<= 1 }
    if slots.count != size {
      slots = [Int](repeating: 0, count: size)
    } else {
      slots.withUnsafeMutableBufferPointer { p in
        for k in p.indices { p[k] = 0 }
      }
    }
    mask = size - 1
  }

  /// An earlier recorded row of `rows` equal to row `i` at `columns` (scale
  /// and numerators), or nil after recording row `i`.
  ///
  /// - Precondition: ``reset(rows:)`` was called with room for every row recorded.
  /// - Complexity: O(|columns|) expected.
  public mutating func earlier(row i: Int, of rows: ScaledRows, columns: [Int]) -> Int? {
    let s = rows.scales[i]
    if s == 0 { return nil }
    let d = rows.columnCount
    return rows.numerators.withUnsafeBufferPointer { p in
      columns.withUnsafeBufferPointer { cs in
        var h = Self.mix(0, s)
        let base = i * d
        for c in cs { h = Self.mix(h, p[base + c]) }
        return probe(i, hash: h) { r in
          guard rows.scales[r] == s else { return false }
          let other = r * d
          for c in cs where p[other + c] != p[base + c] { return false }
          return true
        }
      }
    }
  }

  /// An earlier recorded row of `rows` equal to row `i` (scale and every
  /// numerator), or nil after recording row `i`.
  ///
  /// - Complexity: O(columns) expected.
  public mutating func earlier(row i: Int, of rows: ScaledRows) -> Int? {
    let s = rows.scales[i]
    if s == 0 { return nil }
    let d = rows.columnCount
    return rows.numerators.withUnsafeBufferPointer { p in
      var h = Self.mix(0, s)
      let base = i * d
      for c in 0..<d { h = Self.mix(h, p[base + c]) }
      return probe(i, hash: h) { r in
        guard rows.scales[r] == s else { return false }
        let other = r * d
        for c in 0..<d where p[other + c] != p[base + c] { return false }
        return true
      }
    }
  }

  /// Looks row `i` up by its hash: the first recorded row `equal` accepts, else records `i`.
  mutating func probe(_ i: Int, hash: UInt64, equal: (Int) -> Bool) -> Int? {
    var k = Int(truncatingIfNeeded: hash >> 32) & mask
    while true {
      let r = slots[k]
      if r == 0 {
        slots[k] = i + 1
        return nil
      }
      if equal(r - 1) { return r - 1 }
      k = (k + 1) & mask
    }
  }

  /// One step of the row hash (multiply–xor over both halves of `x`).
  static func mix(_ h: UInt64, _ x: Int128) -> UInt64 {
    let low = UInt64(truncatingIfNeeded: x)
    let high = UInt64(truncatingIfNeeded: x >> 64)
    return ((h ^ low) &* 0x9E37_79B9_7F4A_7C15 ^ high) &* 0xBF58_476D_1CE4_E5B9
  }
}

extension ScaledRows {
  /// Sets row `i` to row `j` of this matrix.
  ///
  /// - Complexity: O(columns).
  public mutating func copyRow(_ j: Int, to i: Int) {
    if i == j { return }
    let s = scales[j]
    if s == 0 {
      setRationalRow(i, rationalRows[j]!)
      return
    }
    if !rationalRows.isEmpty { rationalRows[i] = nil }
    scales[i] = s
    let w = columnCount
    numerators.withUnsafeMutableBufferPointer { p in
      for c in 0..<w { p[i * w + c] = p[j * w + c] }
    }
  }
}
