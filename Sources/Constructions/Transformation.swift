/// A map from the states `0..<n` to themselves, written as its table of images.
///
/// Products read left to right, as an automaton reads its input:
/// `a.then(b)` applies `a` first, then `b`.
struct Transformation: Hashable, Sendable {
  /// `images[q]` is the state `q` goes to.
  let images: [Int]

  init(_ images: [Int]) { self.images = images }

  /// The identity on `n` states.
  static func identity(_ n: Int) -> Transformation { Transformation(Array(0..<n)) }

  /// The number of states it acts on.
  var degree: Int { images.count }

  /// `self` first, then `next`.
  func then(_ next: Transformation) -> Transformation {
    Transformation(images.map { next.images[$0] })
  }

  /// Whether it is a bijection (a permutation of the states).
  var isPermutation: Bool { Set(images).count == images.count }

  /// Whether it is the identity.
  var isIdentity: Bool { images.indices.allSatisfy { images[$0] == $0 } }

  /// The inverse of a permutation.
  var inverse: Transformation {
    var out = images
    for (q, r) in images.enumerated() { out[r] = q }
    return Transformation(out)
  }

  /// The states it reaches, in increasing order.
  var image: [Int] { Array(Set(images)).sorted() }

  /// The partition of the states into the classes it merges: for each state,
  /// the least state with the same image.
  var kernel: [Int] {
    images.map { target in images.firstIndex(of: target)! }
  }

  /// `self` applied `k` ≥ 0 times.
  func power(_ k: Int) -> Transformation {
    var out = Transformation.identity(degree)
    for _ in 0..<k { out = out.then(self) }
    return out
  }
}
