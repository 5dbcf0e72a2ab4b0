import ExactArithmetic
import RASP

/// What a map computes, when it is one the RASP interpreter builds for an
/// operator (read from its ``MapFunction/description``, which the
/// interpreter writes with the function): lets the compiler handle numerical
/// operands whose values are described, not listed (``NumericSummary``).
enum MapShape: Equatable {
  /// `x + y` or `x - y` of two s-ops: Σ coefficients[k]·operand k, on numbers.
  case affine([Rational])
  /// `x OP c` (or `c OP x`, turned around): a comparison with a number,
  /// constant on each side of `constant`.
  case comparison(Comparison, constant: Rational)
  /// `x OP y` of two s-ops: on numbers, the comparison of x − y with 0
  /// (see ``MapShape/holds(_:difference:)``).
  case relation(Comparison)

  /// The shape of a map node's function, or nil when it is none of these.
  init?(_ kind: NodeKind) {
    switch kind {
    case .sequenceMap(let operands, let f) where operands.count == 2 && f.arity == 2:
      switch f.description {
      case "x + y": self = .affine([.one, .one])
      case "x - y": self = .affine([.one, -Rational.one])
      default:
        let words = f.description.split(separator: " ").map(String.init)
        guard words.count == 3, words[0] == "x", words[2] == "y", let op = Comparison(rawValue: words[1]) else {
          return nil
        }
        self = .relation(op)
      }
    case .map(_, let f):
      let words = f.description.split(separator: " ").map(String.init)
      guard words.count == 3 else { return nil }
      let turned: [String: Comparison] = ["<": .greater, ">": .less, "<=": .greaterOrEqual, ">=": .lessOrEqual, "==": .equal, "!=": .notEqual]
      let direct: [String: Comparison] = ["<": .less, ">": .greater, "<=": .lessOrEqual, ">=": .greaterOrEqual, "==": .equal, "!=": .notEqual]
      if words[0] == "x", let op = direct[words[1]], let c = MapShape.number(words[2]) {
        self = .comparison(op, constant: c)
      } else if words[2] == "x", let op = turned[words[1]], let c = MapShape.number(words[0]) {
        self = .comparison(op, constant: c)
      } else {
        return nil
      }
    default:
      return nil
    }
  }

  /// Whether `d OP 0` holds: `x OP y` for numbers x, y with x − y = d.
  static func holds(_ op: Comparison, difference d: Rational) -> Bool {
    switch op {
    case .equal: return d.isZero
    case .notEqual: return !d.isZero
    case .less: return d < .zero
    case .greater: return d > .zero
    case .lessOrEqual: return d <= .zero
    case .greaterOrEqual: return d >= .zero
    }
  }

  /// An integer or `p/q` literal.
  static func number(_ text: String) -> Rational? {
    if let n = Int(text) { return Rational(n) }
    let parts = text.split(separator: "/")
    guard parts.count == 2, let p = Int(parts[0]), let q = Int(parts[1]), q > 0 else { return nil }
    return Rational(p, q)
  }

  /// Representative points of a described operand for a comparison with
  /// `constant`: the comparison is constant below it, at it and above it,
  /// so one point of each part that meets the summary's range stands for
  /// them all; the range's ends are among the points. With `nearest`, so
  /// are the closest points the gap bound allows (c ∓ g), so interpolating
  /// between consecutive points is exact at every member (none lies
  /// strictly between c − g and c + g other than c, and the comparison is
  /// constant from the range's ends to c ∓ g).
  static func points(_ summary: NumericSummary, around constant: Rational, nearest: Bool) -> [Rational]? {
    guard let g = summary.gapBound(toConstant: constant) else { return nil }
    var result: [Rational] = []
    // The range's ends too, so a table interpolated through the points
    // ends at the last member: nothing lies past a point where its slope runs on.
    if summary.lower < constant {
      result.append(summary.lower)
      if nearest, constant - g > summary.lower { result.append(constant - g) }
    }
    if summary.lower <= constant, constant <= summary.upper { result.append(constant) }
    if summary.upper > constant {
      if nearest, constant + g < summary.upper { result.append(constant + g) }
      result.append(summary.upper)
    }
    return result
  }
}
