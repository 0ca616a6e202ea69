import Foundation
import HDF5
import KerasImport
import LSTMW
import Testing
import TestSupport

@Suite struct KerasModelFileTests {
    @Test(arguments: Fixtures.parityCases)
    func describesEveryFixtureAsItsMetadataSays(fixture: Fixture) throws {
        let meta = try fixture.meta
        let keras = try fixture.config.map { try KerasModelFile(weightsPath: fixture.model.path, configPath: $0.path) }
            ?? KerasModelFile(path: fixture.model.path)
        let description = try keras.modelDescription()
        #expect(description.source.kerasVersion == meta.keras_version)
        #expect(description.source.modelClass == meta.model_kind)
        let computing = meta.layer_names.filter { name in
            !KerasModelFile.inferenceIdentityLayers.contains(keras.layers.first { $0.name == name }?.className ?? "")
        }
        // A Keras 2 time_major layer comes with swaps of the batch and time axes around it.
        let imported = description.layers.filter { if case .swapBatchTime = $0 { false } else { true } }
        #expect(imported.map(\.name) == computing)
        #expect(description.outputShape(batch: meta.input_shape[0], time: meta.input_shape[1]) == meta.output_shape)
        #expect(description.inputIsTokens == (meta.input_shape.count == 2))
        #expect(description.inputFeatures == (meta.input_shape.count == 3 ? meta.input_shape[2] : 1))
        let variableTime = fixture.name.hasSuffix("variable_time")
        #expect(description.timeSteps == (variableTime ? nil : meta.input_shape[1]))
        #expect(description.outputFeatures == meta.output_shape.last)
        #expect(description.outputIsSequence == (meta.output_shape.count == 3))
    }

