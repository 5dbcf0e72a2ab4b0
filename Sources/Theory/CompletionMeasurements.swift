import Constructions
import Decoding
import ExactArithmetic
import Transformer

/// Measured quantities of whole completions, for claims about decoding:
/// each an exact rational computed by ``CompletionSearch`` on the model
/// built (never read off a builder).
///
/// On the first probe (its prompt and answer length):
/// - `greedy_probability`: the exact joint probability of greedy's completion;
/// - `mode_probability`: the probability of the most probable completion (exact top-1);
/// - `greedy_is_mode`: 1 when greedy's completion is that mode, else 0;
/// - `mode_degenerate`: 1 when the mode is one token repeated, else 0;
/// - `degenerate_mass`: the probability that a sample is one token repeated
///   (Σ over labels v of P(v…v), each along its path);
/// - `median_probability`: the upper median of a sample's probability, from
///   `mass:1/2` (half the samples are at most this probable);
/// - `mode_to_median`: `mode_probability / median_probability`;
/// - `answer_probability`, `mode_is_answer`, `greedy_is_answer`: against the
///   probe's right answer, when it states one.
/// Over every probe that states an answer distribution:
/// - the exact distribution over complete answers (enumerated) must equal it,
///   else the point has a counterexample;
/// - `probes_checked`: how many were compared;
/// - `blend_mass`: the largest probability, over the probes, of complete
///   answers the specification gives probability 0 (a blend of answers);
/// - `greedy_is_mode` is then 1 only when greedy finds the mode on every probe.
/// Only the quantities a claim predicts are computed (`median_probability`
/// searches half the mass, which can be large).
enum CompletionMeasurements {
  static let names: Set<String> = [
    "greedy_probability", "mode_probability", "greedy_is_mode", "mode_degenerate", "degenerate_mass",
    "median_probability", "mode_to_median", "answer_probability", "mode_is_answer", "greedy_is_answer",
    "probes_checked", "blend_mass",
  ]

  struct Result {
    var resources: [String: Rational] = [:]
    var checked = 0
    var counterexample: String?
  }

  static func measure(_ model: PreparedModel, probes: [CompletionProbe], wanted: Set<String>) throws -> Result {
    var out = Result()
    guard let first = probes.first else { return out }
    func flag(_ b: Bool) -> Rational { b ? 1 : 0 }
    var search = try CompletionSearch(model: model, prompt: first.prompt, length: first.length)
    let needsGreedy = !wanted.isDisjoint(with: ["greedy_probability", "greedy_is_mode", "greedy_is_answer"])
    let needsMode = !wanted.isDisjoint(with: ["mode_probability", "greedy_is_mode", "mode_degenerate", "mode_to_median", "mode_is_answer"])
    let greedy = needsGreedy ? try search.greedy() : nil
    let mode = needsMode ? try search.top(1).first : nil
    if let greedy { out.resources["greedy_probability"] = greedy.probability }
    if let mode {
      out.resources["mode_probability"] = mode.probability
      out.resources["mode_degenerate"] = flag(mode.isRepetition)
    }
    if let greedy, let mode { out.resources["greedy_is_mode"] = flag(greedy.tokens == mode.tokens) }
    if wanted.contains("degenerate_mass") {
      var total = Rational.zero
      for label in Set(search.labels) {
        total += try search.probability(of: Array(repeating: label, count: first.length))
      }
      out.resources["degenerate_mass"] = total
    }
    if !wanted.isDisjoint(with: ["median_probability", "mode_to_median"]) {
      let median = try search.mass(Rational(1, 2)).completions.last!.probability!
      out.resources["median_probability"] = median
      if let p = mode?.probability { out.resources["mode_to_median"] = p / median }
    }
    if let answer = first.answer {
      out.resources["answer_probability"] = try search.probability(of: answer)
      if let mode { out.resources["mode_is_answer"] = flag(mode.tokens == answer) }
      if let greedy { out.resources["greedy_is_answer"] = flag(greedy.tokens == answer) }
    }
    let stated = probes.filter { $0.distribution != nil }
    guard !stated.isEmpty else { return out }
    var blend = Rational.zero
    var greedyFindsMode = true
    for probe in stated {
      var search = try CompletionSearch(model: model, prompt: probe.prompt, length: probe.length)
      let exact = try search.exactDistribution(top: 1)
      let expected = probe.distribution!
      var got: [[String]: Rational] = [:]
      for c in exact.completions { got[c.tokens] = c.probability! }
      blend = Rational.maximum(blend, got.filter { expected[$0.key] == nil }.values.reduce(Rational.zero, +))
      if needsGreedy {
        let path = try search.greedy()
        greedyFindsMode = greedyFindsMode && path.tokens == exact.mode.tokens
      }
      if got != expected {
        let show = { (d: [[String]: Rational]) in
          d.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { "\($0.key.joined(separator: " ")): \($0.value)" }.joined(separator: ", ")
        }
        out.counterexample = "\(probe.prompt.joined(separator: " ")): complete answers {\(show(got))}, specification {\(show(expected))}"
        break
      }
      out.checked += 1
    }
    out.resources["probes_checked"] = Rational(out.checked)
    out.resources["blend_mass"] = blend
    if needsGreedy { out.resources["greedy_is_mode"] = flag(greedyFindsMode) }
    return out
  }
}
