import Constructions
import ExactArithmetic
import TestSupport
import Testing
import Transformer

@Suite struct GridworldTests {
  /// The walk itself, written here apart from the construction's reference.
  static func walk(_ moves: [String], cells: Int) -> [String] {
    var cell = 0
    var out: [String] = []
    for move in moves {
      cell += move == "R" ? 1 : -1
      cell = min(max(cell, 0), cells - 1)
      out.append(String(cell))
    }
    return out
  }

  @Test func referenceByHand() throws {
    #expect(try Gridworld.cells(["L", "R", "R", "R", "L"], cells: 3) == ["0", "1", "2", "2", "1"])
    #expect(throws: ConstructionError.self) { try Gridworld.cells(["U"], cells: 3) }
    #expect(throws: ConstructionError.self) { try Gridworld.model(cells: 1, maxLength: 4) }
  }

  /// Two layers (Theorem 3's depth) at every T; heads 1 and n.
  @Test func twoLayersAtEveryLength() throws {
    for (cells, length) in [(2, 1), (5, 8), (5, 256), (9, 64)] {
      let model = try Gridworld.model(cells: cells, maxLength: length)
      #expect(model.layers.count == 2)
      #expect(model.headsPerLayer == [1, cells - 1])
    }
  }

  /// Past length 55108 the feature d^4 passes Int's range (d^4 > 2^63 from
  /// d = 55109; `construct` accepts lengths up to 100000): the build no
  /// longer traps, and keeps the shape of every other length.
  @Test func buildsPastIntsRangeOfTheFourthPower() throws {
    let model = try Gridworld.model(cells: 2, maxLength: 55_200)
    #expect(model.maxLength == 55_200)
    #expect(model.layers.count == 2)
    #expect(model.headsPerLayer == [1, 1])
  }

  /// Every word up to length 9 for 2, 3, 4 and 6 cells.
  @Test(arguments: [2, 3, 4, 6])
  func exactOnEveryWord(cells: Int) throws {
    let model = try Gridworld.model(cells: cells, maxLength: 9).prepared()
    let wrong = try allSequences(over: ["L", "R"], lengths: 9...9).first {
      try model.run($0).outputs.map(\.description) != Self.walk($0, cells: cells)
    }
    #expect(wrong == nil, "\(cells) cells: \(wrong ?? [])")
  }

  /// Seeded walks at T = 128: fair coins, and drifts that sit at one wall then cross to the other.
  @Test func seededLongWalks() throws {
    var random = SplitMix64(seed: 11)
    let length = 128
    for cells in [3, 8] {
      let model = try Gridworld.model(cells: cells, maxLength: length).prepared()
      for drift in [0.5, 0.2, 0.8] {
        var word: [String] = []
        for i in 0..<length {
          let right = i < length / 2 ? drift : 1 - drift
          word.append(random.chance(right) ? "R" : "L")
        }
        #expect(try model.run(word).outputs.map(\.description) == Self.walk(word, cells: cells), "\(cells) cells, drift \(drift)")
      }
    }
  }
}
