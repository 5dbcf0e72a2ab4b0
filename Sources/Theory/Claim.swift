import ExactArithmetic

/// One claim from a paper, as a `Proofs/*.toml` file: what is built (one
/// setting, or several measured side by side), the sweep, the predicted
/// resources with the kind of each check, how far each point is verified,
/// and optionally an ablation that must fail.
public struct Claim: Sendable {
  /// What a check is worth: whether it could fail for a reason outside our
  /// builders.
  public enum Kind: String, Sendable, CaseIterable {
    /// The paper's statement in the paper's variable, with the theorem's
    /// constants (or constants stated once in the claim, with the reason).
    case paper
    /// Two settings of one task measured side by side, with the predicted
    /// shape of the gap.
    case separation
    /// Measured by a method that does not look at our construction (a
    /// setting with `method = …`), e.g. minimal Moore-machine states.
    case lowerBound = "lower-bound"
    /// A universal theorem checked on every model built in the sweep.
    case instance
    /// A formula that restates how our builder builds: reported, counted apart.
    case construction
    /// This construction with one resource less fails (the `[ablation]`
    /// table; never a lower bound for the task).
    case ablation

    /// Whether a passing check says something about the paper: paper,
    /// separation, lower-bound and instance checks; construction and
    /// ablation checks are about our builders.
    public var testsThePaper: Bool { self != .construction && self != .ablation }

    /// The kinds a `[[predict]]` table may name (ablations live in `[ablation]`).
    public static let predictionKinds: [Kind] = [.paper, .separation, .lowerBound, .instance, .construction]
  }

  /// A resource compared with a formula: `layers == ceil(log2(length))`.
  public struct Prediction: Sendable {
    public enum Relation: String, Sendable, CaseIterable {
      case equal = "==", atMost = "<=", atLeast = ">=", constant = "constant"

      /// A word for keys and file names.
      var word: String {
        switch self {
        case .equal: return "equal"
        case .atMost: return "at_most"
        case .atLeast: return "at_least"
        case .constant: return "constant"
        }
      }
    }
    public var kind: Kind
    /// The setting whose measurement the resource is read from.
    public var setting: String
    /// A measured resource name (see ``Measurement/resources``).
    public var resource: String
    public var relation: Relation
    /// The predicted value (absent for `constant`). Its variables are the
    /// swept parameter, the setting's integer build parameters, the
    /// resources measured for the setting at the same point, and
    /// `SETTING.resource` for every setting.
    public var formula: Formula?
    /// Where the formula's constants come from, or what the check shows.
    public var note: String?
    /// A name unique within the claim, used as the JSON key, CSV column and
    /// plot name: the resource (qualified by the setting when the claim has
    /// several), with the relation appended when the same resource is
    /// predicted more than once.
    public internal(set) var key: String = ""

    /// `resource relation formula`, or `resource constant`.
    public var statement: String {
      let name = key.isEmpty ? resource : label
      return relation == .constant ? "\(name) constant" : "\(name) \(relation.rawValue) \(formula!)"
    }

    /// The resource, qualified by its setting where the claim has several.
    public internal(set) var label: String = ""
  }

  /// One thing built (or measured) at each sweep point.
  public struct Setting: Sendable {
    /// `main` for a claim with one `[build]` table, else the name in `[setting.NAME]`.
    public var name: String
    /// Fixed build parameters (construction, program or method, and values).
    public var build: [String: String]
    /// Parameters computed from the sweep value (`max_len = { formula = "2*keys + 1" }`).
    public var derived: [(name: String, formula: Formula)]
    /// The parameter name the swept value is passed as (default: the swept name).
    public var sweepAs: String
    /// Points where the setting is measured (where this is positive; every
    /// point when absent): a method feasible only up to some size.
    public var when: Formula? = nil
    /// How this setting's model runs (`single-pass`, `chain-of-thought`,
    /// `looped`) where it differs from the claim's `mode` (`table_column` in
    /// the file): a separation of one pass against chain of thought files
    /// each side under its own column of `table`.
    public var mode: String? = nil

    /// The table the setting is written in: `build` or `setting.NAME`.
    public internal(set) var table: String = "build"

    /// Whether the setting measures the task by a method that never builds
    /// our models (the only setting a `lower-bound` check may read).
    public var isMethod: Bool { build["method"] != nil }
  }

  /// A smaller model that must have a counterexample at each sweep point.
  public struct Ablation: Sendable {
    /// The setting ablated (the first by default).
    public var setting: String
    /// The build parameter to override.
    public var parameter: String
    /// Its value, as a formula over the sweep.
    public var formula: Formula
    /// Points where the ablation applies (e.g. only where it leaves a valid model).
    public var when: Formula?
    /// What the ablation shows.
    public var note: String?
  }

