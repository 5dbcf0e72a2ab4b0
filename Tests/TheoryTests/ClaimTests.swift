import ExactArithmetic
import Testing
import Theory

/// A stand-in evaluator whose "model" has depth ceil(log2 T) + extra and
/// fails verification when given fewer layers than ceil(log2 T).
struct FakeScan: PointEvaluator {
  var extra = 0
  func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement {
    let t = Int(parameters["length"]!)!
    var needed = 0
    while (1 << needed) < t { needed += 1 }
    let layers = parameters["layers"].flatMap { Int($0) } ?? needed + extra
    return Measurement(
      resources: ["layers": Rational(layers), "residual_width": 56],
      checked: t, counterexample: layers < needed ? "input \(t) ones" : nil,
      coverage: "every input", seconds: 0)
  }
}

@Suite struct ClaimTests {
  let text = """
    title = "S5 by parallel prefix"
    paper = "Liu et al. 2022"
    theorem = "Theorem 1"
    task = "S5 word problem"
    [build]
    construction = "automaton-scan"
    automaton = "Circuits/automata/s5.toml"
    [sweep]
    length = [1, 2, 4, 8, 16]
    [sweep.quick]
    length = [2, 4]
    [[predict]]
    kind = "construction"
    resource = "layers"
    relation = "=="
    formula = "ceil(log2(length))"
    [[predict]]
    kind = "paper"
    resource = "residual_width"
    relation = "constant"
    [verify]
    exhaustive_up_to = 6
    samples = 2
    [ablation]
    parameter = "layers"
    formula = "ceil(log2(length)) - 1"
    when = "length - 1"
    """

  @Test func parsesEveryField() throws {
    let claim = try Claim(toml: text, file: "scan.toml", id: "scan")
    #expect(claim.sweepParameter == "length")
    #expect(claim.sweep == [1, 2, 4, 8, 16])
    #expect(claim.quickSweep == [2, 4])
    #expect(claim.predictions.map(\.resource) == ["layers", "residual_width"])
    #expect(claim.predictions[1].relation == .constant)
    #expect(claim.build == ["construction": "automaton-scan", "automaton": "Circuits/automata/s5.toml"])
    #expect(claim.depth.exhaustiveUpTo == 6 && claim.depth.samples == 2)
    #expect(claim.mode == "single-pass")
    #expect(claim.predictions.map(\.kind) == [.construction, .paper])
    #expect(claim.kinds == [.construction, .paper, .ablation])
    #expect(claim.predictions.map(\.key) == ["layers", "residual_width"])
    #expect(claim.settings.map(\.name) == ["main"])
  }

  @Test func aTrueClaimHoldsWithItsAblationRefuted() throws {
    let claim = try Claim(toml: text, file: "scan.toml", id: "scan")
    let result = ClaimChecker(evaluator: FakeScan()).check(claim, quick: false)
    #expect(result.holds, "\(result.failures)")
    #expect(result.points.map(\.ablationApplies) == [false, true, true, true, true])
    #expect(result.points[4].ablationCounterexample == "input 16 ones")
    let markdown = ClaimReport.markdown([result], quick: false)
    #expect(markdown.contains("| [S5 by parallel prefix](#scan) | Liu et al. 2022 | Theorem 1 | single-pass | length ∈ {1, 2, 4, 8, 16} | paper 1, construction 1, ablation 1 | holds |"))
    #expect(markdown.contains("**Summary:** 1 claims, 1 hold. Checks of the papers (paper 1): 1 of 1 hold. Checks of our constructions (construction 1, ablation 1): 2 of 2 hold."))
    #expect(markdown.contains("| length | layers [construction] | predicted | residual_width [paper] | predicted | verified | checked | ablation counterexample |"))
    #expect(markdown.contains("- **ablation** with layers = ceil(log2(length)) - 1 the model must fail ✓"))
    #expect(markdown.contains("| 16 | 4 | 4 | 56 | — | every input | 16 | input 16 ones |"))
    #expect(ClaimReport.csv(result).hasPrefix("length,layers,layers_predicted,residual_width,residual_width_predicted,checked,holds\n1,0,0,56,,1,true\n"))
    #expect(ClaimReport.plots(result).map(\.name) == ["scan-layers", "scan-residual_width"])
  }

