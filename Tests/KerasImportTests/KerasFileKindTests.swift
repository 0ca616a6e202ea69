import Foundation
import HDF5
import KerasImport
import LSTMW
import Testing
import TestSupport

/// `.keras` archives and weights-only files with their `to_json()` config: where the pieces come
/// from, how each variable gets its role, and how the Keras generation is decided.
@Suite struct KerasFileKindTests {
    static func kind(_ name: String) -> URL { Fixtures.root.appendingPathComponent("kinds/\(name)") }

    @Test func anArchiveIsReadFromItsConfigMetadataAndWeights() throws {
        let path = Self.kind("k3_keras_gru/model.keras").path
        let keras = try KerasModelFile(path: path)
        #expect(keras.configLocation == "\(path): config.json")
        #expect(keras.kerasVersion == "3.15.1")
        #expect(keras.generation == .keras3)
        #expect(keras.generationEvidence == "metadata.json's keras_version '3.15.1'")
        #expect(keras.config.className == "Functional")
        // Groups are named by class and occurrence, not by layer: enc -> gru, dec -> gru_1, head -> dense.
        let paths = keras.layers.map { layer in layer.weights.map { "\($0.role)=\($0.datasetPath)" } }
        #expect(paths == [
            [],
            ["kernel=/layers/gru/cell/vars/0", "recurrent_kernel=/layers/gru/cell/vars/1", "bias=/layers/gru/cell/vars/2"],
            [],
            ["kernel=/layers/gru_1/cell/vars/0", "recurrent_kernel=/layers/gru_1/cell/vars/1", "bias=/layers/gru_1/cell/vars/2"],
            ["kernel=/layers/dense/vars/0", "bias=/layers/dense/vars/1"],
        ])
        #expect(keras.layers[3].weights.map(\.shape) == [[6, 15], [5, 15], [15]])
    }

    /// The archive's kernel, read through the importer, is the bytes of the dataset inside the
    /// zip, read by HDF5 from the extracted member independently.
    @Test func theWeightsAreTheArchiveMembersBytes() throws {
        let path = Self.kind("k3_keras_lstm/model.keras").path
        let keras = try KerasModelFile(path: path)
        let kernel = try keras.read(try #require(keras.layers.first { $0.className == "LSTM" }?.weight("kernel")))
        let member = try storedMember("model.weights.h5", of: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let raw = try HDF5File(image: member, name: "check.h5").root.dataset("layers/lstm/cell/vars/0").readFloats()
        #expect(kernel.values == raw)
        #expect(kernel.shape == [5, 24])
    }

    @Test func anArchiveInMemoryReadsLikeTheFile() throws {
        let url = Self.kind("k3_keras_lstm/model.keras")
        let fromFile = try KerasModelFile(path: url.path).modelDescription()
        let fromBytes = try KerasModelFile(archiveBytes: [UInt8](Data(contentsOf: url)), path: "upload.keras").modelDescription()
        #expect(fromBytes == fromFile)
    }

    @Test func archiveLimitsAreEnforcedAsDeclared() throws {
        var limits = KerasArchiveLimits.default
        limits.maxWeightsBytes = 1000
        let path = Self.kind("k3_keras_lstm/model.keras").path
        let error = try #require(throws: KerasImportError.self) { try KerasModelFile(archivePath: path, limits: limits) }
        #expect(error.message.contains("entry 'model.weights.h5' declares"))
        #expect(error.message.contains("more than the limit of 1000"))
    }

    @Test func aTfKerasArchiveIsKeras2() throws {
        let keras = try KerasModelFile(path: Self.kind("k2_keras_lstm_hard_sigmoid/model.keras").path)
        #expect(keras.generation == .keras2)
        guard case .lstm(let lstm) = try keras.modelDescription().layers[0] else { Issue.record("no LSTM"); return }
        #expect(lstm.recurrentActivation == .hardSigmoidKeras2)
    }

    /// Which generation each weights-only fixture gets, and from where.
    @Test(arguments: [
        ("k2_weights_lstm_hard_sigmoid", "model.h5", KerasGeneration.keras2, "the weights file's keras_version '2.21.0'", Activation.hardSigmoidKeras2),
        ("k2_weights_gru_hard_sigmoid", "model.weights.h5", .keras2, "the config's keras_version '2.21.0'", .hardSigmoidKeras2),
        ("k3_weights_lstm_hard_sigmoid", "model.weights.h5", .keras3, "the config's Keras 3 form (DTypePolicy objects, batch_shape)", .hardSigmoidKeras3),
    ])
    func weightsOnlyFilesGetTheirGenerationFromTheWeightsOrTheConfig(
        fixture: String, weights: String, generation: KerasGeneration, evidence: String, activation: Activation
    ) throws {
        let keras = try KerasModelFile(weightsPath: Self.kind("\(fixture)/\(weights)").path,
                                       configPath: Self.kind("\(fixture)/model.json").path)
        #expect(keras.generation == generation)
        #expect(keras.generationEvidence == evidence)
        #expect(keras.configLocation == Self.kind("\(fixture)/model.json").path)
        let recurrent = try keras.modelDescription().layers.compactMap { layer -> Activation? in
            switch layer {
            case .lstm(let lstm): lstm.recurrentActivation
            case .gru(let gru): gru.recurrentActivation
            default: nil
            }
        }
        #expect(recurrent == [activation])
    }

    /// A Keras 3 config whose marks have been removed cannot tell its generation: hard_sigmoid
    /// is then refused, as for an .h5 file without keras_version.
    @Test func aConfigThatDoesNotTellItsGenerationRefusesHardSigmoid() throws {
        let directory = try TemporaryDirectory()
        var text = try String(contentsOf: Self.kind("k3_weights_lstm_hard_sigmoid/model.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: #"{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}"#,
                                         with: "null")
        text = text.replacingOccurrences(of: #""batch_shape""#, with: #""shape_of_batch""#)
        let config = directory.file("unmarked.json")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let keras = try KerasModelFile(weightsPath: Self.kind("k3_weights_lstm_hard_sigmoid/model.weights.h5").path, configPath: config.path)
        #expect(keras.generation == nil && keras.generationEvidence == nil)
        let error = try #require(throws: KerasImportError.self) { try keras.modelDescription() }
        #expect(error.file == config.path)
        #expect(error.message.contains("'hard_sigmoid' means clip(0.2x+0.5) in Keras 2 but clip(x/6+0.5) in Keras 3"))
    }

    @Test(arguments: [("LSTM", "lstm"), ("GRU", "gru"), ("SimpleRNN", "simple_rnn"), ("Dense", "dense"),
                      ("InputLayer", "input_layer"), ("TimeDistributed", "time_distributed"), ("Bidirectional", "bidirectional"),
                      ("Conv1D", "conv1d"), ("HTTPHandler", "http_handler"), ("LayerNormalization", "layer_normalization")])
    func groupNamesAreKerasSnakeCase(className: String, expected: String) {
        #expect(KerasModelFile.weightGroupName(ofClass: className) == expected)
    }
}

/// The bytes of a stored (uncompressed) zip member, found through the central directory by hand:
/// an independent reading of the archive for the test above.
func storedMember(_ name: String, of zip: [UInt8]) throws -> [UInt8] {
    func u16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    var offset = 0
    while offset + 46 <= zip.count {
        if zip[offset..<(offset + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            let nameLength = u16(offset + 28)
            if String(decoding: zip[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self) == name {
                let size = u32(offset + 20)
                let local = u32(offset + 42)
                let start = local + 30 + u16(local + 26) + u16(local + 28)
                return Array(zip[start..<(start + size)])
            }
        }
        offset += 1
    }
    throw CancellationError()
}
