// The `Expressivity` library product: one import for a package that builds
// and verifies exact transformers.
@_exported import Automata
@_exported import Constructions
@_exported import Decoding
@_exported import ExactArithmetic
@_exported import RASP
@_exported import Transformer
@_exported import Verification
