/// SplitMix64: a tiny, fully specified generator, so random models, weights and inputs are the
/// same for a seed on every platform and Swift version (unlike `SystemRandomNumberGenerator`).
///
/// The one copy for the whole repository: the test targets get it from `TestSupport`; the Server
/// package's `lstmw-testdata` and the Benchmarks package, which can only see the root package's
/// products, compile this same file through a symbolic link in their source folders. It therefore
/// imports nothing.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float in `[-1, 1)` from the top 24 bits of the next value: exact arithmetic, so it is
    /// the same everywhere (the committed `.lstmw` test files were made with it).
    public mutating func nextWeight() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    /// `count` values of ``nextWeight()``.
    public mutating func weights(_ count: Int) -> [Float] {
        (0..<count).map { _ in nextWeight() }
    }

    /// A float in `[-limit, limit)` from the top 24 bits of the next value.
    public mutating func uniform(_ limit: Float) -> Float {
        Float(next() >> 40) / Float(1 << 24) * 2 * limit - limit
    }

    /// `count` floats drawn with `Float.random(in: -scale...scale)`. The standard library's
    /// algorithm for that may change between Swift versions: use ``weights(_:)`` where the exact
    /// values are committed somewhere.
    public mutating func floats(_ count: Int, scale: Float) -> [Float] {
        (0..<count).map { _ in Float.random(in: -scale...scale, using: &self) }
    }
}
