import Foundation
import RASP

/// A RASP file run by the interpreter (standard library loaded), ready to
/// compile any of its s-ops.
public struct RASPProgram {
  /// The interpreter holding the program graph and the file's variables.
  public let interpreter: Interpreter
  /// The file.
  public let path: String
  /// Encodings chosen in the file's comments (`# @numerical name`).
  public let annotations: [String: Encoding]

  /// Runs the file.
  ///
  /// - Throws: ``CompileError`` with the interpreter's located diagnostic.
  public static func load(_ path: String) throws(CompileError) -> RASPProgram {
    let interpreter: Interpreter
    do {
      interpreter = try Interpreter()
      try interpreter.runFile(atPath: path)
    } catch {
      throw CompileError(error.textWithoutSeverity)
    }
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return RASPProgram(interpreter: interpreter, path: path, annotations: EncodingAnnotations.parse(text))
  }

  /// Runs RASP source text (for programs that are not in a file).
  public static func parse(_ text: String, name: String = "<input>") throws(CompileError) -> RASPProgram {
    let interpreter: Interpreter
    do {
      interpreter = try Interpreter()
      try interpreter.run(SourceText(file: name, text: text))
    } catch {
      throw CompileError(error.textWithoutSeverity)
    }
    return RASPProgram(interpreter: interpreter, path: name, annotations: EncodingAnnotations.parse(text))
  }

  /// Compiles the s-op bound to `sop`. Encodings: the file's annotations,
  /// then `options.encodings` (which win). `progress` is told the work's
  /// size, then each step (see ``RASPCompiler/compile(_:output:outputName:options:annotations:source:progress:)``).
  public func compile(
    sop: String, options: CompileOptions, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(CompileError) -> CompiledProgram {
    var chosen = annotations
    for (name, encoding) in options.encodings { chosen[name] = encoding }
    var byNode: [NodeID: Encoding] = [:]
    for (name, encoding) in chosen {
      guard let id = interpreter.sop(named: name) else {
        throw CompileError("the encoding annotation names '\(name)', which is not an s-op of \(path)")
      }
      byNode[id] = encoding
    }
    guard let output = interpreter.sop(named: sop) else {
      if interpreter.selector(named: sop) != nil {
        throw CompileError("'\(sop)' is a selector; compile an s-op")
      }
      let sops = interpreter.console.names.filter { interpreter.sop(named: $0) != nil && !$0.hasPrefix("_") }
      throw CompileError("no s-op named '\(sop)' in \(path) (s-ops: \(sops.joined(separator: ", ")))")
    }
    return try RASPCompiler.compile(
      interpreter.graph, output: output, outputName: sop, options: options, annotations: byNode,
      source: (path as NSString).lastPathComponent, progress: progress)
  }
}

extension RASPCompiler {
  /// Runs a RASP file and compiles one of its s-ops (see ``RASPProgram``).
  public static func compile(file path: String, sop: String, options: CompileOptions) throws(CompileError)
    -> CompiledProgram
  {
    try RASPProgram.load(path).compile(sop: sop, options: options)
  }
}
