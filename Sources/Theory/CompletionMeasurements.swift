import Constructions
import Decoding
import ExactArithmetic
import Transformer

/// Whole-completion quantities of one decoder on a family's completion
/// probes, for claims about decoding: each an exact rational computed by
/// ``CompletionSearch`` on the model built (never read off a builder).
///
/// A claim setting names its decoder with `decoding = "…"`: `greedy`,
/// `beam:B`, `mode` (the exact most probable completion, top:1) or
/// `sample:S` (completions drawn with exactly the model's probabilities).
/// A decoder returns one completion, or (sampling) a distribution over
/// completions; a *rate* is the probability that its completion lies in a
/// set (0 or 1 for the deterministic decoders, the exact probability under
/// the model for sampling).
///
/// On the first probe:
/// - `completion_probability`: the exact probability of the decoder's
///   completion; for `sample:S`, the median of the exact probabilities of S
///   completions drawn with the claim's seed (a typical sample's probability);
/// - `degenerate_rate`: the rate of completions that repeat one token;
/// - `answer_rate`: the rate of the probe's right answer (when it states one).
/// Over every probe that states an answer distribution (each is checked:
/// the exact distribution over complete answers, enumerated, must equal it,
/// else the point has a counterexample):
/// - `probes_checked`: how many were compared;
/// - `blend_rate`: the largest rate, over the probes, of complete answers the
///   specification gives probability 0 (a blend of answers);
/// - `plurality_rate`: the least rate, over the probes, of the
///   specification's most probable answers.
enum CompletionMeasurements {
  /// A decoder as a claim names it.
  enum Decoder: Equatable {
    case greedy, beam(Int), mode, sample(Int)

    init(_ text: String) throws {
      switch text {
      case "greedy": self = .greedy
      case "mode": self = .mode
      default:
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2, let n = Int(parts[1]), n >= 1, parts[0] == "beam" || parts[0] == "sample" {
          self = parts[0] == "beam" ? .beam(n) : .sample(n)
          return
        }
        throw ConstructionError.usage("decoding must be greedy, beam:B, mode or sample:S, got '\(text)'")
      }
    }
  }

  struct Result {
    var resources: [String: Rational] = [:]
    var checked = 0
    var counterexample: String?
  }

  /// The decoder's completion on `search` (nil for sampling).
  static func decode(_ decoder: Decoder, _ search: inout CompletionSearch) throws -> Completion? {
    switch decoder {
    case .greedy: return try search.greedy()
    case .beam(let b): return try search.beam(width: b).first
    case .mode: return try search.top(1).first
    case .sample: return nil
    }
  }

  /// The rate of `set` (given by its members, each of which has a probability
  /// under the model) for the decoder whose completion is `completion`.
  static func rate(_ completion: Completion?, of members: [[String]], _ search: inout CompletionSearch) throws -> Rational {
    if let completion { return members.contains(completion.tokens) ? 1 : 0 }
    var total = Rational.zero
    for member in Set(members) { total += try search.probability(of: member) }
    return total
  }

  static func measure(_ model: PreparedModel, probes: [CompletionProbe], decoder: Decoder, seed: UInt64) throws -> Result {
    var out = Result()
    guard let first = probes.first else { return out }
    var search = try CompletionSearch(model: model, prompt: first.prompt, length: first.length)
    let completion = try decode(decoder, &search)
    if let completion {
      out.resources["completion_probability"] = completion.probability
    } else if case .sample(let s) = decoder {
      let drawn = try search.samples(s, seed: seed).flatMap { Array(repeating: $0.completion.probability!, count: $0.count) }
      out.resources["completion_probability"] = drawn.sorted()[(drawn.count - 1) / 2]
    }
    let repetitions = Set(search.labels).sorted().map { Array(repeating: $0, count: first.length) }
    out.resources["degenerate_rate"] = try rate(completion, of: repetitions, &search)
    if let answer = first.answer { out.resources["answer_rate"] = try rate(completion, of: [answer], &search) }

    let stated = probes.filter { $0.distribution != nil }
    guard !stated.isEmpty else { return out }
    var blend = Rational.zero
    var plurality = Rational.one
    for probe in stated {
      var search = try CompletionSearch(model: model, prompt: probe.prompt, length: probe.length)
      let exact = try search.exactDistribution(top: 1)
      let expected = probe.distribution!
      var got: [[String]: Rational] = [:]
      for c in exact.completions { got[c.tokens] = c.probability! }
      if got != expected {
        let show = { (d: [[String]: Rational]) in
          d.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { "\($0.key.joined(separator: " ")): \($0.value)" }
            .joined(separator: ", ")
        }
        out.counterexample = "\(probe.prompt.joined(separator: " ")): complete answers {\(show(got))}, specification {\(show(expected))}"
        break
      }
      out.checked += 1
      let completion = try decode(decoder, &search)
      let blends = completion.map { expected[$0.tokens] == nil ? Rational.one : .zero }
        ?? got.filter { expected[$0.key] == nil }.values.reduce(Rational.zero, +)
      blend = Rational.maximum(blend, blends)
      let top = expected.values.max()!
      let modes = expected.filter { $0.value == top }.map(\.key)
      plurality = Rational.minimum(plurality, try rate(completion, of: modes, &search))
    }
    out.resources["probes_checked"] = Rational(out.checked)
    out.resources["blend_rate"] = blend
    out.resources["plurality_rate"] = plurality
    return out
  }
}
