/// Residual direction names grouped by block: `tokens:a`, `tokens:b` → `tokens(2)`.
enum BlockSummary {
  /// The blocks of `names` in order of first appearance, with their sizes.
  static func blocks(_ names: [String]) -> [(name: String, count: Int)] {
    var order: [String] = []
    var counts: [String: Int] = [:]
    var seen: Set<String> = []
    for name in names where seen.insert(name).inserted {
      let block = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
      if counts[block] == nil { order.append(block) }
      counts[block, default: 0] += 1
    }
    return order.map { ($0, counts[$0]!) }
  }

  /// `tokens(5), indices(9), one`, shortened to `limit` characters.
  static func text(_ names: [String], limit: Int = 34) -> String {
    let full = blocks(names).map { block in
      names.contains(block.name) && block.count == 1 ? block.name : "\(block.name)(\(block.count))"
    }
      .joined(separator: ", ")
    return full.count <= limit ? full : String(full.prefix(limit - 1)) + "…"
  }
}