  @Test func aWrongFormulaIsReportedAsFailing() throws {
    let wrong = try Claim(
      toml: text.replacingOccurrences(of: "formula = \"ceil(log2(length))\"", with: "formula = \"ceil(log2(length)) + 1\""),
      file: "scan.toml", id: "scan")
    let result = ClaimChecker(evaluator: FakeScan()).check(wrong, quick: true)
    #expect(!result.holds)
    #expect(result.failures == [
      "length = 2: [construction] layers measured 1, predicted 2",
      "length = 4: [construction] layers measured 2, predicted 3",
    ])
    #expect(ClaimReport.markdown([result], quick: true).contains("| 2 | 1 | 2 ✗ |"))
  }

  @Test func aModelThatFailsVerificationFailsTheClaim() throws {
    let claim = try Claim(toml: text, file: "scan.toml", id: "scan")
    // Ablation never refuted: pretend every model verifies.
    struct AlwaysRight: PointEvaluator {
      func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement {
        var m = try FakeScan().measure(claim, parameters: parameters, depth: depth)
        m.counterexample = nil
        return m
      }
    }
    let result = ClaimChecker(evaluator: AlwaysRight()).check(claim, quick: true)
    #expect(!result.holds)
    #expect(result.failures.first == "length = 2: [ablation] the ablated model (layers = ceil(log2(length)) - 1) had no counterexample")
  }

  @Test func rangesExpand() throws {
    let claim = try Claim(toml: text.replacingOccurrences(of: "length = [1, 2, 4, 8, 16]", with: "length = \"3..7\""), file: "c.toml", id: "c")
    #expect(claim.sweep == [3, 4, 5, 6, 7])
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 9, column: 1, message: "'sweep.length' must be a list of integers or a range \"a..b\" of at most 100000 values",
      excerpt: "    length = \"7..3\"\n    ^")) {
      try Claim(toml: text.replacingOccurrences(of: "length = [1, 2, 4, 8, 16]", with: "length = \"7..3\""), file: "c.toml", id: "c")
    }
  }

  /// A sweep to 100000 (hours of exact checks), a range whose span overflows, a negative seed and
  /// TOML the reader refuses: each a one-line error, none a trap or a run past its bound.
  @Test func boundsAndMalformedFilesAreRefused() {
    func claim(_ old: String, _ new: String) throws -> Claim {
      try Claim(toml: text.replacingOccurrences(of: old, with: new), file: "c.toml", id: "c")
    }
    let sweep = "length = [1, 2, 4, 8, 16]"
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 9, column: 1, message: "'sweep.length' must be values at most 4096 (found 100000: every swept value builds a model of that size and checks it exactly)",
      excerpt: "    length = [1, 100000]\n    ^")) {
      try claim(sweep, "length = [1, 100000]")
    }
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 9, column: 1, message: "'sweep.length' must be a list of integers or a range \"a..b\" of at most 100000 values",
      excerpt: "    length = \"-9223372036854775807..9223372036854775807\"\n    ^")) {
      try claim(sweep, "length = \"-9223372036854775807..9223372036854775807\"")
    }
    #expect(throws: ClaimError.located(
      file: "c.toml", line: 24, column: 1, message: "'verify.seed' must be a non-negative integer",
      excerpt: "    seed = -1\n    ^")) {
      try claim("samples = 2", "samples = 2\nseed = -1")
    }
    do {
      _ = try claim(sweep, "length = [ } ]")
      Issue.record("parsed")
    } catch {
      #expect("\(error)".hasPrefix("c.toml:"))
      #expect("\(error)".contains(": expected a value, found '}'\n"))
      #expect(!"\(error)".contains("error:"))
    }
  }

  @Test func badFilesAreExplained() {
    let cases: [(String, String)] = [
      (text.replacingOccurrences(of: "relation = \"==\"", with: "relation = \"≈\""), "c.toml:15:1: 'predict[0].relation' must be one of ==, <=, >=, constant\n    relation = \"≈\"\n    ^"),
      (text.replacingOccurrences(of: "ceil(log2(length))\"\n", with: "ceil(log2(length)\"\n"), "c.toml:16:29: 'predict[0].formula' is not a formula: expected ',' or ')'\n    formula = \"ceil(log2(length)\"\n                                ^"),
      (text.replacingOccurrences(of: "length = [1, 2, 4, 8, 16]", with: "length = []"), "c.toml:9:1: 'sweep.length' must be a non-empty list of integers\n    length = []\n    ^"),
      (text.replacingOccurrences(of: "title = \"S5 by parallel prefix\"\n", with: ""), "c.toml:1:1: 'title' is missing: it must be a string\n    paper = \"Liu et al. 2022\"\n    ^"),
      (text.replacingOccurrences(of: "kind = \"construction\"\n", with: ""),
       "c.toml:12:3: 'predict[0].kind' is missing: it must be one of paper, separation, lower-bound, instance, construction (ablations go in [ablation])\n    [[predict]]\n      ^"),
      (text.replacingOccurrences(of: "kind = \"construction\"", with: "kind = \"ablation\""),
       "c.toml:13:1: 'predict[0].kind' must be one of paper, separation, lower-bound, instance, construction (ablations go in [ablation])\n    kind = \"ablation\"\n    ^"),
      (text.replacingOccurrences(of: "kind = \"construction\"", with: "knd = \"construction\""),
       "c.toml:13:1: 'predict[0].knd' must be one of the known keys (formula, kind, note, relation, resource, setting)\n    knd = \"construction\"\n    ^"),
      (text.replacingOccurrences(of: "kind = \"construction\"", with: "kind = \"lower-bound\""),
       "c.toml:13:1: 'predict[0].kind' must be a kind other than lower-bound: a lower bound is measured by a method that never looks at our construction (a setting with method = …), not read off a model we built\n    kind = \"lower-bound\"\n    ^"),
      (text.replacingOccurrences(of: "kind = \"construction\"", with: "kind = \"separation\""),
       "c.toml:13:1: 'predict' must be separation checks on at least two settings (a separation measures two settings side by side)\n    kind = \"separation\"\n    ^"),
      (text.replacingOccurrences(of: "when = \"length - 1\"", with: "when = \"length - 1\"\nkind = \"lower-bound\""),
       "c.toml:28:1: 'ablation.kind' must be \"ablation\" (a smaller model that fails is never a lower bound)\n    kind = \"lower-bound\"\n    ^"),
    ]
    for (source, message) in cases {
      do {
        _ = try Claim(toml: source, file: "c.toml", id: "c")
        Issue.record("parsed")
      } catch {
        #expect("\(error)" == message)
      }
    }
  }
}

