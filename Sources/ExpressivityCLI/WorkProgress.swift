import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Progress of long work (count, rate, time left) on one stderr line,
/// redrawn twice a second while the work runs; shown only when stderr is a
/// terminal, so piped and redirected output never carries it.
final class WorkProgress: @unchecked Sendable {
  /// What is being done, e.g. `verify`.
  let label: String
  /// What is counted, plural (`inputs`, `claims`).
  let unit: String
  /// How many there are in all, when known.
  let total: Int?
  /// Reads how many are done so far (called from the drawing thread).
  let count: @Sendable () -> Int
  private let lock = NSLock()
  private var running = false
  private var thread: Thread?
  private let started = Date()

  /// Whether progress is shown: stderr is a terminal.
  static var isShown: Bool { isatty(2) == 1 }

  init(_ label: String, unit: String, total: Int?, count: @escaping @Sendable () -> Int) {
    self.label = label
    self.unit = unit
    self.total = total
    self.count = count
  }

  /// Starts redrawing (nothing when stderr is not a terminal).
  func start() {
    guard Self.isShown else { return }
    lock.lock()
    running = true
    lock.unlock()
    let thread = Thread { [self] in
      while isRunning {
        Thread.sleep(forTimeInterval: 0.5)
        guard isRunning else { break }
        StandardError.write("\r\u{1B}[K" + Self.line(label, done: count(), total: total, unit: unit, seconds: -started.timeIntervalSinceNow))
      }
    }
    self.thread = thread
    thread.start()
  }

  private var isRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return running
  }

  /// Clears the progress line (before printing a result line on a terminal).
  func clearLine() {
    guard Self.isShown, isRunning else { return }
    StandardError.write("\r\u{1B}[K")
  }

  /// Stops redrawing and clears the line.
  func finish() {
    guard Self.isShown else { return }
    lock.lock()
    let wasRunning = running
    running = false
    lock.unlock()
    if wasRunning { StandardError.write("\r\u{1B}[K") }
  }

  /// The progress line: `verify: 1,234 of 10,000 inputs (12%), 456/s, about 19 s left`.
  static func line(_ label: String, done: Int, total: Int?, unit: String, seconds: Double) -> String {
    var text = "\(label): \(grouped(done))"
    if let total { text += " of \(grouped(total))" }
    text += " \(unit)"
    if let total, total > 0 { text += " (\(min(100, done * 100 / total))%)" }
    guard seconds > 0, done > 0 else { return text }
    let rate = Double(done) / seconds
    text += ", \(grouped(Int(rate.rounded())))/s"
    if let total, total > done {
      text += ", about \(duration(Double(total - done) / rate)) left"
    }
    return text
  }

  /// 1234567 as `1,234,567`.
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// Seconds as `42 s`, `3 min 12 s` or `5 h 3 min`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded(.up))
    if s < 60 { return "\(s) s" }
    if s < 3600 { return "\(s / 60) min \(s % 60) s" }
    return "\(s / 3600) h \(s % 3600 / 60) min"
  }
}
