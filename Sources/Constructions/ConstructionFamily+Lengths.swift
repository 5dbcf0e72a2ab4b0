import Transformer

/// A family's members for a range of input lengths: built anew for each
/// length when the family takes a `length` parameter that was not given
/// (parity-softmax is built for one length), else one member whose `max_len`
/// (when the family takes it and it was not given) covers the longest length.
public struct LengthwiseModels: Sendable {
  /// The parameters every member shares (without the per-length `length`).
  public let parameters: [String: String]
  /// Whether each length has a member of its own.
  public let perLength: Bool
  /// The shortest length any member accepts.
  public let minimumLength: Int
  let family: ConstructionFamily
  let shared: Model?

  /// The members of `family` for lengths up to `maxLength`.
  ///
  /// - Throws: ``ConstructionError`` for bad parameters or a `max_len`
  ///   below `maxLength`; ``ModelError`` from the builder.
  public init(_ family: ConstructionFamily, parameters: [String: String], maxLength: Int) throws {
    var values = parameters
    let names = family.parameters.map(\.name)
    perLength = names.contains("length") && values["length"] == nil
    if !perLength, names.contains("max_len"), values["max_len"] == nil { values["max_len"] = String(maxLength) }
    self.family = family
    self.parameters = values
    if perLength {
      shared = nil
      minimumLength = 1
    } else {
      let model = try family.build(family.parameterValues(values))
      guard maxLength <= model.maxLength else {
        throw ConstructionError.usage("\(family.name) as given accepts lengths up to \(model.maxLength), not \(maxLength)")
      }
      shared = model
      minimumLength = model.minLength
    }
  }

  /// The parameters of the member for inputs of length `n`.
  public func parameters(length n: Int) -> [String: String] {
    var values = parameters
    if perLength { values["length"] = String(n) }
    return values
  }

  /// The member for inputs of length `n`.
  public func model(length n: Int) throws -> Model {
    if let shared { return shared }
    return try family.build(family.parameterValues(parameters(length: n)))
  }
}
