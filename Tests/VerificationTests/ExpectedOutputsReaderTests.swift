import Foundation
import Testing
import Transformer

@testable import Verification

/// The expected-outputs reader: the schema's JSON, read in one pass, with
/// the values and messages the decoder gave.
@Suite struct ExpectedOutputsReaderTests {
  func read(_ text: String) throws -> ExpectedOutputs {
    try ExpectedOutputs(jsonData: Data(text.utf8), label: "e.json")
  }

  func message(_ text: String) -> String? {
    do {
      _ = try read(text)
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func readmeExample() throws {
    let table = try read("""
      {"vocabulary": ["(", ")"],
       "cases": [{"input": ["("], "output": ["P"]},
                 {"input": ["(", ")"], "output": ["P", "T"]}]}
      """)
    #expect(table.vocabulary == ["(", ")"])
    #expect(table.inputs == [["("], ["(", ")"]])
    #expect(try table.expected(for: ["(", ")"]).map(\.description) == ["P", "T"])
  }

  @Test func scalarsAsCanonicalText() throws {
    let table = try read("""
      {"comment": {"nested": [1, 2.5, {"x": null}], "s": "\\"}"}, "vocabulary": null,
       "cases": [{"extra": [[]], "input": [1, "\\u00e9", "\\ud83d\\ude00", true],
                  "output": [2.0, 1e2, -0, false, "7/12", 250E-1, "a\\nb", -9223372036854775808]}]}
      """)
    #expect(table.vocabulary == nil)
    #expect(table.inputs == [["1", "é", "😀", "True"]])
    #expect(try table.expected(for: ["1", "é", "😀", "True"]).map(\.description)
      == ["2", "100", "0", "False", "7/12", "25", "a\nb", "-9223372036854775808"])
  }

  @Test func sameTableAsJSONSerialization() throws {
    var cases: [(input: [String], output: [OutputValue])] = []
    for n in 0..<200 {
      let input = (0...(n % 7)).map { ["a", "b", "é", "\"q\"", "x\\y"][($0 * 7 + n) % 5] }
      if cases.contains(where: { $0.input == input }) { continue }
      cases.append((input, input.enumerated().map { k, _ in k % 3 == 0 ? .number(.init(n * 10 + k)) : .text("t\(k)") }))
    }
    let data = ExpectedOutputs.jsonData(vocabulary: nil, cases: cases)
    let table = try ExpectedOutputs(jsonData: data)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let listed = try #require(object["cases"] as? [[String: [String]]])
    #expect(table.inputs == listed.map { $0["input"]! })
    for c in listed {
      #expect(try table.expected(for: c["input"]!).map(\.description) == c["output"]!)
    }
  }

  @Test func errorsNameWhereAndWhat() {
    #expect(message(#"{"cases": [{"input": ["a"], "output": [1.5]}]}"#)
      == #"e.json: a value is a string, an integer or a boolean (write fractions as "p/q") at .cases[0].output[0]"#)
    #expect(message(#"{"cases": [{"input": ["a"], "output": [null]}]}"#)
      == #"e.json: a value is a string, an integer or a boolean (write fractions as "p/q") at .cases[0].output[0]"#)
    #expect(message(#"{"vocabulary": ["a"]}"#) == "e.json: missing 'cases' at ")
    #expect(message(#"{"cases": [{"input": ["a"], "output": ["b"]}, {"input": ["a"]}]}"#)
      == "e.json: missing 'output' at .cases[1]")
    #expect(message(#"{"cases": {"input": []}}"#) == "e.json: expected an array at .cases")
    #expect(message(#"{"vocabulary": [1], "cases": []}"#) == "e.json: expected a string at .vocabulary[0]")
    #expect(message(#"{"cases": [}"#) == "e.json: not JSON: expected an object at line 1, column 12")
    #expect(message("{\"cases\": []}\n x") == "e.json: not JSON: unexpected text after the top-level object at line 2, column 2")
    #expect(message(#"{"cases": [{"input": ["\ud800"], "output": []}]}"#)
      == "e.json: not JSON: unpaired surrogate in a \\u escape at line 1, column 31")
    #expect(message("{\"cases\": [{\"input\": [\"a\u{01}\"], \"output\": []}]}")
      == "e.json: not JSON: control character in a string at line 1, column 25")
    #expect(message(#"{"cases": [{"input": ["a"], "output": [99999999999999999999]}]}"#)?.hasPrefix("e.json: a value is") == true)
    #expect(message(#"{"cases": [{"input": ["a"], "output": [01]}]}"#)?.hasPrefix("e.json: not JSON: expected") == true)
    #expect(message("") == "e.json: not JSON: expected an object at line 1, column 1")
    let deep = "{\"x\": " + String(repeating: "[", count: 100_000) + "], \"cases\": []}"
    #expect(message(deep) == "e.json: not JSON: nested too deeply at line 1, column 519")
  }

  @Test func invalidUTF8IsRefused() {
    var bytes = Array(#"{"cases": [{"input": [""#.utf8)
    bytes += [0xC3, 0x28]
    bytes += Array(#""], "output": []}]}"#.utf8)
    #expect(throws: VerificationError.self) { try ExpectedOutputs(jsonData: Data(bytes)) }
  }
}
