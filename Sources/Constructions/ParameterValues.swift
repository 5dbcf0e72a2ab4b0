import Automata
import Foundation

/// Parameter values given for a family member, read with defaults.
public struct ParameterValues: Sendable {
  public let values: [String: String]
  /// The family's name, for messages.
  public let family: String
  /// Told how far a long build (a search) has come: the total first, then
  /// the count done (nil: nobody is told).
  public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
  /// The keys a build or reference has read (shared by copies).
  private let reads = ParameterReads()

  public init(values: [String: String], family: String) {
    self.values = values
    self.family = family
  }

  /// The given keys nothing has read yet: a parameter the member's build
  /// (and reference, once run) ignores under the other values.
  public var unread: [String] {
    let read = reads.keys
    return values.keys.filter { !read.contains($0) }.sorted()
  }

  /// Marks `key` as read (for keys read through `values` directly).
  public func read(_ key: String) -> String? {
    reads.insert(key)
    return values[key]
  }

  /// Reads `key=value` assignments (one per `--param`) into a table.
  ///
  /// - Throws: ``ConstructionError/usage(_:)`` for an assignment without `=` or
  ///   key, and for a key given twice (the last value never silently wins).
  public static func assignments(_ texts: [String]) throws -> [String: String] {
    var values: [String: String] = [:]
    for text in texts {
      let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw ConstructionError.usage("--param takes key=value, got '\(text)'")
      }
      if let earlier = values[parts[0]] {
        throw ConstructionError.usage(
          "--param \(parts[0]) is given twice ('\(earlier)' and '\(parts[1])'); give each parameter once")
      }
      values[parts[0]] = parts[1]
    }
    return values
  }

  /// An integer parameter.
  ///
  /// - Throws: ``ConstructionError/badParameter(_:)`` when not an integer in `range`.
  public func int(_ key: String, default value: Int, range: ClosedRange<Int> = 1...100_000) throws -> Int {
    guard let text = read(key) else { return value }
    guard let n = Int(text), range.contains(n) else {
      throw ConstructionError.badParameter(
        "\(family): \(key) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
    }
    return n
  }

  /// A list of distinct comma-separated tokens.
  public func list(_ key: String, default value: [String]) throws -> [String] {
    guard let text = read(key) else { return value }
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
    guard !items.isEmpty, !items.contains(where: \.isEmpty), Set(items).count == items.count else {
      throw ConstructionError.badParameter("\(family): \(key) must be distinct comma-separated tokens, got '\(text)'")
    }
    return items
  }

  /// The vocabulary: `vocab` as a list, or `vocab_size` = N giving t0…t(N−1).
  public func vocabulary(default value: [String]) throws -> [String] {
    if read("vocab_size") != nil {
      guard read("vocab") == nil else {
        throw ConstructionError.usage("\(family): give vocab or vocab_size, not both")
      }
      let n = try int("vocab_size", default: 1, range: 1...64)
      return (0..<n).map { "t\($0)" }
    }
    return try list("vocab", default: value)
  }

  /// A string parameter, if given.
  public func string(_ key: String) -> String? { read(key) }

  /// The automaton named by the `automaton` parameter (required).
  public func automaton() throws -> Automaton {
    guard let path = read("automaton") else {
      throw ConstructionError.usage(
        "\(family): give the transition table, e.g. --param automaton=Circuits/automata/s5.toml")
    }
    do {
      return try Automaton.load(from: path)
    } catch let error as AutomatonError {
      throw ConstructionError.badParameter(error.description)
    }
  }
}

/// The parameter keys read so far, shared by the copies of one ``ParameterValues``.
final class ParameterReads: @unchecked Sendable {
  private let lock = NSLock()
  private var read: Set<String> = []

  var keys: Set<String> {
    lock.lock()
    defer { lock.unlock() }
    return read
  }

  func insert(_ key: String) {
    lock.lock()
    read.insert(key)
    lock.unlock()
  }
}
