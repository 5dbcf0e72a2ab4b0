import Foundation
import TestSupport
import Testing

@Suite("export and import")
struct ExportCommandTests {
  let model = "Examples/models/induction.json"

  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("exact export then import: the same SHA-256, for safetensors and npz")
  func roundTrip() throws {
    let dir = try folder()
    for name in ["m.safetensors", "m.npz"] {
      let file = dir.appendingPathComponent(name).path
      let e = try Tool.run(["export", model, "--dtype", "exact", "-o", file, "--json"])
      #expect(e.status == 0, "\(e.stderr)")
      #expect(e.stdout.contains("\"dtype\": \"exact\""))
      #expect(e.stdout.contains("\"sha256\": \"00a65b25a6b2a66787f2322d310219c2a1b42ffd4a25c5bca910a6d954396e64\""))
      let back = dir.appendingPathComponent(name + ".json").path
      let i = try Tool.run(["import", file, "-o", back])
      #expect(i.status == 0, "\(i.stderr)")
      #expect(i.stdout.contains("sha256 00a65b25a6b2a66787f2322d310219c2a1b42ffd4a25c5bca910a6d954396e64: equal to the exported model's"))
      let original = try Data(contentsOf: Tool.packageRoot.appendingPathComponent(model))
      #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == original)
    }
  }

  @Test("float32 overflow: one error line naming the tensor, exit 1, nothing written")
  func overflow() throws {
    let dir = try folder()
    let text = try String(contentsOf: Tool.packageRoot.appendingPathComponent(model), encoding: .utf8)
    // A model with one weight of 2^200 in the first head's value-output map.
    var json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var layers = try #require(json["layers"] as? [[String: Any]])
    var heads = try #require(layers[0]["heads"] as? [[String: Any]])
    var vo = try #require(heads[0]["value_output"] as? [[Any]])
    vo[0][2] = "1606938044258990275541962092341162602522202993782792835301376"
    heads[0]["value_output"] = vo
    layers[0]["heads"] = heads
    json["layers"] = layers
    let path = dir.appendingPathComponent("big.json").path
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    let out = dir.appendingPathComponent("big.safetensors").path
    let r = try Tool.run(["export", path, "--dtype", "float32", "-o", out])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("error: \(path): tensor 'layers.0.attn.0.W_VO' entry "))
    #expect(r.stderr.hasSuffix(" is 1606938044258990275541962092341162602522202993782792835301376, which float32 cannot hold (out of range)\n"))
    #expect(!FileManager.default.fileExists(atPath: out))
    let ok = try Tool.run(["export", path, "--dtype", "float64", "-o", out])
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("largest rounding error: 0 (every weight is exact in float64)"))
  }

  @Test("usage errors exit 2; an unwritable path and a file that is no export exit 1")
  func errors() throws {
    let dir = try folder()
    let r = try Tool.run(["export", model, "-o", dir.appendingPathComponent("m.bin").path])
    #expect(r.status == 2)
    #expect(r.stderr == "error: --format: give safetensors or npz (the output name ends in neither .safetensors nor .npz)\n")
    let d = try Tool.run(["export", model, "--dtype", "float16", "-o", dir.appendingPathComponent("m.npz").path])
    #expect(d.status == 2)
    let missing = dir.appendingPathComponent("none/m.npz").path
    let w = try Tool.run(["export", model, "-o", missing])
    #expect(w.status == 2)
    #expect(w.stderr == "error: cannot write '\(missing)': no folder '\(dir.appendingPathComponent("none").path)'\n")
    let i = try Tool.run(["import", model, "-o", dir.appendingPathComponent("x.json").path])
    #expect(i.status == 2)
    #expect(i.stderr.hasPrefix("error: \(model): not a valid export: "))
    let exact = dir.appendingPathComponent("e.safetensors").path
    #expect(try Tool.run(["export", model, "--dtype", "exact", "-o", exact]).status == 0)
    let f = try Tool.run(["import", exact, "--floats", "exact", "-o", dir.appendingPathComponent("y.json").path])
    #expect(f.status == 2)
    #expect(f.stderr == "error: --floats applies to float exports; '\(exact)' is exact\n")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("y.json").path))
  }
}
