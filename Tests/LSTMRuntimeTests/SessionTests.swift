@testable import LSTMRuntime
import LSTMW
import Testing

/// The session invariant: after stepping through `x[0]`, …, `x[t]`, `step` returns exactly what
/// `predict` returns for the one sequence `x[0...t]` (its last row, when the output is a sequence).
@Suite struct SessionTests {
    /// Models covering both kinds of output, stacking, no bias, every elementwise activation in
    /// the cell, and sizes that reach every path of the matrix product.
    static let models: [(String, ModelDescription)] = {
        var rng = SeededGenerator(seed: 71)
        return [
            ("LSTM(return_sequences)", RandomModels.model(inputFeatures: 5, [
                RandomModels.lstm("lstm", inputSize: 5, units: 6, returnSequences: true, using: &rng),
            ])),
            ("LSTM -> Dense per timestep", RandomModels.sequenceTagger(using: &rng)),
            ("LSTM -> LSTM(last) -> Dense softmax", RandomModels.stackedClassifier(using: &rng)),
            ("LSTM(last) alone", RandomModels.model(inputFeatures: 2, [
                RandomModels.lstm("lstm", inputSize: 2, units: 3, returnSequences: false, using: &rng),
            ])),
            ("Dense -> LSTM -> Dense, no bias, hard sigmoid", RandomModels.model(inputFeatures: 3, [
                RandomModels.dense("dense_in", inputSize: 3, units: 6, activation: .relu, useBias: false, using: &rng),
                RandomModels.lstm("lstm", inputSize: 6, units: 4, returnSequences: true,
                                  recurrentActivation: .hardSigmoidKeras3, useBias: false, using: &rng),
                RandomModels.dense("dense_out", inputSize: 4, units: 3, activation: .sigmoid, using: &rng),
            ])),
            ("odd sizes, linear cell", RandomModels.model(inputFeatures: 13, [
                RandomModels.lstm("lstm_1", inputSize: 13, units: 9, returnSequences: true, activation: .linear,
                                  recurrentActivation: .hardSigmoidKeras2, using: &rng),
                RandomModels.lstm("lstm_2", inputSize: 9, units: 17, returnSequences: false, using: &rng),
                RandomModels.dense("dense", inputSize: 17, units: 11, activation: .softmax, using: &rng),
            ])),
            ("Dense only", RandomModels.model(inputFeatures: 4, [
                RandomModels.dense("dense", inputSize: 4, units: 2, activation: .softmax, using: &rng),
            ])),
        ]
    }()

    /// `predict` on the prefix `x[0...t]` of a one-sequence input, as the row `step` should return.
    static func predictOnPrefix(_ model: Model, _ input: Tensor, through t: Int) throws -> [Float] {
        let features = model.inputFeatures
        let prefix = Array(input.values[0..<((t + 1) * features)])
        let output = try model.predict(prefix, batch: 1, timeSteps: t + 1).values
        return model.outputIsSequence ? Array(output[(t * model.outputFeatures)...]) : output
    }

    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test(arguments: models.indices, KernelPath.supported)
    func everyStepEqualsPredictOnThePrefix(_ index: Int, path: KernelPath) throws {
        let (name, description) = Self.models[index]
        let model = try Model(description).withKernels(path)
        var rng = SeededGenerator(seed: 72 + UInt64(index))
        let time = 12
        let input = RandomModels.input(batch: 1, time: time, features: model.inputFeatures, using: &rng)
        let session = model.makeSession()
        #expect(session.timeStepsSeen == 0)
        for t in 0..<time {
            let x = Array(input.values[(t * model.inputFeatures)..<((t + 1) * model.inputFeatures)])
            let stepped = try session.step(x)
            #expect(stepped.count == model.outputFeatures)
            let expected = try Self.predictOnPrefix(model, input, through: t)
            #expect(Self.bits(stepped) == Self.bits(expected), "\(name), timestep \(t)")
            #expect(session.timeStepsSeen == t + 1)
        }
    }

