import Foundation
import Fuzzing

#if canImport(Glibc)
  import Glibc
#endif

/// The long fuzz run: `Benchmarks fuzz --cases N [--seed S] [--from K]
/// [--formats rasp,model,...] [--hang-seconds T] [--seconds W] [--show K]`.
///
/// Runs cases `K..<K+N` of the seeded fuzzer in this process, or, with
/// `--seconds W`, the first of them that fit in W seconds (it stops at the
/// first multiple of 1000 cases past W). A trap or a
/// signal prints the case number (replay it with `--show K`, which writes
/// its bytes to standard output, or `--from K --cases 1`) and ends the run;
/// a watchdog ends it when one case runs longer than T seconds (a hang).
/// A run that finishes prints cases, acceptances by format, 0 crashes and
/// 0 hangs, the slowest case, the time and the resident memory (progress
/// lines every 100,000 cases show it too).
enum FuzzBenchmark {
  /// The case running now, for the crash handler and the watchdog (plain
  /// words, read from a signal handler and another thread).
  nonisolated(unsafe) static var current = -1
  nonisolated(unsafe) static var started = UInt64(0)

  static func run(_ arguments: [String]) throws {
    func value(_ name: String) -> String? {
      arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    }
    let seed = UInt64(value("--seed") ?? "0") ?? 0
    let cases = Int(value("--cases") ?? "10000") ?? 10000
    let from = Int(value("--from") ?? "0") ?? 0
    let hangSeconds = Double(value("--hang-seconds") ?? "10") ?? 10
    let seconds = value("--seconds").flatMap(Double.init)
    let formats = try (value("--formats")?.split(separator: ",").map { name in
      guard let format = FuzzFormat(rawValue: String(name)) else {
        throw CocoaError(.formatting, userInfo: [NSLocalizedDescriptionKey: "unknown format '\(name)'"])
      }
      return format
    }) ?? FuzzFormat.allCases
    let fuzzer = try Fuzzer(root: FileManager.default.currentDirectoryPath, formats: formats, seed: seed)
    if let show = value("--show").flatMap(Int.init) {
      let (format, bytes) = fuzzer.input(show)
      FileHandle.standardError.write(Data("case \(show): \(format.rawValue), \(bytes.count) bytes\n".utf8))
      FileHandle.standardOutput.write(Data(bytes))
      return
    }
    installCrashReport()
    startWatchdog(limit: hangSeconds)
    print("fuzz: seed \(seed), cases \(from)..<\(from + cases), formats \(formats.map(\.rawValue).joined(separator: ","))")
    // Chunks of 1000 cases, so `--seconds` can stop the run between two.
    var summary = fuzzer.run(from..<from)  // empty: all counts 0
    let start = ContinuousClock.now
    var next = from
    while next < from + cases {
      let chunk = fuzzer.run(
        next..<min(next + 1000, from + cases),
        before: { n in
          started = DispatchTime.now().uptimeNanoseconds
          current = n
        })
      for (format, count) in chunk.cases { summary.cases[format, default: 0] += count }
      for (format, count) in chunk.accepted { summary.accepted[format, default: 0] += count }
      if chunk.slowest.seconds > summary.slowest.seconds { summary.slowest = chunk.slowest }
      next += chunk.total
      let elapsed = ContinuousClock.now - start
      summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      if (next - from) % 100_000 == 0 {
        print(
          String(format: "  %d cases, %.0f s, %.0f cases/s, resident ", summary.total, summary.seconds, Double(summary.total) / summary.seconds)
            + ResidentMemory.megabytes(ResidentMemory.current))
        fflush(nil)
      }
      if let seconds, summary.seconds >= seconds, next < from + cases {
        print("fuzz: stopped after \(String(format: "%.0f", seconds)) s (--seconds): cases \(from)..<\(next) run")
        break
      }
    }
    current = -1
    print("fuzz: \(summary.total) cases in \(String(format: "%.1f", summary.seconds)) s (\(String(format: "%.0f", Double(summary.total) / summary.seconds)) cases/s): 0 crashes, 0 hangs")
    for format in formats {
      print("  \(format.rawValue): \(summary.cases[format] ?? 0) cases, \(summary.accepted[format] ?? 0) accepted by the reader")
    }
    print(String(format: "  slowest case: %d (%.3f s)", summary.slowest.index, summary.slowest.seconds))
    print("  resident memory: \(ResidentMemory.megabytes(ResidentMemory.current)) at the end, peak \(ResidentMemory.megabytes(ResidentMemory.peak))")
  }

  /// On a fatal signal (a Swift trap is SIGILL or SIGTRAP; a stack overflow
  /// SIGSEGV, handled on its own stack), prints the case and re-raises.
  static func installCrashReport() {
    let size = 1 << 16
    var stack = stack_t()
    stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
    stack.ss_size = size
    sigaltstack(&stack, nil)
    for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { code in
        var text = Array("\nfuzz: CRASH (signal ".utf8) + FuzzBenchmark.digits(Int(code)) + Array(") in case ".utf8)
          + FuzzBenchmark.digits(FuzzBenchmark.current) + Array("; replay with --from N --cases 1, bytes with --show N\n".utf8)
        _ = Glibc.write(2, &text, text.count)
        Glibc.signal(code, SIG_DFL)
        Glibc.raise(code)
      }
      action.sa_flags = Int32(SA_ONSTACK)
      sigaction(signal, &action, nil)
    }
  }

  /// Decimal digits of `n` without allocation beyond the array (for the handler).
  static func digits(_ n: Int) -> [UInt8] {
    if n < 0 { return Array("none".utf8) }
    var value = n
    var out: [UInt8] = []
    repeat {
      out.insert(UInt8(48 + value % 10), at: 0)
      value /= 10
    } while value > 0
    return out
  }

  /// Ends the process when one case runs longer than `limit` seconds.
  static func startWatchdog(limit: Double) {
    let thread = Thread {
      while true {
        Thread.sleep(forTimeInterval: 0.5)
        let n = current
        guard n >= 0 else { continue }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9
        if elapsed > limit, current == n {
          print("\nfuzz: HANG: case \(n) has run \(String(format: "%.1f", elapsed)) s; replay with --from \(n) --cases 1")
          fflush(nil)
          exit(3)
        }
      }
    }
    thread.start()
  }
}
