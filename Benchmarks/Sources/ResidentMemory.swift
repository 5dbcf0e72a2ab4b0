import Foundation

/// This process's resident memory, read from `/proc/self/status` (Linux).
enum ResidentMemory {
  /// Resident memory now (`VmRSS`), in bytes; nil where /proc is missing.
  static var current: Int? { field("VmRSS:") }

  /// The largest resident memory so far (`VmHWM`), in bytes.
  static var peak: Int? { field("VmHWM:") }

  /// A byte count in MB with one decimal, or `n/a`.
  static func megabytes(_ bytes: Int?) -> String {
    bytes.map { String(format: "%.1f MB", Double($0) / 1_048_576) } ?? "n/a"
  }

  /// The kB figure on the line starting with `key`, in bytes.
  private static func field(_ key: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key) {
      let number = line.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
      return number.map { $0 * 1024 }
    }
    return nil
  }
}
