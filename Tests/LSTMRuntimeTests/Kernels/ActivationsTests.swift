@testable import LSTMRuntime
import LSTMW
import Testing

@Suite struct ActivationsTests {
    private func applied(_ activation: Activation, _ values: [Float]) -> [Float] {
        var values = values
        values.withUnsafeMutableBufferPointer { activation.apply(to: $0.baseAddress!, count: $0.count) }
        return values
    }

    static let points: [Float] = [-3, -2.5, -1, 0, 1, 2.5, 3]

    /// clip(0.2x + 0.5, 0, 1), in float32 (0.3 and 0.7 are the nearest floats to 0.2*x + 0.5).
    @Test func hardSigmoidKeras2() {
        #expect(applied(.hardSigmoidKeras2, Self.points) == [0, 0, 0.3, 0.5, 0.7, 1, 1])
    }

    /// clip(x/6 + 0.5, 0, 1) = 0, 1/12, 1/3, 1/2, 2/3, 11/12, 1.
    @Test func hardSigmoidKeras3() {
        let got = applied(.hardSigmoidKeras3, Self.points)
        let want: [Float] = [0, 0.0833333, 0.3333333, 0.5, 0.6666667, 0.9166667, 1]
        for (g, w) in zip(got, want) { #expect(abs(g - w) <= 1e-7) }
        #expect(got.first == 0 && got.last == 1 && got[3] == 0.5)
    }

    @Test func sigmoidTanhReluLinear() {
        #expect(applied(.sigmoid, [0, 100, -100]) == [0.5, 1, 0])
        #expect(applied(.tanh, [0, 20, -20]) == [0, 1, -1])
        #expect(applied(.relu, [-2, 0, 3.5]) == [0, 0, 3.5])
        #expect(applied(.linear, [-2, 0, 3.5]) == [-2, 0, 3.5])
        #expect(abs(applied(.sigmoid, [1])[0] - 0.7310586) <= 1e-7)
    }

    @Test func softmaxIsStableForLargeLogits() {
        var rows: [Float] = [1000, 1000, 1000, -5, 0, 5]
        rows.withUnsafeMutableBufferPointer { softmaxRows($0.baseAddress!, rows: 2, width: 3) }
        #expect(rows[0..<3].allSatisfy { abs($0 - 1.0 / 3) <= 1e-7 })
        #expect(abs(rows[3...].reduce(0, +) - 1) <= 1e-6)
        #expect(rows[3] < rows[4] && rows[4] < rows[5])
    }
}
