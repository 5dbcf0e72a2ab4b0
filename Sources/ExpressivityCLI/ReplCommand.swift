import ArgumentParser
import RASP

#if canImport(Glibc)
  import Glibc
#endif

/// `expressivity repl`: an interactive RASP session like the reference REPL.
struct ReplCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "An interactive RASP session: every new s-op is shown on a running example.",
    discussion: """
      Statements end with ';' and may span lines. Commands: set example "hello" \
      (or a list such as [1,2,3]), show example, examples on|off, \
      s-op examples on|off, selector examples on|off, full seq display on|off, \
      load "file";, draw(sop[, input]);, exit. Ctrl-D leaves. Line editing and \
      history (~/.expressivity_rasp_history) when run in a terminal.
      """)

  @Argument(help: "RASP files to load first.")
  var files: [String] = []

  @Option(help: "The folder draw(sop) writes its SVG drawings into (default: the current folder).")
  var drawDir: String?

  func run() throws {
    let interpreter: Interpreter
    do {
      interpreter = try Interpreter()
    } catch {
      throw UserError(error.textWithoutSeverity)
    }
    let session = ReplSession(interpreter: interpreter, drawingFolder: drawDir) { text in
      var bytes = Array(text.utf8)
      _ = Glibc.write(1, &bytes, bytes.count)
    }
    let home = getenv("HOME").map { String(cString: $0) }
    let editor = LineEditor(historyFile: home.map { $0 + "/.expressivity_rasp_history" })
    if editor.interactive {
      session.say("RASP (expressivity \(ToolVersion.current)); Ctrl-D or exit to leave")
      session.say("running example is: hello")
    }
    for file in files { session.load(path: file) }

    var buffer = ""
    var lineCount = 0
    while !session.finished {
      let prompt = buffer.isEmpty ? ">> " : ".. "
      guard let line = editor.readLine(prompt: prompt) else { break }
      lineCount += 1
      buffer += (buffer.isEmpty ? "" : "\n") + line
      if buffer.trimmingCharacters(in: " \t\n").isEmpty {
        buffer = ""
        continue
      }
      let source = SourceText(file: "<repl>", text: buffer)
      do {
        let statements = try Parser.parse(source)
        buffer = ""
        session.run(statements, source: source, directory: nil)
      } catch {
        if error.atEndOfInput { continue }  // the statement goes on
        buffer = ""
        session.say(error.description)
      }
    }
    if !buffer.trimmingCharacters(in: " \t\n").isEmpty {
      // input ended inside a statement: report what is missing
      do {
        _ = try Parser.parse(SourceText(file: "<repl>", text: buffer))
      } catch {
        session.say(error.description)
      }
    }
  }
}
