import Foundation

/// A count of inputs checked so far, shared by a verification's workers and
/// read by whoever shows progress (thread-safe; the verdict never depends on it).
public final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var total = 0

  public init() {}

  /// Inputs checked so far.
  public var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return total
  }

  /// Adds `n` inputs.
  public func add(_ n: Int) {
    lock.lock()
    total += n
    lock.unlock()
  }
}
