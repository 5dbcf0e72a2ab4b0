import Foundation
import TestSupport
import Testing

/// Paths inside a file resolve against the file that names them, so a
/// certificate or a claim means the same files from any current directory.
@Suite("relative paths")
struct RelativePathTests {
  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url.appendingPathComponent("m"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: url.appendingPathComponent("certs"), withIntermediateDirectories: true)
    return url
  }

  @Test("a certificate written with -o names its files relative to itself and re-checks from another folder")
  func certificate() throws {
    let dir = try folder()
    let model = dir.appendingPathComponent("m/parity.json").path
    let c = try Tool.run([
      "construct", "automaton-scan", "--param", "automaton=Circuits/automata/parity.toml", "--param", "length=4", "-o", model,
    ])
    #expect(c.status == 0, "\(c.stderr)")
    let certificate = dir.appendingPathComponent("certs/cert.json")
    let automaton = Tool.packageRoot.appendingPathComponent("Circuits/automata/parity.toml").path
    // Made from the temporary folder: the model relative to it, the automaton absolute.
    let v = try Tool.run(
      ["verify", "--model", "m/parity.json", "--automaton", automaton, "--max-len", "4", "-o", "certs/cert.json"], in: dir)
    #expect(v.status == 0, "\(v.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: certificate)) as? [String: Any])
    #expect((json["model"] as? [String: Any])?["path"] as? String == "../m/parity.json")
    #expect((json["specification"] as? [String: Any])?["path"] as? String == automaton)
    // Made from the checkout: the automaton relative to it, so relative to the certificate too.
    let w = try Tool.run(["verify", "--model", model, "--automaton", "Circuits/automata/parity.toml", "--max-len", "4", "-o", certificate.path])
    #expect(w.status == 0, "\(w.stderr)")
    let again = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: certificate)) as? [String: Any])
    let specificationPath = try #require((again["specification"] as? [String: Any])?["path"] as? String)
    #expect(specificationPath.hasPrefix("../"))
    #expect(((certificate.deletingLastPathComponent().path + "/" + specificationPath) as NSString).standardizingPath == automaton)
    // Re-checked from the checkout, from the certificate's parent folder and from its own folder.
    try FileManager.default.removeItem(at: certificate)
    #expect(try Tool.run(["verify", "--model", "m/parity.json", "--automaton", automaton, "--max-len", "4", "-o", "certs/cert.json"], in: dir).status == 0)
    for (directory, path) in [(Tool.packageRoot, certificate.path), (dir, "certs/cert.json"), (dir.appendingPathComponent("certs"), "cert.json")] {
      let r = try Tool.run(["verify", "--certificate", path], in: directory)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.hasPrefix("verified: 30 inputs (every input of length 1...4 over 2 tokens), "))
      #expect(r.stdout.contains("certificate confirmed"))
    }
  }

  @Test("a claim given from another folder finds the files it names; a repository-style path resolves from a folder above")
  func claim() throws {
    let dir = try folder()
    let shipped = Tool.packageRoot.appendingPathComponent("Proofs/liu-scan-parity.toml").path
    let r = try Tool.run(["check", shipped, "--quick"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("holds liu-scan-parity: "))
    // A claim in claims/ naming automata/parity.toml, which lies in the folder above.
    let claims = dir.appendingPathComponent("claims")
    let automata = dir.appendingPathComponent("automata")
    try FileManager.default.createDirectory(at: claims, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: automata, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Tool.packageRoot.appendingPathComponent("Circuits/automata/parity.toml"),
      to: automata.appendingPathComponent("parity.toml"))
    let text = try String(contentsOfFile: shipped, encoding: .utf8)
      .replacingOccurrences(of: "\"../Circuits/automata/parity.toml\"", with: "\"automata/parity.toml\"")
    try text.write(to: claims.appendingPathComponent("copy.toml"), atomically: true, encoding: .utf8)
    let copy = try Tool.run(["check", claims.appendingPathComponent("copy.toml").path, "--quick"])
    #expect(copy.status == 0, "\(copy.stderr)")
    #expect(copy.stdout.hasPrefix("holds copy: "))
    // The current directory is never searched: from the checkout, 'Circuits/...' in a claim elsewhere is not found.
    let elsewhere = text.replacingOccurrences(of: "\"automata/parity.toml\"", with: "\"Circuits/automata/none.toml\"")
    try elsewhere.write(to: claims.appendingPathComponent("missing.toml"), atomically: true, encoding: .utf8)
    let missing = try Tool.run(["check", claims.appendingPathComponent("missing.toml").path, "--quick"])
    #expect(missing.status == 1)
    #expect(missing.stdout.contains(claims.appendingPathComponent("Circuits/automata/none.toml").standardized.path))
  }
}
