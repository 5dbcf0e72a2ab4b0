import Constructions
import ExactArithmetic

extension ClaimChecker {
  /// Refuses, before any input is checked, a claim that cannot be checked
  /// as written, with one located error at the key that causes it:
  ///
  /// - a build parameter that nothing reads at any point of the sweep (the
  ///   test `construct` makes, ``ConstructionFamily/unusedParameters(_:)``:
  ///   for a construction, read by neither its build nor its reference);
  ///   each setting is built at the first point, and at later points only
  ///   while some parameter is still unread;
  /// - a point whose work (``ClaimWork``, summed over its settings and the
  ///   ablation) is over ``ClaimWork/limit``, naming the parameter that
  ///   makes it large, its value and the estimate.
  ///
  /// - Throws: ``ClaimError/located(file:line:column:message:excerpt:)``.
  public func preflight(_ claim: Claim, quick: Bool) throws {
    let values = quick ? claim.quickSweep : claim.sweep
    // Per setting, the parameters no point built so far reads (nil: none built yet).
    var unread: [String: [String: String]] = [:]
    var ablationChecked = false
    for value in values {
      let sweepVariables = [claim.sweepParameter: Rational(value)]
      var works: [(setting: Claim.Setting, parameters: [String: String], work: ClaimWork)] = []
      for setting in claim.settings {
        if let when = setting.when, (try? when.evaluate(sweepVariables).signum) ?? 1 <= 0 { continue }
        // A formula that fails here fails the point later, with its reason.
        guard let parameters = try? ClaimChecker.parameters(setting, claim: claim, value: value) else { continue }
        let pending = unread[setting.name]
        let build = pending == nil || !(pending!.isEmpty)
        let plan: PointPlan
        do {
          plan = try evaluator.plan(claim, parameters: parameters, depth: claim.depth, build: build)
        } catch ConstructionError.usage(let why) where pending == nil {
          // The setting as written cannot be built (a missing parameter, two that exclude each other).
          throw claim.error(at: setting.table, "\(claim.settings.count > 1 ? "setting \(setting.name): " : "")\(why)")
        } catch {
          // Any other failure fails the point later, with its reason.
          continue
        }
        if build, let unused = plan.unused {
          unread[setting.name] = pending.map { earlier in earlier.filter { unused[$0.key] != nil } } ?? unused
        }
        works.append((setting, parameters, plan.work))
        if let ablation = claim.ablation, ablation.setting == setting.name, !ablationChecked,
          (try? ablation.when.map { try $0.evaluate(sweepVariables).signum > 0 } ?? true) ?? false,
          let v = try? ablation.formula.evaluate(sweepVariables)
        {
          var smaller = parameters
          smaller[ablation.parameter] = v.description
          if let plan = try? evaluator.plan(claim, parameters: smaller, depth: claim.depth, build: true) {
            ablationChecked = true
            if let why = plan.unused?[ablation.parameter] {
              throw claim.error(at: "ablation.parameter", "the ablated parameter \(ablation.parameter) is not used: \(why)")
            }
            works.append((setting, smaller, plan.work))
          }
        }
      }
      let total = works.reduce(ClaimWork()) { $0 + $1.work }
      if total.isOverLimit, let largest = works.max(by: { $0.work.work < $1.work.work }) {
        throw overLimit(claim, largest.setting, largest.parameters, largest.work, total: total, value: value)
      }
    }
    for setting in claim.settings {
      guard let (key, why) = unread[setting.name]?.sorted(by: { $0.key < $1.key }).first else { continue }
      let value = setting.build[key] ?? setting.derived.first { $0.name == key }.map { "{ formula = \"\($0.formula)\" }" }
        ?? "the swept value"
      throw claim.error(
        at: location(of: key, in: setting, claim: claim),
        "\(key) = \(value) is a parameter nothing uses: \(why)")
    }
  }

  /// Where `key` of `setting` is written: its key in the setting's table, or the sweep.
  func location(of key: String, in setting: Claim.Setting, claim: Claim) -> String {
    if key == setting.sweepAs && setting.build[key] == nil && !setting.derived.contains(where: { $0.name == key }) {
      return setting.sweepAs == claim.sweepParameter ? "sweep.\(claim.sweepParameter)" : "\(setting.table).sweep_as"
    }
    return "\(setting.table).\(key)"
  }

  /// The error for a point over the work limit, at the parameter that makes
  /// it large: the exhaustive length when every input up to it dominates,
  /// else the parameter whose value is the longest length (the sweep when
  /// none is).
  func overLimit(
    _ claim: Claim, _ setting: Claim.Setting, _ parameters: [String: String], _ work: ClaimWork, total: ClaimWork,
    value: Int
  ) -> ClaimError {
    let key: String
    let path: String
    let shown: String
    if work.exhaustiveWork >= work.otherWork {
      key = "verify.exhaustive_up_to"
      path = key
      shown = String(claim.depth.exhaustiveUpTo)
    } else if let length = parameters.keys.sorted().first(where: { parameters[$0] == String(work.otherLength) && $0 != setting.sweepAs }) {
      key = length
      path = location(of: length, in: setting, claim: claim)
      shown = parameters[length]!
    } else {
      key = claim.sweepParameter
      path = "sweep.\(claim.sweepParameter)"
      shown = String(value)
    }
    let point = claim.settings.count > 1 ? "setting \(setting.name) at \(claim.sweepParameter) = \(value)" : "\(claim.sweepParameter) = \(value)"
    return claim.error(
      at: path,
      "\(key) = \(shown) is too much work for a claim: \(point) would check \(work.summary), over the limit of \(ClaimWork.figure(ClaimWork.limit)); lower \(key)")
  }
}
