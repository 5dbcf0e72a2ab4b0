/// The source line at a 1-based `line` and a caret under `column`, indented
/// four spaces, for located errors in the project's TOML files.
public func sourceExcerpt(_ text: String, line: Int, column: Int) -> String {
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  let source = line >= 1 && line <= lines.count ? String(lines[line - 1]) : ""
  return "    \(source)\n    \(String(repeating: " ", count: max(column - 1, 0)))^"
}

/// A located error as the project prints it: `file:line:column: message`,
/// then the source line with a caret (``sourceExcerpt(_:line:column:)``) on
/// the following lines; the CLI adds the one `error:` prefix.
public func locatedMessage(file: String, line: Int, column: Int, message: String, excerpt: String) -> String {
  "\(file):\(line):\(column): \(message)\n\(excerpt)"
}
