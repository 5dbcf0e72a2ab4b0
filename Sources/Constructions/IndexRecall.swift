import ExactArithmetic
import Transformer

/// The Index task of Wen, Dang & Lyu (2024, "RNNs are not Transformers
/// (Yet)"): n bits, then a query `@k`; the answer is the k-th bit. A
/// recurrent model must remember all n bits (its state grows with n); one
/// attention head retrieves the bit with a width that does not depend on n.
///
/// Prompts are `x1 … xn @k` with bits `0`/`1` and k in 1…n; the output is
/// ``Induction/noMatch`` at every bit and `xk` at the query.
public enum IndexRecall {
  /// The bits, then the query tokens `@1` … `@n`.
  public static func vocabulary(bits n: Int) -> [String] { ["0", "1"] + (1...n).map { "@\($0)" } }

  /// The query index of a token `@k`, if it is one.
  static func queryIndex(_ token: String) -> Int? {
    token.hasPrefix("@") ? Int(token.dropFirst()) : nil
  }

  /// The task's output after `word`, a prefix of a prompt for n bits, or
  /// nil when `word` is not such a prefix. This is the whole task: both the
  /// transformer's reference and the minimal recurrent machine are read
  /// from it.
  public static func lastOutput(bits n: Int, _ word: [String]) -> String? {
    guard let last = word.last else { return nil }
    if word.count <= n {
      return word.allSatisfy { $0 == "0" || $0 == "1" } ? Induction.noMatch : nil
    }
    guard word.count == n + 1, word[..<n].allSatisfy({ $0 == "0" || $0 == "1" }),
      let k = queryIndex(last), (1...n).contains(k)
    else { return nil }
    return word[k - 1]
  }

  /// The outputs at every position of a prompt (or a prefix of one).
  public static func outputs(bits n: Int, _ word: [String]) -> [String] {
    word.indices.map { lastOutput(bits: n, Array(word[...$0])) ?? "-" }
  }

  /// One layer, one head, width 10 for every n: tokens enter as numbers
  /// (`bit0`, `bit1` flags; `@k` as `index = k`), positions as i and i².
  /// The head scores key j by `2·index·j − j²`, which at the query `@k` is
  /// `k² − (j − k)²`, maximal exactly at j = k, and elsewhere (index 0) is
  /// maximal at BOS; it copies the bit flags (BOS copies `none`).
  public static func model(bits n: Int) throws -> Model {
    let vocabulary = vocabulary(bits: n)
    var tokens: [String: [String: Rational]] = [
      "BOS": ["bos": 1], "0": ["bit0": 1], "1": ["bit1": 1],
    ]
    for k in 1...n { tokens["@\(k)"] = ["index": Rational(k)] }
    let embedding = Embedding(
      tokens: tokens, positions: (0...(n + 1)).map { ["pos": Rational($0), "pos_sq": Rational($0 * $0)] },
      constant: ["one": 1])
    var builder = ModelBuilder(name: "index", vocabulary: vocabulary, maxLength: n + 1, embedding: embedding)
    let head = AttentionHead(
      name: "retrieve", scores: [("index", "pos", 2), ("one", "pos_sq", -1)],
      moves: [("bos", "answer:\(Induction.noMatch)", 1), ("bit0", "answer:0", 1), ("bit1", "answer:1", 1)],
      semantics: .uniqueHard(.leftmost), mask: .causal)
    try builder.appendLayer(heads: [head])
    builder.metadata = ["construction": "index", "layers": "1"]
    let labels = [Induction.noMatch, "0", "1"]
    return try builder.build(
      readout: .categorical(directions: labels.map { "answer:\($0)" }, labels: labels.map { .text($0) }))
  }
}
