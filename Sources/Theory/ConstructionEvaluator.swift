import Constructions
import ExactArithmetic
import Foundation
import Transformer

/// Measures claim points built from the construction catalog: builds the
/// member, checks it against the family's reference on every input up to
/// the claim's exhaustive length and on seeded samples at full length, in
/// the family's run mode (with the exact next-token probabilities too where
/// the family states them), and reports its resources; for a setting that
/// names a decoder (`decoding = …`), also the whole-completion quantities of
/// ``CompletionMeasurements``.
public struct ConstructionEvaluator: PointEvaluator {
  public init() {}

  /// The family a setting names, its own parameters, the decoder and the precision measurement.
  private func prepare(_ claim: Claim, _ parameters: [String: String]) throws -> (
    family: ConstructionFamily, values: [String: String], decoder: CompletionMeasurements.Decoder?,
    precision: PrecisionMeasurement?
  ) {
    guard let name = parameters["construction"], let family = ConstructionFamily.named(name) else {
      throw ConstructionError.usage("claim \(claim.id): build.construction names no family")
    }
    var values = parameters
    values["construction"] = nil
    let decoder = try values.removeValue(forKey: "decoding").map(CompletionMeasurements.Decoder.init)
    let precision = try PrecisionMeasurement(extracting: &values, claim: claim.id)
    return (family, values, decoder, precision)
  }

  /// The inputs ``measure(_:parameters:depth:)`` checks, from the family's
  /// reference alone; with `build`, the member is built and the parameters
  /// neither it nor the reference reads are reported, as `construct`
  /// finds them (``ConstructionFamily/unusedParameters(_:)``).
  public func plan(_ claim: Claim, parameters: [String: String], depth: Claim.Depth, build: Bool) throws -> PointPlan {
    let (family, values, decoder, precision) = try prepare(claim, parameters)
    let names = family.parameters.map(\.name)
    let unknown = values.keys.filter { !names.contains($0) }.sorted()
    if !unknown.isEmpty {
      let reason = "\(family.name) has no such parameter (it takes: \(names.joined(separator: ", ")))"
      return PointPlan(work: ClaimWork(), unused: Dictionary(uniqueKeysWithValues: unknown.map { ($0, reason) }))
    }
    let p = try family.parameterValues(values)
    var unused: [String: String]?
    if build {
      _ = try family.build(p)
      let reason = "\(family.name) does not read it with the other parameters given (neither its build nor the inputs check tests)"
      unused = Dictionary(uniqueKeysWithValues: family.unusedParameters(p).ignored.map { ($0, reason) })
    }
    let reference = try family.reference(p)
    if build, decoder != nil, reference.completions.isEmpty {
      unused?["decoding"] = "\(family.name) as built states no prompts to complete (decoding applies to degenerate-mode, garden-path, superposition with readout=distribution)"
    }
    var work = ClaimWork()
    let lengths = reference.lengths
    let exhaustiveTop = min(depth.exhaustiveUpTo, lengths.upperBound)
    if let instances = reference.instances {
      let short = instances.filter { $0.count <= exhaustiveTop }
      let long = instances.filter { $0.count > exhaustiveTop }
      work.exhaustiveInputs = Double(short.count)
      work.exhaustiveLength = short.map(\.count).max() ?? 0
      if depth.samples > 0, !long.isEmpty {
        work.otherInputs = Double(depth.samples)
        work.otherLength = long.map(\.count).max() ?? 0
      }
    } else {
      if exhaustiveTop >= lengths.lowerBound {
        work.exhaustiveInputs = ClaimWork.words(over: reference.alphabet.count, lengths: lengths.lowerBound...exhaustiveTop)
        work.exhaustiveLength = exhaustiveTop
      }
      if depth.samples > 0 && lengths.upperBound > exhaustiveTop {
        work.otherInputs = Double(depth.samples)
        work.otherLength = lengths.upperBound
      }
    }
    if let family = reference.marginFamily {
      work.otherInputs += Double(family.inputs.count)
      work.otherLength = max(work.otherLength, family.inputs.map(\.count).max() ?? 0)
    }
    if let precision {
      let top = precision.maxLength ?? values["length"].flatMap(Int.init) ?? 32
      work = work + precision.work(maxLength: top)
    }
    return PointPlan(work: work, unused: unused)
  }

