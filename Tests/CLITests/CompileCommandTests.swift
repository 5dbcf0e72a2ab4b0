import Foundation
import Testing

/// `expressivity compile` and `expressivity verify` end to end.
@Suite struct CompileCommandTests {
  @Test func compilePrintsTheFiguresAndWritesTheModel() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("reverse-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = try expressivity([
      "compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "5", "-o", path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("layers: 2 (2 attention, 1 MLP)"))
    #expect(r.stdout.contains("heads per layer: 1, 1"))
    #expect(r.stdout.contains("analyser: 2 layers, heads 1, 1; ours: 2 attention layers, heads 1, 1"))
    #expect(r.stdout.contains("residual width:"))
    #expect(r.stdout.contains("MLP hidden widths:"))
    #expect(r.stdout.contains("parameters:"))
    #expect(r.stdout.contains("compile time:"))
    #expect(r.stdout.contains("wrote \(path)"))
    // The model file runs with the exact core.
    let run = try expressivity(["run", path, "--input", "a b c"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("c b a"))
  }

  /// A program with no layers says so on every line (no empty list after a colon).
  @Test func aModelWithoutLayersSaysNone() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID()).rasp").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "y = tokens;\n".write(toFile: path, atomically: true, encoding: .utf8)
    let r = try expressivity(["compile", path, "--sop", "y", "--vocab", "a,b", "--max-len", "3"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\nlayers: 0 (0 attention, 0 MLP)\nheads per layer: (none)\n"))
    #expect(r.stdout.contains("\nMLP hidden widths: (none)\n"))
  }

  @Test func compileJSON() throws {
    let r = try expressivity([
      "compile", "Circuits/histogram.rasp", "--sop", "histogram", "--vocab", "a,b", "--max-len", "4", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    for key in ["layers", "heads_per_layer", "residual_width", "mlp_widths", "parameters", "nonzeros", "analyser_layers", "compile_seconds"] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(object["layers"] as? Int == 1)
    #expect(object["analyser_layers"] as? Int == 1)
    #expect(object["heads_per_layer"] as? [Int] == [1])
  }

  /// Sort's rank is one head over the joint one-hot under `--joint-limit 1024`,
  /// and split by default (smaller) and by `--joint-limit 0`; `--additive-embedding` leaves no place for a joint one-hot of
  /// tokens and indices before the first layer, so it splits too.
  @Test func jointLimitAndAdditiveEmbedding() throws {
    func heads(_ extra: [String]) throws -> [Int]? {
      let r = try expressivity([
        "compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "4", "--json",
      ] + extra)
      #expect(r.status == 0, "\(r.stderr)")
      let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
      #expect(object?["analyser_heads_per_layer"] as? [Int] == [2, 1])
      return object?["heads_per_layer"] as? [Int]
    }
    // By default the split is chosen: fewer parameters (465 against 958) within the analyser's heads.
    #expect(try heads([]) == [2, 1])
    #expect(try heads(["--joint-limit", "1024"]) == [1, 1])
    #expect(try heads(["--joint-limit", "0"]) == [2, 1])
    #expect(try heads(["--additive-embedding"]) == [2, 1])
    let negative = try expressivity([
      "compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b", "--max-len", "3", "--joint-limit=-1",
    ])
    #expect(negative.status == 2)
    #expect(negative.stderr.contains("--joint-limit must not be negative, got -1"))
    for extra in [["--joint-limit", "0"], ["--additive-embedding"]] {
      let verified = try expressivity([
        "verify", "Circuits/sort_bos.rasp", "--sop", "sort_bos", "--vocab", "BOS,a,b", "--max-len", "4",
      ] + extra)
      #expect(verified.status == 0, "\(extra): \(verified.stderr)")
      #expect(verified.stdout.hasPrefix("verified: 120 inputs (every input of length 1...4 over 3 tokens), "))
    }
  }

  @Test func compileLayoutNamesDirections() throws {
    let r = try expressivity([
      "compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b", "--max-len", "3", "--layout",
    ])
    #expect(r.status == 0)
    #expect(r.stdout.contains("layer 2 attention: sorted_tokens (categorical): sorted_tokens:a sorted_tokens:b"))
  }

  @Test func compileLayoutShowsFactoredMaps() throws {
    let r = try expressivity([
      "compile", "Circuits/tracr_tasks.rasp", "--sop", "shuffle_dyck2", "--vocab", "(,),{,}", "--max-len", "4", "--layout",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains(
      "\nmaps over several numerical anchors (factored or fused, by hidden units, then non-zero weights):\n"))
    #expect(r.stdout.contains(
      "  layer 1 mlp: I(s-op) (numerical): factored; factored along (_round, _curly) 18 units, 142 weights; along (_curly, _round) 18 units, 142 weights (as shared steps per position (thresholds from indices) 18 units, 9 step pairs, 142 weights; one table along the joint coordinate 26 units); fused over (s-op#38, s-op#41, s-op#45, s-op#48) 370 units, 2220 weights\n"))
    #expect(r.stdout.contains(
      "  layer 1 mlp: s-op#67 (categorical): factored; factored along (_round, _curly) 3 units, 20 weights; along (_curly, _round) 3 units, 20 weights (as one table along the joint coordinate 3 units; shared steps per position (thresholds from indices) at least 4 units); fused over (s-op#38, s-op#41, s-op#45, s-op#48) 119 units, 832 weights\n"))
    let plain = try expressivity([
      "compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b", "--max-len", "3", "--layout",
    ])
    #expect(!plain.stdout.contains("maps over several numerical anchors"))
  }

