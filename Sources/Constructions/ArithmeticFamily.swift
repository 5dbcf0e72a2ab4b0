/// Which expressions an arithmetic construction is checked on: Feng et
/// al.'s Arithmetic(n, p) with the usual precedence and optional
/// parentheses, or its fully parenthesised subset (`( E op E )` or a number).
public enum ArithmeticFamily: String, Sendable, CaseIterable {
  /// × and ÷ bind tighter than + and −, all four left-associative,
  /// parentheses optional (and allowed around a single number).
  case precedence
  /// Every operation in its own parentheses: a number or `( E op E )`.
  case parenthesised

  /// Reads the family from its parameter text.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` for any other text.
  public init(parameter text: String, construction: String) throws {
    guard let family = ArithmeticFamily(rawValue: text) else {
      throw ConstructionError.badParameter("\(construction): family must be precedence or parenthesised, got '\(text)'")
    }
    self = family
  }
}
