import LSTMW
import Testing

/// Expects `actual` to have `expected`'s shape and every value within `tolerance` of it.
func expectClose(
    _ actual: Tensor, _ expected: (shape: [Int], values: [Double]), tolerance: Double = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
    guard actual.values.count == expected.values.count else {
        Issue.record("\(actual.values.count) values, expected \(expected.values.count)", sourceLocation: sourceLocation)
        return
    }
    var worst = (index: 0, error: 0.0)
    for (index, (a, e)) in zip(actual.values, expected.values).enumerated() {
        let error = abs(Double(a) - e)
        if !(error <= worst.error) { worst = (index, error) }
    }
    #expect(worst.error <= tolerance,
            "largest error \(worst.error) at flat index \(worst.index): got \(actual.values[worst.index]), expected \(expected.values[worst.index])",
            sourceLocation: sourceLocation)
}

/// Expects `actual` to have `shape` and every value within `tolerance` of `values`.
func expectClose(
    _ actual: Tensor, shape: [Int], _ values: [Double], tolerance: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose(actual, (shape, values), tolerance: tolerance, sourceLocation: sourceLocation)
}
