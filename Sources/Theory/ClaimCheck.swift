import ExactArithmetic
import Foundation

/// The outcome of checking one claim over its sweep.
public struct ClaimResult: Sendable {
  /// One prediction at one point: measured, predicted (nil for `constant`), holds.
  public struct Comparison: Sendable {
    public var prediction: Claim.Prediction
    public var measured: Rational?
    public var predicted: Rational?
    public var holds: Bool
    /// The prediction's setting was not measured at this point (its `when`).
    public var skipped: Bool = false
    public var resource: String { prediction.resource }
  }

  /// One sweep point.
  public struct Point: Sendable {
    public var value: Int
    /// What each setting measured, by setting name.
    public var measurements: [String: Measurement]
    /// The settings in the claim's order, for reading `measurements`.
    public var settingOrder: [String]
    /// One per prediction, in the claim's order (empty when the point failed to build).
    public var comparisons: [Comparison]
    /// The ablation's first counterexample (nil when none was found or none applies).
    public var ablationCounterexample: String?
    /// The ablated parameter's value at this point, when the ablation applies.
    public var ablationValue: Rational?
    /// Whether an ablation applied at this point.
    public var ablationApplies: Bool
    /// An error while building or evaluating, if any.
    public var error: String?
    /// Settings not measured at this point (their `when` is not positive).
    public var skippedSettings: [String] = []

    /// The first setting's measurement.
    public var measurement: Measurement? { settingOrder.first.flatMap { measurements[$0] } }

    /// Every setting verified: no counterexample anywhere.
    public var verified: Bool {
      error == nil && measurements.count + skippedSettings.count == settingOrder.count
        && measurements.values.allSatisfy { $0.counterexample == nil }
    }

    /// How the point was checked, in words (per setting when there are several).
    public var coverage: String {
      if settingOrder.count == 1 { return measurement?.coverage ?? "" }
      return settingOrder.compactMap { name in
        skippedSettings.contains(name) ? "\(name): not measured here" : measurements[name].map { "\(name): \($0.coverage)" }
      }.joined(separator: "; ")
    }

    /// Inputs checked over all settings.
    public var checked: Int { measurements.values.reduce(0) { $0 + $1.checked } }

    /// The first counterexample, named by its setting when there are several.
    public var counterexample: String? {
      for name in settingOrder {
        if let c = measurements[name]?.counterexample { return settingOrder.count == 1 ? c : "\(name): \(c)" }
      }
      return nil
    }
  }

  /// One check of the claim over the whole sweep: a prediction or the ablation.
  public struct Check: Sendable {
    public var kind: Claim.Kind
    /// The prediction's key, or `ablation`.
    public var key: String
    /// What it states.
    public var statement: String
    public var holds: Bool
  }

  public var claim: Claim
  public var points: [Point]
  /// Per `constant` prediction (by key), whether the resource was the same at every point.
  public var constantHolds: [String: Bool]

  /// Every check of the claim, predictions first, each with its kind.
  public var checks: [Check] {
    var out = claim.predictions.enumerated().map { i, p in
      Check(
        kind: p.kind, key: p.key, statement: p.statement,
        holds: (constantHolds[p.key] ?? true)
          && points.allSatisfy { $0.error == nil && i < $0.comparisons.count && $0.comparisons[i].holds })
    }
    if let a = claim.ablation {
      out.append(Check(
        kind: .ablation, key: "ablation", statement: "with \(a.parameter) = \(a.formula) the model must fail",
        holds: points.allSatisfy { $0.error == nil && (!$0.ablationApplies || $0.ablationCounterexample != nil) }))
    }
    return out
  }

  /// Whether the claim holds at every point: verified, every prediction
  /// met, and every applicable ablation refuted by a counterexample.
  public var holds: Bool {
    points.allSatisfy { point in
      point.verified && point.comparisons.allSatisfy(\.holds)
        && (!point.ablationApplies || point.ablationCounterexample != nil)
    } && constantHolds.values.allSatisfy { $0 }
  }

  /// Reasons the claim fails, one line each (empty when it holds).
  public var failures: [String] {
    var out: [String] = []
    let name = claim.sweepParameter
    for p in points {
      if let e = p.error { out.append("\(name) = \(p.value): \(e)") }
      if let c = p.counterexample { out.append("\(name) = \(p.value): counterexample \(c)") }
      for c in p.comparisons where !c.holds {
        out.append("\(name) = \(p.value): [\(c.prediction.kind.rawValue)] \(c.prediction.label) measured \(c.measured?.description ?? "—"), predicted \(c.prediction.relation == .equal || c.predicted == nil ? "" : c.prediction.relation.rawValue + " ")\(c.predicted?.description ?? "—")")
      }
      if p.ablationApplies && p.ablationCounterexample == nil {
        out.append("\(name) = \(p.value): [ablation] the ablated model (\(claim.ablation!.parameter) = \(claim.ablation!.formula)) had no counterexample")
      }
    }
    for p in claim.predictions where constantHolds[p.key] == false {
      out.append("[\(p.kind.rawValue)] \(p.label) is not constant over the sweep")
    }
    return out
  }
}