@Suite struct KnownGapTests {
  @Test func aKnownGapIsReportedButParsedSeparately() throws {
    let text = """
      title = "t"
      paper = "p"
      theorem = "th"
      task = "k"
      known_gap = "not yet"
      [build]
      construction = "automaton-scan"
      [sweep]
      length = [2]
      [[predict]]
      kind = "construction"
      resource = "layers"
      relation = "=="
      formula = "5"
      """
    let claim = try Claim(toml: text, file: "g.toml", id: "g")
    #expect(claim.knownGap == "not yet")
    let result = ClaimChecker(evaluator: FakeScan()).check(claim, quick: false)
    #expect(!result.holds)
    #expect(ClaimReport.markdown([result], quick: false).contains("| **fails** (known gap) |"))
    #expect(ClaimReport.markdown([result], quick: false).contains("Known gap: not yet"))
  }
}

/// Claims with several settings measured side by side.
@Suite struct SettingTests {
  /// "Depth" of a chain is n, of a tree ceil(log2 n); a method setting counts n states.
  struct TwoSides: PointEvaluator {
    func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement {
      let n = Int(parameters["n"] ?? parameters["k"]!)!
      if parameters["method"] != nil {
        return Measurement(resources: ["states": Rational(n + Int(parameters["extra"]!)!)], checked: 0, counterexample: nil, coverage: "by counting", seconds: 0)
      }
      var layers = 0
      while (1 << layers) < n { layers += 1 }
      let value = parameters["construction"] == "chain" ? n : layers
      return Measurement(resources: ["layers": Rational(value)], checked: n, counterexample: nil, coverage: "every input", seconds: 0)
    }
  }

  let text = """
    title = "chain vs tree"
    paper = "p"
    theorem = "t"
    task = "k-hop"
    [setting.chain]
    construction = "chain"
    [setting.tree]
    construction = "tree"
    sweep_as = "k"
    [setting.bound]
    method = "count"
    extra = { formula = "2*n" }
    [sweep]
    n = [1, 2, 4, 8]
    [[predict]]
    kind = "separation"
    setting = "chain"
    resource = "layers"
    relation = "=="
    formula = "n"
    [[predict]]
    kind = "separation"
    setting = "tree"
    resource = "layers"
    relation = "<="
    formula = "chain.layers"
    [[predict]]
    kind = "lower-bound"
    setting = "bound"
    resource = "states"
    relation = ">="
    formula = "3*n"
    """

