import ExactArithmetic

/// One value out of finitely many held at each position, read linearly off
/// the residual stream: value i is held where `values[i]` (a weighted sum
/// of directions) is 1, and every other entry is 0.
///
/// A view lets a stage read a relabelled or merged one-hot block (a letter's
/// image set, a letter as a group element) without a layer of its own:
/// heads and perceptron units take any weighted sum of directions.
struct OneHotView: Sendable {
  var values: [[(String, Rational)]]

  /// The plain block `prefix:0` … `prefix:(count − 1)`.
  static func block(_ prefix: String, count: Int) -> OneHotView {
    OneHotView(values: (0..<count).map { [("\(prefix):\($0)", Rational.one)] })
  }

  var count: Int { values.count }

  subscript(_ i: Int) -> [(String, Rational)] { values[i] }

  /// The sum of the indicators of `indices` (1 where any of them is held).
  func sum(_ indices: [Int]) -> [(String, Rational)] { indices.flatMap { values[$0] } }
}
