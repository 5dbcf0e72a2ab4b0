/// The sampler is a seeded generator for the standard library's random
/// draws too, so tools and benchmarks need no generator of their own.
extension ExactSampler: RandomNumberGenerator {}
