import Foundation
import Testing

/// Inputs that used to abort or overflow the stack: each is one located `error:` and a non-zero
/// exit, with no second "error:" inside the message.
@Suite struct MalformedInputCLITests {
  func temporary(_ text: String, _ suffix: String) throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("malformed-\(UUID()).\(suffix)")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test(arguments: [("x = [ } ]\n", "1:7: expected a value, found '}'\n    x = [ } ]\n          ^\n"),
                    ("[#", "1:2: expected a key, found '#'\n    [#\n     ^\n")])
  func tomlThatAbortedTheOldReader(text: String, message: String) throws {
    let file = try temporary(text, "toml")
    defer { try? FileManager.default.removeItem(at: file) }
    for arguments in [
      ["construct", "automaton-scan", "--param", "automaton=\(file.path)"],
      ["check", file.path],
    ] {
      let result = try expressivity(arguments)
      #expect(result.status != 0, "\(arguments)")
      #expect(result.stderr == "error: \(file.path):\(message)", "\(arguments)")
    }
  }

  @Test func longOperatorChainIsALocatedError() throws {
    // One term a line: the quoted source line stays short (a 100 KB line would fill the stderr pipe).
    let file = try temporary("y = tokens\n" + String(repeating: "  + tokens\n", count: 11_399) + ";\n", "rasp")
    defer { try? FileManager.default.removeItem(at: file) }
    for command in ["eval", "analyse"] {
      var arguments = [command, file.path, "--sop", "y"]
      if command == "eval" { arguments += ["--input", "a b"] }
      let result = try expressivity(arguments)
      #expect(result.status == 2, "\(command)")
      #expect(result.stderr.hasPrefix(
        "error: \(file.path):201:3: expression nested deeper than 200 levels (each operator of a chain counts one level); split it across assignments\n"),
        "\(command)")
    }
  }

  @Test func vocabularyWithBOSIsOneError() throws {
    let result = try expressivity(["construct", "induction", "--param", "vocab=BOS,a"])
    #expect(result.status == 2)
    #expect(result.stderr == "error: invalid vocabulary: the BOS token 'BOS' is also a token of the vocabulary\n")
    let twice = try expressivity(["construct", "induction", "--param", "max_len=4", "--param", "max_len=5"])
    #expect(twice.status == 2)
    #expect(twice.stderr == "error: --param max_len is given twice ('4' and '5'); give each parameter once\n")
  }
}
