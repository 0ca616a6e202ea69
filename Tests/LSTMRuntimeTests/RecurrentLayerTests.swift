import Foundation
@testable import LSTMRuntime
import LSTMW
import Testing

/// GRU and SimpleRNN: the packed runtime against the independent Double reference, with batches,
/// chunked projections, summaries, and the session invariant.
@Suite struct RecurrentLayerTests {
    static let models: [(String, ModelDescription)] = {
        var rng = SeededGenerator(seed: 901)
        return RandomModels.recurrentMix(using: &rng)
    }()

    @Test(arguments: models.indices)
    func predictMatchesTheReference(_ index: Int) throws {
        let (name, description) = Self.models[index]
        let model = try Model(description)
        var rng = SeededGenerator(seed: 910 + UInt64(index))
        for (batch, time) in [(1, 1), (3, 7), (5, 12)] {
            let input = RandomModels.input(batch: batch, time: time, features: model.inputFeatures, using: &rng)
            let output = try model.predict(input)
            let expected = ReferenceModel.predict(description, input)
            #expect(output.shape == expected.shape, "\(name)")
            expectClose(output, expected, tolerance: 2e-5)
        }
    }

    @Test(arguments: models.indices, KernelPath.supported)
    func everyStepEqualsPredictOnThePrefix(_ index: Int, path: KernelPath) throws {
        let (name, description) = Self.models[index]
        let model = try Model(description).withKernels(path)
        var rng = SeededGenerator(seed: 930 + UInt64(index))
        let time = 10
        let input = RandomModels.input(batch: 1, time: time, features: model.inputFeatures, using: &rng)
        let session = model.makeSession()
        for t in 0..<time {
            let x = Array(input.values[(t * model.inputFeatures)..<((t + 1) * model.inputFeatures)])
            let stepped = try session.step(x)
            let expected = try SessionTests.predictOnPrefix(model, input, through: t)
            #expect(SessionTests.bits(stepped) == SessionTests.bits(expected), "\(name), timestep \(t)")
        }
        session.reset()
        let first = try session.step(Array(input.values[0..<model.inputFeatures]))
        #expect(SessionTests.bits(first) == SessionTests.bits(try SessionTests.predictOnPrefix(model, input, through: 0)))
    }

    /// The model keeps only its packed weights; its description rebuilds Keras's tensors exactly.
    @Test(arguments: models.indices)
    func descriptionRebuildsTheWeightsExactly(_ index: Int) throws {
        let description = Self.models[index].1
        #expect(try Model(description).description == description)
    }

    /// Each batch element is computed as if alone.
    @Test(arguments: models.indices)
    func batchElementsAreIndependent(_ index: Int) throws {
        let model = try Model(Self.models[index].1)
        var rng = SeededGenerator(seed: 950 + UInt64(index))
        let (batch, time, features) = (4, 6, model.inputFeatures)
        let input = RandomModels.input(batch: batch, time: time, features: features, using: &rng)
        let whole = try model.predict(input).values
        let per = whole.count / batch
        for b in 0..<batch {
            let one = Array(input.values[(b * time * features)..<((b + 1) * time * features)])
            let alone = try model.predict(one, batch: 1, timeSteps: time).values
            #expect(SessionTests.bits(alone) == SessionTests.bits(Array(whole[(b * per)..<((b + 1) * per)])))
        }
    }

