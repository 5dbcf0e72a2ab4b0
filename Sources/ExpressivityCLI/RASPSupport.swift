import ExactArithmetic
import RASP

/// Shared pieces of the RASP subcommands: loading a file, reading inputs,
/// printing values.
enum RASPSupport {
  /// The element types `--input-type` accepts.
  enum InputType: String, CaseIterable {
    case str, int, float, bool
  }

  /// Runs `path` in a fresh interpreter (library loaded); diagnostics become user errors.
  static func load(_ path: String) throws -> Interpreter {
    do {
      let interpreter = try Interpreter()
      try interpreter.runFile(atPath: path)
      return interpreter
    } catch {
      throw UserError(error.textWithoutSeverity)
    }
  }

  /// The node bound to `name`, or a user error listing what is defined.
  static func node(_ name: String, in interpreter: Interpreter) throws -> NodeID {
    switch interpreter.lookup(name) {
    case .sop(let id)?, .selector(let id)?: return id
    case nil:
      let sops = interpreter.console.names.filter { interpreter.sop(named: $0) != nil }
      throw UserError(
        "no s-op named '\(name)' (s-ops defined: \(sops.joined(separator: ", ")))")
    case let value?:
      throw UserError("'\(name)' is a \(value.typeName), not an s-op")
    }
  }

  /// Input tokens from space-separated text.
  static func parseInput(_ text: String, as type: InputType) throws -> [Atom] {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    guard !words.isEmpty else { throw UserError("the input is empty (give tokens separated by spaces)") }
    return try words.map { word in
      switch type {
      case .str: return .string(word)
      case .int:
        // Any size: numbers are exact rationals (GMP beyond 64 bits).
        let digits = word.first == "-" || word.first == "+" ? word.dropFirst() : Substring(word)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
          let value = try? Rational(parsing: (word.first == "-" ? "-" : "") + digits), value.isInteger
        else { throw UserError("input token '\(word)' is not an integer") }
        return .number(value)
      case .float:
        guard let value = try? Rational(parsing: word) else {
          throw UserError("input token '\(word)' is not a number")
        }
        return .number(value)
      case .bool:
        switch word.lowercased() {
        case "true", "t", "1": return .bool(true)
        case "false", "f", "0": return .bool(false)
        default: throw UserError("input token '\(word)' is not a boolean (true/false)")
        }
      }
    }
  }

  /// An atom as JSON: integers as numbers, other rationals as "p/q", booleans, strings.
  static func json(_ atom: Atom) -> String {
    switch atom {
    case .bool(let b): return b ? "true" : "false"
    case .number(let r): return r.isInteger ? r.description : json(r.description)
    case .string(let s): return json(s)
    }
  }

  /// A JSON string literal.
  static func json(_ text: String) -> String { JSONOutput.quote(text) }

  /// A selector matrix drawn as rows `q | 1 . 1`, with the input along the top.
  static func drawMatrix(_ matrix: SelectionMatrix, input: [Atom], indent: String = "") -> String {
    let labels = input.map(\.shortText)
    let width = labels.map(\.count).max() ?? 1
    func pad(_ s: String) -> String { String(repeating: " ", count: width - s.count) + s }
    var lines = [indent + String(repeating: " ", count: width) + "   " + labels.map(pad).joined(separator: " ")]
    for q in 0..<matrix.size {
      let row = (0..<matrix.size).map { pad(matrix.isSelected(query: q, key: $0) ? "1" : " ") }
      var line = indent + pad(labels[q]) + " | " + row.joined(separator: " ")
      while line.last == " " { line.removeLast() }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
