import Testing

@testable import ExpressivityCLI

/// Every option of `verify` against every form of the command: the option
/// table names each option the help lists, and an option given to a form
/// it does not apply to is refused, naming it (exit 2); one that applies is
/// never refused for not applying.
@Suite struct OptionRulesTests {
  typealias Form = VerifyCommand.Form

  /// The smallest arguments that select each form.
  static let forms: [Form: [String]] = [
    .rasp: ["Circuits/sort.rasp", "--sop", "s", "--vocab", "a,b", "--max-len", "3"],
    .model: ["--model", "m.json", "--automaton", "a.toml", "--max-len", "3"],
    .certificate: ["--certificate", "c.json"],
    .precision: ["--model", "m.json", "--precision", "fp16", "--max-len", "3"],
  ]

  /// Each option with a value of the right type.
  static let samples: [String: [String]] = [
    "FILE": ["x.rasp"], "--sop": ["--sop", "s"], "--vocab": ["--vocab", "a"], "--no-bos": ["--no-bos"],
    "--max-values": ["--max-values", "9"], "--encoding": ["--encoding", "s=numerical"],
    "--additive-embedding": ["--additive-embedding"], "--joint-limit": ["--joint-limit", "4"],
    "--comparisons": ["--comparisons", "one-hot"],
    "--inject-fault": ["--inject-fault", "tokens:a"], "--model": ["--model", "m.json"],
    "--automaton": ["--automaton", "a.toml"], "--expected": ["--expected", "e.json"],
    "--max-len": ["--max-len", "3"], "--min-len": ["--min-len", "2"], "--samples": ["--samples", "5"],
    "--seed": ["--seed", "1"], "--inputs": ["--inputs", "i.txt"], "--shard": ["--shard", "0/2"],
    "--max-inputs": ["--max-inputs", "10"], "--mode": ["--mode", "looped"], "--max-steps": ["--max-steps", "3"],
    "--reference": ["--reference", "r.json"], "--no-prefix-sharing": ["--no-prefix-sharing"],
    "--jobs": ["--jobs", "2"], "--json": ["--json"], "-o": ["-o", "out.json"],
    "--certificate": ["--certificate", "c.json"], "--precision": ["--precision", "fp16"],
    "--accumulator": ["--accumulator", "fp32"], "--softmax-exp": ["--softmax-exp", "e"],
    "--decision": ["--decision", "sign"],
  ]

  @Test func theTableNamesEveryOptionTheHelpLists() throws {
    let help = VerifyCommand.helpMessage(columns: 400)
    let separators: Set<Character> = [" ", "\n", ",", ";", ".", ":", "[", "]", "(", ")"]
    let words: [String] = help.split(whereSeparator: { separators.contains($0) }).map(String.init)
    let options: [String] = words.filter { $0.hasPrefix("--") || $0 == "-o" }
    // The table names -o/--output by its short name.
    let listed = Set(options.filter { $0 != "--help" && $0 != "--version" }.map { $0 == "--output" ? "-o" : $0 })
    #expect(listed.count >= 25)
    for option in listed {
      #expect(VerifyCommand.rules.forms(of: option) != nil, "\(option) is not in verify's option table")
      #expect(Self.samples[option] != nil, "\(option) has no sample value in this test")
    }
    for rule in VerifyCommand.rules.rules where rule.option != "FILE" && rule.option != "--inject-fault" {
      #expect(listed.contains(rule.option), "\(rule.option) is in the table but not in the help")
    }
  }

  @Test func everyOptionOnEveryForm() throws {
    var refusals = 0
    for rule in VerifyCommand.rules.rules {
      for form in Form.allCases {
        let base = Self.forms[form]!
        let extra = Self.samples[rule.option]!
        // An option that selects the form is already there.
        if base.contains(extra[0]) || (rule.option == "FILE" && form == .rasp) { continue }
        let command = try VerifyCommand.parse(base + extra)
        // An option that selects another form makes the base's options the ones that do not apply.
        let selects = ["FILE", "--model", "--certificate", "--precision"].contains(rule.option)
        do {
          let chosen = try command.checkOptions()
          #expect(selects || chosen == form, "\(rule.option) on \(form)")
          #expect(rule.forms.contains(form) || selects, "\(rule.option) was accepted on \(form)")
        } catch let error as UserError {
          #expect(error.exitCode == 2)
          let refused = selects
            ? error.description.contains(" does not apply to verify ")
            : error.description.hasPrefix("\(rule.option) does not apply to verify ")
          #expect(refused == !rule.forms.contains(form), "\(rule.option) on \(form): \(error.description)")
          if refused { refusals += 1 }
        }
      }
    }
    #expect(refusals >= 50)
  }

