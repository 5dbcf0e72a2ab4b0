import Compiler
import Testing

/// A maximum length whose value inference would not fit in memory is refused up front with the
/// estimate (it was `failed to allocate 2000002000032 bytes` at --max-len 1000000).
@Suite struct CompileBoundsTests {
  @Test func hugeMaximumLengthIsRefusedWithTheEstimate() {
    // One s-op (tokens): 1000000 · 1000001 / 2 cells of 4 bytes; no selector.
    #expect(compileError("y = tokens;", "y", vocabulary: ["a", "b"], maxLength: 1_000_000) ==
      "--max-len 1000000 needs about 2.0 TB for value inference (1 s-ops × 2.0 TB and 0 selectors × 333.3 PB), over the limit of 1.1 GB; lower --max-len")
    // One selector at 2000: 2000 · 2001 · 4001 / 6 = 2668667000 bytes, with 3 s-ops of 8 MB.
    #expect(compileError("y = aggregate(select(indices, indices, ==), tokens);", "y", vocabulary: ["a", "b"], maxLength: 2000) ==
      "--max-len 2000 needs about 2.7 GB for value inference (3 s-ops × 8.0 MB and 1 selectors × 2.7 GB), over the limit of 1.1 GB; lower --max-len")
  }
}
