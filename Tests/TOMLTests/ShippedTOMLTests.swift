import Automata
import Foundation
import TOML
import TestSupport
import Testing

@Suite struct ShippedTOMLTests {
  static var shippedFiles: [URL] {
    let root = Tool.packageRoot
    return ["Circuits/automata", "Proofs"].flatMap { folder -> [URL] in
      let url = root.appendingPathComponent(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      return names.filter { $0.hasSuffix(".toml") }.sorted().map { url.appendingPathComponent($0) }
    }
  }

  static func dump(_ v: TOMLValue) -> String {
    switch v {
    case .table(let t): return "{" + t.keys.sorted().map { "\($0)=" + dump(t[$0]!) }.joined(separator: ",") + "}"
    case .array(let a): return "[" + a.map(dump).joined(separator: ",") + "]"
    case .string(let s): return "s:\(s.count):" + s
    case .integer(let i): return "i:\(i)"
    case .float(let d): return "d:\(d)"
    case .boolean(let b): return "b:\(b)"
    }
  }

  /// Every shipped file reads (they were compared value for value with the TOMLKit reader this
  /// one replaced, at commit 6c7bc22), and loads as the automaton or claim it is.
  @Test func everyShippedFileReads() throws {
    #expect(Self.shippedFiles.count >= 38)
    for url in Self.shippedFiles {
      let table = try TOMLTable(parsing: try String(contentsOf: url, encoding: .utf8))
      #expect(!table.isEmpty, "\(url.lastPathComponent)")
      if url.path.contains("Circuits/automata") { _ = try Automaton.load(from: url.path) }
    }
  }

  @Test func parityReadsToItsValues() throws {
    let url = Tool.packageRoot.appendingPathComponent("Circuits/automata/parity.toml")
    let table = try TOMLTable(parsing: try String(contentsOf: url, encoding: .utf8))
    #expect(Self.dump(.table(table)) == """
      {accepting=[s:3:odd],alphabet=[s:1:0,s:1:1],name=s:6:parity,start=s:4:even,states=[s:4:even,s:3:odd],\
      transitions={even={0=s:4:even,1=s:3:odd},odd={0=s:3:odd,1=s:4:even}}}
      """)
    #expect(table.keys == ["name", "alphabet", "states", "start", "accepting", "transitions"])
  }
}
