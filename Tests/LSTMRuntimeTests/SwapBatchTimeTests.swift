@testable import LSTMRuntime
import LSTMW
import Testing

/// A model with `swapBatchTime` layers (Keras 2's `time_major`) computes what the same layers
/// without them compute on the input with its batch and time axes swapped; it cannot be streamed.
@Suite struct SwapBatchTimeTests {
    static func swap(_ name: String, _ features: Int) -> Layer { .swapBatchTime(SwapBatchTimeLayer(name: name, features: features)) }

    static func layers(returnSequences: Bool) -> (cell: Layer, head: Layer) {
        var rng = SeededGenerator(seed: 95)
        return (RandomModels.gru("gru", inputSize: 3, units: 4, returnSequences: returnSequences, resetAfter: true, using: &rng),
                RandomModels.dense("dense", inputSize: 4, units: 2, activation: .tanh, using: &rng))
    }

    /// `[a, b, width]` as `[b, a, width]`.
    static func swapped(_ tensor: Tensor) -> Tensor {
        let (a, b, width) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
        var values: [Float] = []
        for j in 0..<b { for i in 0..<a { values += tensor.values[((i * b + j) * width)..<((i * b + j + 1) * width)] } }
        return Tensor(shape: [b, a, width], values: values)
    }

    @Test(arguments: [true, false], KernelPath.supported)
    func timeMajorIsTheRecurrenceAlongTheFirstAxis(returnSequences: Bool, path: KernelPath) throws {
        let (cell, head) = Self.layers(returnSequences: returnSequences)
        let swaps = [Self.swap("gru:time_major_input", 3), cell] + (returnSequences ? [Self.swap("gru:time_major_output", 4)] : [])
        let timeMajor = try Model(RandomModels.model(inputFeatures: 3, swaps + [head])).withKernels(path)
        let plain = try Model(RandomModels.model(inputFeatures: 3, [cell, head])).withKernels(path)
        var rng = SeededGenerator(seed: 96)
        let x = RandomModels.input(batch: 5, time: 7, features: 3, using: &rng)
        let output = try timeMajor.predict(x)
        let reference = try plain.predict(Self.swapped(x))
        #expect(output == (returnSequences ? Self.swapped(reference) : reference))
        #expect(output.shape == (returnSequences ? [5, 7, 2] : [7, 2]))
    }

    @Test func cannotBeStreamed() throws {
        let (cell, head) = Self.layers(returnSequences: false)
        let model = try Model(RandomModels.model(inputFeatures: 3, [Self.swap("gru:time_major_input", 3), cell, head]))
        let error = try #require(throws: RuntimeError.self) { try model.makeSession().step([1, 2, 3]) }
        #expect(error.message == "the model cannot run one timestep at a time: layer 'gru:time_major_input' (SwapBatchTime) swaps the batch and time axes (time_major)")
        var rng = SeededGenerator(seed: 97)
        guard case .gru(var later) = RandomModels.gru("later", inputSize: 4, units: 2, returnSequences: false, resetAfter: true,
                                                       using: &rng) else { return }
        later.stateful = true
        let stateful = try Model(RandomModels.model(inputFeatures: 3, [Self.swap("gru:time_major_input", 3), cell,
                                                                         .repeatVector(RepeatVectorLayer(name: "again", n: 2, features: 4)),
                                                                         .gru(later)]))
        let refusal = try #require(throws: RuntimeError.self) { try stateful.makeStatefulSession(batchSize: 2) }
        #expect(refusal.code == .unsupported)
        #expect(refusal.message.contains("layer 'gru:time_major_input' swaps the batch and time axes (time_major)"))
    }
}
