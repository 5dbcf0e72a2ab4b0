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

  @Test func everyShippedFileReadsAsTOMLKitDid() throws {
    #expect(Self.shippedFiles.count >= 38)
    for url in Self.shippedFiles {
      let text = try String(contentsOf: url, encoding: .utf8)
      let ours = Self.dump(.table(try TOMLTable(parsing: text)))
      let theirs = try legacyTOMLDump(text)
      if ours != theirs { print("OURS  \(ours.prefix(400))\nTHEIRS \(theirs.prefix(400))") }
      #expect(ours == theirs, "\(url.lastPathComponent)")
    }
  }
}