  public func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement {
    let (family, values, decoder, precision) = try prepare(claim, parameters)
    let p = try family.parameterValues(values)
    let start = Date()
    let model = try family.build(p)
    let reference = try family.reference(p)
    let mode = reference.mode ?? family.mode
    let prepared = model.prepared()
    var checked = 0
    var counterexample: String?
    var margin: Rational?
    var steps = 0
    var iterations = 0
    // The numerical output at the last position, per input of the longest length (for sensitivity).
    var lastOutputs: [[String]: Rational] = [:]

    func check(_ input: [String]) throws -> Bool {
      let expected = try reference.expected(input)
      let got: [String]
      do {
        switch mode {
        case .singlePass:
          let run = try prepared.run(input)
          let outputs = run.outputs
          for case .number(let x) in outputs { margin = margin.map { Rational.minimum($0, x.magnitude) } ?? x.magnitude }
          if input.count == lengths.upperBound, case .number(let x)? = outputs.last { lastOutputs[input] = x }
          got = outputs.map(\.description)
          if let vectorCheck = reference.vectorCheck, let problem = try vectorCheck(prepared, input) {
            counterexample = "\(input.joined(separator: " ")): \(problem)"
            return false
          }
          if let probabilities = reference.probabilities {
            let expected = try probabilities(input)
            for (i, result) in prepared.probabilities(of: run).enumerated() {
              let q = try? result.get()
              if q != expected[i] {
                let show = { (p: [Rational]?) in p.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "none" }
                counterexample = "\(input.joined(separator: " ")) at position \(i): expected probabilities \(show(expected[i])), got \(show(q))"
                return false
              }
            }
          }
        case .chainOfThought:
          let generation = try prepared.generate(input, maxSteps: expected.count)
          steps = max(steps, generation.steps)
          got = generation.emitted
        case .looped:
          let run = try model.runLooped(input)
          iterations = max(iterations, run.iterations)
          got = run.outputs.map(\.description)
        }
      } catch let error as ModelError {
        counterexample = "\(input.joined(separator: " ")): \(error)"
        return false
      }
      checked += 1
      if got != expected {
        let i = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, expected.count)
        counterexample = "\(input.joined(separator: " ")) at position \(i): expected \(i < expected.count ? expected[i] : "end"), got \(i < got.count ? got[i] : "end")"
        return false
      }
      return true
    }

