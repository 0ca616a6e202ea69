/// SplitMix64: a tiny, fully specified generator, so fixtures are the same on every platform
/// and every Swift version (unlike `SystemRandomNumberGenerator`, or `Float.random(in:using:)`,
/// whose algorithm the standard library may change).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float in [-1, 1) with 24 random bits.
    mutating func nextWeight() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    /// `count` weights.
    mutating func weights(_ count: Int) -> [Float] {
        (0..<count).map { _ in nextWeight() }
    }
}