  /// `--comparisons` forces how reverse's `indices == mirror` is compiled
  /// (auto keeps the numerical score by cost: 177 against 296 parameters; the
  /// one-hot form's `mirror` is shared steps);
  /// verify takes it for a RASP file (recorded for the certificate) and
  /// refuses it without one; a bad value is a usage error.
  @Test func comparisonsOptionForcesTheForm() throws {
    func figures(_ form: String) throws -> String {
      let r = try expressivity([
        "compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "4", "--layout",
        "--comparisons", form,
      ])
      #expect(r.status == 0, "\(r.stderr)")
      return r.stdout
    }
    let auto = try figures("auto")
    #expect(auto.contains("residual width: 13\n") && auto.contains("parameters: 177 "))
    #expect(auto.contains(
      "selector == of numbers: numerical kept; one-hot 296 parameters, width 18; numerical 177 parameters, width 13\n"))
    let oneHot = try figures("one-hot")
    #expect(oneHot.contains("residual width: 18\n") && oneHot.contains("parameters: 296 "))
    #expect(oneHot.contains("selector == of numbers: one-hot (--comparisons)\n"))
    #expect(!oneHot.contains("scored 2c·a·b − c·b²"))
    let numerical = try figures("numerical")
    #expect(numerical.contains("parameters: 177 "))
    #expect(numerical.contains("  layer 2 head of reverse: indices == mirror scored 2c·a·b − c·b², c = 1\n"))
    let certificate = FileManager.default.temporaryDirectory.appendingPathComponent("comparisons-\(UUID()).json").path
    let verified = try expressivity([
      "verify", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "4",
      "--comparisons", "one-hot", "-o", certificate,
    ])
    #expect(verified.status == 0, "\(verified.stderr)")
    let recorded = try #require(
      (JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: certificate))) as? [String: Any])?["model"]
        as? [String: Any])
    #expect((recorded["compile_arguments"] as? [String])?.suffix(2) == ["--comparisons", "one-hot"])
    let rechecked = try expressivity(["verify", "--certificate", certificate])
    #expect(rechecked.status == 0, "\(rechecked.stderr)")
    let bad = try expressivity([
      "compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "4", "--comparisons", "linear",
    ])
    #expect(bad.status == 2)
    #expect(bad.stderr == "error: --comparisons takes auto, one-hot or numerical, got 'linear'\n")
    let model = try expressivity(["verify", "--model", certificate, "--max-len", "2", "--comparisons", "one-hot"])
    #expect(model.status == 2)
    #expect(model.stderr.contains("--comparisons"))
  }

  /// count_mod at length 16: shared steps, 2 units per count (16 pairs
  /// at slope 2·16, the smallest gap 1/16 doubled for integral thresholds),
  /// against one table per position (136 units).
  @Test func compileLayoutShowsSharedSteps() throws {
    let r = try expressivity([
      "compile", "Circuits/count_mod.rasp", "--sop", "count_mod", "--vocab", "a,b", "--max-len", "16", "--layout",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains(
      "\nmaps of a numerical direction and categorical inputs (tables or shared steps, by hidden units, then non-zero weights):\n"))
    #expect(r.stdout.contains(
      "  layer 1 mlp: count_mod (categorical): steps; shared steps 32 units (16 step pairs along 32·(s-op) from the first point, thresholds from (indices+1)), 357 weights; one table per combination of the categorical inputs 136 units, 800 weights\n"))
  }

  @Test func verifyPasses() throws {
    let r = try expressivity(["verify", "Circuits/dyck1.rasp", "--sop", "dyck1", "--vocab", "(,)", "--max-len", "6"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasPrefix("verified: 126 inputs (every input of length 1...6 over 2 tokens), "))
    let j = try expressivity(["verify", "Circuits/dyck1.rasp", "--sop", "dyck1", "--vocab", "(,)", "--max-len", "4", "--json"])
    let object = try #require(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
    #expect(object["checked"] as? Int == 30)
    #expect(object["verdict"] as? String == "verified")
  }

  @Test func verifyReportsAndLocalisesAMismatch() throws {
    // A hidden testing aid corrupts the token embedding.
    let r = try expressivity([
      "verify", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "3",
      "--inject-fault", "tokens:b",
    ])
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix("counterexample after 1 input (every input of length 1...3 over 3 tokens), "))
    #expect(r.stdout.contains("  input:    a\n  position: 0\n  expected: a\n  got:      (none: readout tie at position 0 between a, b)\n"))
    #expect(r.stdout.contains(
      "departs from the reference at embedding, tokens (one-hot), direction tokens:b, position 0: expected 0, got 1"))
  }

  @Test func errorsAreOneLineAndExitCodes() throws {
    let bad = try expressivity([
      "compile", "Circuits/histogram.rasp", "--sop", "histogram", "--vocab", "a,b", "--max-len", "3", "--no-bos",
    ])
    #expect(bad.status == 2)
    #expect(bad.stderr.hasPrefix("error: s-op 'histogram' ("))
    #expect(bad.stderr.contains("histogram.rasp:7): selector_width needs the BOS position"))
    // histogram's count is categorical (a one-hot needs its values listed);
    // reverse with --max-values 3 now compiles (numerical ==).
    let limit = try expressivity([
      "compile", "Circuits/histogram.rasp", "--sop", "histogram", "--vocab", "a,b,c", "--max-len", "5", "--max-values", "3",
    ])
    #expect(limit.status == 2)
    #expect(limit.stderr == "error: s-op 'histogram' (Circuits/histogram.rasp:7): takes 4 values at one position, over the limit of 3 (raise --max-values)\n")
    let usage = try expressivity(["compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,,b", "--max-len", "3"])
    #expect(usage.status == 2)
    let unknown = try expressivity(["compile", "Circuits/reverse.rasp", "--sop", "nope", "--vocab", "a", "--max-len", "3"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("no s-op named 'nope'"))
  }
}
