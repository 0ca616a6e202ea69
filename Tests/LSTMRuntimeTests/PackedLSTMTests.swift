@testable import LSTMRuntime
import LSTMW
import Testing

@Suite struct PackedLSTMTests {
    /// The fused kernel row k is W_i[k] ‖ W_f[k] ‖ W_c[k] ‖ W_o[k].
    @Test func fusesGateBlocksInKerasOrder() {
        let kernel = LSTMGates { gate in
            Tensor(shape: [2, 2], values: (0..<4).map { Float(gate.index * 10 + $0) })
        }
        let recurrent = LSTMGates { _ in Tensor(shape: [2, 2], values: [0, 0, 0, 0]) }
        let bias = LSTMGates { gate in Tensor(shape: [2], values: [Float(gate.index), -Float(gate.index)]) }
        let packed = PackedLSTM(LSTMLayer(name: "l", inputSize: 2, units: 2, activation: .tanh,
                                          recurrentActivation: .sigmoid, returnSequences: false,
                                          kernel: kernel, recurrentKernel: recurrent, bias: bias))
        #expect(packed.kernel == [0, 1, 10, 11, 20, 21, 30, 31,
                                  2, 3, 12, 13, 22, 23, 32, 33])
        #expect(packed.bias == [0, 0, 1, -1, 2, -2, 3, -3])
    }

    /// Computing the input projection in chunks of any size gives the same bits.
    @Test(arguments: [false, true])
    func chunkingDoesNotChangeResults(returnSequences: Bool) throws {
        var rng = SeededGenerator(seed: 41)
        guard case .lstm(let layer) = RandomModels.lstm("l", inputSize: 5, units: 6,
                                                       returnSequences: returnSequences, using: &rng)
        else { Issue.record("not an LSTM"); return }
        let packed = PackedLSTM(layer)
        let (batch, time) = (3, 11)
        let input = rng.floats(batch * time * 5, scale: 1)
        let whole = input.withUnsafeBufferPointer { packed.forward($0, batch: batch, time: time) }
        for chunkFloats in [1, 72, 3 * 24 * 4, 10_000] {
            let chunked = input.withUnsafeBufferPointer {
                packed.forward($0, batch: batch, time: time, chunkFloats: chunkFloats)
            }
            #expect(chunked.map(\.bitPattern) == whole.map(\.bitPattern), "chunk of \(chunkFloats) floats")
        }
    }
}