    /// Stepping also agrees with the independent Double reference on the whole sequence.
    @Test func lastStepMatchesTheReference() throws {
        var rng = SeededGenerator(seed: 80)
        let description = RandomModels.stackedClassifier(using: &rng)
        let model = try Model(description)
        let input = RandomModels.input(batch: 1, time: 9, features: 4, using: &rng)
        let session = model.makeSession()
        var last: [Float] = []
        for t in 0..<9 { last = try session.step(Array(input.values[(t * 4)..<((t + 1) * 4)])) }
        expectClose(Tensor(shape: [1, 3], values: last), ReferenceModel.predict(description, input))
    }

    @Test func resetStartsANewStream() throws {
        var rng = SeededGenerator(seed: 81)
        let model = try Model(RandomModels.stackedClassifier(using: &rng))
        let first = (0..<7).map { _ in rng.floats(4, scale: 1.5) }
        let second = (0..<5).map { _ in rng.floats(4, scale: 1.5) }

        let fresh = model.makeSession()
        let expected = try second.map { try fresh.step($0) }

        let reused = model.makeSession()
        for x in first { _ = try reused.step(x) }
        #expect(reused.timeStepsSeen == 7)
        reused.reset()
        #expect(reused.timeStepsSeen == 0)
        let again = try second.map { try reused.step($0) }
        #expect(again.map(Self.bits) == expected.map(Self.bits))
        #expect(reused.timeStepsSeen == 5)
    }

    @Test func sessionsOfOneModelAreIndependent() throws {
        var rng = SeededGenerator(seed: 82)
        let model = try Model(RandomModels.sequenceTagger(using: &rng))
        let a = (0..<6).map { _ in rng.floats(3, scale: 1.5) }
        let b = (0..<6).map { _ in rng.floats(3, scale: 1.5) }
        let aloneA = model.makeSession(), aloneB = model.makeSession()
        let expectedA = try a.map { try aloneA.step($0) }
        let expectedB = try b.map { try aloneB.step($0) }
        // Interleaved on two sessions of the same model.
        let (sessionA, sessionB) = (model.makeSession(), model.makeSession())
        for t in 0..<6 {
            #expect(Self.bits(try sessionA.step(a[t])) == Self.bits(expectedA[t]))
            #expect(Self.bits(try sessionB.step(b[t])) == Self.bits(expectedB[t]))
        }
        #expect(sessionA.model === model)
    }

    @Test func refusesTheWrongFeatureCount() throws {
        var rng = SeededGenerator(seed: 83)
        let model = try Model(RandomModels.stackedClassifier(inputFeatures: 4, using: &rng))
        let session = model.makeSession()
        for count in [0, 3, 5] {
            let error = try #require(caught { () throws(RuntimeError) in
                try session.step([Float](repeating: 0.5, count: count))
            })
            #expect(error == RuntimeError(.inputShape, "step input has \(count) features, the model expects 4"))
        }
        #expect(session.timeStepsSeen == 0)
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func refusesNonFiniteInputNamingItsPosition(_ bad: Float) throws {
        var rng = SeededGenerator(seed: 84)
        let model = try Model(RandomModels.stackedClassifier(inputFeatures: 4, using: &rng))
        let steps = (0..<4).map { _ in rng.floats(4, scale: 1.5) }
        let reference = model.makeSession()
        let expected = try steps.map { try reference.step($0) }

        let session = model.makeSession()
        _ = try session.step(steps[0])
        _ = try session.step(steps[1])
        var poisoned = steps[2]
        poisoned[3] = bad
        let error = try #require(caught { () throws(RuntimeError) in try session.step(poisoned) })
        #expect(error == RuntimeError(.nonFiniteInput,
                                      "step input holds \(bad) at feature 3 (timestep 2 of the session)"))
        // The refused step changed nothing: the stream goes on as if it had never been sent.
        #expect(session.timeStepsSeen == 2)
        #expect(Self.bits(try session.step(steps[2])) == Self.bits(expected[2]))
        #expect(Self.bits(try session.step(steps[3])) == Self.bits(expected[3]))
    }

    /// A session can be made in one task and handed over to another that then owns it.
    @Test func aSessionCanMoveToAnotherTask() async throws {
        var rng = SeededGenerator(seed: 85)
        let model = try Model(RandomModels.sequenceTagger(using: &rng))
        let steps = (0..<5).map { _ in rng.floats(3, scale: 1.5) }
        let expected = try model.makeSession().step(steps[0])
        let session = model.makeSession()
        let output = try await Task.detached { try session.step(steps[0]) }.value
        #expect(output == expected)
    }
}
