import ExactArithmetic
import Foundation
import Testing
import TestSupport
import Transformer

/// Softmax and proportional readouts: exact next-token probabilities, the
/// model file, and the incremental pass's kept positions.
@Suite struct DistributionReadoutTests {
  /// No layers: each token's embedding writes the logits (or weights) of the next.
  func bigram(_ readout: (ModelBuilder) -> Readout, entries: [String: [String: Rational]]) throws -> Model {
    var builder = ModelBuilder(name: "bigram", vocabulary: ["a", "b"], maxLength: 4)
    builder.declare(["x:a", "x:b"])
    for (token, row) in entries { builder.embedding.tokens[token]!.merge(row) { $1 } }
    return try builder.build(readout: readout(builder))
  }

  func softmax(_ scale: Rational) -> (ModelBuilder) -> Readout {
    { _ in .softmax(directions: ["x:a", "x:b"], labels: [.text("a"), .text("b")], scale: scale) }
  }

  @Test func softmaxGivesExactProbabilities() throws {
    let model = try bigram(softmax(1), entries: ["a": ["x:a": 1], "b": ["x:a": -2, "x:b": 1]]).prepared()
    let run = try model.run(["a", "b"])
    #expect(run.outputs == [.text("a"), .text("b")])
    let p = try model.probabilities(of: run).map { try $0.get() }
    #expect(p == [[Rational(2, 3), Rational(1, 3)], [Rational(1, 9), Rational(8, 9)]])
    // Logits 2 and 0 at scale 1/2 are the same distribution.
    let half = try bigram(softmax(Rational(1, 2)), entries: ["a": ["x:a": 2], "b": ["x:a": -4, "x:b": 2]]).prepared()
    #expect(try half.probabilities(of: half.run(["a", "b"])).map { try $0.get() } == p)
    // Equal logits: the first label is the decoded output (the greedy rule), not a tie error.
    let flat = try bigram(softmax(1), entries: [:]).prepared()
    #expect(try flat.run(["a"]).outputs == [.text("a")])
    #expect(try flat.probabilities(of: flat.run(["a"]))[0].get() == [Rational(1, 2), Rational(1, 2)])
  }

  @Test func nonIntegerLogitsAreRefusedWithTheReason() throws {
    let model = try bigram(softmax(Rational(1, 3)), entries: ["a": ["x:a": 1]]).prepared()
    let error = ModelError.nonIntegerLogit(label: "a", position: 0, logit: "1/3")
    #expect(throws: error) { try model.run(["a"]) }
    #expect(error.description.contains("is 1/3, not an integer"))
    var run = try IncrementalRun(model)
    try run.append("a")
    #expect(run.outputs == [.failure(error)])
    #expect(run.probabilities(at: 0) == .failure(error))
  }

