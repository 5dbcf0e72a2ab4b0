import Foundation
import TOML
import TestSupport
import Testing

@Suite struct TOMLReaderTests {
  @Test func readsEveryKindOfValue() throws {
    let text = #"""
      # comment
      title = "a \"quoted\" \u00e9 \t tab"   # trailing comment
      literal = 'C:\path\no escapes'
      multi = """
      first \
         second
      third"""
      lit_multi = '''
      raw \n line'''
      int = -1_000
      hex = 0xff
      oct = 0o17
      bin = 0b101
      float = 6.25e-1
      big = +1e3
      yes = true
      no = false
      list = [1, [2, 3], "x", { a = 1 },]
      multiline = [
        1, # one
        2,
      ]
      "quoted key" = 1
      dotted.inner.key = "d"
      inline = { x = 1, y.z = 2 }

      [table]
      k = "v"
      [table.sub]
      k = 2
      [[items]]
      n = 1
      [[items]]
      n = 2
      [items.detail]
      m = 3
      """#
    let t = try TOMLTable(parsing: text)
    #expect(t["title"]?.string == "a \"quoted\" \u{e9} \t tab")
    #expect(t["literal"]?.string == #"C:\path\no escapes"#)
    #expect(t["multi"]?.string == "first second\nthird")
    #expect(t["lit_multi"]?.string == #"raw \n line"#)
    #expect(t["int"]?.int == -1000)
    #expect(t["hex"]?.int == 255)
    #expect(t["oct"]?.int == 15)
    #expect(t["bin"]?.int == 5)
    #expect(t["float"]?.double == 0.625)
    #expect(t["big"]?.double == 1000)
    #expect(t["yes"]?.bool == true)
    #expect(t["no"]?.bool == false)
    #expect(t["int"]?.double == nil)
    #expect(t["float"]?.int == nil)
    let list = try #require(t["list"]?.array)
    #expect(list.count == 4)
    #expect(list[1] == .array([.integer(2), .integer(3)]))
    #expect(list[3].table?["a"]?.int == 1)
    #expect(t["multiline"]?.array == [.integer(1), .integer(2)])
    #expect(t["quoted key"]?.int == 1)
    #expect(t["dotted"]?.table?["inner"]?.table?["key"]?.string == "d")
    #expect(t["inline"]?.table?["y"]?.table?["z"]?.int == 2)
    #expect(t["table"]?.table?["k"]?.string == "v")
    #expect(t["table"]?.table?["sub"]?.table?["k"]?.int == 2)
    let items = try #require(t["items"]?.array)
    #expect(items.map { $0.table?["n"]?.int } == [1, 2])
    #expect(items[1].table?["detail"]?.table?["m"]?.int == 3)
    #expect(t.keys.prefix(3) == ["title", "literal", "multi"])
  }

  /// Each malformed text gives its own located error, never a crash.
  @Test func malformedInputsGiveLocatedErrors() {
    let cases: [(String, TOMLError)] = [
      ("x = [ } ]", TOMLError(line: 1, column: 7, message: "expected a value, found '}'")),
      ("[#", TOMLError(line: 1, column: 2, message: "expected a key, found '#'")),
      ("a = 1\na = 2", TOMLError(line: 2, column: 1, message: "duplicate key 'a'")),
      ("[t]\n[t]", TOMLError(line: 2, column: 1, message: "table 't' is defined twice")),
      ("a = \"open", TOMLError(line: 1, column: 5, message: "unterminated string")),
      ("a = 99999999999999999999", TOMLError(line: 1, column: 5, message: "integer '99999999999999999999' does not fit in 64 bits")),
      ("a = 1979-05-27", TOMLError(line: 1, column: 5, message: "dates and times are not supported in this file")),
      ("a = { b = 1, }", TOMLError(line: 1, column: 14, message: "trailing comma in an inline table")),
      ("a = { b = 1 }\na.c = 2", TOMLError(line: 2, column: 1, message: "'a' is an inline table and cannot be extended")),
      ("a = [1]\n[a]", TOMLError(line: 2, column: 2, message: "'a' already holds a value, not a table")),
      ("a = 1 b = 2", TOMLError(line: 1, column: 7, message: "expected the end of the line, found 'b'")),
      ("a = \"\\q\"", TOMLError(line: 1, column: 6, message: "unknown escape '\\q'")),
      ("a = 01", TOMLError(line: 1, column: 5, message: "leading zeros in '01'")),
      ("a = 1__0", TOMLError(line: 1, column: 5, message: "an underscore in a number must sit between digits")),
      ("a =", TOMLError(line: 1, column: 4, message: "expected a value, found the end of the file")),
      ("= 1", TOMLError(line: 1, column: 1, message: "expected a key, found '='")),
      ("a = [1, 2", TOMLError(line: 1, column: 5, message: "unterminated array: no closing ']'")),
      ("a = tru", TOMLError(line: 1, column: 5, message: "invalid value 'tru'")),
      (String(repeating: "[", count: 1000), TOMLError(line: 1, column: 3, message: "expected a key, found '['")),
      ("a = " + String(repeating: "[", count: 1000), TOMLError(line: 1, column: 133, message: "nesting deeper than 128 levels")),
    ]
    for (text, expected) in cases {
      #expect(throws: expected, "\(text.prefix(40))") { try TOMLTable(parsing: text) }
    }
  }

  /// Random bytes and random mutations of a shipped file: each parse returns or throws.
  @Test func seededRandomBytesNeverCrash() throws {
    var generator = SplitMix64(seed: 12)
    let seed = try String(contentsOf: Tool.packageRoot.appendingPathComponent("Proofs/wen-recall-separation.toml"), encoding: .utf8)
    let alphabet = Array("[]{}=\"'#.,\n \\0123456789abcxyz+-_:e".utf8)
    var parsed = 0
    var refused = 0
    for round in 0..<3000 {
      var bytes: [UInt8]
      if round % 2 == 0 {
        bytes = (0..<Int.random(in: 0..<60, using: &generator)).map { _ in
          Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
        }
      } else {
        bytes = Array(seed.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          let at = Int.random(in: 0..<bytes.count, using: &generator)
          bytes[at] = alphabet.randomElement(using: &generator)!
        }
      }
      do {
        _ = try TOMLTable(parsing: String(decoding: bytes, as: UTF8.self))
        parsed += 1
      } catch is TOMLError {
        refused += 1
      }
    }
    #expect(parsed + refused == 3000)
    #expect(parsed > 0 && refused > 0)
  }

  /// Each table knows where it is opened (the last key of its header, each
  /// element of an array of tables its own, an inline table its `{`) and
  /// each `key = value` where its value starts.
  @Test func tablesAndValuesKnowWhereTheyAreWritten() throws {
    let text = "top =  \"a\"\n[setting.chain]\nk = { f = 'x' }\n[[predict]]\nkind = 1\n\n  [[predict]]\nkind = 2\n"
    let table = try TOMLTable(parsing: text)
    #expect(table.headerLocation == nil)
    #expect(table.valueLocation(of: "top") == TOMLLocation(line: 1, column: 8))
    let setting = try #require(table["setting"]?.table)
    #expect(setting.headerLocation == nil)
    let chain = try #require(setting["chain"]?.table)
    #expect(chain.headerLocation == TOMLLocation(line: 2, column: 10))
    #expect(chain.valueLocation(of: "k") == TOMLLocation(line: 3, column: 5))
    let inline = try #require(chain["k"]?.table)
    #expect(inline.headerLocation == TOMLLocation(line: 3, column: 5))
    #expect(inline.valueLocation(of: "f") == TOMLLocation(line: 3, column: 11))
    let predictions = try #require(table["predict"]?.array)
    #expect(predictions.map { $0.table?.headerLocation } == [TOMLLocation(line: 4, column: 3), TOMLLocation(line: 7, column: 5)])
    #expect(predictions[1].table?.valueLocation(of: "kind") == TOMLLocation(line: 8, column: 8))
  }

  /// Each key knows where it is first named: headers, dotted keys, inline
  /// tables and arrays of tables; equality ignores where.
  @Test func keysKnowWhereTheyAreWritten() throws {
    let text = "top = 1\n[setting.chain]\n  max_len = 512\nother.inner = { k = 2 }\n[[predict]]\nkind = \"x\"\n"
    let table = try TOMLTable(parsing: text)
    #expect(table.location(of: "top") == TOMLLocation(line: 1, column: 1))
    #expect(table.location(of: "setting") == TOMLLocation(line: 2, column: 2))
    let chain = try #require(table["setting"]?.table?["chain"]?.table)
    #expect(table["setting"]?.table?.location(of: "chain") == TOMLLocation(line: 2, column: 10))
    #expect(chain.location(of: "max_len") == TOMLLocation(line: 3, column: 3))
    #expect(chain.location(of: "other") == TOMLLocation(line: 4, column: 1))
    let other = try #require(chain["other"]?.table)
    #expect(other.location(of: "inner") == TOMLLocation(line: 4, column: 7))
    #expect(other["inner"]?.table?.location(of: "k") == TOMLLocation(line: 4, column: 17))
    #expect(table["predict"]?.array?.first?.table?.location(of: "kind") == TOMLLocation(line: 6, column: 1))
    var built = TOMLTable()
    built["top"] = .integer(1)
    #expect(built.location(of: "top") == nil)
    #expect(try TOMLTable(parsing: "top = 1") == built)
  }
}
