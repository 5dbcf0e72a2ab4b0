import Foundation

/// A progress callback for work that states its size on its first report
/// (`(0, total)`) and then how much is done: shows it as a ``WorkProgress``
/// line (only when stderr is a terminal).
final class ReportedProgress: @unchecked Sendable {
  private let label: String
  private let unit: String
  private let lock = NSLock()
  private var done = 0
  private var shown: WorkProgress?

  init(_ label: String, unit: String) {
    self.label = label
    self.unit = unit
  }

  /// Records a report; the first one starts the progress line with its total.
  func update(done: Int, total: Int) {
    lock.lock()
    self.done = done
    let starting = shown == nil
    if starting { shown = WorkProgress(label, unit: unit, total: total) { [self] in count } }
    let progress = shown
    lock.unlock()
    if starting { progress?.start() }
  }

  private var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return done
  }

  /// Stops and clears the progress line, if one was started.
  func finish() {
    lock.lock()
    let progress = shown
    lock.unlock()
    progress?.finish()
  }
}