  @Test func proportionalReadoutNormalisesTheEntries() throws {
    let readout: (ModelBuilder) -> Readout = { _ in .proportional(directions: ["x:a", "x:b"], labels: [.text("a"), .text("b")], empty: nil) }
    let model = try bigram(readout, entries: ["a": ["x:a": Rational(1, 6), "x:b": Rational(1, 3)]]).prepared()
    let run = try model.run(["a"])
    #expect(run.outputs == [.text("b")])
    #expect(try model.probabilities(of: run)[0].get() == [Rational(1, 3), Rational(2, 3)])
    // b writes nothing: no distribution there.
    #expect(throws: ModelError.noDistribution(position: 1, reason: "every entry of the proportional readout is 0 (the model predicts nothing here)")) {
      try model.run(["a", "b"])
    }
    // With an `empty` label, such a row decodes to it (and still has no distribution).
    let withEmpty = try bigram(
      { _ in .proportional(directions: ["x:a", "x:b"], labels: [.text("a"), .text("b")], empty: .text("none")) },
      entries: ["a": ["x:a": Rational(1, 6), "x:b": Rational(1, 3)]]).prepared()
    let both = try withEmpty.run(["a", "b"])
    #expect(both.outputs == [.text("b"), .text("none")])
    #expect(withEmpty.probabilities(of: both)[1] == .failure(.noDistribution(position: 1, reason: "every entry of the proportional readout is 0 (the model predicts nothing here)")))
    let negative = try bigram(readout, entries: ["a": ["x:a": -1, "x:b": 2]]).prepared()
    #expect(throws: ModelError.noDistribution(position: 0, reason: "the entry of 'a' is -1, negative")) {
      try negative.run(["a"])
    }
  }

  @Test func modelFilesKeepTheReadoutAndSayWhatIsRefused() throws {
    for readout in [
      Readout.softmax(directions: ["x:a", "x:b"], labels: [.text("a"), .text("b")], scale: Rational(1, 2)),
      Readout.proportional(directions: ["x:a", "x:b"], labels: [.text("a"), .number(Rational(1, 2))], empty: .text("none")),
    ] {
      let model = try bigram({ _ in readout }, entries: ["a": ["x:a": 1]])
      let data = try model.jsonData()
      let text = String(decoding: data, as: UTF8.self)
      #expect(text.contains("\"version\" : 3"))
      #expect(try Model(jsonData: data) == model)
    }
    let categorical = try bigram({ _ in .categorical(directions: ["x:a", "x:b"], labels: [.text("a"), .text("b")]) }, entries: [:])
    #expect(String(decoding: try categorical.jsonData(), as: UTF8.self).contains("\"version\" : 1"))

    let model = try bigram(softmax(1), entries: ["a": ["x:a": 1]])
    let text = String(decoding: try model.jsonData(), as: UTF8.self)
    func refused(_ edited: String) -> String {
      do {
        _ = try Model(jsonData: Data(edited.utf8))
        return "loaded"
      } catch {
        return "\(error)"
      }
    }
    #expect(text.contains("\"base\" : 2"))
    #expect(refused(text.replacingOccurrences(of: "\"base\" : 2", with: "\"base\" : 10"))
      == "invalid model file: softmax readout: base 10 is not supported; only base 2 gives exact rational probabilities (2^l for integer logits l)")
    #expect(refused(text.replacingOccurrences(of: "\"scale\" : \"1\"", with: "\"scale\" : \"-1/2\""))
      == "invalid model file: softmax readout: scale must be positive, got -1/2")
    #expect(refused(text.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 2"))
      == "invalid model file: a softmax readout needs format version 3")
    #expect(refused(text.replacingOccurrences(of: "\"softmax\"", with: "\"sparsemax\""))
      == "invalid model file: unknown readout kind 'sparsemax' (categorical, numerical, softmax or proportional)")
    // Without base and scale: base 2, scale 1.
    let bare = text.replacingOccurrences(of: "\"base\" : 2,", with: "").replacingOccurrences(of: "\"scale\" : \"1\",", with: "")
    #expect(try Model(jsonData: Data(bare.utf8)) == model)
  }

  /// Random causal language models with softmax readouts, and the same
  /// models read proportionally (negative entries fail: failures are compared too).
  @Test func incrementalProbabilitiesAndKeptPositionsMatchWholeRuns() throws {
    var g = SplitMix64(seed: 77)
    var compared = 0
    for index in 0..<30 {
      var model = try LanguageModels.random(vocabularySize: 2 + index % 3, maxLength: 6, seed: UInt64(index), halfScale: index % 4 == 1)
      if index % 2 == 1, case .softmax(let directions, let labels, _) = model.readout {
        model.readout = .proportional(directions: directions, labels: labels, empty: nil)
      }
      let prepared = model.prepared()
      var run = try IncrementalRun(prepared)
      let tokens = (0..<model.maxLength).map { _ in model.vocabulary.randomElement(using: &g)! }
      for (t, token) in tokens.enumerated() {
        try run.append(token)
        let kept = run.keptLastPosition()
        if let kept, t > 0 {
          // Drop the position and put it back: nothing is recomputed, nothing changes.
          let (outputs, p) = (run.outputs, run.probabilities(at: t))
          run.truncate(toLength: t)
          run.append(kept)
          #expect(run.outputs == outputs)
          #expect(run.probabilities(at: t) == p)
        }
      }
      // The whole pass's final stream (models whose softmax heads fail are skipped).
      guard let trace = try? prepared.forward(prepared.embed(prepared.sequence(for: tokens))) else { continue }
      let final = trace.stages.last!.scaledStream
      let first = model.bos == nil ? 0 : 1
      #expect(run.outputs == (try prepared.outputsByPosition(tokens)))
      for t in tokens.indices {
        let expected = model.readout.probabilities(prepared.readoutEntries(row: first + t, of: final), position: t)
        #expect(run.probabilities(at: t) == expected)
        if case .success = expected { compared += 1 }
      }
    }
    #expect(compared > 20)
  }
}
