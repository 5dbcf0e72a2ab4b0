import Foundation
internal import TOMLKit

/// TEMPORARY: canonical dump of a TOMLKit parse, to compare with the new reader.
public func legacyTOMLDump(_ text: String) throws -> String {
  func dump(_ v: any TOMLValueConvertible) -> String {
    if let t = v.table { return "{" + t.keys.sorted().map { "\($0)=" + dump(t[$0]!) }.joined(separator: ",") + "}" }
    if let a = v.array { return "[" + a.map { dump($0) }.joined(separator: ",") + "]" }
    if let s = v.string { return "s:\(s.count):" + s }
    if let i = v.int { return "i:\(i)" }
    if let d = v.double { return "d:\(d)" }
    if let b = v.bool { return "b:\(b)" }
    return "?"
  }
  return dump(try TOMLTable(string: text))
}
