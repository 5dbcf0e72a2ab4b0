import ArgumentParser
import Testing

@testable import ExpressivityCLI

/// Help discussions are paragraphs the argument parser wraps to the
/// terminal: no line break inside a sentence.
@Suite struct HelpTextTests {
  static let commands: [(String, any ParsableCommand.Type, String)] = [
    ("verify", VerifyCommand.self,
     "A RASP file compiles the s-op and checks the exact model against the program (evaluated by the reference evaluator) with the same engine, options and result file as --model; a counterexample prints the input, the position, expected and got, and the first layer, s-op and direction where the stream departs from the program."),
    ("check", CheckCommand.self,
     "Every check has a kind: paper, separation, lower-bound and instance checks could fail for a reason outside our builders; construction (a formula that restates the builder) and ablation (one resource less fails) checks are counted apart."),
    ("table", TableCommand.self,
     "with the prediction beside it: `n: measured (predicted)`, with the kind of the check"),
    ("check", CheckCommand.self,
     "Before anything is checked, every claim is read and sized: a build parameter nothing uses, or a sweep point whose estimated work is over the limit, is an error at its key (exit 2)."),
  ]

  @Test func paragraphsAreUnbroken() {
    for (name, command, sentence) in Self.commands {
      let help = Expressivity.helpMessage(for: command, columns: 2000)
      #expect(help.contains(sentence), "\(name) --help has the sentence on one line")
    }
  }

  @Test func everyDiscussionLineIsAParagraphOrAnExample() {
    let all: [any ParsableCommand.Type] = Expressivity.configuration.subcommands
    #expect(all.count >= 15)
    for command in all {
      let lines = command.configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
      for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
        // A prose line followed by more prose would be a broken paragraph.
        let prose = !line.hasPrefix(" ") && !line.hasPrefix("Example") && !line.hasPrefix("Exit status") && !line.hasSuffix(":")
        let nextProse = !next.hasPrefix(" ") && !next.hasPrefix("Example") && !next.hasPrefix("Exit status")
        #expect(!(prose && nextProse), "\(command.configuration.commandName ?? "?"): '\(line)' is broken before '\(next)'")
      }
    }
  }
}
