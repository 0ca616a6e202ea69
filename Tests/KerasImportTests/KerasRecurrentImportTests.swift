import Foundation
import HDF5
import KerasImport
import LSTMW
import Testing
import TestSupport

/// GRU and SimpleRNN import: options, and gate blocks compared with the raw datasets.
@Suite struct KerasRecurrentImportTests {
    static func raw(_ path: String, _ layer: KerasLayer, _ role: String) throws -> [Float] {
        let dataset = try #require(layer.weight(role)?.datasetPath)
        return try HDF5File(path: path).root.dataset(dataset).readFloats()
    }

    /// z, r, h are Keras's column blocks 0, 1, 2; bias row 0 is the input bias, row 1 the recurrent one.
    @Test(arguments: ["k2_gru_reset_after", "k3_gru_reset_after", "k2_gru_reset_before", "k3_gru_reset_before"])
    func unpacksGRUGateBlocks(name: String) throws {
        let path = Fixtures.root.appendingPathComponent("\(name)/model.h5").path
        let model = try KerasModelFile(path: path)
        guard case .gru(let gru) = try model.modelDescription().layers[0] else {
            Issue.record("first layer is not a GRU")
            return
        }
        let resetAfter = name.hasSuffix("after")
        #expect(gru.resetAfter == resetAfter)
        #expect(gru.returnSequences == resetAfter)
        #expect(gru.recurrentActivation == (resetAfter ? .sigmoid : name.hasPrefix("k2") ? .hardSigmoidKeras2 : .hardSigmoidKeras3))
        let layer = try #require(model.layers.first { $0.className == "GRU" })
        let (kernel, recurrent, bias) = (try Self.raw(path, layer, "kernel"), try Self.raw(path, layer, "recurrent_kernel"),
                                         try Self.raw(path, layer, "bias"))
        let u = gru.units
        #expect(bias.count == (resetAfter ? 6 * u : 3 * u))
        for gate in GRUGate.allCases {
            let k = gate.index
            for row in 0..<gru.inputSize {
                #expect(Array(gru.kernel[gate].values[(row * u)..<((row + 1) * u)])
                        == (0..<u).map { kernel[row * 3 * u + k * u + $0] })
            }
            for row in 0..<u {
                #expect(Array(gru.recurrentKernel[gate].values[(row * u)..<((row + 1) * u)])
                        == (0..<u).map { recurrent[row * 3 * u + k * u + $0] })
            }
            #expect(gru.bias?[gate].values == Array(bias[(k * u)..<((k + 1) * u)]))
            if resetAfter {
                #expect(gru.recurrentBias?[gate].values == Array(bias[(3 * u + k * u)..<(3 * u + (k + 1) * u)]))
            } else {
                #expect(gru.recurrentBias == nil)
            }
        }
    }

    @Test(arguments: ["k2_simple_rnn", "k3_simple_rnn"])
    func importsSimpleRNNs(name: String) throws {
        let path = Fixtures.root.appendingPathComponent("\(name)/model.h5").path
        let model = try KerasModelFile(path: path)
        let layers = try model.modelDescription().layers
        guard case .simpleRNN(let first) = layers[0], case .simpleRNN(let second) = layers[1] else {
            Issue.record("not two SimpleRNN layers: \(layers.map(\.kerasClassName))")
            return
        }
        #expect((first.inputSize, first.units, first.returnSequences, first.activation) == (2, 7, true, .tanh))
        #expect((second.inputSize, second.units, second.returnSequences, second.activation) == (7, 4, false, .relu))
        let layer = try #require(model.layers.first { $0.name == first.name })
        #expect(first.kernel.values == (try Self.raw(path, layer, "kernel")))
        #expect(first.recurrentKernel.values == (try Self.raw(path, layer, "recurrent_kernel")))
        #expect(first.bias?.values == (try Self.raw(path, layer, "bias")))
    }
}
