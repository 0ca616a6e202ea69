@testable import LSTMRuntime
import LSTMW
import Testing

@Suite struct PackedLSTMTests {
    /// The fused kernel row k is, per block of 8 units, W_i[k] ‖ W_f[k] ‖ W_c[k] ‖ W_o[k], each
    /// padded to 8 with zeros; the recurrent kernel is one [units, 32] panel per block.
    @Test func fusesGateBlocksInKerasOrder() {
        let kernel = LSTMGates { gate in
            Tensor(shape: [2, 2], values: (0..<4).map { Float(gate.index * 10 + $0) })
        }
        let recurrent = LSTMGates { gate in Tensor(shape: [2, 2], values: (0..<4).map { Float(100 + gate.index * 10 + $0) }) }
        let bias = LSTMGates { gate in Tensor(shape: [2], values: [Float(gate.index), -Float(gate.index)]) }
        let packed = PackedLSTM(LSTMLayer(name: "l", inputSize: 2, units: 2, activation: .tanh,
                                          recurrentActivation: .sigmoid, returnSequences: false,
                                          kernel: kernel, recurrentKernel: recurrent, bias: bias))
        let pad: [Float] = [0, 0, 0, 0, 0, 0]
        #expect(packed.kernel == [0, 1] + pad + [10, 11] + pad + [20, 21] + pad + [30, 31] + pad
                               + [2, 3] + pad + [12, 13] + pad + [22, 23] + pad + [32, 33] + pad)
        #expect(packed.recurrentPanels == [100, 101] + pad + [110, 111] + pad + [120, 121] + pad + [130, 131] + pad
                                        + [102, 103] + pad + [112, 113] + pad + [122, 123] + pad + [132, 133] + pad)
        #expect(packed.bias == [0, 0] + pad + [1, -1] + pad + [2, -2] + pad + [3, -3] + pad)
        #expect(packed.unpacked == LSTMLayer(name: "l", inputSize: 2, units: 2, activation: .tanh,
                                             recurrentActivation: .sigmoid, returnSequences: false,
                                             kernel: kernel, recurrentKernel: recurrent, bias: bias))
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
        for path in KernelPath.supported {
            let kernels = Kernels(path: path)
            let whole = packed.run(input, batch: batch, time: time, kernels: kernels).output
            for chunkFloats in [1, 96, 3 * 32 * 4, 10_000] {
                let chunked = packed.run(input, batch: batch, time: time, kernels: kernels, chunkFloats: chunkFloats).output
                #expect(chunked.map(\.bitPattern) == whole.map(\.bitPattern), "\(path), chunk of \(chunkFloats) floats")
            }
        }
    }
}
