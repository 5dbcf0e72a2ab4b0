import ExactArithmetic
import Testing
import TestSupport

/// Finding rows that repeat an earlier row exactly.
@Suite struct RepeatedRowsTests {
  @Test func findsTheFirstEqualRowAtTheGivenColumns() {
    let rows = ScaledRows(Matrix([
      [1, 2, 3], [Rational(1, 2), 2, 3], [1, 2, 4], [1, 2, 3], [Rational(1, 2), 5, 3],
    ]))
    var repeats = RepeatedRows()
    repeats.reset(rows: 5)
    #expect(repeats.earlier(row: 0, of: rows) == nil)
    #expect(repeats.earlier(row: 1, of: rows) == nil)
    #expect(repeats.earlier(row: 2, of: rows) == nil)
    #expect(repeats.earlier(row: 3, of: rows) == 0)
    #expect(repeats.earlier(row: 4, of: rows) == nil)
    // At columns 0 and 2 only: row 2 differs from row 0 at column 2, row 4 repeats row 1.
    repeats.reset(rows: 5)
    #expect((0..<5).map { repeats.earlier(row: $0, of: rows, columns: [0, 2]) } == [nil, nil, nil, 0, 1])
  }

  @Test func matchesOnlyTheSameScaleAndNeverRationalRows() {
    var rows = ScaledRows(Matrix([[1, 2], [1, 2]]))
    // Row 1 holds the same values over scale 3: equal in value, not matched (it is recomputed).
    rows.add(row: 1, from: ScaledRows(Matrix([[Rational(1, 3)]])), row: 0, columns: [0])
    rows.add(row: 1, from: ScaledRows(Matrix([[Rational(-1, 3)]])), row: 0, columns: [0])
    #expect(rows.row(1) == rows.row(0))
    #expect(rows.scale(ofRow: 1) != rows.scale(ofRow: 0))
    var repeats = RepeatedRows()
    repeats.reset(rows: 2)
    #expect(repeats.earlier(row: 0, of: rows) == nil)
    #expect(repeats.earlier(row: 1, of: rows) == nil)
    let huge = Rational(1 << 62) * Rational(1 << 62) * Rational(1 << 62) + Rational(1, 3)
    var rational = ScaledRows(rows: 2, columns: 1)
    rational.setRow(0, to: [huge])
    rational.setRow(1, to: [huge])
    repeats.reset(rows: 2)
    #expect(repeats.earlier(row: 0, of: rational) == nil)
    #expect(repeats.earlier(row: 1, of: rational) == nil)
  }

  @Test func manyRowsWithCollisions() {
    // 200 rows over 7 distinct values: each repeat points at the first row of its value.
    var g = SplitMix64(seed: 90)
    let values = (0..<200).map { _ in Int.random(in: 0..<7, using: &g) }
    let rows = ScaledRows(Matrix(values.map { [Rational($0), Rational($0 % 2)] }))
    var repeats = RepeatedRows()
    repeats.reset(rows: 200)
    for (i, v) in values.enumerated() {
      let firstIndex = values.firstIndex(of: v)!
      #expect(repeats.earlier(row: i, of: rows) == (firstIndex == i ? nil : firstIndex))
    }
  }

  @Test func copyRowCopiesIntegerAndRationalRows() {
    var rows = ScaledRows(Matrix([[Rational(1, 2), 3], [0, 0], [0, 0]]))
    let huge = Rational(1 << 62) * Rational(1 << 62) * Rational(1 << 62) + Rational(1, 3)
    rows.setRow(2, to: [huge, 1])
    rows.copyRow(0, to: 1)
    #expect(rows.row(1) == [Rational(1, 2), 3])
    rows.copyRow(2, to: 0)
    #expect(rows.row(0) == [huge, 1])
    rows.copyRow(1, to: 2)
    #expect(rows.row(2) == [Rational(1, 2), 3])
    #expect(!rows.holdsRationals(row: 2))
  }
}
