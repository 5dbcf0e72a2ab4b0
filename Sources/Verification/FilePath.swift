import Foundation

/// Lexical path arithmetic (no file system access beyond the current directory).
enum FilePath {
  /// `path` made absolute against the current directory, normalized.
  static func absolute(_ path: String) -> String {
    normalized(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
  }

  /// `.` and empty components removed, `name/..` folded; a relative path
  /// keeps its leading `..` components; the empty path is `.`.
  static func normalized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == "..", absolute { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
  }

  /// The relative path from the folder `base` to `target` (both absolute, normalized).
  static func relative(_ target: String, from base: String) -> String {
    let t = target.split(separator: "/")
    let b = base.split(separator: "/")
    var common = 0
    while common < t.count, common < b.count, t[common] == b[common] { common += 1 }
    let parts = Array(repeating: "..", count: b.count - common) + t[common...].map(String.init)
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
