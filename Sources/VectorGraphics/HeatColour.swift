/// Colours for heatmaps: white at zero, blue for positive, red for negative,
/// with intensity proportional to |value| / largest |value|.
public enum HeatColour {
  /// The fill for `value` on a scale whose largest magnitude is `scale` (> 0).
  public static func fill(_ value: Double, scale: Double) -> String {
    guard scale > 0, value.isFinite, value != 0 else { return "#ffffff" }
    let t = min(1, abs(value) / scale)
    let (r, g, b) = value > 0 ? (33.0, 102.0, 172.0) : (178.0, 24.0, 43.0)
    func mix(_ c: Double) -> Int { Int((255 - (255 - c) * t).rounded()) }
    return "#" + [mix(r), mix(g), mix(b)].map { v in
      let h = String(v, radix: 16)
      return h.count == 1 ? "0" + h : h
    }.joined()
  }

  /// Text colour readable on `fill(value, scale)`.
  public static func ink(_ value: Double, scale: Double) -> String {
    scale > 0 && abs(value) / scale > 0.55 ? "#ffffff" : "#222222"
  }
}
