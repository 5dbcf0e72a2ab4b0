import Foundation

/// The text of an `--input-file` option: a file's contents, or standard input for `-`.
///
/// Lets an input of any length in (a command-line argument is limited by the
/// operating system to about 128 KiB to 2 MiB).
enum InputFile {
  /// Reads `path` (or standard input when it is `-`) as UTF-8 text.
  ///
  /// - Throws: ``UserError`` naming the file when it cannot be read.
  static func read(_ path: String) throws -> String {
    if path == "-" {
      return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      throw UserError("--input-file: cannot read '\(path)'")
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// The one input given by `--input TEXT` or `--input-file FILE`.
  ///
  /// - Throws: ``UserError`` (exit 2) unless exactly one is given.
  static func text(input: String?, inputFile: String?, also others: [String] = []) throws -> String {
    switch (input, inputFile) {
    case (let text?, nil): return text
    case (nil, let file?): return try read(file)
    case (nil, nil):
      let names = ["--input", "--input-file"] + others
      throw UserError("give one of " + names.dropLast().joined(separator: ", ") + " and " + names.last!, exitCode: 2)
    case (_?, _?): throw UserError("give one of --input and --input-file, not both", exitCode: 2)
    }
  }
}
