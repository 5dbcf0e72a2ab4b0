import Drawings
import ExactArithmetic
import RASP

/// The state and printing of an interactive RASP session, modelled on the
/// reference REPL: every new s-op or selector is shown on a running example.
final class ReplSession {
  let interpreter: Interpreter
  var sequenceExample: [Atom] = "hello".map { .string(String($0)) }
  var selectorExample: [Atom] = "hello".map { .string(String($0)) }
  var sequenceExampleText = "\"hello\""
  var selectorExampleText = "\"hello\""
  var showSequenceExamples = true
  var showSelectorExamples = true
  var fullSequenceDisplay = false
  /// Set by `exit`/`quit`.
  var finished = false
  /// Where output goes (stdout, or a buffer in tests).
  let output: (String) -> Void

  /// Where `draw` writes its SVG files; nil is the current folder.
  let drawingFolder: String?

  init(interpreter: Interpreter, drawingFolder: String? = nil, output: @escaping (String) -> Void) {
    self.drawingFolder = drawingFolder
    self.interpreter = interpreter
    self.output = output
  }

  func say(_ line: String) { output(line + "\n") }

  /// Runs parsed statements from `source`, printing what each produces;
  /// an error stops the rest of this input and is printed.
  func run(_ statements: [Statement], source: SourceText, directory: String?) {
    for statement in statements {
      do {
        let results = try interpreter.run(statement, source: source, directory: directory)
        for result in results { show(result, source: source) }
      } catch {
        say(error.description)
        return
      }
      if finished { return }
    }
  }

  /// Loads a file as `load "file";` does, printing its public names.
  func load(path: String) {
    let text = "load \"\(path)\";"
    let source = SourceText(file: "<command line>", text: text)
    do {
      run(try Parser.parse(source), source: source, directory: nil)
    } catch {
      say(error.description)
    }
  }

  func show(_ result: StatementResult, source: SourceText, examples: Bool = true) {
    switch result {
    case .named(let name, let value):
      showNamed(name, value, examples: examples)
    case .applied(let value):
      switch value {
      case .sequence(let values, let input):
        if fullSequenceDisplay {
          say("\t =")
          say(aligned(input: input, output: values, indent: "\t\t"))
        } else {
          say("\t = " + sequenceText(values))
        }
      case .selection(let matrix, let input):
        say("\t =")
        say(RASPSupport.drawMatrix(matrix, input: input, indent: "\t\t"))
      default:
        say("\t = " + interpreter.describe(value))
      }
    case .loaded(_, let results):
      for inner in results { show(inner, source: source, examples: false) }
    case .command(let statement):
      command(statement, source: source)
    }
  }

  func showNamed(_ name: String, _ value: Value, examples: Bool) {
    switch value {
    case .sop(let id):
      say("     s-op: \(name)")
      guard examples, showSequenceExamples else { return }
      do {
        let values = try interpreter.graph.evaluate(sop: id, on: sequenceExample)
        if fullSequenceDisplay {
          say(" \t Example: \(name)(\(sequenceExampleText)) =")
          say(aligned(input: sequenceExample, output: values, indent: "\t\t"))
        } else {
          say(" \t Example: \(name)(\(sequenceExampleText)) = " + sequenceText(values))
        }
      } catch {
        say(" \t Example: \(name)(\(sequenceExampleText)) fails:")
        say(error.description)
      }
    case .selector(let id):
      say("     selector: \(name)")
      guard examples, showSelectorExamples else { return }
      do {
        let matrix = try interpreter.graph.evaluate(selector: id, on: selectorExample)
        say(" \t Example:")
        say(RASPSupport.drawMatrix(matrix, input: selectorExample, indent: "\t\t"))
      } catch {
        say(" \t Example on \(selectorExampleText) fails:")
        say(error.description)
      }
    case .function(let function):
      say("     \(function)")
    case .list:
      say("     list: \(name) = \(interpreter.describe(value))")
    case .dict:
      say("     dict: \(name) = \(interpreter.describe(value))")
    case .sequence(let values, _):
      say("     value: \(name) = " + sequenceText(values))
    case .selection(let matrix, let input):
      say("     value: \(name) =")
      say(RASPSupport.drawMatrix(matrix, input: input, indent: "\t\t"))
    case .atom:
      say("     value: \(name) = \(interpreter.describe(value))")
    }
  }

  /// `[1, 2, 3] (ints)`, or `[5]*4 (ints)` when all values are equal.
  func sequenceText(_ values: [Atom]) -> String {
    let body: String
    if values.count > 1, values.allSatisfy({ $0 == values[0] && $0.isBool == values[0].isBool }) {
      body = "[\(values[0].shortText)]*\(values.count)"
    } else {
      body = "[" + values.map(\.shortText).joined(separator: ", ") + "]"
    }
    return body + " (\(ReplSession.typeLabel(values)))"
  }