/// Checks claims: builds and verifies each sweep point in every setting,
/// compares the measured resources with the predicted formulas exactly.
public struct ClaimChecker {
  public let evaluator: any PointEvaluator

  public init(evaluator: any PointEvaluator) { self.evaluator = evaluator }

  /// The parameters a setting is built with at sweep value `value`.
  public static func parameters(_ setting: Claim.Setting, claim: Claim, value: Int) throws -> [String: String] {
    var parameters = setting.build
    parameters[setting.sweepAs] = String(value)
    let variables = [claim.sweepParameter: Rational(value)]
    for (name, formula) in setting.derived {
      let v = try formula.evaluate(variables)
      parameters[name] = v.description
    }
    return parameters
  }

  /// Checks `claim` over its full or quick sweep; `progress` is called
  /// after each point with the number of points done and the total.
  public func check(_ claim: Claim, quick: Bool, progress: ((Int, Int) -> Void)? = nil) -> ClaimResult {
    let values = quick ? claim.quickSweep : claim.sweep
    var points: [ClaimResult.Point] = []
    let order = claim.settings.map(\.name)
    for value in values {
      var point = ClaimResult.Point(
        value: value, measurements: [:], settingOrder: order, comparisons: [], ablationCounterexample: nil,
        ablationValue: nil, ablationApplies: false, error: nil)
      let sweepVariables = [claim.sweepParameter: Rational(value)]
      do {
        var parametersBySetting: [String: [String: String]] = [:]
        for setting in claim.settings {
          if let when = setting.when, try when.evaluate(sweepVariables).signum <= 0 {
            point.skippedSettings.append(setting.name)
            continue
          }
          let parameters = try ClaimChecker.parameters(setting, claim: claim, value: value)
          parametersBySetting[setting.name] = parameters
          point.measurements[setting.name] = try evaluator.measure(claim, parameters: parameters, depth: claim.depth)
        }
        // Formula variables: each setting's resources qualified by its name.
        var qualified: [String: Rational] = [:]
        for (name, m) in point.measurements {
          for (resource, v) in m.resources { qualified["\(name).\(resource)"] = v }
        }
        for p in claim.predictions {
          guard let m = point.measurements[p.setting] else {
            var skipped = ClaimResult.Comparison(prediction: p, measured: nil, predicted: nil, holds: true)
            skipped.skipped = true
            point.comparisons.append(skipped)
            continue
          }
          let measured = m.resources[p.resource]
          guard let formula = p.formula else {
            point.comparisons.append(.init(prediction: p, measured: measured, predicted: nil, holds: measured != nil))
            continue
          }
          var variables = qualified
          for (resource, v) in m.resources { variables[resource] = v }
          for (name, text) in parametersBySetting[p.setting]! {
            if let i = Int(text) { variables[name] = Rational(i) }
          }
          for (k, v) in sweepVariables { variables[k] = v }
          let predicted = try formula.evaluate(variables)
          let holds: Bool
          switch p.relation {
          case .equal: holds = measured == predicted
          case .atMost: holds = measured.map { $0 <= predicted } ?? false
          case .atLeast: holds = measured.map { $0 >= predicted } ?? false
          case .constant: holds = true
          }
          point.comparisons.append(.init(prediction: p, measured: measured, predicted: predicted, holds: holds))
        }
        if let ablation = claim.ablation {
          let applies = try !point.skippedSettings.contains(ablation.setting)
            && (ablation.when.map { try $0.evaluate(sweepVariables).signum > 0 } ?? true)
          point.ablationApplies = applies
          if applies {
            var smaller = parametersBySetting[ablation.setting]!
            let v = try ablation.formula.evaluate(sweepVariables)
            point.ablationValue = v
            smaller[ablation.parameter] = v.description
            let a = try evaluator.measure(claim, parameters: smaller, depth: claim.depth)
            point.ablationCounterexample = a.counterexample
          }
        }
      } catch {
        point.error = String(describing: error)
      }
      points.append(point)
      progress?(points.count, values.count)
    }
    var constant: [String: Bool] = [:]
    for p in claim.predictions where p.relation == .constant {
      let measured = points.filter { !$0.skippedSettings.contains(p.setting) }
      let values = measured.compactMap { $0.measurements[p.setting]?.resources[p.resource] }
      constant[p.key] = values.count == measured.count && Set(values).count <= 1
    }
    return ClaimResult(claim: claim, points: points, constantHolds: constant)
  }
}
