import ExactArithmetic
import RASP
import TestSupport
import Testing

/// Aggregates and widths over a plain `select` run on sorted keys and prefix sums (O(n log n));
/// they must give exactly what the n × n matrix gives, errors included.
@Suite struct FastEvaluationTests {
  static let comparisons = ["==", "!=", "<", ">", "<=", ">="]

  /// Each aggregate evaluated alone (fast path) and beside its selector (matrix path).
  @Test(arguments: comparisons)
  func fastPathMatchesTheMatrix(op: String) throws {
    let p = try run(
      """
      k = (indices * 7) % 5;
      q = (indices * 3) % 4;
      kf = indices / 3;
      sel = select(k, q, \(op));
      agg = aggregate(sel, indices / 2);
      width = selector_width(sel);
      fsel = select(kf, q, \(op));
      fagg = aggregate(fsel, indices * indices, 9);
      ssel = select(tokens, tokens, \(op));
      sagg = aggregate(ssel, indices);
      pick = aggregate(select(indices, indices, ==), tokens);
      bad = aggregate(ssel, tokens);
      """)
    var generator = SplitMix64(seed: 7)
    let g = p.graph
    for length in 1...40 {
      let input = (0..<length).map { _ in Atom.string(["a", "b", "c"].randomElement(using: &generator)!) }
      for (result, selector) in [("agg", "sel"), ("width", "sel"), ("fagg", "fsel"), ("sagg", "ssel"), ("bad", "ssel")] {
        let r = try #require(p.sop(named: result))
        let s = try #require(p.selector(named: selector))
        var fast: Result<[Atom], Diagnostic>
        var slow: Result<[Atom], Diagnostic>
        do { fast = .success(try g.evaluate([r], on: input)[r]!.sequence!) } catch { fast = .failure(error) }
        do { slow = .success(try g.evaluate([r, s], on: input)[r]!.sequence!) } catch { slow = .failure(error) }
        #expect(fast == slow, "\(result) \(op) on \(input.map(\.description).joined())")
      }
      let pick = try #require(p.sop(named: "pick"))
      #expect(try g.evaluate(sop: pick, on: input) == input)
    }
  }

  /// 100,000 tokens through a histogram (select ==, selector width) and a sort-like aggregate:
  /// no n × n matrix is built (it would be 1.25 GB), and the values are exact.
  @Test func longInputsAvoidTheMatrix() throws {
    let p = try run(
      """
      hist = selector_width(select(tokens, tokens, ==));
      before = selector_width(select(indices, indices, <));
      mean = aggregate(select(indices, indices, <=), indices);
      """)
    let n = 100_000
    let input = (0..<n).map { Atom.string($0 % 4 == 0 ? "a" : "b") }
    let hist = try p.graph.evaluate(sop: try #require(p.sop(named: "hist")), on: input)
    #expect(hist.prefix(2) == [.int(25_000), .int(75_000)])
    let before = try p.graph.evaluate(sop: try #require(p.sop(named: "before")), on: input)
    #expect(before.last == .int(n - 1))
    let mean = try p.graph.evaluate(sop: try #require(p.sop(named: "mean")), on: input)
    // The mean of 0...i is i/2.
    #expect(mean[n - 1] == .number(Rational(n - 1, 2)))
    #expect(mean[2] == .number(Rational(1)))
  }
}