  /// How far each point is checked.
  public struct Depth: Sendable {
    /// Every input of every length up to this (capped by the point's length).
    public var exhaustiveUpTo: Int
    /// Seeded random inputs at the point's full length.
    public var samples: Int
    public var seed: UInt64
  }

  /// The file's name without extension (used for output files).
  public var id: String
  /// The file as named when read (for located errors).
  public internal(set) var file: String = ""
  /// The file's text (for the source line of a located error).
  var text: String = ""
  /// Where each key of the settings, sweep, verify and ablation tables is
  /// written, by dotted path (`setting.chain.max_len`, `build.k`,
  /// `sweep.k`, `verify.samples`, `ablation.parameter`).
  var keyLocations: [String: (line: Int, column: Int)] = [:]
  /// The folder holding the claim file: relative paths in its build tables
  /// resolve against it.
  public var folder: String = "."
  public var title: String
  public var paper: String
  public var theorem: String
  /// The row of the depth-vs-task table.
  public var task: String
  /// single-pass, chain-of-thought or looped: the table's column.
  public var mode: String
  /// The modes a claim or one of its settings may name.
  public static let modes = ["single-pass", "chain-of-thought", "looped"]

  /// The mode the table files `setting`'s figures under: its own, else the claim's.
  public func tableMode(of setting: String) -> String {
    settings.first { $0.name == setting }?.mode ?? mode
  }
  /// What is built or measured at each point: one setting (`[build]`) or
  /// several (`[setting.NAME]`), in file order.
  public var settings: [Setting]
  /// Swept parameter name and values, full and quick (CI) sweeps.
  public var sweepParameter: String
  public var sweep: [Int]
  public var quickSweep: [Int]
  public var predictions: [Prediction]
  public var depth: Depth
  public var ablation: Ablation?
  /// Why the claim is known not to hold yet (a gap in our tools, stated in
  /// the file); such a claim is still reported as failing, but does not
  /// make `check` fail.
  public var knownGap: String?

  /// The first setting's build table.
  public var build: [String: String] { settings[0].build }

  /// The setting with this name.
  public func setting(named name: String) -> Setting? { settings.first { $0.name == name } }

  /// The checks the claim makes, by kind: its predictions, then its ablation.
  public var kinds: [Kind] { predictions.map(\.kind) + (ablation == nil ? [] : [.ablation]) }
}

/// What one sweep point measured.
public struct Measurement: Sendable {
  /// Resource figures: layers, heads, max_heads, residual_width, mlp_width,
  /// parameters, nonzeros, and where they apply cot_steps, loop_iterations,
  /// margin, states.
  public var resources: [String: Rational]
  /// Inputs checked exactly, all right.
  public var checked: Int
  /// The first wrong input, described, when there is one.
  public var counterexample: String?
  /// How the point was checked, in words ("every input up to length 8").
  public var coverage: String
  public var seconds: Double
  /// How resources that depend on the inputs checked were obtained, by
  /// resource ("exact minimum over every input of length 12").
  public var notes: [String: String] = [:]

  public init(
    resources: [String: Rational], checked: Int, counterexample: String?, coverage: String, seconds: Double,
    notes: [String: String] = [:]
  ) {
    self.resources = resources
    self.checked = checked
    self.counterexample = counterexample
    self.coverage = coverage
    self.seconds = seconds
    self.notes = notes
  }
}

/// Builds and verifies one point of a claim: the bridge to the constructions,
/// the compiler and the verification engine.
public protocol PointEvaluator {
  /// Builds the model for `parameters` (one setting's build table plus the
  /// swept value, plus any ablation override) and verifies it as deep as
  /// `depth` asks.
  func measure(_ claim: Claim, parameters: [String: String], depth: Claim.Depth) throws -> Measurement

  /// The size of the work ``measure(_:parameters:depth:)`` would do, found
  /// without checking any input; with `build`, also the parameters nothing
  /// reads (building the model to learn which it reads).
  func plan(_ claim: Claim, parameters: [String: String], depth: Claim.Depth, build: Bool) throws -> PointPlan
}

extension PointEvaluator {
  /// No work known and nothing found unused (an evaluator that checks no inputs of its own).
  public func plan(_ claim: Claim, parameters: [String: String], depth: Claim.Depth, build: Bool) throws -> PointPlan {
    PointPlan(work: ClaimWork(), unused: build ? [:] : nil)
  }
}
