// swift-tools-version:6.0
import PackageDescription

// Targets follow the pipeline in DESIGN.md: data flows down the list, and no
// target depends on one declared after it.
let package = Package(
  name: "Expressivity",
  products: [
    .executable(name: "expressivity", targets: ["ExpressivityCLI"]),
    .library(name: "ExactArithmetic", targets: ["ExactArithmetic"]),
    .library(name: "Transformer", targets: ["Transformer"]),
    .library(name: "Automata", targets: ["Automata"]),
    .library(name: "Constructions", targets: ["Constructions"]),
    .library(name: "RASP", targets: ["RASP"]),
    .library(name: "Verification", targets: ["Verification"]),
    // What a user's package depends on: the modules re-exported, and test helpers.
    .library(name: "Expressivity", targets: ["Expressivity"]),
    .library(name: "ExpressivityTesting", targets: ["ExpressivityTesting"]),
    .library(name: "Compiler", targets: ["Compiler"]),
    .library(name: "Decoding", targets: ["Decoding"]),
    .library(name: "ModelExchange", targets: ["ModelExchange"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    // gmp.h plus static-inline wrappers for its function-like macros.
    .systemLibrary(
      name: "CGMP", pkgConfig: "gmp",
      providers: [.apt(["libgmp-dev"])]),
    .target(name: "ExactArithmetic", dependencies: ["CGMP"]),
    .target(name: "Transformer", dependencies: ["ExactArithmetic"]),
    // Whole completions: exact joint probabilities; greedy, beam, exact top-K, mass, sampling.
    .target(name: "Decoding", dependencies: ["ExactArithmetic", "Transformer"]),
    // RASP: lexer → parser → syntax tree → program graph → evaluator.
    .target(name: "RASP", dependencies: ["ExactArithmetic"]),
    // RASP program graph → value sets → encodings → schedule → layout → exact Model.
    .target(name: "Compiler", dependencies: ["ExactArithmetic", "RASP", "Transformer"]),
    // TOML files (automata, claims), read by our own parser: never aborts on any bytes.
    .target(name: "TOML"),
    // Transition tables read from Circuits/automata/*.toml.
    .target(name: "Automata", dependencies: ["TOML"]),
    .target(name: "Constructions", dependencies: ["ExactArithmetic", "Transformer", "Automata"]),
    // Every input up to n (or samples, or one shard) against a specification.
    .target(name: "Verification", dependencies: ["ExactArithmetic", "Transformer", "Automata", "RASP"]),
    // SVG documents: elements, tooltips, heat colours.
    .target(name: "VectorGraphics"),
    // Drawings of programs, models, attention patterns and residual streams.
    .target(name: "Drawings", dependencies: ["ExactArithmetic", "Transformer", "RASP", "Compiler", "VectorGraphics"]),
    // Models leave the tool and come back: safetensors and npz, exact or rounded.
    .target(name: "ModelExchange", dependencies: ["ExactArithmetic", "Transformer", "Verification"]),
    // The library product: re-exports what a user's package needs.
    .target(
      name: "Expressivity",
      dependencies: ["ExactArithmetic", "Transformer", "Decoding", "Automata", "Constructions", "RASP", "Verification"]),
    // Swift Testing and XCTest helpers (kept apart so the library links no test framework).
    .target(name: "ExpressivityTesting", dependencies: ["Expressivity"]),
    // Claims from the papers: formulas, sweeps, tables and plots.
    .target(name: "Theory", dependencies: ["ExactArithmetic", "Transformer", "Decoding", "Automata", "Constructions", "Compiler", "TOML"]),
    .executableTarget(
      name: "ExpressivityCLI",
      dependencies: [
        "ExactArithmetic", "Transformer", "Decoding", "Automata", "Constructions", "RASP", "Theory", "Verification", "Compiler",
        "ModelExchange", "Drawings", "VectorGraphics",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // A seeded mutation fuzzer over the files the tool reads (RASP, models, automata, claims, results).
    .target(
      name: "Fuzzing",
      dependencies: ["ExactArithmetic", "Transformer", "Automata", "RASP", "Compiler", "Theory", "Verification"]),
    // Side-by-side timings (exact against Double); never run by `swift test`.
    .executableTarget(
      name: "Benchmarks",
      dependencies: ["ExactArithmetic", "Transformer", "Decoding", "Automata", "Constructions", "RASP", "Verification", "Compiler", "Fuzzing"],
      path: "Benchmarks/Sources"),
    .target(
      name: "TestSupport", dependencies: ["ExactArithmetic", "Transformer", "Constructions"],
      path: "Tests/TestSupport"),
    .testTarget(
      name: "ExactArithmeticTests",
      dependencies: ["ExactArithmetic", "CGMP", "TestSupport"]),
    .testTarget(
      name: "TransformerTests",
      dependencies: ["Transformer", "Constructions", "Automata", "ExactArithmetic", "TestSupport"]),
    .testTarget(name: "AutomataTests", dependencies: ["Automata", "TestSupport"]),
    .testTarget(name: "TOMLTests", dependencies: ["TOML", "Automata", "TestSupport"]),
    .testTarget(
      name: "DecodingTests",
      dependencies: ["Decoding", "Transformer", "Constructions", "ExactArithmetic", "TestSupport"]),
    .testTarget(
      name: "ConstructionsTests",
      dependencies: ["Constructions", "Decoding", "Automata", "Transformer", "ExactArithmetic", "TestSupport"]),
    .testTarget(
      name: "RASPTests", dependencies: ["RASP", "ExactArithmetic", "TestSupport"]),
    .testTarget(
      name: "VerificationTests",
      dependencies: [
        "Verification", "Transformer", "Constructions", "Automata", "RASP", "Compiler", "ExactArithmetic",
        "TestSupport",
      ]),
    .testTarget(
      name: "ExpressivityTestingTests", dependencies: ["ExpressivityTesting", "Expressivity", "TestSupport"]),
    .testTarget(name: "TheoryTests", dependencies: ["Theory", "Constructions", "ExactArithmetic", "TestSupport"]),
    .testTarget(
      name: "CompilerTests",
      dependencies: ["Compiler", "RASP", "Transformer", "ExactArithmetic", "TestSupport"]),
    .testTarget(
      name: "ModelExchangeTests",
      dependencies: ["ModelExchange", "Transformer", "Constructions", "ExactArithmetic", "TestSupport"]),
    .testTarget(
      name: "CLITests", dependencies: ["ExpressivityCLI", "TestSupport"]),
    .testTarget(name: "FuzzingTests", dependencies: ["Fuzzing", "TestSupport"]),
  ]
)
