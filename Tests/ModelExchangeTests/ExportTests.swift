import ExactArithmetic
import Foundation
import ModelExchange
import Testing
import TestSupport
import Transformer
import Constructions

/// Models of every kind the exporter must carry: hard and softmax heads,
/// joint embeddings, softmax and proportional readouts, loops, stop tokens.
func exchangeModels() throws -> [Model] {
  func build(_ name: String, _ values: [String: String] = [:]) throws -> Model {
    let family = ConstructionFamily.named(name)!
    return try family.build(family.parameterValues(values))
  }
  return [
    try Model.load(from: Tool.packageRoot.appendingPathComponent("Examples/models/induction.json").path),
    try build("superposition"),
    try build("superposition", ["readout": "distribution"]),
    try build("knapsack-unbounded", ["mode": "looped"]),
    try build("knapsack-01", ["mode": "cot", "max_value": "3"]),
    try build("degenerate-mode", ["vocab_size": "4"]),
    try build("parity-softmax", ["length": "4"]),
    try build("mcq"),
  ]
}

@Suite("Model exchange")
struct ExportTests {
  @Test("a safetensors file: header length, space-padded JSON header aligned to 8, little-endian data")
  func safetensorsLayout() throws {
    let file = SafetensorsFile(
      tensors: [StoredTensor(name: "w", dtype: "I64", shape: [2], bytes: [1, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])],
      metadata: ["k": "v"])
    let bytes = file.encoded()
    let header = #"{"__metadata__":{"k":"v"},"w":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#
    let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
    #expect(Array(bytes[0..<8]) == [UInt8(padded.utf8.count), 0, 0, 0, 0, 0, 0, 0])
    #expect(String(decoding: bytes[8..<(8 + padded.utf8.count)], as: UTF8.self) == padded)
    #expect(bytes.count == 8 + padded.utf8.count + 16)
    let read = try SafetensorsFile(decoding: bytes)
    #expect(read.tensors == file.tensors)
    #expect(read.metadata == ["k": "v"])
  }

  @Test("a truncated safetensors file is refused with the reason")
  func truncated() throws {
    let bytes = try ModelExport(model: exchangeModels()[0], dtype: .exact).safetensors()
    #expect(throws: ExchangeError.self) { try ModelImport(bytes: Array(bytes.dropLast(3))) }
    #expect(throws: ExchangeError.self) { try ModelImport(bytes: Array(bytes.prefix(5))) }
  }

  @Test("exact export then import restores every model's canonical SHA-256 (safetensors and npz)")
  func exactRoundTrip() throws {
    for model in try exchangeModels() {
      let export = try ModelExport(model: model, dtype: .exact)
      for bytes in [export.safetensors(), export.npz()] {
        let back = try ModelImport(bytes: bytes)
        #expect(back.matchesExportedDigest, "\(model.name)")
        #expect(back.model == model, "\(model.name)")
      }
    }
  }

  @Test("float64 exports of models with small denominators read back exactly with the simplest-rational rule")
  func floatRoundTrip() throws {
    for model in try exchangeModels() {
      for dtype in [TensorDType.float64, .float32] {
        let back = try ModelImport(bytes: ModelExport(model: model, dtype: dtype).safetensors())
        #expect(back.matchesExportedDigest, "\(model.name) \(dtype)")
      }
    }
  }

  @Test("exact tensors: int64 numerators over the least common denominator; wider ones as p/q text")
  func commonDenominator() throws {
    var model = try exchangeModels()[0]
    model.layers[1].heads[0].valueOutput[0, 0] = Rational(1, 3)
    model.layers[1].heads[0].valueOutput[1, 1] = Rational(5, 6)
    model.layers[0].heads[0].valueOutput[0, 0] = try Rational(2).power(-70)
    let export = try ModelExport(model: model, dtype: .exact)
    #expect(export.manifest.tensors["layers.1.attn.0.W_VO"]?.denominator == "6")
    let wide = try #require(export.manifest.tensors["layers.0.attn.0.W_VO"])
    #expect(wide.denominator == nil)
    #expect(wide.entries?.first == "1/1180591620717411303424")
    #expect(!export.tensors.contains { $0.name == "layers.0.attn.0.W_VO" })
    let back = try ModelImport(bytes: export.safetensors())
    #expect(back.model == model)
    #expect(back.matchesExportedDigest)
  }

  @Test("float64 rounding reports the exact largest error: 1/3 is off by 1/(3·2^54)")
  func roundingError() throws {
    var model = try exchangeModels()[0]
    model.layers[1].heads[0].valueOutput[0, 0] = Rational(1, 3)
    let export = try ModelExport(model: model, dtype: .float64)
    #expect(export.maxRoundingError == Rational(1) / (Rational(3) * (try Rational(2).power(54))))
    #expect(export.manifest.tensors["layers.1.attn.0.W_VO"]?.max_rounding_error == export.maxRoundingError.description)
    #expect(export.manifest.tensors["embed.tokens"]?.max_rounding_error == "0")
    // The stored value is the nearest binary64, 0x3FD5555555555555.
    let stored = export.tensors.first { $0.name == "layers.1.attn.0.W_VO" }!
    #expect(Array(stored.bytes[0..<8]) == [0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0xD5, 0x3F])
  }

  @Test("a weight over float32's range is an error naming the tensor and the value")
  func overflow() throws {
    var model = try exchangeModels()[0]
    model.layers[1].heads[0].valueOutput[0, 0] = try Rational(2).power(200)
    #expect(throws: ExchangeError.unrepresentable(
      tensor: "layers.1.attn.0.W_VO", index: 0, value: (try Rational(2).power(200)).description, dtype: "float32")) {
      try ModelExport(model: model, dtype: .float32)
    }
    _ = try ModelExport(model: model, dtype: .float64)
  }

  @Test("the simplest rational between two bounds")
  func simplest() throws {
    #expect(FloatReading.simplest.rational(Double(Float(1.0 / 3.0)), single: true) == Rational(1, 3))
    #expect(FloatReading.simplest.rational(0.1, single: false) == Rational(1, 10))
    #expect(FloatReading.simplest.rational(-2.5, single: false) == Rational(-5, 2))
    #expect(FloatReading.exact.rational(0.1, single: false) == Rational(3_602_879_701_896_397) / (try Rational(2).power(55)))
    #expect(FloatReading.simplest.rational(.infinity, single: false) == nil)
  }
}
