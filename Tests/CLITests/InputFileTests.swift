import Foundation
import Testing

/// `eval` and `run` read an input from a file or standard input (`--input-file`), for inputs
/// longer than a command line; `--input-type int` reads integers of any size.
@Suite struct InputFileTests {
  func temporary(_ text: String) throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID()).txt")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test func evalReadsAFileAndStandardInput() throws {
    let program = try temporary("hist = selector_width(select(tokens, tokens, ==));\n")
    defer { try? FileManager.default.removeItem(at: program) }
    // 3,000 tokens over newlines and tabs: counted exactly.
    let tokens = (0..<3000).map { $0 % 3 == 0 ? "a" : "b" }
    let input = try temporary(stride(from: 0, to: 3000, by: 10).map { tokens[$0..<$0 + 10].joined(separator: " ") }.joined(separator: "\n\t"))
    defer { try? FileManager.default.removeItem(at: input) }
    let fromFile = try expressivity(["eval", program.path, "--sop", "hist", "--input-file", input.path, "--json"])
    #expect(fromFile.status == 0)
    #expect(fromFile.stdout.hasPrefix("{\"sop\": \"hist\", \"input\": [\"a\", \"b\", \"b\", \"a\""))
    #expect(fromFile.stdout.hasSuffix("\"values\": [" + tokens.map { $0 == "a" ? "1000" : "2000" }.joined(separator: ", ") + "]}\n"))
    let fromStdin = try expressivity(["eval", program.path, "--sop", "hist", "--input-file", "-"], input: "a b a\n")
    #expect(fromStdin.stdout == "hist = [2, 1, 2]\n")
    let neither = try expressivity(["eval", program.path, "--sop", "hist"])
    #expect(neither.status == 2)
    #expect(neither.stderr == "error: give one of --input and --input-file\n")
    let both = try expressivity(["eval", program.path, "--sop", "hist", "--input", "a", "--input-file", input.path])
    #expect(both.status == 2)
    #expect(both.stderr == "error: give one of --input and --input-file, not both\n")
    let missing = try expressivity(["eval", program.path, "--sop", "hist", "--input-file", "/nonexistent/input.txt"])
    #expect(missing.stderr == "error: --input-file: cannot read '/nonexistent/input.txt'\n")
  }

  @Test func runReadsAFile() throws {
    let input = try temporary("a b\nc a\n")
    defer { try? FileManager.default.removeItem(at: input) }
    let fromFile = try expressivity(["run", "Examples/models/induction.json", "--input-file", input.path, "--json"])
    let direct = try expressivity(["run", "Examples/models/induction.json", "--input", "a b c a", "--json"])
    #expect(fromFile.status == 0)
    #expect(fromFile.stdout == direct.stdout)
    #expect(direct.stdout.contains("\"input\""))
    let both = try expressivity(["run", "Examples/models/induction.json", "--input-file", input.path, "--inputs", input.path])
    #expect(both.status == 2)
    #expect(both.stderr == "error: give one of --input, --input-file and --inputs\n")
  }

  @Test func integersBeyondSixtyFourBits() throws {
    let program = try temporary("y = tokens_int + 1;\n")
    defer { try? FileManager.default.removeItem(at: program) }
    let big = try expressivity([
      "eval", program.path, "--sop", "y", "--input", "123456789012345678901234567890 -5", "--input-type", "int", "--json",
    ])
    #expect(big.stdout == "{\"sop\": \"y\", \"input\": [123456789012345678901234567890, -5], \"values\": [123456789012345678901234567891, -4]}\n")
    let fraction = try expressivity(["eval", program.path, "--sop", "y", "--input", "1.5", "--input-type", "int"])
    #expect(fraction.status == 2)
    #expect(fraction.stderr == "error: input token '1.5' is not an integer\n")
  }
}
