import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every command that writes goes through one output-file helper: atomic
/// replacement of regular files, symbolic links followed, FIFOs and devices
/// written in place, and a one-line error for a path that cannot be written.
@Suite("output files")
struct OutputFileTests {
  let model = "Examples/models/induction.json"

  func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func type(_ path: String) -> mode_t? {
    var status = stat()
    return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
  }

  @Test("a symbolic link is followed: its target gets the file, the link stays a link (also a dangling one)")
  func symlink() throws {
    let dir = try folder()
    let target = dir.appendingPathComponent("real.svg").path
    try "old".write(toFile: target, atomically: false, encoding: .utf8)
    let link = dir.appendingPathComponent("link.svg").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.svg")
    let r = try Tool.run(["draw", "model", model, "-o", link])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(type(link) == S_IFLNK)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.svg")
    let written = try String(contentsOfFile: target, encoding: .utf8)
    #expect(written.hasPrefix("<svg") || written.hasPrefix("<?xml"))
    #expect(written.contains("</svg>"))
    // A link to a file that does not exist yet creates the target.
    let dangling = dir.appendingPathComponent("dangling.json").path
    try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "made.json")
    let c = try Tool.run(["construct", "induction", "--param", "vocab=a,b", "--param", "max_len=4", "-o", dangling])
    #expect(c.status == 0, "\(c.stderr)")
    #expect(type(dangling) == S_IFLNK)
    let made = try Data(contentsOf: dir.appendingPathComponent("made.json"))
    #expect(String(decoding: made, as: UTF8.self).contains("\"format\""))
  }

  @Test("a regular file is replaced whole and keeps its permissions; no temporary file is left")
  func regularFile() throws {
    let dir = try folder()
    let path = dir.appendingPathComponent("m.json").path
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o640)
    let r = try Tool.run(["construct", "induction", "--param", "vocab=a,b", "--param", "max_len=4", "-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & 0o777 == 0o640)
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.json"])
  }

  @Test("a FIFO is written in place (a reader gets the bytes) and stays a FIFO")
  func fifo() throws {
    let dir = try folder()
    let path = dir.appendingPathComponent("pipe.svg").path
    #expect(mkfifo(path, 0o644) == 0)
    let received = ReceivedBytes()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      let handle = FileHandle(forReadingAtPath: path)
      received.set(handle?.readDataToEndOfFile() ?? Data())
      done.signal()
    }
    let r = try Tool.run(["draw", "model", model, "-o", path])
    #expect(r.status == 0, "\(r.stderr)")
    if done.wait(timeout: .now() + 5) == .timedOut {
      // The tool never opened the FIFO: release the reader so the test ends.
      let fd = open(path, O_WRONLY | O_NONBLOCK)
      if fd >= 0 { close(fd) }
      done.wait()
    }
    #expect(type(path) == S_IFIFO)
    #expect(String(decoding: received.get(), as: UTF8.self).contains("</svg>"))
  }

  @Test("a device is written in place: /dev/full gives its error and stays a device")
  func device() throws {
    guard type("/dev/full") == S_IFCHR else { return }
    let r = try Tool.run(["construct", "induction", "--param", "vocab=a,b", "--param", "max_len=4", "-o", "/dev/full"])
    #expect(r.status == 1)
    #expect(r.stderr == "error: cannot write '/dev/full': No space left on device\n")
    #expect(type("/dev/full") == S_IFCHR)
    let null = try Tool.run(["draw", "model", model, "-o", "/dev/null"])
    #expect(null.status == 0, "\(null.stderr)")
    #expect(type("/dev/null") == S_IFCHR)
  }

  @Test("a missing folder is one error line naming the path (construct, compile, verify); a folder is refused")
  func missingFolder() throws {
    let dir = try folder()
    let missing = dir.appendingPathComponent("none/m.json").path
    let none = dir.appendingPathComponent("none").path
    let c = try Tool.run(["construct", "induction", "--param", "vocab=a,b", "--param", "max_len=4", "-o", missing])
    #expect(c.status == 1)
    #expect(c.stderr == "error: cannot write '\(missing)': no folder '\(none)'\n")
    let p = try Tool.run(["compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b", "--max-len", "2", "-o", missing])
    #expect(p.status == 1)
    #expect(p.stderr == "error: cannot write '\(missing)': no folder '\(none)'\n")
    let f = try Tool.run(["construct", "induction", "--param", "vocab=a,b", "--param", "max_len=4", "-o", dir.path])
    #expect(f.status == 1)
    #expect(f.stderr == "error: cannot write '\(dir.path)': it is a folder\n")
  }

  @Test("check --out onto a file, or below one, is one error line before any claim runs")
  func checkOutOntoAFile() throws {
    let dir = try folder()
    let file = dir.appendingPathComponent("results.txt").path
    try "keep".write(toFile: file, atomically: false, encoding: .utf8)
    let r = try Tool.run(["check", "Proofs/rasp-reverse.toml", "--quick", "--out", file])
    #expect(r.status == 2)
    #expect(r.stderr == "error: --out: '\(file)' is a file, not a folder\n")
    #expect(r.stdout.isEmpty)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
    let below = dir.appendingPathComponent("results.txt/sub").path
    let b = try Tool.run(["check", "Proofs/rasp-reverse.toml", "--quick", "--out", below])
    #expect(b.status == 1)
    #expect(b.stderr == "error: cannot create the folder '\(below)/results': '\(file)' is a file\n")
  }
}

/// Bytes handed from the reader thread to the test.
final class ReceivedBytes: @unchecked Sendable {
  private var data = Data()
  private let lock = NSLock()
  func set(_ value: Data) { lock.withLock { data = value } }
  func get() -> Data { lock.withLock { data } }
}
