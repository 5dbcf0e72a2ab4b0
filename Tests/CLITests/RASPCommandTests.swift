import Foundation
import Testing

/// The built `expressivity` binary, found next to the test bundle.
let expressivityBinary: String = {
  let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  var directory = runner.deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = directory.appendingPathComponent("expressivity").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    directory = directory.deletingLastPathComponent()
  }
  return "expressivity"
}()

/// The repository root (this file is Tests/CLITests/RASPCommandTests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path

/// Runs the binary with `arguments` and `input` on stdin.
func expressivity(_ arguments: [String], input: String = "") throws -> (
  status: Int32, stdout: String, stderr: String
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: expressivityBinary)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  let out = stdout.fileHandleForReading.readDataToEndOfFile()
  let err = stderr.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

@Suite struct RASPCommandTests {
  @Test func evalPrintsValues() throws {
    let result = try expressivity(["eval", "Circuits/reverse.rasp", "--sop", "reverse", "--input", "h e l l o"])
    #expect(result.status == 0)
    #expect(result.stdout == "reverse = [o, l, l, e, h]\n")
  }

  @Test func evalJSON() throws {
    let result = try expressivity([
      "eval", "Circuits/bucket_sort.rasp", "--sop", "bucket_sorted", "--input", "3 1 2 1 0",
      "--input-type", "int", "--json",
    ])
    #expect(result.stdout == "{\"sop\": \"bucket_sorted\", \"input\": [3, 1, 2, 1, 0], \"values\": [0, 1, 1, 2, 3]}\n")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-\(UUID()).rasp")
    try "third = indices / 3; flag = indices > 0;".write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let thirds = try expressivity(["eval", file.path, "--sop", "third", "--input", "a b c d", "--json"])
    #expect(thirds.stdout == "{\"sop\": \"third\", \"input\": [\"a\", \"b\", \"c\", \"d\"], \"values\": [0, \"1/3\", \"2/3\", 1]}\n")
    let flags = try expressivity(["eval", file.path, "--sop", "flag", "--input", "1 0", "--input-type", "bool", "--json"])
    #expect(flags.stdout == "{\"sop\": \"flag\", \"input\": [true, false], \"values\": [false, true]}\n")
  }

