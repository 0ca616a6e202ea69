import LSTMW

/// How far a model's outputs are from reference outputs (for example the ones Keras computed),
/// with NumPy's `allclose` rule: an element passes when `|actual - expected| <= atol + rtol * |expected|`.
///
/// ```swift
/// let report = try ParityReport(actual: model.predict(input), expected: kerasOutput, atol: 1e-5, rtol: 1e-5)
/// print(report.maxAbsoluteError, report.passed)
/// ```
public struct ParityReport: Sendable, Equatable {
    /// The absolute tolerance.
    public let atol: Float
    /// The relative tolerance, a fraction of `|expected|`.
    public let rtol: Float
    /// The number of elements compared.
    public let count: Int
    /// The largest `|actual - expected|`.
    public let maxAbsoluteError: Float
    /// The largest `|actual - expected| / |expected|` over elements whose expected value is not 0.
    public let maxRelativeError: Float
    /// The multi-dimensional index of the element with the largest absolute error.
    public let worstIndex: [Int]
    /// The actual and expected values at ``worstIndex``.
    public let worstActual: Float, worstExpected: Float
    /// The number of elements outside the tolerance (non-finite values always are).
    public let failures: Int

    /// Whether every element is within the tolerance.
    public var passed: Bool { failures == 0 }

    /// Compares two tensors of the same shape.
    ///
    /// - Parameters:
    ///   - actual: The runtime's output.
    ///   - expected: The reference output, of the same shape.
    ///   - atol: The absolute tolerance.
    ///   - rtol: The relative tolerance, a fraction of `|expected|`.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` if the shapes differ.
    public init(actual: Tensor, expected: Tensor, atol: Float, rtol: Float) throws(RuntimeError) {
        guard actual.shape == expected.shape else {
            throw RuntimeError(.inputShape, "the output has shape \(actual.shape), the expected values \(expected.shape)")
        }
        var (maxAbsolute, maxRelative, worst, failures) = (Float(0), Float(0), 0, 0)
        for (index, (value, reference)) in zip(actual.values, expected.values).enumerated() {
            let error = abs(value - reference)
            guard error.isFinite else {
                failures += 1
                if maxAbsolute.isFinite { (maxAbsolute, worst) = (.infinity, index) }
                continue
            }
            if error > maxAbsolute { (maxAbsolute, worst) = (error, index) }
            if reference != 0 { maxRelative = max(maxRelative, error / abs(reference)) }
            if error > atol + rtol * abs(reference) { failures += 1 }
        }
        self.atol = atol
        self.rtol = rtol
        self.count = actual.count
        self.maxAbsoluteError = maxAbsolute
        self.maxRelativeError = maxRelative
        self.worstIndex = Self.unflatten(worst, shape: actual.shape)
        self.worstActual = actual.values.isEmpty ? 0 : actual.values[worst]
        self.worstExpected = expected.values.isEmpty ? 0 : expected.values[worst]
        self.failures = failures
    }

    static func unflatten(_ flat: Int, shape: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count)
        var rest = flat
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