    /// Computing the input projection in chunks of any size gives the same bits.
    @Test(arguments: [false, true])
    func chunkingDoesNotChangeResults(resetAfter: Bool) throws {
        var rng = SeededGenerator(seed: 970)
        guard case .gru(let layer) = RandomModels.gru("g", inputSize: 5, units: 6, returnSequences: true,
                                                      resetAfter: resetAfter, using: &rng),
              case .simpleRNN(let rnnLayer) = RandomModels.simpleRNN("s", inputSize: 5, units: 4,
                                                                      returnSequences: false, using: &rng)
        else { Issue.record("wrong layer kinds"); return }
        let (batch, time) = (3, 11)
        let input = rng.floats(batch * time * 5, scale: 1)
        for path in KernelPath.supported {
            let kernels = Kernels(path: path)
            for packed in [PackedGRU(layer) as any RecurrentCell, PackedSimpleRNN(rnnLayer)] {
                let whole = packed.run(input, batch: batch, time: time, kernels: kernels).output
                for chunkFloats in [1, 72, 3 * 24 * 4, 10_000] {
                    let chunked = packed.run(input, batch: batch, time: time, kernels: kernels, chunkFloats: chunkFloats).output
                    #expect(chunked.map(\.bitPattern) == whole.map(\.bitPattern), "\(path), chunk of \(chunkFloats) floats")
                }
            }
        }
    }

    /// The fused GRU kernel row k is W_z[k] ‖ W_r[k] ‖ W_h[k], each padded to a block of 8;
    /// reset-before keeps U_h apart, in panels of 8.
    @Test func fusesGateBlocksInKerasOrder() {
        let blocks = GRUGates { gate in Tensor(shape: [2, 2], values: (0..<4).map { Float(gate.index * 10 + $0) }) }
        let bias = GRUGates { gate in Tensor(shape: [2], values: [Float(gate.index), -Float(gate.index)]) }
        let packed = PackedGRU(GRULayer(name: "g", inputSize: 2, units: 2, activation: .tanh, recurrentActivation: .sigmoid,
                                        returnSequences: false, resetAfter: false, kernel: blocks,
                                        recurrentKernel: blocks, bias: bias, recurrentBias: nil))
        let pad: [Float] = [0, 0, 0, 0, 0, 0]
        #expect(packed.kernel == [0, 1] + pad + [10, 11] + pad + [20, 21] + pad + [2, 3] + pad + [12, 13] + pad + [22, 23] + pad)
        #expect(packed.recurrentPanels == [0, 1] + pad + [10, 11] + pad + [2, 3] + pad + [12, 13] + pad)
        #expect(packed.candidatePanels == [20, 21] + pad + [22, 23] + pad)
        #expect(packed.bias == [0, 0] + pad + [1, -1] + pad + [2, -2] + pad)
        #expect(packed.unpacked.recurrentKernel == blocks)
        #expect(packed.unpacked.kernel == blocks)
    }

    /// One GRU step by hand: units 1, input 1, x = 1, every weight 1, biases 0, reset_after.
    /// z = r = σ(1), hh = tanh(1 + r·0) = tanh 1, h = (1 - σ(1))·tanh 1.
    @Test func oneHandComputedGRUStep() throws {
        let one = GRUGates { _ in Tensor(shape: [1, 1], values: [1]) }
        let zero = GRUGates { _ in Tensor(shape: [1], values: [0]) }
        let layer = GRULayer(name: "g", inputSize: 1, units: 1, activation: .tanh, recurrentActivation: .sigmoid,
                             returnSequences: false, resetAfter: true, kernel: one, recurrentKernel: one,
                             bias: zero, recurrentBias: zero)
        let model = try Model(RandomModels.model(inputFeatures: 1, [.gru(layer)]))
        let output = try model.predict([1], batch: 1, timeSteps: 1)
        let sigma = 1 / (1 + Foundation.exp(-1.0))
        expectClose(output, shape: [1, 1], [(1 - sigma) * Foundation.tanh(1.0)])
    }

    @Test func summariesNameTheNewKinds() throws {
        let model = try Model(Self.models[4].1)
        #expect(model.layers.map(\.kind) == [.lstm, .gru, .simpleRNN, .dense])
        #expect(model.layers.map(\.outputIsSequence) == [true, true, false, false])
        #expect(model.layers[1].parameterCount == 3 * 17 * (9 + 17 + 2))
        #expect(model.layers[2].parameterCount == 11 * (17 + 11))
        #expect(model.layers[2].description == "rnn: SimpleRNN 17 -> 11 per sequence, 308 parameters")
    }
}
