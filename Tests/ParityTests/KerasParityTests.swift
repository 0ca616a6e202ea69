import Foundation
import KerasImport
@testable import LSTMRuntime
import LSTMW
import NPY
import Testing
import TestSupport

/// The project's central promise: a Keras model (a full .h5, a .keras archive, or weights with
/// their to_json() config), converted to .lstmw and run by the Swift runtime, gives the outputs
/// Keras computed for the same input.
///
/// Tolerance: 1e-5 absolute, no relative part. Keras and this runtime both compute in float32
/// with the same formulas but sum in different orders and use different exp/tanh
/// implementations, which moves the last bits (about 1e-7 per operation); over these fixtures'
/// sequences that stays two orders of magnitude under 1e-5, while a swapped gate, a missing bias
/// or the wrong hard_sigmoid changes outputs by 1e-2 or more.
@Suite struct KerasParityTests {
    static let atol: Float = 1e-5

    /// Every fixture on every kernel path this CPU has (the AVX2 C kernels and the portable Swift ones).
    @Test(arguments: Fixtures.parityCases, KernelPath.supported)
    func convertedModelReproducesKerasOutputs(fixture: Fixture, path: KernelPath) throws {
        let description = try KerasModelFile(fixture).modelDescription()
        let decoded = try LSTMWFile.decode(LSTMWFile.encode(description))
        let input = try NPYFile.read(contentsOf: fixture.input)
        let expected = try NPYFile.read(contentsOf: fixture.expected)
        let output = try Model(decoded).withKernels(path).predict(Tensor(shape: input.shape, values: input.floatValues()))
        let report = try ParityReport(actual: output, expected: Tensor(shape: expected.shape, values: expected.floatValues()),
                                      atol: Self.atol, rtol: 0)
        #expect(report.passed, "\(fixture) \(path): max abs error \(report.maxAbsoluteError) at \(report.worstIndex)")
        #expect(report.maxAbsoluteError < 1e-6, "\(fixture) \(path): error \(report.maxAbsoluteError) is larger than float rounding explains")
    }

    /// The hard_sigmoid fixtures share weights and inputs across generations; only the formula differs,
    /// so each generation's model must match its own Keras and not the other's.
    @Test func hardSigmoidFollowsTheGenerationThatSavedTheFile() throws {
        let k2 = Fixtures.root.appendingPathComponent("k2_lstm_hard_sigmoid")
        let k3 = Fixtures.root.appendingPathComponent("k3_lstm_hard_sigmoid")
        let input = try NPYFile.read(contentsOf: k2.appendingPathComponent("input.npy"))
        let k3Expected = try NPYFile.read(contentsOf: k3.appendingPathComponent("expected.npy"))
        let k2Model = try Model(KerasModelFile(path: k2.appendingPathComponent("model.h5").path).modelDescription())
        let k2Output = try k2Model.predict(Tensor(shape: input.shape, values: input.floatValues()))
        let crossReport = try ParityReport(actual: k2Output, expected: Tensor(shape: k3Expected.shape, values: k3Expected.floatValues()),
                                           atol: Self.atol, rtol: 0)
        #expect(crossReport.maxAbsoluteError > 1e-2)
    }

    /// The same check for weights-only files, whose generation is decided differently: the Keras 2
    /// file by its keras_version attribute, the Keras 3 one (no version anywhere) by its config's form.
    @Test func weightsOnlyHardSigmoidFollowsTheGenerationTheFilesShow() throws {
        let k2 = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k2_weights_lstm_hard_sigmoid" })
        let k3 = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_weights_lstm_hard_sigmoid" })
        let k2File = try KerasModelFile(k2)
        let k3File = try KerasModelFile(k3)
        #expect(k2File.generation == .keras2)
        #expect(k3File.generation == .keras3)
        #expect(k3File.kerasVersion == nil)
        let input = try NPYFile.read(contentsOf: k2.input)
        let k3Expected = try NPYFile.read(contentsOf: k3.expected)
        let k2Output = try Model(k2File.modelDescription()).predict(Tensor(shape: input.shape, values: input.floatValues()))
        let cross = try ParityReport(actual: k2Output, expected: Tensor(shape: k3Expected.shape, values: k3Expected.floatValues()),
                                     atol: Self.atol, rtol: 0)
        #expect(cross.maxAbsoluteError > 1e-2)
    }
}

extension KerasModelFile {
    /// Opens a fixture the way its files require: with its config when it has one.
    init(_ fixture: Fixture) throws {
        if let config = fixture.config {
            try self.init(weightsPath: fixture.model.path, configPath: config.path)
        } else {
            try self.init(path: fixture.model.path)
        }
    }
}
