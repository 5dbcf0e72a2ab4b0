import Constructions
import ExactArithmetic
import Testing
import Theory
import Transformer

@Suite struct SensitivityBoundTests {
  /// The largest change of the last output over every input of `length` and
  /// every flip of a token before the last, by brute force.
  func largestChange(_ model: Model, length: Int) throws -> Rational {
    var outputs: [[String]: Rational] = [:]
    var layer: [[String]] = [[]]
    for _ in 0..<length { layer = layer.flatMap { [$0 + ["0"], $0 + ["1"]] } }
    for input in layer {
      guard case .number(let x) = try model.run(input).outputs.last! else { Issue.record("not a number"); return 0 }
      outputs[input] = x
    }
    var largest = Rational.zero
    for (input, x) in outputs {
      for p in 0..<(length - 1) {
        var flipped = input
        flipped[p] = input[p] == "0" ? "1" : "0"
        largest = Rational.maximum(largest, (x - outputs[flipped]!).magnitude)
      }
    }
    return largest
  }

  @Test func parityBoundIsC108OverNAndHolds() throws {
    for length in 2...7 {
      let model = try SoftmaxCounting.parity(length: length)
      let bound = try #require(SensitivityBound(model: model, length: length)).bound
      #expect(bound == Rational(108, length + 1))
      let change = try largestChange(model, length: length)
      #expect(change <= bound)
      // Every flip changes the parity: the change is the two classes' difference.
      let even = SoftmaxCounting.parityLogit(positions: length + 1, ones: 0)
      let odd = SoftmaxCounting.parityLogit(positions: length + 1, ones: 1)
      #expect(change == (even - odd).magnitude)
    }
  }

  @Test func firstBoundIs2To20OverN() throws {
    let model = try SoftmaxCounting.first(maxLength: 6)
    let bound = try #require(SensitivityBound(model: model, length: 6)).bound
    #expect(bound == Rational(1 << 20, 7))
    #expect(try largestChange(model, length: 6) == Rational(1024, 1030))
  }

  @Test func hardAttentionIsOutsideTheLemma() throws {
    #expect(SensitivityBound(model: try IndexRecall.model(bits: 4), length: 5) == nil)
  }
}