  @Test func evalErrorsAreOneLocatedMessage() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).rasp")
    try "y = tokens +;\n".write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try expressivity(["eval", file.path, "--sop", "y", "--input", "a"])
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr == "error: \(file.path):1:13: expected an expression, found ';'\ny = tokens +;\n            ^\n")
    let missing = try expressivity(["eval", "Circuits/reverse.rasp", "--sop", "nope", "--input", "a"])
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("error: no s-op named 'nope' (s-ops defined: "))
    let empty = try expressivity(["eval", "Circuits/reverse.rasp", "--sop", "reverse", "--input", " "])
    #expect(empty.status == 1)
    #expect(empty.stderr == "error: the input is empty (give tokens separated by spaces)\n")
    let runtime = try expressivity(["eval", "Circuits/sort.rasp", "--sop", "sorted_numbers", "--input", "1 x"])
    #expect(runtime.status == 1)
    #expect(runtime.stderr == "error: s-op 'tokens_int' at position 1: invalid literal for int(): 'x'\n  input: ['1', 'x']\n")
  }

  @Test(arguments: [
    ("reverse", "reverse", "{\"sop\": \"reverse\", \"layers\": 2, \"heads_per_layer\": [1, 1]}"),
    ("histogram", "histogram", "{\"sop\": \"histogram\", \"layers\": 1, \"heads_per_layer\": [2]}"),
    ("sort_by_frequency", "sort_by_frequency", "{\"sop\": \"sort_by_frequency\", \"layers\": 3, \"heads_per_layer\": [2, 1, 1]}"),
    ("dyck_k", "dyck3", "{\"sop\": \"dyck3\", \"layers\": 4, \"heads_per_layer\": [1, 2, 1, 1]}"),
    ("addition", "sum_digits", "{\"sop\": \"sum_digits\", \"layers\": 5, \"heads_per_layer\": [2, 1, 1, 1, 1]}"),
  ])
  func analyseMatchesTheReferenceFigures(file: String, sop: String, json: String) throws {
    let result = try expressivity(["analyse", "Circuits/\(file).rasp", "--sop", sop, "--json"])
    #expect(result.status == 0)
    #expect(result.stdout == json + "\n")
  }

  @Test func analyseText() throws {
    let result = try expressivity(["analyse", "Circuits/reverse.rasp", "--sop", "reverse"])
    #expect(
      result.stdout == """
        reverse: 2 layers
        heads per layer: 1, 1
          layer 1: full_s -> s-op
          layer 2: fetch_mirror -> reverse

        """)
  }

  @Test func replShowsExamplesAndValues() throws {
    let session = """
      indices + 1;
      set example [4, 7, 10]
      x = tokens_int * indices;
      s = select(indices, indices, <);
      y = 1 +
        2;
      z = undefined_name;
      examples off
      w = indices;
      examples on
      full seq display on
      indices;
      exit
      indices;
      """
    let result = try expressivity(["repl"], input: session)
    #expect(result.status == 0)
    #expect(
      result.stdout == """
             s-op: out
         \t Example: out("hello") = [1, 2, 3, 4, 5] (ints)
        \texample set: [4, 7, 10]
             s-op: x
         \t Example: x([4, 7, 10]) = [0, 7, 20] (ints)
             selector: s
         \t Example:
        \t\t      4  7 10
        \t\t 4 |
        \t\t 7 |  1
        \t\t10 |  1  1
             value: y = 3
        <repl>:1:5: error: undefined variable 'undefined_name'
        z = undefined_name;
            ^
             s-op: w
             s-op: indices
         \t Example: indices([4, 7, 10]) =
        \t\tinput:   4  7 10\t(ints)
        \t\toutput:  0  1  2\t(ints)

        """)
  }

  @Test func replLoadsFilesAndAppliesSops() throws {
    let result = try expressivity(
      ["repl", "Circuits/reverse.rasp"], input: "reverse(\"abc\");\nshow example\nload \"histogram\";\nhistogram;\n")
    #expect(
      result.stdout == """
             s-op: mirror
             selector: fetch_mirror
             s-op: reverse
        \t = [c, b, a] (strings)
        \ts-op example: "hello"
        \tselector example: "hello"
             selector: same_token
             s-op: histogram
             s-op: histogram
         \t Example: histogram("hello") = [1, 1, 2, 2, 1] (ints)

        """)
  }

  @Test func replExampleTogglesAndDraw() throws {
    let session = """
      set example "abc"
      s-op examples off
      x = indices + 0;
      s-op examples on
      selector examples off
      s = select(indices, indices, ==);
      selector examples on
      set selector example [1, 2]
      show selector example
      s;
      r = aggregate(select(indices, length - indices - 1, ==), tokens);
      draw(r, "xy");
      quit()
      r;
      """
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repl-draw-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try expressivity(["repl", "--draw-dir", folder.path], input: session)
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(Array(lines.prefix(13)) == [
      "\texample set: \"abc\"",
      "     s-op: x",
      "     selector: s",
      "\tselector example set: [1, 2]",
      "\tselector example: [1, 2]",
      "     selector: s",
      " \t Example:",
      "\t\t    1 2",
      "\t\t1 | 1",
      "\t\t2 |   1",
      "     s-op: r",
      " \t Example: r(\"abc\") = [c, b, a] (strings)",
      "r: 2 layers, heads per layer: 1, 1",
    ])
    #expect(lines.contains("    aggregate s-op = [1/2]*2 (rationals)"))
    #expect(lines.suffix(5).dropLast(2) == ["  layer 2:", "    select selector (selected per query: 1 1)", "    aggregate r = [y, x] (strings)"])
    let drawing = folder.appendingPathComponent("r.svg").path
    #expect(lines.suffix(2).first?.hasPrefix("  wrote \(drawing) (") == true)
    let svg = try String(contentsOfFile: drawing, encoding: .utf8)
    #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
  }

  @Test func replReportsIncompleteInputAtEnd() throws {
    let result = try expressivity(["repl"], input: "x = (1 +\n")
    #expect(
      result.stdout == """
        <repl>:1:9: error: expected an expression, but the input ended
        x = (1 +
                ^

        """)
  }

  /// On a terminal (a pseudo-terminal from util-linux `script`): ↑ recalls the
  /// last line, ← moves the cursor, typing inserts, history is saved.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), .timeLimit(.minutes(1)))
  func replLineEditingOnATerminal() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("rasp-home-\(UUID())")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qfec", "\(expressivityBinary) repl", "/dev/null"]
    process.environment = ["HOME": home.path, "TERM": "dumb", "PATH": "/usr/bin:/bin"]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = Pipe()
    try process.run()
    stdin.fileHandleForWriting.write(Data("x = indics;\r\u{1B}[A\u{1B}[D\u{1B}[D\u{1B}[De\r\u{04}".utf8))
    try stdin.fileHandleForWriting.close()
    let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(output.contains("undefined variable 'indics'"))
    #expect(output.contains("undefined variable 'indiecs'"))
    let history = try String(contentsOf: home.appendingPathComponent(".expressivity_rasp_history"), encoding: .utf8)
    #expect(history == "x = indics;\nx = indiecs;\n")
  }
}
