/// The metadata of an export (safetensors' `__metadata__["expressivity"]`,
/// the npz member `__metadata__.json`): everything besides the weights that
/// running the model needs, and how each tensor's numbers are stored.
///
/// Names are snake_case in the file, as in the model file.
public struct ExportManifest: Codable, Sendable, Hashable {
  public static let formatName = "expressivity-export"
  public static let currentVersion = 1

  public var format = ExportManifest.formatName
  public var version = ExportManifest.currentVersion
  /// `exact`, `float64` or `float32`.
  public var dtype: String
  /// SHA-256 of the exported model's canonical JSON.
  public var model_sha256: String
  public var name: String
  public var vocabulary: [String]
  public var bos: String?
  public var max_length: Int
  public var min_length: Int
  /// The residual stream's directions: the columns of every `embed.*` tensor.
  public var residual: [String]
  /// `single-pass`, `chain-of-thought` or `looped`: how the model is meant to run.
  public var run_mode: String
  public var stop_tokens: [String]
  public var loop: LoopEntry?
  public var readout: ReadoutEntry
  public var embedding: EmbeddingEntry
  /// Number of layers (a layer may have neither heads nor an MLP).
  public var layers: Int
  public var heads: [HeadEntry]
  public var mlps: [MLPEntry]
  /// Each tensor's storage: shape, and for `exact` its denominator or its entries as text.
  public var tensors: [String: TensorEntry]
  /// The largest |rounded − exact| over every weight, `p/q` (float dtypes).
  public var max_rounding_error: String?
  /// The model's free-form facts.
  public var metadata: [String: String]

  public struct LoopEntry: Codable, Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var iterations: Int?
    public var halt: String?
    public var max_iterations: Int
  }

  /// A readout label: exactly one of the three is set.
  public struct LabelEntry: Codable, Sendable, Hashable {
    public var text: String?
    /// `p/q`.
    public var number: String?
    public var boolean: Bool?
  }

  public struct ReadoutEntry: Codable, Sendable, Hashable {
    /// `categorical`, `numerical`, `softmax` or `proportional`.
    public var kind: String
    /// The directions read (one for `numerical`).
    public var directions: [String]
    public var labels: [LabelEntry]?
    /// Softmax: logits are scale × entries, base 2 (`p/q`).
    public var scale: String?
    /// Proportional: the label of a row of zeros.
    public var empty: LabelEntry?
  }

  public struct EmbeddingEntry: Codable, Sendable, Hashable {
    /// The rows of `embed.tokens`, in order: the vocabulary, then BOS.
    public var tokens: [String]
    /// Rows of `embed.positions`.
    public var positions: Int
    /// The tokens of `embed.joint` (its first axis) with how many position rows each has.
    public var joint: [JointEntry]
    /// Entries the model lists with the value 0, by tensor (flat row-major
    /// indices), so an import restores the model file byte for byte.
    public var explicit_zeros: [String: [Int]]
  }

  public struct JointEntry: Codable, Sendable, Hashable {
    public var token: String
    public var rows: Int
  }

  /// One head: `layers.{layer}.attn.{index}.W_QK` (|query| × |key|) and `.W_VO` (|value| × |output|).
  public struct HeadEntry: Codable, Sendable, Hashable {
    public var layer: Int
    public var index: Int
    public var name: String
    /// `unique-hard-leftmost`, `unique-hard-rightmost`, `averaging-hard`, `softmax-base2`.
    public var semantics: String
    /// `none`, `causal`, `strict-causal`.
    public var mask: String
    public var query: [String]
    public var key: [String]
    public var value: [String]
    public var output: [String]
  }

  /// One MLP: `layers.{layer}.mlp.W_in`, `b_in`, `W_out`, `b_out`.
  public struct MLPEntry: Codable, Sendable, Hashable {
    public var layer: Int
    public var name: String
    public var input: [String]
    public var output: [String]
    public var hidden: Int
  }

  public struct TensorEntry: Codable, Sendable, Hashable {
    public var shape: [Int]
    /// `exact`: the one denominator of the stored int64 numerators.
    public var denominator: String?
    /// `exact`, when a numerator or the denominator does not fit int64:
    /// every entry as `p/q`, and no stored tensor.
    public var entries: [String]?
    /// Float dtypes: the largest |rounded − exact| in this tensor, `p/q`.
    public var max_rounding_error: String?
  }
}
