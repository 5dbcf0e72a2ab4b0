import ExactArithmetic
import RASP

/// Sound value sets of every node at every cell (input length n, position i):
/// the values an s-op can hold there, and for each selector whether query q
/// certainly, possibly or never selects key k.
///
/// Every set contains every value the node takes on some input (it may
/// contain more). Tracking cells instead of whole s-ops keeps correlations
/// with the position and the length: `length - indices - 1` is `{n - 1 - i}`
/// at each cell, and the mean of a 0/1 s-op over the prefix `0...i` is
/// `{k/(i+1)}`, so `(indices + 1) * mean` is an integer.
public struct PositionValueSets: Sendable {
  /// Whether a selector picks a key: never, on some inputs, on every input.
  public enum Selection: UInt8, Sendable {
    case never = 0, maybe = 1, always = 2
  }

  /// The longest input.
  public let maximumLength: Int
  /// Interned distinct sets; cells refer to them by index.
  var sets: [Set<Atom>]
  /// For each s-op: the index of its set at each cell, cells in the order
  /// (1,0), (2,0), (2,1), (3,0), ... (see ``cell(_:_:)``).
  var cells: [NodeID: [Int32]]
  /// For each selector: per length n, the n×n row-major matrix (query, key).
  var selections: [NodeID: [UInt8]]
  /// For each selector and cell (n, query): whether at most one key can be selected.
  var atMostOneCells: [NodeID: [Bool]]
  /// For each s-op: the union of its cell sets.
  public internal(set) var values: [NodeID: Set<Atom>]
  /// For each selector: whether no query ever selects two keys.
  public internal(set) var atMostOne: [NodeID: Bool]
  /// For each aggregate: whether some query may average two or more values.
  public internal(set) var mayAverage: [NodeID: Bool]
  /// S-ops whose values are not listed (too many at some position): a sound
  /// description instead. They have no cell sets and no entry in ``values``.
  public internal(set) var summaries: [NodeID: NumericSummary] = [:]
  /// The most values an s-op may take where they must be listed (a one-hot,
  /// a table): `--max-values`.
  public internal(set) var maxValues: Int = .max

  /// The number of cells: n(n+1)/2 for n = ``maximumLength``.
  public var cellCount: Int { maximumLength * (maximumLength + 1) / 2 }

  /// The index of cell (length n, position i).
  @inlinable
  public func cell(_ n: Int, _ i: Int) -> Int { n * (n - 1) / 2 + i }

  /// The first index of length n's matrix in a selector's array.
  static func selectionOffset(_ n: Int) -> Int { (n - 1) * n * (2 * n - 1) / 6 }

  /// The values `node` can hold at position i of inputs of length n.
  public func values(of node: NodeID, length n: Int, position i: Int) -> Set<Atom> {
    sets[Int(cells[node]![cell(n, i)])]
  }

  /// The interned set index of `node` at a cell (equal indices: equal sets).
  public func setIndex(of node: NodeID, cell: Int) -> Int { Int(cells[node]![cell]) }

  /// The set with an interned index.
  public func set(_ index: Int) -> Set<Atom> { sets[index] }

  /// Whether `selector` selects key k for query q on inputs of length n.
  public func selection(_ selector: NodeID, length n: Int, query q: Int, key k: Int) -> Selection {
    Selection(rawValue: selections[selector]![PositionValueSets.selectionOffset(n) + q * n + k])!
  }

  /// The raw selection matrix of length n (row-major, query × key).
  func matrix(_ selector: NodeID, length n: Int) -> ArraySlice<UInt8> {
    let start = PositionValueSets.selectionOffset(n)
    return selections[selector]![start..<(start + n * n)]
  }

  /// Whether at most one key can be selected for query q at length n.
  public func selectsAtMostOne(_ selector: NodeID, length n: Int, query q: Int) -> Bool {
    atMostOneCells[selector]![cell(n, q)]
  }

  /// The widths `selector` can have at query q of length n: sure keys ... sure + possible.
  public func widths(_ selector: NodeID, length n: Int, query q: Int) -> ClosedRange<Int> {
    let row = matrix(selector, length: n)
    var sure = 0
    var possible = 0
    let start = row.startIndex + q * n
    for k in 0..<n {
      switch row[start + k] {
      case 2: sure += 1
      case 1: possible += 1
      default: break
      }
    }
    if atMostOneCells[selector]![cell(n, q)] { return sure...min(sure + possible, max(sure, 1)) }
    return sure...(sure + possible)
  }

  /// Whether `node`'s values are listed at every cell (else it has a ``summaries`` entry).
  public func isListed(_ node: NodeID) -> Bool { cells[node] != nil || summaries[node] == nil }

  /// Fails with a clear error unless `node`'s values are listed at every
  /// cell and number at most ``maxValues`` in all: what a one-hot or a
  /// table over them needs. `use` says what needs them, e.g. "a one-hot".
  /// `countingUnion`: whether the union's size counts too (not for a table
  /// or a joint one-hot, which bound the combinations they list themselves).
  public func requireListed(
    _ node: NodeID, in graph: ProgramGraph, for use: String, countingUnion: Bool = true
  ) throws(CompileError) {
    if let summary = summaries[node] {
      throw CompileError(
        graph[node],
        "takes more than \(maxValues) values at one position (\(summary)), but \(use) needs them listed (raise --max-values)")
    }
    if countingUnion, let count = values[node]?.count, count > maxValues {
      throw CompileError(
        graph[node], "takes \(count) values, over the limit of \(maxValues) (raise --max-values); \(use) needs them listed")
    }
  }

  /// The largest magnitude `node`'s values can have (nil: no numbers known).
  public func magnitudeBound(_ node: NodeID) -> Rational? {
    if let summary = summaries[node] { return summary.magnitudeBound }
    return (values[node] ?? []).compactMap { $0.numericValue?.magnitude }.max()
  }

  /// The values of `node` in canonical order.
  public func sortedValues(of node: NodeID) -> [Atom] {
    (values[node] ?? []).sorted(by: Atom.canonicallyPrecedes)
  }
}
