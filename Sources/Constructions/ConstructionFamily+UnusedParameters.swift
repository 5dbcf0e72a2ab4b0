extension ConstructionFamily {
  /// The given parameters a member does not use, by who would have read
  /// them; found from what the build read, so call it after
  /// ``build`` has run on `values`.
  public struct UnusedParameters: Equatable, Sendable {
    /// Read by neither the build nor the reference: they change nothing
    /// (refused by `construct` and by `check`).
    public var ignored: [String]
    /// Read by the reference alone: they set which inputs are checked, not
    /// the model (refused by `construct`, meant for a claim file).
    public var checkOnly: [String]

    /// Whether every parameter was used.
    public var isEmpty: Bool { ignored.isEmpty && checkOnly.isEmpty }
  }

  /// The parameters in `values` that the member's build (already run on
  /// `values`) and its reference do not read. Runs the reference only when
  /// the build left something unread; a reference that throws reads what
  /// it read before throwing.
  public func unusedParameters(_ values: ParameterValues) -> UnusedParameters {
    let unreadByBuild = values.unread
    guard !unreadByBuild.isEmpty else { return UnusedParameters(ignored: [], checkOnly: []) }
    _ = try? reference(values)
    let ignored = values.unread
    return UnusedParameters(ignored: ignored, checkOnly: unreadByBuild.filter { !ignored.contains($0) })
  }
}
