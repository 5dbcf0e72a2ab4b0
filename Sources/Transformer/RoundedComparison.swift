import ExactArithmetic

/// When a rounded numerical output counts as the exact one.
public enum NumericalDecision: String, Sendable, Hashable, CaseIterable {
  /// The rounded output equals the exact output rounded to the format (the best any rounded run can do).
  case value
  /// The rounded output has the exact output's sign (−, 0, +): the decision of a classifier margin.
  case sign
}

/// A rounded run set beside the exact run of the same model.
public struct RoundedComparison: Sendable {
  /// The exact output at each input position.
  public var exact: [Result<OutputValue, ModelError>]
  /// The rounded run.
  public var rounded: RoundedRun
  /// Whether each position's rounded output counts as the exact one.
  public var agreesAt: [Bool]
  /// The first stage, position and direction where the rounded stream differs
  /// from the exact stream rounded to the format; nil when it never does.
  public var departure: StreamDeparture?

  /// Whether every position agrees.
  public var agrees: Bool { agreesAt.allSatisfy { $0 } }

  /// Runs `tokens` exactly and rounded, and compares outputs and streams.
  ///
  /// - Throws: ``ModelError`` for an input the model rejects.
  public init(_ pass: RoundedPass, _ tokens: [String], decision: NumericalDecision, departure wanted: Bool = true) throws {
    let model = pass.model
    rounded = try pass.run(tokens)
    exact = try model.outputsByPosition(tokens)
    let format = pass.settings.format
    agreesAt = zip(exact, rounded.outputs).map { Self.agree($0, $1, format: format, decision: decision) }
    departure = nil
    if wanted {
      let trace = try? model.run(tokens).trace
      if let trace { departure = StreamDeparture.first(exact: trace, rounded: rounded, residual: model.model.residual) }
    }
  }

  /// Whether a rounded output counts as the exact one.
  public static func agree(
    _ exact: Result<OutputValue, ModelError>, _ rounded: Result<OutputValue, RoundedFailure>,
    format: NumberFormat, decision: NumericalDecision
  ) -> Bool {
    switch (exact, rounded) {
    case (.failure, .failure): return true
    case (.failure, .success), (.success, .failure): return false
    case (.success(.number(let x)), .success(.number(let y))):
      switch decision {
      case .sign: return x.signum == y.signum
      case .value: return (try? format.round(x))?.rational == y
      }
    case (.success(let x), .success(let y)): return x == y
    }
  }
}

/// Where a rounded stream first leaves the exact stream rounded to the format.
public struct StreamDeparture: Sendable, Hashable {
  /// The stage label (`embedding`, `layer L attention`, `layer L mlp`).
  public var stage: String
  /// Stream row (BOS included).
  public var position: Int
  /// The residual direction.
  public var direction: String
  /// The exact value there.
  public var exact: Rational
  /// The rounded run's value there.
  public var rounded: FormatValue

  /// `above` or `below` the exact value (or `not finite`).
  public var side: String {
    guard let r = rounded.rational else { return "not finite" }
    return exact < r ? "above" : "below"
  }

  /// The first stage with a difference; within it, the entry farthest from its exact value.
  static func first(exact: Trace, rounded: RoundedRun, residual: ResidualSpace) -> StreamDeparture? {
    let format = rounded.settings.format
    for (stage, roundedStage) in zip(exact.stages, rounded.stages) {
      let stream = stage.scaledStream
      let roundedStream = roundedStage.stream  // converted once (a native kernel's rows convert on each read)
      var worst: (Rational?, StreamDeparture)? = nil
      for i in 0..<stream.rowCount {
        for c in 0..<residual.dimension {
          let x = stream[i, c]
          let y = roundedStream[i][c]
          let ideal = (try? format.round(x))?.rational
          if let ideal, let r = y.rational, ideal == r { continue }
          let gap = y.rational.map { ($0 - x).magnitude }
          let here = StreamDeparture(
            stage: stage.label, position: i, direction: residual.names[c], exact: x, rounded: y)
          if let current = worst {
            // A non-finite value is the worst; otherwise the larger gap.
            guard let g = gap, let w = current.0 else { if gap == nil { worst = (nil, here) }; continue }
            if w < g { worst = (g, here) }
          } else {
            worst = (gap, here)
          }
        }
      }
      if let worst { return worst.1 }
    }
    return nil
  }
}

extension StreamDeparture: CustomStringConvertible {
  public var description: String {
    "\(stage), position \(position), \(direction): \(rounded) (\(side) the exact \(exact))"
  }
}
