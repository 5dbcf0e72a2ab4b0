import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `rsvg-convert` (Debian: librsvg2-bin), the renderer the drawing tests use.
let svgRenderer: String? = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first {
  FileManager.default.isExecutableFile(atPath: $0)
}

@Suite("draw")
struct DrawCommandTests {
  let model = "Examples/models/induction.json"

  /// The width and height an SVG declares.
  func declaredSize(_ svg: String) throws -> (Int, Int) {
    let head = try #require(svg.split(separator: "\n").first)
    func attribute(_ name: String) throws -> Int {
      let range = try #require(head.range(of: " \(name)=\""))
      return try #require(Int(head[range.upperBound...].prefix { $0.isNumber }))
    }
    return (try attribute("width"), try attribute("height"))
  }

  /// Checks an SVG is well-formed XML, renders it with rsvg-convert and returns the PNG's size.
  func render(_ svgPath: String) throws -> (Int, Int) {
    let data = try Data(contentsOf: URL(fileURLWithPath: svgPath))
    let parser = XMLParser(data: data)
    #expect(parser.parse(), "\(svgPath) is not well-formed XML: \(String(describing: parser.parserError))")
    let png = svgPath + ".png"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(svgRenderer))
    process.arguments = [svgPath, "-o", png]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
    #expect(Array(bytes[1..<4]) == Array("PNG".utf8))
    func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
    // IHDR: width and height at bytes 16 and 20.
    return (be32(16), be32(20))
  }

  func draw(_ arguments: [String], file: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draw-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(file).path
    let r = try Tool.run(["draw"] + arguments + ["-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    return path
  }

  @Test("attention: one heatmap per head with token labels and exact weights in tooltips, rendered at the declared size",
    .enabled(if: svgRenderer != nil, "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin)"))
  func attention() throws {
    let path = try draw(["attention", model, "--input", "a b c a b"], file: "attention.svg")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    // Two layers of one head on BOS + 5 tokens: 2 × (44 + 46 + 6·30 + 16) + 40 high;
    // the title (37 characters) sets the width: 24 + 37·9.
    #expect(try declaredSize(svg) == (357, 612))
    #expect(try render(path) == (357, 612))
    #expect(svg.contains("<title>query 5 (b) → key 3 (c): 1</title>"))
    #expect(svg.contains("unique-hard-rightmost, mask causal"))
  }

  @Test("stream: directions by positions after every stage, exact values in tooltips",
    .enabled(if: svgRenderer != nil, "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin)"))
  func stream() throws {
    let built = FileManager.default.temporaryDirectory.appendingPathComponent("sp-\(UUID().uuidString).json").path
    #expect(try Tool.run(["construct", "superposition", "-o", built]).status == 0)
    let path = try draw(["stream", built, "--input", "x0 > y0 x1 > y2 x2 > y0 x1 >", "--directions", "out:"], file: "stream.svg")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    let size = try declaredSize(svg)
    #expect(try render(path) == size)
    #expect(svg.contains("<title>layer 6 mlp, out:y2, position 11 (&gt;): 1/3</title>"))
    #expect(!svg.contains("tokens:x0"))
  }

  @Test("model and program drawings render at their declared sizes",
    .enabled(if: svgRenderer != nil, "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin)"))
  func modelAndProgram() throws {
    let modelPath = try draw(["model", model], file: "model.svg")
    let modelSVG = try String(contentsOfFile: modelPath, encoding: .utf8)
    #expect(try render(modelPath) == declaredSize(modelSVG))
    #expect(modelSVG.contains("head previous-token"))
    #expect(modelSVG.contains("unique-hard-leftmost, mask causal"))
    let programPath = try draw(
      ["program", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "5"], file: "program.svg")
    let programSVG = try String(contentsOfFile: programPath, encoding: .utf8)
    #expect(try render(programPath) == declaredSize(programSVG))
    #expect(programSVG.contains("compiler: 2 attention layers, heads 2, 1 · reference analyser: 2 layers, heads 2, 1"))
    #expect(programSVG.contains("aggregate · attention: 1 head"))
  }

  @Test("the REPL's draw writes NAME.svg of the s-op on the running example",
    .enabled(if: svgRenderer != nil, "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin)"))
  func repl() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let source = Tool.packageRoot.appendingPathComponent("Circuits/sort.rasp").path
    let r = try Tool.run(["repl"], input: "load \"\(source)\";\nset example \"dcab\"\ndraw(sorted_tokens);\n", in: folder)
    #expect(r.stdout.contains("wrote sorted_tokens.svg"))
    let path = folder.appendingPathComponent("sorted_tokens.svg").path
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(try render(path) == declaredSize(svg))
    #expect(svg.contains("<title>position 0: a</title>"))
  }

  @Test("bad requests: an unknown direction prefix, an unwritable path; nothing is written")
  func errors() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draw-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("s.svg").path
    let r = try Tool.run(["draw", "stream", model, "--input", "a b", "--directions", "nosuch", "-o", path])
    #expect(r.status == 2)
    #expect(r.stderr == "error: --directions: no direction of the model starts with 'nosuch'\n")
    #expect(!FileManager.default.fileExists(atPath: path))
    let missing = folder.appendingPathComponent("no/such/folder/a.svg").path
    let w = try Tool.run(["draw", "attention", model, "--input", "a b", "-o", missing])
    #expect(w.status == 2)
    #expect(w.stderr == "error: cannot write '\(missing)': no folder '\(folder.appendingPathComponent("no/such/folder").path)'\n")
    let bad = try Tool.run(["draw", "attention", model, "--input", "a z"])
    #expect(bad.status == 2)
    #expect(bad.stderr == "error: token 'z' at position 1 is not in the model's vocabulary\n")
  }
}
