import ArgumentParser
import Compiler
import Drawings
import Foundation
import Transformer
import VectorGraphics

struct DrawCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "draw",
    abstract: "Draw a program, a model, attention patterns or the residual stream as SVG.",
    subcommands: [DrawProgram.self, DrawModel.self, DrawAttention.self, DrawStream.self])
}

/// Where a drawing goes: a file (written through a temporary name) or standard output.
struct DrawingOutput: ParsableArguments {
  @Option(name: .shortAndLong, help: "Write the SVG here (default: standard output).")
  var output: String?

  func write(_ document: SVGDocument) throws {
    guard let output else {
      print(document.text, terminator: "")
      return
    }
    try OutputFile(output).write(text: document.text)
    print("wrote \(output) (\(document.width) × \(document.height))")
  }
}

struct DrawProgram: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "program",
    abstract: "The s-op graph laid out by layer as the compiler schedules it, heads and MLPs marked, the analyser's layers beside.")

  @OptionGroup var program: CompileOptionGroup
  @OptionGroup var destination: DrawingOutput

  func run() throws {
    let (compiled, _) = try program.compile()
    try destination.write(ProgramDrawing.svg(program: compiled, sop: program.sop))
  }
}

struct DrawModel: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "model",
    abstract: "Layers, heads (semantics, mask, directions read and written), MLP widths, residual blocks.")

  @Argument(help: "The model file (JSON).")
  var model: String
  @OptionGroup var destination: DrawingOutput

  func run() throws {
    try destination.write(ModelDrawing.svg(model: try loadModel(model)))
  }
}

struct DrawAttention: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "attention",
    abstract: "Each head's attention matrix on one input as a heatmap with token labels (exact weights in tooltips).")

  @Argument(help: "The model file (JSON).")
  var model: String
  @Option(help: "Input tokens separated by spaces.")
  var input: String
  @OptionGroup var destination: DrawingOutput

  func run() throws {
    let loaded = try loadModel(model)
    let tokens = input.split(whereSeparator: \.isWhitespace).map(String.init)
    do {
      try destination.write(AttentionDrawing.svg(model: loaded, tokens: tokens))
    } catch let error as ModelError {
      throw UserError(error.description)
    }
  }
}

struct DrawStream: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stream",
    abstract: "The residual stream after each stage as a heatmap of directions by positions (exact values in tooltips).")

  @Argument(help: "The model file (JSON).")
  var model: String
  @Option(help: "Input tokens separated by spaces.")
  var input: String
  @Option(help: "Only the directions whose names start with this prefix (e.g. \"tokens:\").")
  var directions: String?
  @OptionGroup var destination: DrawingOutput

  func run() throws {
    let loaded = try loadModel(model)
    let tokens = input.split(whereSeparator: \.isWhitespace).map(String.init)
    if let directions, !loaded.residual.names.contains(where: { $0.hasPrefix(directions) }) {
      throw UserError("--directions: no direction of the model starts with '\(directions)'")
    }
    do {
      try destination.write(StreamDrawing.svg(model: loaded, tokens: tokens, prefix: directions))
    } catch let error as ModelError {
      throw UserError(error.description)
    }
  }
}
