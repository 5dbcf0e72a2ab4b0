import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file a command writes (`-o`, `--out`, drawings, results, certificates).
///
/// A new file or a regular file is replaced atomically: the bytes go to a
/// temporary file in the same folder, which is then renamed over the path,
/// so the path never holds half a file. A symbolic link is followed and its
/// target written (the link stays a link). A FIFO, a device or any other
/// file that is not regular is opened and written in place, never replaced.
/// Every failure is one ``UserError`` line naming the path.
struct OutputFile {
  /// The path as the user gave it (used in messages).
  let path: String

  init(_ path: String) { self.path = path }

  /// Writes `text` as UTF-8.
  func write(text: String) throws { try write(Data(text.utf8)) }

  /// Writes `data`: atomically for a regular (or new) file, in place otherwise.
  func write(_ data: Data) throws {
    let target = try resolvedTarget()
    var status = stat()
    if lstat(target, &status) == 0 {
      let kind = status.st_mode & S_IFMT
      if kind == S_IFDIR { throw UserError("cannot write '\(path)': it is a folder") }
      if kind != S_IFREG {
        try writeInPlace(data, to: target)
        return
      }
      try replace(target, with: data, mode: status.st_mode & 0o7777)
      return
    }
    try replace(target, with: data, mode: nil)
  }

  /// The path with every symbolic link along its last component followed
  /// (a link's relative target is read against the link's folder).
  func resolvedTarget() throws -> String {
    var current = path
    for _ in 0..<40 {
      var status = stat()
      guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count >= 0 else { throw failure(errno) }
      let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
    }
    throw UserError("cannot write '\(path)': too many levels of symbolic links")
  }

  /// Opens `target` for writing without truncating or replacing it (a FIFO
  /// waits for its reader) and writes every byte.
  private func writeInPlace(_ data: Data, to target: String) throws {
    let fd = open(target, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(errno) }
    defer { close(fd) }
    try writeAll(data, to: fd)
  }

  /// Writes a temporary file beside `target`, then renames it over `target`.
  private func replace(_ target: String, with data: Data, mode: mode_t?) throws {
    let folder = (target as NSString).deletingLastPathComponent
    let folderPath = folder.isEmpty ? "." : folder
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folderPath, isDirectory: &isFolder), isFolder.boolValue else {
      throw UserError("cannot write '\(path)': no folder '\(folder)'")
    }
    let name = (target as NSString).lastPathComponent
    var template = Array((folderPath as NSString).appendingPathComponent(".\(name).XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw failure(errno) }
    let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var renamed = false
    defer { if !renamed { unlink(temporary) } }
    do {
      defer { close(fd) }
      // mkstemp creates 0600; give the file the mode it had, or the usual 0666 less the umask.
      let mask = umask(0)
      umask(mask)
      guard fchmod(fd, mode ?? (0o666 & ~mask)) == 0 else { throw failure(errno) }
      try writeAll(data, to: fd)
      guard fsync(fd) == 0 else { throw failure(errno) }
    }
    guard rename(temporary, target) == 0 else { throw failure(errno) }
    renamed = true
  }

  private func writeAll(_ data: Data, to fd: Int32) throws {
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw failure(errno)
        }
        offset += n
      }
    }
  }

  /// Creates `folder` and any missing parents (as `mkdir -p`); a failure
  /// is one ``UserError`` line naming the part that could not be made.
  static func createFolder(_ folder: String) throws {
    var built = folder.hasPrefix("/") ? "/" : ""
    for part in folder.split(separator: "/") {
      built = (built as NSString).appendingPathComponent(String(part))
      var status = stat()
      if stat(built, &status) == 0 {
        guard status.st_mode & S_IFMT == S_IFDIR else {
          throw UserError("cannot create the folder '\(folder)': '\(built)' is a file")
        }
        continue
      }
      guard mkdir(built, 0o777) == 0 || errno == EEXIST else {
        throw UserError("cannot create the folder '\(folder)': \(String(cString: strerror(errno)))")
      }
    }
  }

  private func failure(_ code: Int32) -> UserError {
    UserError("cannot write '\(path)': \(String(cString: strerror(code)))")
  }
}
