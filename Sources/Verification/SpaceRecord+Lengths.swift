extension Verdict.SpaceRecord {
  /// The recorded lengths as a range; a file whose `min_length` exceeds its
  /// `max_length` (an edited result) is refused instead of trapping.
  public func lengthRange() throws -> ClosedRange<Int> {
    guard minLength <= maxLength else {
      throw VerificationError.usage("the result records lengths \(minLength)...\(maxLength), which are no range")
    }
    return minLength...maxLength
  }
}