    /// A time_major layer runs between swaps of the batch and time axes: one before it, and one
    /// after it when it returns sequences.
    @Test func timeMajorLayersRunBetweenSwapsOfBatchAndTime() throws {
        let seq = try KerasModelFile(path: Fixtures.root.appendingPathComponent("k2_time_major_seq/model.h5").path).modelDescription()
        #expect(seq.layers.map(\.kerasClassName) == ["SwapBatchTime", "LSTM", "SwapBatchTime", "SwapBatchTime", "SimpleRNN",
                                                    "SwapBatchTime", "GRU", "Dense"])
        #expect(seq.layers.map(\.inputSize) == [3, 3, 4, 4, 4, 3, 3, 3])
        let last = try KerasModelFile(path: Fixtures.root.appendingPathComponent("k2_time_major_last/model.h5").path).modelDescription()
        #expect(last.layers.map(\.name) == ["gru_1:time_major_input", "gru_1", "dense_1"])
        #expect(last.outputShape(batch: 3, time: 7) == [7, 2])
    }

    /// The gate blocks must be Keras's column blocks i, f, c, o: compare with slices of the raw
    /// dataset read straight through the HDF5 module.
    @Test(arguments: ["k2_lstm_single", "k3_lstm_single"])
    func unpacksGateBlocksFromKernelColumns(name: String) throws {
        let path = Fixtures.root.appendingPathComponent("\(name)/model.h5").path
        let model = try KerasModelFile(path: path)
        guard case .lstm(let lstm) = try model.modelDescription().layers[0] else {
            Issue.record("first layer is not an LSTM")
            return
        }
        let units = lstm.units
        let kernelPath = try #require(model.layers.first { $0.className == "LSTM" }?.weight("kernel")?.datasetPath)
        let biasPath = try #require(model.layers.first { $0.className == "LSTM" }?.weight("bias")?.datasetPath)
        let raw = try HDF5File(path: path).root
        let kernel = try raw.dataset(kernelPath).readFloats()
        let bias = try raw.dataset(biasPath).readFloats()
        for (block, gate) in [LSTMGate.input, .forget, .cell, .output].enumerated() {
            for row in 0..<lstm.inputSize {
                let expected = (0..<units).map { kernel[row * 4 * units + block * units + $0] }
                #expect(Array(lstm.kernel[gate].values[(row * units)..<((row + 1) * units)]) == expected)
            }
            #expect(lstm.bias?[gate].values == Array(bias[(block * units)..<((block + 1) * units)]))
        }
        #expect(kernelPath.hasSuffix(name.hasPrefix("k2") ? "lstm_cell/kernel:0" : "lstm_cell/kernel"))
    }

    @Test func resolvesHardSigmoidByKerasGeneration() throws {
        for (name, expected) in [("k2_lstm_hard_sigmoid", Activation.hardSigmoidKeras2),
                                 ("k3_lstm_hard_sigmoid", .hardSigmoidKeras3)] {
            let path = Fixtures.root.appendingPathComponent("\(name)/model.h5").path
            guard case .lstm(let lstm) = try KerasModelFile(path: path).modelDescription().layers[0] else {
                Issue.record("\(name): first layer is not an LSTM")
                continue
            }
            #expect(lstm.recurrentActivation == expected)
        }
    }

    @Test func keepsNoBiasWhenUseBiasIsFalse() throws {
        let path = Fixtures.root.appendingPathComponent("k3_lstm_no_bias/model.h5").path
        guard case .lstm(let lstm) = try KerasModelFile(path: path).modelDescription().layers[0] else {
            Issue.record("first layer is not an LSTM")
            return
        }
        #expect(lstm.bias == nil)
        #expect(lstm.returnSequences)
    }

    /// Real Keras files of layers and options the converter does not support: each is refused
    /// with the layer's name and class, or the option, and nothing is converted.
    @Test(arguments: [
        ("k2_sepconv.h5", "layer 'sepconv_1' (SeparableConv1D) is not supported yet"),
        ("k3_sepconv.h5", "layer 'sepconv_1' (SeparableConv1D) is not supported yet"),
        ("k2_lambda.h5", "layer 'double' (Lambda) is not supported yet"),
        ("k3_lambda.h5", "layer 'double' (Lambda) is not supported yet"),
        ("k3_mask_ops.h5", "layer 'lstm' (LSTM) is called with a mask or another tensor passed by keyword; not supported yet"),
        ("k2_time_major_mask.h5", "layer 'major' (LSTM): time_major=True under the mask of an earlier Embedding(mask_zero=True) or Masking layer is not supported"),
    ])
    func refusesUnsupportedLayersAndOptionsByName(name: String, fragment: String) throws {
        let path = Fixtures.invalid(name).path
        let error = try #require(throws: KerasImportError.self) { try KerasModelFile(path: path).modelDescription() }
        #expect(error.code == .unsupported)
        #expect(error.description.hasPrefix("\(path): "))
        #expect(error.description.contains(fragment), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test func refusesAWeightsOnlyFile() throws {
        let path = Fixtures.invalid("k2_weights_only.h5").path
        let error = try #require(throws: KerasImportError.self) { try KerasModelFile(path: path) }
        #expect(error.code == .notAKerasModel)
        #expect(error.description.contains("weights only"))
    }

    @Test func refusesAnHDF5FileWithoutAModel() throws {
        let path = Fixtures.invalid("not_keras.h5").path
        let error = try #require(throws: KerasImportError.self) { try KerasModelFile(path: path) }
        #expect(error.code == .notAKerasModel)
        #expect(error.description.hasPrefix("\(path): no Keras model"))
    }

    @Test func refusesMissingEmptyAndNonHDF5Files() throws {
        let directory = try TemporaryDirectory()
        let empty = directory.file("empty.h5")
        try Data().write(to: empty)
        let text = directory.file("text.h5")
        try Data("hello".utf8).write(to: text)
        for (path, message) in [("/no/such/model.h5", "no such file"), (empty.path, "not an HDF5 file"),
                                (text.path, "not an HDF5 file")] {
            let error = try #require(throws: KerasImportError.self) { try KerasModelFile(path: path) }
            #expect(error.code == .unreadableFile)
            #expect(error.description == "\(path): \(message)")
        }
    }
}