  /// The reference's label for a sequence's type: strings, bools, ints; and
  /// rationals where it would say floats.
  static func typeLabel(_ values: [Atom]) -> String {
    if values.allSatisfy(\.isString) { return "strings" }
    if values.allSatisfy(\.isBool) { return "bools" }
    if values.allSatisfy({ $0.numericValue?.isInteger ?? false }) { return "ints" }
    return "rationals"
  }

  /// Input and output rows, padded to line up (`full seq display on`).
  func aligned(input: [Atom], output: [Atom], indent: String) -> String {
    let top = input.map(\.shortText)
    let bottom = output.map(\.shortText)
    let width = (top + bottom).map(\.count).max() ?? 1
    func row(_ cells: [String]) -> String {
      cells.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
    }
    return indent + "input:  " + row(top) + "\t(\(ReplSession.typeLabel(input)))\n"
      + indent + "output: " + row(bottom) + "\t(\(ReplSession.typeLabel(output)))"
  }

  /// Carries out a REPL command.
  func command(_ statement: Statement, source: SourceText) {
    switch statement.kind {
    case .setExample(let subset, let expression):
      do {
        let value = try interpreter.evaluate(expression, source: source)
        let atoms: [Atom]
        switch value {
        case .atom(.string(let text)): atoms = text.map { .string(String($0)) }
        case .list(let items) where items.allSatisfy({ $0.atom != nil }):
          atoms = items.map { $0.atom! }
        default:
          say("error: an example must be a string or a list of values, got \(interpreter.describe(value))")
          return
        }
        guard !atoms.isEmpty else {
          say("error: an example must not be empty")
          return
        }
        let text = interpreter.describe(value)
        if subset != .selector {
          sequenceExample = atoms
          sequenceExampleText = text
        }
        if subset != .sop {
          selectorExample = atoms
          selectorExampleText = text
        }
        say("\t\(subset == .sop ? "s-op example" : subset == .selector ? "selector example" : "example") set: \(text)")
      } catch {
        say(error.description)
      }
    case .showExample(let subset):
      if subset != .selector { say("\ts-op example: \(sequenceExampleText)") }
      if subset != .sop { say("\tselector example: \(selectorExampleText)") }
    case .toggleExamples(let subset, let on):
      if subset != .selector { showSequenceExamples = on }
      if subset != .sop { showSelectorExamples = on }
    case .toggleFullSequenceDisplay(let on):
      fullSequenceDisplay = on
    case .exit:
      finished = true
    case .draw(let sopExpression, let inputExpression):
      draw(sopExpression, inputExpression, source: source)
    default:
      break
    }
  }

  /// `draw(sop[, input])`: the computation laid out by layer, with values,
  /// and the same as an SVG drawing written to `NAME.svg` in the drawing folder
  /// (`repl --draw-dir`, else the current folder).
  func draw(_ sopExpression: Expression, _ inputExpression: Expression?, source: SourceText) {
    do {
      guard case .sop(let id) = try interpreter.evaluate(sopExpression, source: source) else {
        say("error: draw expects an s-op")
        return
      }
      var input = sequenceExample
      if let inputExpression {
        let value = try interpreter.evaluate(inputExpression, source: source)
        switch value {
        case .atom(.string(let text)): input = text.map { .string(String($0)) }
        case .list(let items) where items.allSatisfy({ $0.atom != nil }): input = items.map { $0.atom! }
        default:
          say("error: draw's input must be a string or a list of values")
          return
        }
      }
      let graph = interpreter.graph
      let analysis = graph.analyse(id)
      let nodes = graph.ancestors(of: id)
      let values = try graph.evaluate(nodes, on: input)
      say("\(graph[id].displayName): \(analysis.layers) layer\(analysis.layers == 1 ? "" : "s"), heads per layer: " + heads(analysis.headsPerLayer))
      say("  input: " + sequenceText(input))
      for layer in 0...analysis.layers {
        say("  layer \(layer):")
        for node in nodes where analysis.depths[node] == layer {
          let n = graph[node]
          if case .constant = n.kind { continue }
          switch values[node]! {
          case .sequence(let v):
            say("    \(n.kind.kindName) \(n.displayName) = " + sequenceText(v))
          case .selection(let m):
            let counts = (0..<m.size).map { String(m.count(query: $0)) }.joined(separator: " ")
            say("    \(n.kind.kindName) \(n.displayName) (selected per query: \(counts))")
          }
        }
      }
      let name = graph[id].displayName.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
      let path = (drawingFolder.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "") + String(name) + ".svg"
      let document = try ExampleDrawing.svg(graph: graph, sop: id, input: input)
      do {
        try OutputFile(path).write(text: document.text)
        say("  wrote \(path) (\(document.width) × \(document.height))")
      } catch let error as UserError {
        say("error: \(error.description)")
      } catch {}
    } catch {
      say(error.description)
    }
  }
}
