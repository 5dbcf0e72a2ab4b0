import Foundation
import Testing
import TestSupport

/// `check` writes each claim's line as soon as it is known, also into a pipe.
@Suite struct CheckStreamingTests {
  @Test func eachResultLineArrivesWhileTheRestIsStillRunning() throws {
    let claim = "Proofs/rasp-reverse.toml"
    let process = Process()
    process.executableURL = Tool.executable
    process.arguments = ["check", "--quick", claim, claim, claim]
    process.currentDirectoryURL = Tool.packageRoot
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    var received = Data()
    while !received.contains(UInt8(ascii: "\n")) {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      received.append(chunk)
    }
    // Two more claims are still to run when the first line comes through the pipe.
    let runningAtFirstLine = process.isRunning
    let rest = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let first = String(decoding: received, as: UTF8.self)
    #expect(first.hasPrefix("holds rasp-reverse: "))
    #expect(runningAtFirstLine)
    #expect(String(decoding: received + rest, as: UTF8.self).split(separator: "\n").count == 3)
    #expect(process.terminationStatus == 0)
  }
}
