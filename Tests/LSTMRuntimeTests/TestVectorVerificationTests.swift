import Foundation
import LSTMRuntime
import LSTMW
import Testing

/// A model checks itself against the output recorded with it. The expected outputs come from
/// `ReferenceModel`, the scalar Double implementation written from the Keras formulas.
@Suite struct TestVectorVerificationTests {
    /// A stacked classifier and a test vector whose expected output is the reference's, with
    /// every element moved by `offset`.
    static func model(offset: Float = 0) -> ModelDescription {
        var rng = SeededGenerator(seed: 77)
        var description = RandomModels.stackedClassifier(using: &rng)
        let input = RandomModels.input(batch: 3, time: 6, features: 4, using: &rng)
        let reference = ReferenceModel.predict(description, input)
        description.testVector = TestVector(input: input,
                                            expectedOutput: Tensor(shape: reference.shape, values: reference.values.map { Float($0) + offset }))
        return description
    }

    @Test func aModelReproducesItsTestVector() throws {
        let model = try Model(Self.model())
        let report = try model.verifyTestVector()
        #expect(report.passed)
        #expect(report.count == 9)
        #expect(report.maxAbsoluteError < 1e-6)
        #expect(model.testVector?.input.shape == [3, 6, 4])
    }

    @Test func anExpectedOutputThatIsOffIsReportedWithItsError() throws {
        let model = try Model(Self.model(offset: 1e-3))
        let report = try model.verifyTestVector()
        #expect(!report.passed)
        #expect(report.failures == 9)
        #expect(abs(report.maxAbsoluteError - 1e-3) < 1e-5)
        #expect(try model.verifyTestVector(atol: 2e-3, rtol: 0).passed)
    }

    @Test func verifyingAModelWithoutATestVectorIsAnError() throws {
        var description = Self.model()
        description.testVector = nil
        let error = try #require(throws: RuntimeError.self) { try Model(description).verifyTestVector() }
        #expect(error.code == .noTestVector)
    }

    @Test func loadingWithVerificationChecksTheFile() throws {
        try withTemporaryDirectory { directory in
            let good = directory.appendingPathComponent("good.lstmw")
            let off = directory.appendingPathComponent("off.lstmw")
            let none = directory.appendingPathComponent("none.lstmw")
            try LSTMWFile.write(Self.model(), to: good)
            try LSTMWFile.write(Self.model(offset: 0.01), to: off)
            var plain = Self.model()
            plain.testVector = nil
            try LSTMWFile.write(plain, to: none)

            #expect(try Model(contentsOf: good, verifyingTestVector: true).testVector != nil)
            let mismatch = try #require(throws: RuntimeError.self) { try Model(contentsOf: off, verifyingTestVector: true) }
            #expect(mismatch.code == .testVectorMismatch)
            #expect(mismatch.message.hasPrefix("\(off.path): the model does not reproduce its test vector: 9 of 9 output elements"))
            let missing = try #require(throws: RuntimeError.self) { try Model(contentsOf: none, verifyingTestVector: true) }
            #expect(missing.code == .noTestVector && missing.message.hasPrefix(none.path))
            // Without verification the same files load.
            #expect(try Model(contentsOf: off, verifyingTestVector: false).testVector != nil)
            #expect(try Model(contentsOf: none).testVector == nil)
        }
    }
}
