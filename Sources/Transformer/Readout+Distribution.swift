import ExactArithmetic

extension Readout {
  /// The widest logit spread (largest minus smallest integer logit) a
  /// softmax readout accepts: 2^(2^20) needs a megabit, and wider spreads
  /// would need GMP numbers of unbounded size.
  public static let softmaxSpreadLimit = 1 << 20

  /// The exact probability of each label, from the readout's entries at one
  /// position (in the order of ``directions``).
  ///
  /// - Returns: the probabilities (summing to exactly 1), or the reason
  ///   there are none: ``ModelError/nonIntegerLogit(label:position:logit:)``
  ///   for a softmax logit that is not an integer,
  ///   ``ModelError/noDistribution(position:reason:)`` for a proportional
  ///   row with a negative entry or only zeros, a logit spread over
  ///   ``softmaxSpreadLimit``, or a readout that is not a distribution.
  public func probabilities(_ entries: [Rational], position: Int) -> Result<[Rational], ModelError> {
    switch self {
    case .categorical, .numerical:
      return .failure(.noDistribution(position: position, reason: "the readout is \(kind), not softmax or proportional"))
    case .softmax(_, let labels, let scale):
      var logits: [Int] = []
      logits.reserveCapacity(entries.count)
      for (i, x) in entries.enumerated() {
        let logit = scale * x
        guard let l = logit.intValue, l.magnitude <= UInt(Int.max / 4) else {
          if !logit.isInteger {
            return .failure(.nonIntegerLogit(label: labels[i].description, position: position, logit: logit.description))
          }
          return .failure(.noDistribution(position: position, reason: "the logit of '\(labels[i])' is \(logit), too large"))
        }
        logits.append(l)
      }
      let low = logits.min()!
      let spread = logits.max()! - low
      guard spread <= Self.softmaxSpreadLimit else {
        return .failure(.noDistribution(
          position: position, reason: "the logits span \(spread), over the limit of \(Self.softmaxSpreadLimit) (2^\(spread) has no small exact form)"))
      }
      // 2^(l_i − min) is an integer: shifts up to 62 bits, GMP above.
      let weights = logits.map { l -> Rational in
        let e = l - low
        return e <= 62 ? Rational(1 << e) : (try! Rational(2).power(e))
      }
      let total = weights.reduce(Rational.zero, +)
      return .success(weights.map { $0 / total })
    case .proportional(_, let labels, _):
      var total = Rational.zero
      for (i, x) in entries.enumerated() {
        guard x.signum >= 0 else {
          return .failure(.noDistribution(position: position, reason: "the entry of '\(labels[i])' is \(x), negative"))
        }
        total += x
      }
      guard total.signum > 0 else {
        return .failure(.noDistribution(position: position, reason: "every entry of the proportional readout is 0 (the model predicts nothing here)"))
      }
      return .success(entries.map { $0 / total })
    }
  }

  /// The decoded output of a distribution readout: the most probable label,
  /// ties to the first in readout order (the greedy rule), after checking
  /// that the position has a distribution (integer logits; non-negative
  /// entries; a row of zeros decodes to the proportional readout's `empty`
  /// label when it has one). `largest` is the index of the first largest entry.
  func decodeDistribution(_ entries: [Rational], largest: Int, position: Int) -> Result<OutputValue, ModelError> {
    switch self {
    case .softmax(_, let labels, let scale):
      for (i, x) in entries.enumerated() where !(scale * x).isInteger {
        return .failure(.nonIntegerLogit(label: labels[i].description, position: position, logit: (scale * x).description))
      }
      return .success(labels[largest])
    case .proportional(_, let labels, let empty):
      if let i = entries.firstIndex(where: { $0.signum < 0 }) {
        return .failure(.noDistribution(position: position, reason: "the entry of '\(labels[i])' is \(entries[i]), negative"))
      }
      guard entries[largest].signum > 0 else {
        if let empty { return .success(empty) }
        return .failure(.noDistribution(position: position, reason: "every entry of the proportional readout is 0 (the model predicts nothing here)"))
      }
      return .success(labels[largest])
    case .categorical, .numerical:
      preconditionFailure("not a distribution readout")
    }
  }
}
