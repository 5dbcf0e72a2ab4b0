import Foundation
import Testing
import TestSupport

/// End-to-end tests of `precision`, `run --precision` and `verify --precision`:
/// break lengths found, counterexamples reproduced, and bad formats refused.
@Suite struct PrecisionCommandTests {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("precision-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func object(_ text: String) throws -> [String: Any] {
    _ = try StrictJSON.parse(text)
    return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
  }

  /// Builds a construction into a temporary model file.
  func construct(_ family: String, _ parameters: [String], as name: String) throws -> String {
    let out = path(name)
    let r = try Tool.run(["construct", family] + parameters.flatMap { ["--param", $0] } + ["-o", out])
    #expect(r.status == 0, "\(r.stderr)")
    return out
  }

  /// FIRST with L input bits has L + 1 positions; its output is
  /// ±(1/2)·1024/(1024 + L). In bf16 (7 fraction bits) 1 + 2^−10 rounds to 1,
  /// so Z stalls at 1 and the rounded output is ±1/2. The exact output rounded
  /// to bf16 (spacing 2^−9 below 1/2) is −1/2 for L ≤ 2 (L = 2: 512·512/1026 =
  /// 255.50… spacings, up to 256) and −255/512 at L = 3 (255.25…): bf16 breaks at
  /// length 3 on 0 0 0. fp16 (10 fraction bits) and fp32 add 2^−10 exactly.
  @Test func firstSoftmaxBreaksInBfloat16AndRunReproducesIt() throws {
    let r = try Tool.run([
      "precision", "--construct", "first-softmax", "--formats", "fp16,bf16,fp32", "--max-len", "4", "--samples", "16",
      "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let o = try object(r.stdout)
    #expect(o["decision"] as? String == "value")
    let formats = try #require(o["formats"] as? [[String: Any]])
    #expect(formats.map { $0["format"] as? String } == ["fp16", "bf16", "fp32"])
    for wide in [formats[0], formats[2]] {
      #expect(wide["break_length"] is NSNull)
      #expect(wide["agreed_up_to"] as? Int == 4)
      #expect(wide["checked"] as? Int == 30)
      #expect(wide["exhaustive"] as? Bool == true)
    }
    let bf16 = formats[1]
    #expect(bf16["break_length"] as? Int == 3)
    #expect(bf16["agreed_up_to"] as? Int == 2)
    #expect(bf16["checked"] as? Int == 7)
    #expect(bf16["counterexample"] as? [String] == ["0", "0", "0"])
    #expect(bf16["exact"] as? [String] == Array(repeating: "-512/1027", count: 3))
    #expect(bf16["rounded"] as? [String] == Array(repeating: "-1/2", count: 3))
    #expect(
      bf16["reproduce"] as? String
        == "expressivity construct first-softmax --param max_len=4 -o first-softmax.json && expressivity run first-softmax.json --precision bf16 --input \"0 0 0\""
    )
    // The reproducing command, with a temporary file.
    let model = try construct("first-softmax", ["max_len=4"], as: "first.json")
    let run = try Tool.run(["run", model, "--precision", "bf16", "--input", "0 0 0", "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let shown = try object(run.stdout)
    #expect(shown["exact"] as? [String] == Array(repeating: "-512/1027", count: 3))
    #expect(shown["rounded"] as? [String] == Array(repeating: "-1/2", count: 3))
    #expect(shown["differs"] as? [Bool] == [true, true, true])
    let departure = try #require(shown["departure"] as? [String: Any])
    #expect(departure["stage"] as? String == "layer 1 attention")
    #expect(departure["direction"] as? String == "answer")
    #expect(departure["side"] as? String == "below")
    // Length 2 agrees: the exact −256/513 rounds to −1/2 in bf16.
    let two = try object(try Tool.run(["run", model, "--precision", "bf16", "--input", "0 0", "--json"]).stdout)
    #expect(two["exact"] as? [String] == ["-256/513", "-256/513"])
    #expect(two["differs"] as? [Bool] == [false, false])
  }

  /// parity-softmax in fixed point with 4 fraction bits, by sign: the margin
  /// (n + 1)²·|logit| ≈ 1 falls below the resolution 2^−4 near n = 4; the text
  /// output names the break and the command that reproduces it, and a format
  /// list may hold `float:E,M` (its comma is not a separator).
  @Test func paritySoftmaxBreaksInFixedPointBySign() throws {
    let r = try Tool.run([
      "precision", "--construct", "parity-softmax", "--formats", "fixed:4.4,float:5,3", "--max-len", "5",
      "--decision", "sign", "--samples", "8",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0] == "parity-softmax: lengths 1...5, numerical outputs compared by sign")
    #expect(lines[1] == "  fixed:4.4: agrees up to length 4; breaks at length 5 on \"0 1 1 0 1\"")
    #expect(
      lines.contains(
        "    reproduce: expressivity construct parity-softmax --param length=5 -o parity-softmax-5.json && expressivity run parity-softmax-5.json --precision fixed:4.4 --decision sign --input \"0 1 1 0 1\""
      ))
    #expect(lines.last?.hasPrefix("  float:5,3: none up to 5 (") == true)
    // The counterexample reproduced: 6 positions, k = 3 ones (odd), exact logit
    // (1/6)·(2/Z₋ − 2^−1/Z₊) with Z₊ = Z₋ = 3·2 + 3/2 = 15/2, i.e. 1/30; rounded 0.
    let model = try construct("parity-softmax", ["length=5"], as: "parity.json")
    let run = try Tool.run(["run", model, "--precision", "fixed:4.4", "--decision", "sign", "--input", "0 1 1 0 1", "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let shown = try object(run.stdout)
    #expect(shown["exact"] as? [String] == Array(repeating: "1/30", count: 5))
    #expect(shown["rounded"] as? [String] == Array(repeating: "0", count: 5))
    #expect(shown["differs"] as? [Bool] == Array(repeating: true, count: 5))
  }

  /// `verify --precision`: the rounded model against its own exact run.
  @Test func verifyPrecisionFindsTheFirstDepartingInput() throws {
    let model = try construct("first-softmax", ["max_len=4"], as: "first.json")
    let bad = try Tool.run(["verify", "--model", model, "--precision", "bf16", "--max-len", "4", "--json"])
    #expect(bad.status == 1)
    let o = try object(bad.stdout)
    #expect(o["verified"] as? Bool == false)
    #expect(o["checked"] as? Int == 7)
    #expect(o["input"] as? [String] == ["0", "0", "0"])
    #expect(o["exact"] as? String == "-512/1027")
    #expect(o["rounded"] as? String == "-1/2")
    let good = try Tool.run(["verify", "--model", model, "--precision", "fp32", "--max-len", "4"])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout == "fp32: checked 30 inputs of length 1...4: all agree with the exact run\n")
  }

  /// Bad formats and options: one `error:` line, exit 2, nothing on stdout, for every command.
  @Test(arguments: [
    ("fp8", "unknown number format \"fp8\""),
    ("fixed:0.0", "\"fixed:0.0\": a fixed-point format needs 1...62 integer plus fraction bits"),
    ("fixed:40.40", "\"fixed:40.40\": a fixed-point format needs 1...62 integer plus fraction bits"),
    ("float:1,10", "\"float:1,10\": exponent bits must be in 2...30"),
    ("float:40,3", "\"float:40,3\": exponent bits must be in 2...30"),
    ("float:8,0", "\"float:8,0\": fraction (mantissa) bits must be in 1...62"),
    ("float:8,70", "\"float:8,70\": fraction (mantissa) bits must be in 1...62"),
  ])
  func badFormatIsAUsageError(format: String, message: String) throws {
    let model = try construct("first-softmax", ["max_len=4"], as: "first.json")
    let commands: [(String, [String])] = [
      ("--precision", ["run", model, "--precision", format, "--input", "0 1"]),
      ("--precision", ["verify", "--model", model, "--precision", format, "--max-len", "2"]),
      ("--formats", ["precision", model, "--formats", format, "--max-len", "2"]),
      ("--accumulator", ["run", model, "--precision", "bf16", "--accumulator", format, "--input", "0 1"]),
    ]
    for (option, arguments) in commands {
      let r = try Tool.run(arguments)
      #expect(r.status == 2, "\(arguments)")
      #expect(r.stdout.isEmpty)
      #expect(r.stderr.hasPrefix("error: \(option): \(message)"), "\(r.stderr)")
      #expect(r.stderr.filter { $0 == "\n" }.count == 1)
    }
  }

  /// Rounding options without a format, and a bad option value, are usage errors.
  @Test func roundingOptionsNeedAFormat() throws {
    let model = try construct("first-softmax", ["max_len=4"], as: "first.json")
    let r = try Tool.run(["run", model, "--decision", "sign", "--input", "0 1"])
    #expect(r.status == 2)
    #expect(r.stderr == "error: --accumulator, --softmax-exp and --decision apply to a rounded run: give --precision\n")
    let d = try Tool.run(["precision", model, "--max-len", "2", "--decision", "loose"])
    #expect(d.status == 2)
    #expect(d.stderr == "error: --decision takes value or sign, got 'loose'\n")
    let long = try Tool.run(["precision", model, "--max-len", "9"])
    #expect(long.status == 2)
    #expect(long.stderr == "error: --max-len 9 is over the model's maximum length 4\n")
  }

  /// The claim precision-first-softmax, quick sweep: with M fraction bits
  /// (M ≤ 9) the normaliser stalls at 1 and the value breaks at length
  /// floor(1024/(2^(M+2) − 1)): 4, 2, 1, 0 for M = 6, 7, 8, 9; the note names
  /// the format, the failing input and what was checked.
  @Test func firstSoftmaxClaimBreaksWhereTheResolutionSays() throws {
    let r = try Tool.run(["check", "--quick", "--json", "Proofs/precision-first-softmax.toml"])
    #expect(r.status == 0, "\(r.stderr)")
    let o = try object(r.stdout)
    let claim = try #require((o["claims"] as? [[String: Any]])?.first)
    let points = try #require(claim["points"] as? [[String: Any]])
    #expect(points.map { $0["value"] as? Int } == [6, 7, 8, 9])
    let measured = points.map { (($0["predictions"] as? [String: Any])?["break_length"] as? [String: Any])?["measured"] as? Int }
    #expect(measured == [4, 2, 1, 0])
    let note = (points[1]["notes"] as? [String: Any])?["break_length"] as? String
    #expect(note?.hasPrefix("bf16, numerical outputs compared by value: breaks at length 3 on ") == true)
    #expect(note?.contains("checked every input of each length up to 2, then 4 seeded samples per length, up to the failing input") == true)
  }

  /// Runs `precision --json` and returns the one format's entry.
  func search(_ arguments: [String]) throws -> [String: Any] {
    let r = try Tool.run(["precision"] + arguments + ["--json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require((try object(r.stdout)["formats"] as? [[String: Any]])?.first)
  }

  /// Runs `run --precision FORMAT --json` on a model file.
  func roundedRun(_ model: String, _ format: String, _ input: [String], _ extra: [String] = []) throws -> [String: Any] {
    let r = try Tool.run(["run", model, "--precision", format, "--input", input.joined(separator: " "), "--json"] + extra)
    #expect(r.status == 0, "\(r.stderr)")
    return try object(r.stdout)
  }

  /// The S5 scan's break in bf16 (README's table: agrees up to 17, breaks at 18),
  /// found again from length 17 with the same seeded samples and reproduced by
  /// `run --precision`: the shift heads' scores −(j − (i − s))² need t² < 2^8.
  @Test func s5ScanBreaksInBfloat16AtLength18() throws {
    let found = try search([
      "--construct", "automaton-scan", "--param", "automaton=Circuits/automata/s5.toml", "--formats", "bf16",
      "--min-len", "17", "--max-len", "18", "--samples", "8",
    ])
    #expect(found["agreed_up_to"] as? Int == 17)
    #expect(found["break_length"] as? Int == 18)
    let input = "swap cycle swap swap cycle cycle swap swap cycle swap cycle swap swap cycle swap cycle swap swap"
      .split(separator: " ").map(String.init)
    #expect(found["counterexample"] as? [String] == input)
    let model = try construct("automaton-scan", ["automaton=Circuits/automata/s5.toml", "length=18"], as: "s5.json")
    let shown = try roundedRun(model, "bf16", input)
    #expect((shown["exact"] as? [String])?.last == "p5")
    #expect((shown["rounded"] as? [String])?.last == "p2")
    #expect((shown["differs"] as? [Bool])?.last == true)
    #expect(shown["exact"] as? [String] == found["exact"] as? [String])
    #expect(shown["rounded"] as? [String] == found["rounded"] as? [String])
  }

  /// parity-softmax by sign in bf16 (README's table: breaks at 37), reproduced:
  /// the exact logit −3/3610 rounds to a bf16 run's 0.
  @Test func paritySoftmaxSignBreaksInBfloat16AtLength37() throws {
    let found = try search([
      "--construct", "parity-softmax", "--formats", "bf16", "--decision", "sign", "--min-len", "36", "--max-len", "37",
      "--samples", "16",
    ])
    #expect(found["agreed_up_to"] as? Int == 36)
    #expect(found["break_length"] as? Int == 37)
    let input = try #require(found["counterexample"] as? [String])
    #expect(input.joined(separator: " ") == "1 1 0 1 0 0 0 1 0 1 0 1 1 1 1 0 1 0 1 1 0 0 1 0 0 0 1 1 1 1 1 1 1 1 1 1 1")
    let model = try construct("parity-softmax", ["length=37"], as: "parity37.json")
    let shown = try roundedRun(model, "bf16", input, ["--decision", "sign"])
    #expect(shown["exact"] as? [String] == Array(repeating: "-3/3610", count: 37))
    #expect(shown["rounded"] as? [String] == Array(repeating: "0", count: 37))
  }

  /// Compiles sort (max_len 6) with `compile --comparisons FORM` and searches
  /// fp16, bf16 and fp32 (16 samples per length).
  func compiledSortSearch(_ form: String) throws -> (model: String, formats: [[String: Any]]) {
    let model = path("sort-\(form).json")
    let c = try Tool.run([
      "compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "6",
      "--enumerate-up-to", "0", "--comparisons", form, "-o", model,
    ])
    #expect(c.status == 0, "\(c.stderr)")
    let r = try Tool.run(["precision", model, "--formats", "fp16,bf16,fp32", "--max-len", "6", "--samples", "16", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let formats = try #require(try object(r.stdout)["formats"] as? [[String: Any]])
    #expect(formats.map { $0["format"] as? String } == ["fp16", "bf16", "fp32"])
    return (model, formats)
  }

  /// A compiled sort (max_len 6) with one-hot comparisons (the RASP
  /// construction): fp16 and fp32 agree on every checked input; bf16 breaks
  /// its decoder at length 3 on a c b (position 1 ties).
  @Test func compiledSortHoldsInFp16AndFp32AndBreaksInBfloat16() throws {
    let (model, formats) = try compiledSortSearch("one-hot")
    for hardware in [formats[0], formats[2]] {
      #expect(hardware["break_length"] is NSNull)
      #expect(hardware["checked"] as? Int == 76)
    }
    #expect(formats[1]["agreed_up_to"] as? Int == 2)
    #expect(formats[1]["break_length"] as? Int == 3)
    #expect(formats[1]["counterexample"] as? [String] == ["a", "c", "b"])
    let shown = try roundedRun(model, "bf16", ["a", "c", "b"])
    #expect(shown["exact"] as? [String] == ["a", "b", "c"])
    #expect(shown["differs"] as? [Bool] == [false, true, true])
  }

  /// The same sort as compiled by default (and with `--comparisons
  /// numerical`): `destination == indices` is scored 2c·a·b − c·b², and the
  /// MLP that writes destination² is exact but cancels large terms, so bf16
  /// breaks at length 2 on "a b" (destination² 66 for the exact 0 at
  /// position 0: "b b") and fp16 at length 3 on "a a b" (−11 for the exact
  /// 1 at position 2: "a a a"), both earlier than the one-hot sort (bf16 at
  /// 3, fp16 never up to 6); fp32 still agrees on every checked input.
  @Test func compiledSortWithNumericalComparisonBreaksEarlier() throws {
    let (defaultModel, defaultFormats) = try compiledSortSearch("auto")
    let (model, formats) = try compiledSortSearch("numerical")
    for (f, g) in zip(formats, defaultFormats) {
      #expect(f["break_length"] as? Int == g["break_length"] as? Int)
      #expect(f["counterexample"] as? [String] == g["counterexample"] as? [String])
    }
    #expect(formats[0]["agreed_up_to"] as? Int == 2)
    #expect(formats[0]["break_length"] as? Int == 3)
    #expect(formats[0]["counterexample"] as? [String] == ["a", "a", "b"])
    #expect(formats[1]["agreed_up_to"] as? Int == 1)
    #expect(formats[1]["break_length"] as? Int == 2)
    #expect(formats[1]["counterexample"] as? [String] == ["a", "b"])
    #expect(formats[2]["break_length"] is NSNull)
    #expect(formats[2]["checked"] as? Int == 76)
    let bf16 = try roundedRun(defaultModel, "bf16", ["a", "b"])
    #expect(bf16["exact"] as? [String] == ["a", "b"])
    #expect(bf16["rounded"] as? [String] == ["b", "b"])
    let departure = try #require(bf16["departure"] as? [String: Any])
    #expect(departure["direction"] as? String == "destination²")
    #expect(departure["rounded"] as? String == "66")
    let fp16 = try roundedRun(model, "fp16", ["a", "a", "b"])
    #expect(fp16["rounded"] as? [String] == ["a", "a", "a"])
    let fp16Departure = try #require(fp16["departure"] as? [String: Any])
    #expect(fp16Departure["rounded"] as? String == "-11")
    #expect(fp16Departure["side"] as? String == "below")
  }
}
