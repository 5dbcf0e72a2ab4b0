import ArgumentParser
import RASP

/// `expressivity eval`: the value of one s-op of a RASP file on one input.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate an s-op of a RASP program on an input, exactly.",
    discussion: """
      The program runs as the reference RASP interpreter runs it, with the \
      standard library loaded first. Tokens of --input are separated by spaces; \
      --input-file reads them from a file (or - for standard input), for inputs \
      longer than a command line allows. Aggregates and selector widths over a \
      plain select take O(n log n) time in the input length n; a selector \
      combined with and, or or not, or printed itself, is an n × n matrix.
      Example: expressivity eval Circuits/reverse.rasp --sop reverse --input "h e l l o"
      """)

  @Argument(help: "The RASP program.")
  var file: String

  @Option(help: "The s-op (or selector) to evaluate.")
  var sop: String

  @Option(help: "The input tokens, separated by spaces.")
  var input: String?

  @Option(
    name: .customLong("input-file"),
    help: "Read the input tokens from FILE instead (separated by spaces, tabs or newlines; - reads standard input).")
  var inputFile: String?

  @Option(name: .customLong("input-type"), help: "How to read each token: str, int, float or bool.")
  var inputType: String = "str"

  @Flag(help: "Print {\"sop\", \"input\", \"values\"} as JSON.")
  var json = false

  func run() throws {
    guard let type = RASPSupport.InputType(rawValue: inputType) else {
      throw UserError("--input-type must be one of str, int, float, bool (got '\(inputType)')")
    }
    let tokens = try RASPSupport.parseInput(try InputFile.text(input: input, inputFile: inputFile), as: type)
    let interpreter = try RASPSupport.load(file)
    let id = try RASPSupport.node(sop, in: interpreter)
    let value: NodeValue
    do {
      value = try interpreter.graph.evaluate([id], on: tokens)[id]!
    } catch {
      throw UserError(error.textWithoutSeverity)
    }
    switch value {
    case .sequence(let values):
      if json {
        print(
          "{\"sop\": \(RASPSupport.json(sop)), \"input\": ["
            + tokens.map(RASPSupport.json).joined(separator: ", ") + "], \"values\": ["
            + values.map(RASPSupport.json).joined(separator: ", ") + "]}")
      } else {
        print("\(sop) = [" + values.map(\.shortText).joined(separator: ", ") + "]")
      }
    case .selection(let matrix):
      if json {
        let rows = matrix.rows.map { "[" + $0.map { $0 ? "true" : "false" }.joined(separator: ", ") + "]" }
        print(
          "{\"selector\": \(RASPSupport.json(sop)), \"input\": ["
            + tokens.map(RASPSupport.json).joined(separator: ", ") + "], \"matrix\": ["
            + rows.joined(separator: ", ") + "]}")
      } else {
        print("\(sop) =")
        print(RASPSupport.drawMatrix(matrix, input: tokens, indent: "  "))
      }
    }
  }
}