  @Test func settingsAreMeasuredSideBySide() throws {
    let claim = try Claim(toml: text, file: "s.toml", id: "s")
    #expect(claim.settings.map(\.name) == ["bound", "chain", "tree"])
    #expect(claim.setting(named: "tree")!.sweepAs == "k")
    #expect(claim.predictions.map(\.key) == ["chain.layers", "tree.layers", "bound.states"])
    #expect(try ClaimChecker.parameters(claim.setting(named: "bound")!, claim: claim, value: 4) == ["method": "count", "extra": "8", "n": "4"])
    let result = ClaimChecker(evaluator: TwoSides()).check(claim, quick: false)
    #expect(result.holds, "\(result.failures)")
    #expect(result.points[3].comparisons.map { $0.measured } == [8, 3, 24])
    #expect(result.points[3].comparisons.map { $0.predicted } == [8, 8, 24])
    #expect(ClaimReport.summary([result]) == "1 claims, 1 hold. Checks of the papers (separation 2, lower-bound 1): 3 of 3 hold. Checks of our constructions (none): 0 of 0 hold.")
    // A gap predicted the wrong way round fails.
    let wrong = try Claim(toml: text.replacingOccurrences(of: "formula = \"chain.layers\"", with: "formula = \"chain.layers - 4\""), file: "s.toml", id: "s")
    let failed = ClaimChecker(evaluator: TwoSides()).check(wrong, quick: false)
    #expect(failed.failures == [
      "n = 1: [separation] tree.layers measured 0, predicted <= -3",
      "n = 2: [separation] tree.layers measured 1, predicted <= -2",
      "n = 4: [separation] tree.layers measured 2, predicted <= 0",
    ])
  }

  @Test func aSettingIsMeasuredOnlyWhereItsWhenIsPositive() throws {
    // The method is measured up to n = 2 only; its predictions elsewhere are
    // reported as not measured, the other settings still are.
    let limited = text.replacingOccurrences(of: "method = \"count\"\n", with: "method = \"count\"\nwhen = \"3 - n\"\n")
    let claim = try Claim(toml: limited, file: "s.toml", id: "s")
    #expect(claim.setting(named: "bound")!.when?.description == "3 - n")
    let result = ClaimChecker(evaluator: TwoSides()).check(claim, quick: false)
    #expect(result.holds, "\(result.failures)")
    #expect(result.points.map(\.skippedSettings) == [[], [], ["bound"], ["bound"]])
    #expect(result.points[3].comparisons.map(\.skipped) == [false, false, true])
    #expect(result.points[3].comparisons.map(\.measured) == [8, 3, nil])
    #expect(result.points[1].comparisons[2].measured == 6)
    #expect(result.points[3].coverage == "bound: not measured here; chain: every input; tree: every input")
    #expect(ClaimReport.markdown([result], quick: false).contains("| 8 | 8 | 8 | 3 | <= 8 | — | not measured |"))
  }

  @Test func aSettingMayRunInItsOwnMode() throws {
    // The table files each side of a one-pass against chain-of-thought separation under its own column.
    let own = text.replacingOccurrences(of: "construction = \"tree\"\n", with: "construction = \"tree\"\ntable_column = \"looped\"\n")
    let claim = try Claim(toml: own, file: "s.toml", id: "s")
    #expect(claim.mode == "single-pass")
    #expect(claim.setting(named: "tree")!.mode == "looped")
    #expect(claim.setting(named: "tree")!.build["table_column"] == nil)
    #expect(claim.tableMode(of: "tree") == "looped")
    #expect(claim.tableMode(of: "chain") == "single-pass")
    let bad = text.replacingOccurrences(of: "construction = \"tree\"\n", with: "construction = \"tree\"\ntable_column = \"twice\"\n")
    #expect(throws: ClaimError.located(
      file: "s.toml", line: 9, column: 1, message: "'setting.tree.table_column' must be single-pass, chain-of-thought or looped",
      excerpt: "    table_column = \"twice\"\n    ^")) {
      try Claim(toml: bad, file: "s.toml", id: "s")
    }
  }

  @Test func predictionsMustNameTheirSetting() {
    let missing = text.replacingOccurrences(of: "setting = \"chain\"\n", with: "")
    #expect(throws: ClaimError.located(
      file: "s.toml", line: 15, column: 3, message: "'predict[0].setting' is missing: it must be the name of a setting (bound, chain, tree)",
      excerpt: "    [[predict]]\n      ^")) {
      try Claim(toml: missing, file: "s.toml", id: "s")
    }
  }
}
