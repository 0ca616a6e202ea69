@testable import LSTMRuntime
import LSTMW
import Testing

/// The stateful-session invariant, independent of Keras: for a model whose recurrent layers are all
/// stateful and read forwards, feeding a sequence in chunks gives what `predict` gives on the whole
/// sequence (the chunk's rows of it, or its last output).
@Suite struct StatefulSessionTests {
    static func stateful(_ layer: Layer) -> Layer {
        switch layer {
        case .lstm(var cell): cell.stateful = true; return .lstm(cell)
        case .gru(var cell): cell.stateful = true; return .gru(cell)
        case .simpleRNN(var cell): cell.stateful = true; return .simpleRNN(cell)
        default: return layer
        }
    }

    static func model(returnSequences: Bool) throws -> Model {
        var rng = SeededGenerator(seed: 91)
        return try Model(RandomModels.model(inputFeatures: 3, [
            stateful(RandomModels.lstm("lstm", inputSize: 3, units: 5, returnSequences: true, using: &rng)),
            stateful(RandomModels.gru("gru", inputSize: 5, units: 4, returnSequences: true, resetAfter: true, using: &rng)),
            stateful(RandomModels.simpleRNN("rnn", inputSize: 4, units: 3, returnSequences: returnSequences, using: &rng)),
            RandomModels.dense("dense", inputSize: 3, units: 2, activation: .linear, using: &rng),
        ]))
    }

    /// Timesteps `range` of every row of a `[batch, time, width]` tensor.
    static func steps(_ tensor: Tensor, _ range: Range<Int>) -> Tensor {
        let (batch, time, width) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
        var values: [Float] = []
        for b in 0..<batch {
            values += tensor.values[((b * time + range.lowerBound) * width)..<((b * time + range.upperBound) * width)]
        }
        return Tensor(shape: [batch, range.count, width], values: values)
    }

    static func maxError(_ a: Tensor, _ b: Tensor) -> Float {
        #expect(a.shape == b.shape)
        return zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: [true, false], KernelPath.supported)
    func chunksEqualOneWholeSequence(returnSequences: Bool, path: KernelPath) throws {
        let model = try Self.model(returnSequences: returnSequences).withKernels(path)
        var rng = SeededGenerator(seed: 92)
        let whole = RandomModels.input(batch: 2, time: 9, features: 3, using: &rng)
        let expected = try model.predict(whole)
        let session = try model.makeStatefulSession(batchSize: 2)
        var start = 0
        for length in [4, 1, 4] {
            let output = try session.predict(Self.steps(whole, start..<(start + length)))
            start += length
            #expect(session.timeStepsSeen == start)
            if returnSequences {
                #expect(Self.maxError(output, Self.steps(expected, (start - length)..<start)) < 1e-6)
            } else if start == 9 {
                #expect(Self.maxError(output, expected) < 1e-6)
            }
        }
        #expect(session.states.map(\.layerName) == ["lstm", "gru", "rnn"])
        #expect(session.states.map { $0.c == nil } == [false, true, true])
        session.reset()
        #expect(session.timeStepsSeen == 0)
        let again = try session.predict(Self.steps(whole, 0..<9))
        #expect(again == expected, "after reset the session starts from zero, as predict does")
    }

    @Test func refusesModelsWithoutStateAndBadBatchSizes() throws {
        var rng = SeededGenerator(seed: 93)
        let plain = try Model(RandomModels.stackedClassifier(using: &rng))
        let error = try #require(throws: RuntimeError.self) { try plain.makeStatefulSession(batchSize: 2) }
        #expect(error.code == .unsupported)
        #expect(error.message.contains("no stateful layer"))
        let model = try Self.model(returnSequences: true)
        #expect(model.isStateful && !plain.isStateful)
        #expect(throws: RuntimeError.inputShape("a stateful session needs a batch size of at least 1, got 0")) {
            try model.makeStatefulSession(batchSize: 0)
        }
    }

    @Test func aRefusedChunkLeavesTheStateAsItWas() throws {
        let model = try Self.model(returnSequences: true)
        let session = try model.makeStatefulSession(batchSize: 2)
        var rng = SeededGenerator(seed: 94)
        _ = try session.predict(RandomModels.input(batch: 2, time: 3, features: 3, using: &rng))
        let before = session.states
        let cases: [(Tensor, RuntimeError.Code, String)] = [
            (RandomModels.input(batch: 3, time: 2, features: 3, using: &rng), .inputShape,
             "chunk has batch 3, the session runs batches of 2 (a stateful model keeps one state per batch row)"),
            (RandomModels.input(batch: 2, time: 2, features: 4, using: &rng), .inputShape,
             "chunk has 4 features per timestep, the model expects 3"),
            (Tensor(shape: [2, 6], values: Array(repeating: 0, count: 12)), .inputShape,
             "chunk has shape [2, 6], the model expects rank 3: [batch, time, 3]"),
            (Tensor(shape: [2, 1, 3], values: [0, 0, 0, 0, .nan, 0]), .nonFiniteInput,
             "input holds nan at batch 1, timestep 0, feature 1"),
        ]
        for (chunk, code, message) in cases {
            let error = try #require(throws: RuntimeError.self) { try session.predict(chunk) }
            #expect(error.code == code)
            #expect(error.message == message)
        }
        #expect(session.states == before)
        #expect(session.timeStepsSeen == 3)
    }

    @Test func setStateChecksNameShapeAndValues() throws {
        let session = try Self.model(returnSequences: true).makeStatefulSession(batchSize: 2)
        let h = Tensor(shape: [2, 5], values: (0..<10).map { Float($0) / 10 })
        let c = Tensor(shape: [2, 5], values: (0..<10).map { -Float($0) / 10 })
        let cases: [(RecurrentLayerState, RuntimeError.Code, String)] = [
            (RecurrentLayerState(layerName: "dense", h: h), .inputShape,
             "no stateful layer is named 'dense'; the stateful layers are 'lstm', 'gru', 'rnn'"),
            (RecurrentLayerState(layerName: "lstm", h: h), .inputShape,
             "state of layer 'lstm': an LSTM's state needs c as well as h"),
            (RecurrentLayerState(layerName: "lstm", h: Tensor(shape: [1, 5], values: Array(h.values[..<5])), c: c), .inputShape,
             "state of layer 'lstm': h has shape [1, 5], the session needs [2, 5]"),
            (RecurrentLayerState(layerName: "gru", h: Tensor(shape: [2, 4], values: Array(h.values[..<8])), c: c), .inputShape,
             "state of layer 'gru': only an LSTM has a cell state c"),
            (RecurrentLayerState(layerName: "lstm", h: h, c: Tensor(shape: [2, 5], values: c.values.enumerated().map { $0.offset == 7 ? .infinity : $0.element })),
             .nonFiniteInput, "state of layer 'lstm': c holds inf at row 1, unit 2"),
        ]
        for (state, code, message) in cases {
            let error = try #require(throws: RuntimeError.self) { try session.setState(state) }
            #expect(error.code == code)
            #expect(error.message == message)
        }
        #expect(session.states.allSatisfy { $0.h.values.allSatisfy { $0 == 0 } })
        try session.setState(RecurrentLayerState(layerName: "lstm", h: h, c: c))
        #expect(session.states[0] == RecurrentLayerState(layerName: "lstm", h: h, c: c))
    }
}
