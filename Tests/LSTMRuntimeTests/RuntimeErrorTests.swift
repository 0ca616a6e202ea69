import LSTMRuntime
import LSTMW
import Testing

/// Inputs and models the runtime refuses, and how it says so.
@Suite struct RuntimeErrorTests {
    private func model(features: Int = 5) throws -> Model {
        var rng = SeededGenerator(seed: 21)
        return try Model(RandomModels.model(inputFeatures: features, [
            RandomModels.lstm("lstm", inputSize: features, units: 3, returnSequences: false, using: &rng),
        ]))
    }

    private func error(_ body: () throws(RuntimeError) -> Tensor) -> RuntimeError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func wrongFeatureCount() throws {
        let model = try model()
        let input = Tensor(shape: [1, 2, 9], values: [Float](repeating: 0.1, count: 18))
        let error = try #require(error { () throws(RuntimeError) in try model.predict(input) })
        #expect(error.code == .inputShape)
        #expect(error.description == "input has 9 features per timestep, the model expects 5")
    }

    @Test func rankTwoInput() throws {
        let model = try model()
        let input = Tensor(shape: [2, 5], values: [Float](repeating: 0.1, count: 10))
        let error = try #require(error { () throws(RuntimeError) in try model.predict(input) })
        #expect(error.code == .inputShape)
        #expect(error.message.contains("[2, 5]") && error.message.contains("rank 3"))
    }

    @Test func zeroBatch() throws {
        let model = try model()
        let error = try #require(error { () throws(RuntimeError) in
            try model.predict(Tensor(shape: [0, 4, 5], values: []))
        })
        #expect(error == RuntimeError(.inputShape, "batch size must be at least 1, got 0"))
    }

    @Test func zeroTimesteps() throws {
        let model = try model()
        let error = try #require(error { () throws(RuntimeError) in try model.predict([], batch: 2, timeSteps: 0) })
        #expect(error.code == .inputShape)
    }

    @Test func valueCountMismatch() throws {
        let model = try model()
        let error = try #require(error { () throws(RuntimeError) in
            try model.predict([Float](repeating: 0, count: 29), batch: 2, timeSteps: 3)
        })
        #expect(error.code == .inputShape)
        #expect(error.message == "input has 29 values, batch 2 × 3 timesteps × 5 features needs 30")
    }

    @Test func hugeSizesDoNotOverflow() throws {
        let model = try model()
        let error = try #require(error { () throws(RuntimeError) in
            try model.predict([1], batch: Int.max / 2, timeSteps: 3)
        })
        #expect(error.code == .inputShape)
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteInputNamesThePosition(_ bad: Float) throws {
        let model = try model()
        var values = [Float](repeating: 0.25, count: 2 * 4 * 5)
        values[(1 * 4 + 2) * 5 + 3] = bad  // batch 1, timestep 2, feature 3
        let error = try #require(error { () throws(RuntimeError) in
            try model.predict(Tensor(shape: [2, 4, 5], values: values))
        })
        #expect(error.code == .nonFiniteInput)
        #expect(error.message == "input holds \(bad) at batch 1, timestep 2, feature 3")
    }

    @Test func invalidModel() {
        var rng = SeededGenerator(seed: 22)
        let description = RandomModels.model(inputFeatures: 4, [
            RandomModels.lstm("lstm", inputSize: 5, units: 3, returnSequences: false, using: &rng),
        ])
        #expect(throws: RuntimeError.self) { try Model(description) }
        do {
            _ = try Model(description)
        } catch {
            #expect(error.code == .invalidModel)
            #expect(error.message.contains("'lstm'"))
        }
    }

    @Test func codesDescribeThemselves() {
        #expect(RuntimeError.Code.inputShape.description == "input shape")
        #expect(RuntimeError.Code.nonFiniteInput != .invalidModel)
        #expect(RuntimeError.Code.invalidFile.description == "invalid file")
        #expect(RuntimeError.Code.io.description == "I/O error")
        let codes: Set<RuntimeError.Code> = [.invalidModel, .inputShape, .nonFiniteInput, .invalidFile, .io]
        #expect(codes.count == 5)
    }

    // Nested-array input: each message points at the offending `input[b]` or `input[b][t]`.

    private func nestedError(_ input: [[[Float]]]) throws -> RuntimeError {
        let model = try model(features: 2)
        return try #require(caught { () throws(RuntimeError) in try model.predict(input) })
    }

    @Test func nestedEmptyBatch() throws {
        #expect(try nestedError([]) == RuntimeError(.inputShape,
                                                     "input has no sequences; the batch size must be at least 1"))
    }

    @Test func nestedEmptySequence() throws {
        #expect(try nestedError([[[1, 2]], []]) == RuntimeError(.inputShape,
                                                                 "input[1] has no timesteps; a sequence needs at least 1"))
    }

    @Test func nestedRaggedLengths() throws {
        let error = try nestedError([[[1, 2], [3, 4]], [[1, 2], [3, 4]], [[1, 2]]])
        #expect(error == RuntimeError(.inputShape, "input[2] has 1 timesteps, input[0] has 2; "
                                      + "every sequence in a batch must have the same length"))
    }

    @Test func nestedWrongFeatureCount() throws {
        let error = try nestedError([[[1, 2], [3, 4]], [[1, 2], [3, 4, 5]]])
        #expect(error == RuntimeError(.inputShape, "input[1][1] has 3 features, the model expects 2"))
    }

    @Test func nestedNonFinite() throws {
        let error = try nestedError([[[1, 2], [3, 4]], [[1, .nan], [3, 4]]])
        #expect(error == RuntimeError(.nonFiniteInput, "input holds nan at batch 1, timestep 0, feature 1"))
    }
}
