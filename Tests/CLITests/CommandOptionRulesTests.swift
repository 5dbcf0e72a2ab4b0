import Foundation
import Testing
import TestSupport

@testable import ExpressivityCLI

/// Every option of `construct` and `compile` against every form of the
/// command, run through the built tool: an option that does not apply is
/// exit 2 with a one-line `error:` naming it; one that applies runs (exit 0).
@Suite struct CommandOptionRulesTests {
  /// Runs the tool and returns its exit status and stderr.
  func run(_ arguments: [String]) throws -> Tool.Result { try Tool.run(arguments) }

  /// A fresh path in the temporary folder.
  func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)").path
  }

  @Test func constructEveryOptionOnEveryForm() throws {
    typealias Form = ConstructCommand.Form
    let forms: [Form: [String]] = [.list: ["construct", "--list"], .build: ["construct", "index", "--param", "bits=3"]]
    let samples: [String: [String]] = [
      "NAME": ["index"], "--param": ["--param", "bits=3"], "-o": ["-o", temporary("index.json")], "--json": ["--json"],
      "--list": ["--list"],
    ]
    #expect(Set(samples.keys) == Set(ConstructCommand.rules.rules.map(\.option)))
    var refusals = 0
    for rule in ConstructCommand.rules.rules {
      for form in Form.allCases {
        let base = forms[form]!
        let extra = samples[rule.option]!
        if base.contains(extra[0]) { continue }
        let r = try run(base + extra)
        if rule.option == "--list" {
          // --list on a build: the build's options are the ones that do not apply.
          #expect(r.status == 2)
          #expect(r.stderr == "error: NAME does not apply to construct --list (it applies to NAME)\n", "\(r.stderr)")
          refusals += 1
        } else if rule.forms.contains(form) {
          #expect(r.status == 0, "\(rule.option) on \(form): \(r.stderr)")
          #expect(r.stdout.contains("index") || r.stdout.contains("\"construction\""))
        } else {
          #expect(r.status == 2)
          #expect(r.stderr == "error: \(rule.option) does not apply to construct --list (it applies to NAME)\n", "\(r.stderr)")
          #expect(r.stdout.isEmpty)
          refusals += 1
        }
      }
    }
    #expect(refusals == 5)
  }

  /// A parameter the family does not take, one the build ignores under the
  /// other parameters, and one that only sets what `check` tests are refused.
  @Test func constructRefusesParametersThatDoNotApply() throws {
    let unknown = try run(["construct", "automaton-cot", "--param", "automaton=Circuits/automata/parity.toml", "--param", "bogus=1"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr == "error: automaton-cot has no parameter 'bogus' (it takes: automaton, max_input)\n")
    let ignored = try run([
      "construct", "superposition", "--param", "tables=0,1,2;1,2,3;2,3,0", "--param", "random_tables=7",
    ])
    #expect(ignored.status == 2)
    #expect(ignored.stderr
      == "error: --param random_tables does not apply to construct superposition with the other parameters given (the build does not read it)\n")
    let checkOnly = try run(["construct", "superposition", "--param", "prompts=well-formed"])
    #expect(checkOnly.status == 2)
    #expect(checkOnly.stderr
      == "error: --param prompts does not change the model construct superposition builds (it sets which inputs check tests): give it in a claim file's build table\n")
    let twice = try run(["construct", "index", "--param", "bits=3", "--param", "bits=4"])
    #expect(twice.status == 2)
    #expect(twice.stderr == "error: --param bits is given twice ('3' and '4'); give each parameter once\n")
    // Every parameter a family lists at its example value is read by its build or reference.
    let path = temporary("hop.json")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let all = try run(["construct", "hop-k", "--param", "k=4", "--param", "layout=chain", "--param", "max_len=8", "-o", path])
    #expect(all.status == 0, "\(all.stderr)")
    #expect(all.stdout.hasPrefix("hop-k: 5 layers"), "\(all.stdout)")
  }

  @Test func compileEveryOptionOnEveryForm() throws {
    typealias Form = CompileCommand.Form
    let program = ["compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b", "--max-len", "3"]
    let forms: [Form: [String]] = [.text: program, .json: program + ["--json"]]
    let output = temporary("reverse.json")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let samples: [String: [String]] = [
      "FILE": [], "--sop": [], "--vocab": [], "--max-len": [], "--no-bos": ["--no-bos"],
      "--max-values": ["--max-values", "500"], "--enumerate-up-to": ["--enumerate-up-to", "0"],
      "--encoding": ["--encoding", "mirror=categorical"], "--additive-embedding": ["--additive-embedding"],
      "--joint-limit": ["--joint-limit", "0"], "--comparisons": ["--comparisons", "one-hot"], "-o": ["-o", output], "--json": ["--json"], "--layout": ["--layout"],
    ]
    #expect(Set(samples.keys) == Set(CompileCommand.rules.rules.map(\.option)))
    // The help lists no option the table leaves out.
    let separators: Set<Character> = [" ", "\n", ",", ";", ".", ":", "[", "]", "(", ")"]
    let words = CompileCommand.helpMessage(columns: 400).split(whereSeparator: { separators.contains($0) }).map(String.init)
    for option in Set(words.filter { $0.hasPrefix("--") && $0 != "--help" && $0 != "--version" }) {
      let typed = option == "--output" ? "-o" : option
      #expect(CompileCommand.rules.forms(of: typed) != nil, "\(option) is not in compile's option table")
    }
    var refusals = 0
    for rule in CompileCommand.rules.rules {
      for form in Form.allCases {
        let extra = samples[rule.option]!
        if let first = extra.first, forms[form]!.contains(first) { continue }
        let r = try run(forms[form]! + extra)
        if rule.option == "--json" {
          // It selects the JSON form, where the text form's options apply.
          #expect(r.status == 0, "\(r.stderr)")
          #expect(r.stdout.hasPrefix("{"))
        } else if rule.forms.contains(form) {
          #expect(r.status == 0, "\(rule.option) on \(form): \(r.stderr)")
          #expect(r.stdout.hasPrefix(form == .json ? "{" : "reverse: vocabulary a,b, max length 3"), "\(r.stdout)")
        } else {
          #expect(r.status == 2)
          let applies = form == .json ? "(text output)" : "--json"
          #expect(r.stderr == "error: \(rule.option) does not apply to compile --json (it applies to \(applies))\n", "\(r.stderr)")
          refusals += 1
        }
      }
    }
    #expect(refusals == 1)
  }

  @Test func compileRefusesEncodingsThatNameNothingOrRepeat() throws {
    let program = ["compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b", "--max-len", "3"]
    let missing = try run(program + ["--encoding", "nope=numerical"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "error: --encoding names 'nope', which is not an s-op of Circuits/reverse.rasp\n")
    let twice = try run(program + ["--encoding", "mirror=numerical", "--encoding", "mirror=categorical"])
    #expect(twice.status == 2)
    #expect(twice.stderr == "error: --encoding mirror is given twice (numerical and categorical); give each s-op once\n")
    // The compiler caps joint one-hots at --max-values: a larger --joint-limit would be lowered silently.
    let over = try run(program + ["--joint-limit", "600", "--max-values", "500"])
    #expect(over.status == 2)
    #expect(over.stderr
      == "error: --joint-limit 600 is over --max-values 500 (a joint one-hot is a value set too): lower it or raise --max-values\n")
    #expect(try run(program + ["--joint-limit", "500", "--max-values", "500"]).status == 0)
  }

  /// Progress goes to stderr only when it is a terminal: piped, a compile
  /// and a machine search print nothing there.
  @Test func noProgressWhenStderrIsNotATerminal() throws {
    let compiled = try run(["compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "6"])
    #expect(compiled.status == 0, "\(compiled.stderr)")
    #expect(compiled.stderr.isEmpty)
    let searched = try run([
      "construct", "recurrent-recall", "--param", "vocab=a,b", "--param", "max_len=4", "--param", "machine=minimal",
    ])
    #expect(searched.status == 0, "\(searched.stderr)")
    #expect(searched.stderr.isEmpty)
    #expect(searched.stdout.hasPrefix("recurrent-recall: 1 layer"))
  }

  /// `export --format` that contradicts the output file's extension is refused, not silently obeyed.
  @Test func exportRefusesAFormatTheOutputNameContradicts() throws {
    let model = temporary("index.json")
    let output = temporary("index.safetensors")
    defer { for path in [model, output] { try? FileManager.default.removeItem(atPath: path) } }
    #expect(try run(["construct", "index", "--param", "bits=3", "-o", model]).status == 0)
    let r = try run(["export", model, "--format", "npz", "-o", output])
    #expect(r.status == 2)
    #expect(r.stderr == "error: --format npz contradicts the output name \(output) (a .safetensors file)\n")
    #expect(!FileManager.default.fileExists(atPath: output))
    let agreed = try run(["export", model, "--format", "safetensors", "-o", output])
    #expect(agreed.status == 0, "\(agreed.stderr)")
    #expect(agreed.stdout.hasPrefix("wrote \(output): "))
  }

  /// `precision`: the options that only apply to `--construct` (and the
  /// model file, which does not) are refused on the other form.
  @Test func precisionEveryOptionOnEveryForm() throws {
    typealias Form = PrecisionCommand.Form
    let forms: [Form: [String]] = [
      .modelFile: ["m.json", "--max-len", "3"], .construction: ["--construct", "index", "--max-len", "3"],
    ]
    let samples: [String: [String]] = [
      "MODEL": ["m.json"], "--construct": ["--construct", "index"], "--param": ["--param", "bits=3"],
      "--formats": ["--formats", "fp16"], "--max-len": ["--max-len", "3"], "--min-len": ["--min-len", "2"],
      "--samples": ["--samples", "5"], "--seed": ["--seed", "1"], "--accumulator": ["--accumulator", "fp32"],
      "--softmax-exp": ["--softmax-exp", "e"], "--decision": ["--decision", "sign"], "--json": ["--json"],
    ]
    #expect(Set(samples.keys) == Set(PrecisionCommand.rules.rules.map(\.option)))
    var refusals: [String] = []
    for rule in PrecisionCommand.rules.rules {
      for form in Form.allCases {
        let extra = samples[rule.option]!
        if forms[form]!.contains(extra[0]) { continue }
        let command = try PrecisionCommand.parse(forms[form]! + extra)
        do {
          _ = try command.checkOptions()
          #expect(rule.forms.contains(form) || rule.option == "--construct", "\(rule.option) was accepted on \(form)")
        } catch let error as UserError {
          #expect(error.exitCode == 2)
          refusals.append(error.description)
        }
      }
    }
    #expect(refusals.sorted() == [
      "--param does not apply to precision MODEL (it applies to --construct)",
      "MODEL does not apply to precision --construct (it applies to MODEL)",
      "MODEL does not apply to precision --construct (it applies to MODEL)",
    ])
    let model = temporary("index.json")
    defer { try? FileManager.default.removeItem(atPath: model) }
    #expect(try run(["construct", "index", "--param", "bits=3", "-o", model]).status == 0)
    let r = try run(["precision", model, "--param", "bits=3", "--max-len", "3"])
    #expect(r.status == 2)
    #expect(r.stderr == "error: --param does not apply to precision MODEL (it applies to --construct)\n")
  }
}
