import Foundation

/// Runs the built `expressivity` binary, for end-to-end CLI tests.
public enum Tool {
  /// The binary beside the test bundle (`swift test` builds both into one folder).
  public static var executable: URL {
    let here = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    var folder = here.deletingLastPathComponent()
    // macOS nests the bundle; Linux keeps the test runner beside the products.
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("expressivity").path),
      folder.pathComponents.count > 1
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("expressivity")
  }

  /// The package root (for files that ship in the repository).
  public static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// What one run of the tool printed, and its exit status.
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
  }

  /// Runs the tool with `arguments` (and `input` on standard input), in
  /// `directory` (default: the package root).
  public static func run(_ arguments: [String], input: String? = nil, in directory: URL? = nil) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? packageRoot
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes before waiting so a full pipe cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