  @Test func theRefusalNamesWhereTheOptionApplies() throws {
    let command = try VerifyCommand.parse(Self.forms[.certificate]! + ["--shard", "0/2"])
    #expect(throws: UserError.self) { try command.checkOptions() }
    do {
      _ = try command.checkOptions()
    } catch let error as UserError {
      #expect(error.description == "--shard does not apply to verify --certificate (it applies to a RASP file, --model)")
    }
  }

  @Test func progressLinesSayCountRateAndTimeLeft() {
    #expect(WorkProgress.line("verify", done: 1_234, total: 10_000, unit: "inputs", seconds: 2)
      == "verify: 1,234 of 10,000 inputs (12%), 617/s, about 15 s left")
    #expect(WorkProgress.line("check", done: 0, total: 21, unit: "claims", seconds: 0) == "check: 0 of 21 claims (0%)")
    #expect(WorkProgress.duration(3_725) == "1 h 2 min")
    #expect(WorkProgress.grouped(-1_000_000) == "-1,000,000")
  }

  @Test func dashedValuesAreAttachedToTheirOption() {
    #expect(Expressivity.attachingDashedValues(["verify", "--max-len", "-1", "--json"])
      == ["verify", "--max-len=-1", "--json"])
    #expect(Expressivity.attachingDashedValues(["run", "m.json", "--input", "-1 2"]) == ["run", "m.json", "--input=-1 2"])
    #expect(Expressivity.attachingDashedValues(["run", "--json", "-o", "x"]) == ["run", "--json", "-o", "x"])
  }
}

/// Every option of `run` against every form (single pass, --cot, --loop, --precision).
@Suite struct RunOptionRulesTests {
  typealias Form = RunCommand.Form

  static let forms: [Form: [String]] = [
    .singlePass: ["m.json", "--input", "a"], .chainOfThought: ["m.json", "--input", "a", "--cot"],
    .looped: ["m.json", "--input", "a", "--loop"], .rounded: ["m.json", "--input", "a", "--precision", "fp16"],
  ]

  static let samples: [String: [String]] = [
    "--input": ["--input", "a"], "--inputs": ["--inputs", "i.txt"], "--json": ["--json"], "--trace": ["--trace", "d"],
    "--cot": ["--cot"], "--max-steps": ["--max-steps", "3"], "--loop": ["--loop"], "--precision": ["--precision", "fp16"],
    "--accumulator": ["--accumulator", "fp32"], "--softmax-exp": ["--softmax-exp", "e"], "--decision": ["--decision", "sign"],
  ]

  @Test func theTableNamesEveryOptionTheHelpLists() {
    let separators: Set<Character> = [" ", "\n", ",", ";", ".", ":", "[", "]", "(", ")"]
    let words: [String] = RunCommand.helpMessage(columns: 400).split(whereSeparator: { separators.contains($0) }).map(String.init)
    let listed = Set(words.filter { $0.hasPrefix("--") && $0 != "--help" && $0 != "--version" })
    #expect(listed.count >= 10)
    for option in listed { #expect(RunCommand.rules.forms(of: option) != nil, "\(option) is not in run's option table") }
  }

  @Test func everyOptionOnEveryForm() throws {
    var refusals = 0
    for (option, extra) in Self.samples {
      let rule = try #require(RunCommand.rules.forms(of: option))
      for form in Form.allCases {
        let base = Self.forms[form]!
        if base.contains(extra[0]) { continue }
        let command = try RunCommand.parse(base + extra)
        let selects = ["--cot", "--loop", "--precision"].contains(option)
        do {
          _ = try command.checkOptions()
          #expect(rule.contains(form) || selects, "\(option) was accepted on \(form)")
        } catch let error as UserError {
          #expect(error.exitCode == 2)
          let refused = error.description.contains(" does not apply to run ") || error.description.hasPrefix("choose one of")
            || error.description.hasSuffix("give --precision")
          #expect(refused == (!rule.contains(form) || selects), "\(option) on \(form): \(error.description)")
          if refused { refusals += 1 }
        }
      }
    }
    #expect(refusals >= 15)
  }
}