    let lengths = reference.lengths
    let exhaustiveTop = min(depth.exhaustiveUpTo, lengths.upperBound)
    var coverage: [String] = []
    if let instances = reference.instances {
      // Well-formed inputs only: all of them up to the exhaustive length, then seeded samples of the rest.
      let short = instances.filter { $0.count <= exhaustiveTop }
      let long = instances.filter { $0.count > exhaustiveTop }
      let pool = reference.instanceSpace.map { "a seeded selection of \(instances.count) of the \($0) well-formed inputs" }
        ?? "the \(instances.count) well-formed inputs"
      let sampled = depth.samples > 0 && !long.isEmpty
      if long.isEmpty {
        coverage.append("every one of \(pool)")
      } else if short.isEmpty {
        coverage.append(sampled ? "\(depth.samples) seeded samples of \(pool)" : "none of \(pool)")
      } else {
        coverage.append(
          "of \(pool): every one up to length \(exhaustiveTop) (\(short.count))"
            + (sampled ? ", then \(depth.samples) seeded samples of the \(long.count) longer ones" : ""))
      }
      for input in short where try !check(input) { break }
      if counterexample == nil && sampled {
        var rng = ExactSampler(seed: depth.seed)
        for _ in 0..<depth.samples where try !check(long[Int(rng.next() % UInt64(long.count))]) { break }
      }
    } else if exhaustiveTop >= lengths.lowerBound {
      coverage.append(
        lengths.lowerBound == exhaustiveTop ? "every input of length \(exhaustiveTop)"
          : lengths.lowerBound == 1 ? "every input up to length \(exhaustiveTop)" : "every input of length \(lengths.lowerBound) to \(exhaustiveTop)")
      var layer: [[String]] = [[]]
      outer: for length in 1...exhaustiveTop {
        layer = layer.flatMap { prefix in reference.alphabet.map { prefix + [$0] } }
        if length < lengths.lowerBound { continue }
        for input in layer where try !check(input) { break outer }
      }
    }
    if reference.instances == nil && counterexample == nil && depth.samples > 0 && lengths.upperBound > exhaustiveTop {
      var rng = ExactSampler(seed: depth.seed)
      coverage.append("\(coverage.isEmpty ? "" : "then ")\(depth.samples) seeded samples of length \(lengths.upperBound)")
      for _ in 0..<depth.samples {
        let input = (0..<lengths.upperBound).map { _ in reference.alphabet[Int(rng.next() % UInt64(reference.alphabet.count))] }
        if try !check(input) { break }
      }
    }
    // The least margin: exact where every input was checked, or over a family
    // that provably contains the minimiser; otherwise only over the inputs checked.
    var notes: [String: String] = [:]
    if mode == .singlePass {
      if exhaustiveTop >= lengths.upperBound && reference.instances == nil {
        notes["margin"] = "exact: the least |output| over every input of length \(lengths.lowerBound == lengths.upperBound ? "\(lengths.upperBound)" : "\(lengths.lowerBound)...\(lengths.upperBound)")"
      } else if let family = reference.marginFamily {
        if counterexample == nil {
          for input in family.inputs where try !check(input) { break }
        }
        coverage.append("and the \(family.inputs.count) inputs that attain the least margin")
        notes["margin"] = "exact: the least |output| over the inputs checked, which include \(family.inputs.map { abbreviate($0) }.joined(separator: " and ")), and \(family.argument)"
      } else {
        notes["margin"] = "sampled: the least |output| over the inputs checked only, not the least over every input"
      }
    }
    // Hahn's sensitivity: the largest change of the output at the last position
    // when one other token flips, exact over every input where all were checked,
    // else over the family's pair (which the family's argument shows attains it).
    var sensitivity: Rational?
    let top = lengths.upperBound
    if mode == .singlePass && counterexample == nil && top == 1 && !lastOutputs.isEmpty {
      sensitivity = .zero
      notes["sensitivity"] = "no token before the read one: nothing to flip"
    } else if mode == .singlePass && counterexample == nil && top >= 2 {
      if exhaustiveTop >= top && reference.instances == nil && !lastOutputs.isEmpty {
        var largest = Rational.zero
        for (input, value) in lastOutputs {
          for p in 0..<(top - 1) {
            for token in reference.alphabet where token != input[p] {
              var flipped = input
              flipped[p] = token
              if let other = lastOutputs[flipped] { largest = Rational.maximum(largest, (value - other).magnitude) }
            }
          }
        }
        sensitivity = largest
        notes["sensitivity"] = "exact: the largest change over every input of length \(top) and every flip of one token before the last"
      } else if let family = reference.marginFamily, family.inputs.count == 2,
        let a = lastOutputs[family.inputs[0]], let b = lastOutputs[family.inputs[1]],
        zip(family.inputs[0], family.inputs[1]).enumerated().filter({ $0.element.0 != $0.element.1 }).map(\.offset).allSatisfy({ $0 < top - 1 })
      {
        sensitivity = (a - b).magnitude
        notes["sensitivity"] = "exact: the change between \(family.inputs.map { abbreviate($0) }.joined(separator: " and ")), one flip apart, which attains the largest: \(family.argument)"
      }
    }
    let hahn = mode == .singlePass ? SensitivityBound(model: model, length: top) : nil
    var resources: [String: Rational] = [
      "layers": Rational(model.layers.count),
      "heads": Rational(model.headsPerLayer.reduce(0, +)),
      "max_heads": Rational(model.headsPerLayer.max() ?? 0),
      "residual_width": Rational(model.residual.dimension),
      "mlp_width": Rational(model.mlpWidths.max() ?? 0),
      "parameters": Rational(model.parameterCount),
      "nonzeros": Rational(model.nonzeroCount),
      "layer_parameters": Rational(
        model.layers.reduce(0) { $0 + $1.heads.reduce(0) { $0 + $1.parameterCount } + ($1.mlp?.parameterCount ?? 0) }),
    ]
    if let margin { resources["margin"] = margin }
    if let sensitivity { resources["sensitivity"] = sensitivity }
    if let hahn {
      resources["hahn_bound"] = hahn.bound
      resources["hahn_constant"] = hahn.bound * Rational(top + (model.bos == nil ? 0 : 1))
    }
    if mode == .chainOfThought { resources["cot_steps"] = Rational(steps) }
    if mode == .looped { resources["loop_iterations"] = Rational(iterations) }
    if let states = model.metadata["states"].flatMap(Int.init) { resources["states"] = Rational(states) }
    if decoder != nil, reference.completions.isEmpty {
      throw ConstructionError.usage(
        "claim \(claim.id): decoding applies to families whose readout gives probabilities and that state prompts to complete (degenerate-mode, garden-path, superposition with readout=distribution)")
    }
    if counterexample == nil, let decoder {
      let measured = try CompletionMeasurements.measure(
        prepared, probes: reference.completions, decoder: decoder, seed: depth.seed)
      resources.merge(measured.resources) { $1 }
      counterexample = measured.counterexample
      checked += measured.checked
      let stated = reference.completions.filter { $0.distribution != nil }.count
      if stated > 0 {
        coverage.append("\(measured.checked) of \(stated) prompts' complete-answer distributions equal to the specification, exactly")
      }
    }
    if margin == nil { notes["margin"] = nil }
    if counterexample == nil, let precision {
      let (measured, note) = try precision.measure(family, values: values, seed: depth.seed)
      resources.merge(measured) { $1 }
      notes["break_length"] = note
    }
    return Measurement(
      resources: resources, checked: checked, counterexample: counterexample,
      coverage: coverage.joined(separator: ", "), seconds: Date().timeIntervalSince(start), notes: notes)
  }

  /// `0^38`, `1 0^37`: an input in runs.
  func abbreviate(_ input: [String]) -> String {
    var runs: [(token: String, count: Int)] = []
    for t in input {
      if runs.last?.token == t { runs[runs.count - 1].count += 1 } else { runs.append((t, 1)) }
    }
    return runs.map { $0.count == 1 ? $0.token : "\($0.token)^\($0.count)" }.joined(separator: " ")
  }
}
