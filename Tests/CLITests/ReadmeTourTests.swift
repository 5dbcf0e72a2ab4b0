import Foundation
import TestSupport
import Testing

/// Every `expressivity` command the READMEs show runs as shown: each line of
/// README.md's `sh` blocks (a block's commands, also those joined by `&&`,
/// run in order in one folder) and the commands of Circuits/README.md, in a scratch folder that sees the
/// repository's Circuits/, Examples/ and Proofs/.
@Suite("README commands")
struct ReadmeTourTests {
  /// Commands not run here, with why (each is run elsewhere).
  static let skipped: [String: String] = [
    "check": "the full claim run (minutes); CI runs `check --quick`, CheckTableTests the claims",
    "precision": "minutes in a debug build; PrecisionCommand's tests run smaller searches",
  ]

  /// Exit status and start of the output the README shows, where it is not 0.
  static let failing: [String: (Int32, String)] = [
    "verify --model Examples/verify/induction-broken.json": (1, "counterexample after 4 inputs (39 listed inputs)"),
  ]

  /// One README block: its commands, in order.
  struct Line: CustomStringConvertible, Sendable {
    var commands: [[String]]
    var description: String { commands.map { $0.joined(separator: " ") }.joined(separator: " && ") }
  }

  static let lines: [Line] = {
    var lines: [Line] = []
    let root = Tool.packageRoot
    let readme = (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    var inShell = false
    var block: [[String]] = []
    for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") {
        if inShell, !block.isEmpty { lines.append(Line(commands: block)) }
        block = []
        inShell = line == "```sh" && !inShell
        continue
      }
      guard inShell else { continue }
      block += line.components(separatedBy: " && ").compactMap { part -> [String]? in
        let words = shellWords(part)
        guard words.first == ".build/release/expressivity" else { return nil }
        return Array(words.dropFirst())
      }
    }
    let circuits = (try? String(contentsOf: root.appendingPathComponent("Circuits/README.md"), encoding: .utf8)) ?? ""
    for line in circuits.split(separator: "\n") where line.hasPrefix("    expressivity ") {
      lines.append(Line(commands: [Array(shellWords(String(line)).dropFirst())]))
    }
    return lines.filter { line in !line.commands.contains { skipped[$0.first ?? ""] != nil } }
  }()

  /// Words of a command line: spaces separate, double quotes group.
  static func shellWords(_ text: String) -> [String] {
    var words: [String] = []
    var word = ""
    var quoted = false
    var started = false
    for c in text {
      if c == "\"" {
        quoted.toggle()
        started = true
      } else if c == " " && !quoted {
        if started { words.append(word) }
        word = ""
        started = false
      } else {
        word.append(c)
        started = true
      }
    }
    if started { words.append(word) }
    return words
  }

  @Test("the READMEs show the commands this test runs")
  func found() {
    // 23 blocks (2 lines of Circuits/README.md, 21 blocks of README.md) hold 43 commands (check and precision skipped).
    #expect(Self.lines.count >= 23)
    #expect(Self.lines.map(\.commands.count).reduce(0, +) >= 43)
    #expect(Self.lines.contains { $0.description.hasPrefix("analyse Circuits/sort.rasp --sop sorted_tokens") })
  }

  @Test("each README command line runs as shown", arguments: lines)
  func runs(_ line: Line) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tour-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["Circuits", "Examples", "Proofs"] {
      try FileManager.default.createSymbolicLink(
        at: folder.appendingPathComponent(name), withDestinationURL: Tool.packageRoot.appendingPathComponent(name))
    }
    for command in line.commands {
      let r = try Tool.run(command, in: folder)
      let text = command.joined(separator: " ")
      if let (status, start) = Self.failing.first(where: { text.hasPrefix($0.key) })?.value {
        #expect(r.status == status, "\(text): \(r.stderr)")
        #expect(r.stdout.hasPrefix(start), "\(text): \(r.stdout)")
      } else {
        #expect(r.status == 0, "\(text): \(r.stderr)")
        #expect(!r.stdout.isEmpty, "\(text) prints its result")
      }
    }
  }
}
