import ExactArithmetic

/// A node of the RASP syntax tree for expressions.
///
/// Immutable and shared; `location` is the token that names the operation
/// (the operator of a binary expression, the `if` of a conditional, the name
/// of a variable, the first token otherwise), which is where diagnostics and
/// program-graph nodes made from it point.
public final class Expression: Sendable {
  /// What the expression is.
  public let kind: ExpressionKind
  /// The token that names the operation.
  public let location: SourceLocation
  /// The number of expressions on the longest path from this one to a leaf
  /// (1 for a literal or a name); evaluation recurses this deep.
  public let height: Int

  public init(_ kind: ExpressionKind, at location: SourceLocation) {
    self.kind = kind
    self.location = location
    height = 1 + (Expression.children(of: kind).map(\.height).max() ?? 0)
  }

  /// The direct subexpressions of an expression of this kind.
  static func children(of kind: ExpressionKind) -> [Expression] {
    switch kind {
    case .number, .string, .variable: return []
    case .list(let items), .range(let items), .zip(let items): return items
    case .dict(let pairs): return pairs.flatMap { [$0.key, $0.value] }
    case .listComprehension(let value, _, let iterable): return [value, iterable]
    case .dictComprehension(let key, let value, _, let iterable): return [key, value, iterable]
    case .length(let e), .unary(_, let e): return [e]
    case .binary(_, let a, let b), .index(let a, let b): return [a, b]
    case .contains(let element, let container): return [element, container]
    case .conditional(let then, let condition, let otherwise): return [then, condition, otherwise]
    case .select(let keys, let queries, _): return [keys, queries]
    case .aggregate(let selector, let values, let defaultValue): return [selector, values] + (defaultValue.map { [$0] } ?? [])
    case .call(let f, let arguments): return [f] + arguments
    }
  }
}
