import LSTMRuntime
import LSTMW
import Testing

/// One `Model` shared by many tasks gives exactly the serial results.
@Suite struct ModelConcurrencyTests {
    @Test func sixteenTasksMatchSerialCalls() async throws {
        var rng = SeededGenerator(seed: 31)
        let model = try Model(RandomModels.model(inputFeatures: 6, [
            RandomModels.lstm("lstm_1", inputSize: 6, units: 12, returnSequences: true, using: &rng),
            RandomModels.lstm("lstm_2", inputSize: 12, units: 8, returnSequences: false, using: &rng),
            RandomModels.dense("dense", inputSize: 8, units: 3, activation: .softmax, using: &rng),
        ]))
        let inputs = (0..<16).map { i in
            RandomModels.input(batch: 1 + i % 3, time: 10 + i, features: 6, using: &rng)
        }
        let serial = try inputs.map { try model.predict($0) }
        let concurrent = try await Self.predictConcurrently(model, inputs, times: 4)
        for i in inputs.indices {
            #expect(concurrent[i]?.values.map(\.bitPattern) == serial[i].values.map(\.bitPattern), "task \(i)")
        }
    }

    /// A model large enough to split its units across the thread pool: concurrent calls share
    /// the pool (one gets it, the others run alone) and still give exactly the serial results.
    @Test func tasksSharingTheThreadPoolMatchSerialCalls() async throws {
        var rng = SeededGenerator(seed: 33)
        let model = try Model(RandomModels.model(inputFeatures: 7, [
            RandomModels.lstm("lstm", inputSize: 7, units: 136, returnSequences: true, using: &rng),
            RandomModels.gru("gru", inputSize: 136, units: 160, returnSequences: false, resetAfter: true, using: &rng),
            RandomModels.dense("dense", inputSize: 160, units: 3, activation: .softmax, using: &rng),
        ])).withThreads(2)
        let inputs = (0..<8).map { i in RandomModels.input(batch: 1 + i % 3, time: 6 + i, features: 7, using: &rng) }
        let serial = try inputs.map { try model.withThreads(1).predict($0) }
        let concurrent = try await Self.predictConcurrently(model, inputs, times: 3)
        for i in inputs.indices {
            #expect(concurrent[i]?.values.map(\.bitPattern) == serial[i].values.map(\.bitPattern), "task \(i)")
        }
    }

    /// Many streams at once, each a task with its own session on one shared model, give exactly
    /// the outputs of running the streams one after another.
    @Test func sixteenStreamsWithTheirOwnSessionsMatchSerial() async throws {
        var rng = SeededGenerator(seed: 32)
        let model = try Model(RandomModels.model(inputFeatures: 6, [
            RandomModels.lstm("lstm_1", inputSize: 6, units: 12, returnSequences: true, using: &rng),
            RandomModels.lstm("lstm_2", inputSize: 12, units: 8, returnSequences: false, using: &rng),
            RandomModels.dense("dense", inputSize: 8, units: 3, activation: .softmax, using: &rng),
        ]))
        let streams = (0..<16).map { i in (0..<(20 + i)).map { _ in rng.floats(6, scale: 1.5) } }
        let serial = try streams.map { stream in
            let session = model.makeSession()
            return try stream.map { try session.step($0) }
        }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [[Float]]).self) { group in
            for (i, stream) in streams.enumerated() {
                group.addTask {
                    let session = model.makeSession()
                    var outputs: [[Float]] = []
                    for x in stream {
                        outputs.append(try session.step(x))
                        await Task.yield()  // let the other streams interleave
                    }
                    // A plain predict call in between, on the same shared model.
                    _ = try model.predict([stream])
                    return (i, outputs)
                }
            }
            var results = [[[Float]]?](repeating: nil, count: streams.count)
            for try await (i, outputs) in group { results[i] = outputs }
            return results
        }
        for i in streams.indices {
            #expect(concurrent[i]?.map { $0.map(\.bitPattern) } == serial[i].map { $0.map(\.bitPattern) },
                    "stream \(i)")
        }
    }

    /// Runs `model` on every input in its own task, `times` times each, all at once; the last
    /// result of each task, in input order.
    static func predictConcurrently(_ model: Model, _ inputs: [Tensor], times: Int) async throws -> [Tensor?] {
        try await withThrowingTaskGroup(of: (Int, Tensor).self) { group in
            for (i, input) in inputs.enumerated() {
                group.addTask {
                    var last = try model.predict(input)
                    for _ in 1..<times { last = try model.predict(input) }
                    return (i, last)
                }
            }
            var results = [Tensor?](repeating: nil, count: inputs.count)
            for try await (i, output) in group { results[i] = output }
            return results
        }
    }
}
