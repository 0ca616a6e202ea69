import Foundation
import LSTMW

extension Model {
    /// The input and the output Keras computed for it that the model's file carries, if any
    /// (`lstm-convert … --test-input x.npy --test-output y.npy` records one).
    public var testVector: TestVector? { skeleton.testVector }

    /// Runs the model on its test vector and compares the result with what Keras computed, so
    /// that a model checks itself wherever it is deployed: a different CPU, build or library
    /// version that changed the numbers shows up at once instead of in production outputs.
    ///
    /// ```swift
    /// let model = try Model(contentsOf: url)
    /// let report = try model.verifyTestVector()
    /// guard report.passed else { fatalError("model disagrees with Keras by \(report.maxAbsoluteError)") }
    /// ```
    ///
    /// - Parameters:
    ///   - atol: The absolute tolerance (default 1e-5).
    ///   - rtol: The relative tolerance, a fraction of `|expected|` (default 1e-5).
    /// For a model with several outputs, the report covers all of them as one flat array of their
    /// values in output order (its ``ParityReport/worstIndex`` is an index into that array).
    ///
    /// - Returns: The comparison; check ``ParityReport/passed``.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/noTestVector`` if the file has none.
    public func verifyTestVector(atol: Float = 1e-5, rtol: Float = 1e-5) throws(RuntimeError) -> ParityReport {
        guard let vector = skeleton.testVector else {
            throw RuntimeError(.noTestVector, "the model has no test vector (convert it with --test-input x.npy --test-output y.npy)")
        }
        guard vector.inputs.count > 1 || vector.expectedOutputs.count > 1 else {
            return try ParityReport(actual: predict(vector.input), expected: vector.expectedOutput, atol: atol, rtol: rtol)
        }
        let actual = try predict(vector.inputs).flatMap(\.values)
        let expected = vector.expectedOutputs.flatMap(\.values)
        return try ParityReport(actual: Tensor(shape: [actual.count], values: actual),
                                expected: Tensor(shape: [expected.count], values: expected), atol: atol, rtol: rtol)
    }

    /// Loads the `.lstmw` file at `url` as ``init(contentsOf:limits:)`` does and, if
    /// `verifyingTestVector` is true, runs its test vector before returning, so that a model that
    /// no longer computes what Keras computed is never served.
    ///
    /// ```swift
    /// let model = try Model(contentsOf: url, verifyingTestVector: true)   // at startup
    /// ```
    ///
    /// - Throws: the errors of ``init(contentsOf:limits:)``; with `verifyingTestVector`,
    ///   ``RuntimeError/Code/noTestVector`` if the file has none and
    ///   ``RuntimeError/Code/testVectorMismatch`` (with the largest error) if an output element is
    ///   outside atol 1e-5 + rtol 1e-5 · |expected|.
    public convenience init(contentsOf url: URL, limits: LSTMWFile.Limits = .default,
                            verifyingTestVector: Bool) throws(RuntimeError) {
        try self.init(contentsOf: url, limits: limits)
        guard verifyingTestVector else { return }
        let path = url.isFileURL ? url.path : url.absoluteString
        let report: ParityReport
        do {
            report = try verifyTestVector()
        } catch {
            throw RuntimeError(error.code, "\(path): \(error.message)")
        }
        guard report.passed else {
            throw RuntimeError(.testVectorMismatch, "\(path): the model does not reproduce its test vector: \(report.failures) of \(report.count) output elements are outside atol \(report.atol) + rtol \(report.rtol) * |expected|; max absolute error \(report.maxAbsoluteError) at \(report.worstIndex)")
        }
    }
}
