import Foundation
import KerasImport
import Testing
import TestSupport

/// Hostile `.keras` archives and weights-only files with their configs: the corpus in
/// Tests/Corpus/kinds (written once by tools/make_bad_file_kinds.py, which documents each file),
/// every cut of a real archive, and mismatched pairs of real files. Each must give one
/// `KerasImportError` of the right code, on one line, naming the file and the entry, layer or
/// variable, and never trap or hang.
@Suite struct KerasFileKindBadInputTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/kinds")
    static func corpusFile(_ name: String) -> String { corpus.appendingPathComponent(name).path }
    static let k3Weights = Fixtures.root.appendingPathComponent("kinds/k3_weights_lstm_hard_sigmoid/model.weights.h5").path
    static let k3Config = Fixtures.root.appendingPathComponent("kinds/k3_weights_lstm_hard_sigmoid/model.json").path
    static let k2Weights = Fixtures.root.appendingPathComponent("kinds/k2_weights_lstm_hard_sigmoid/model.h5").path
    static let k2Config = Fixtures.root.appendingPathComponent("kinds/k2_weights_lstm_hard_sigmoid/model.json").path

    /// Opens the model, reads every weight and builds the description; the first error, checked to be one line.
    static func importError(_ open: () throws(KerasImportError) -> KerasModelFile,
                            sourceLocation: SourceLocation = #_sourceLocation) -> KerasImportError? {
        do {
            let keras = try open()
            for layer in keras.layers {
                for weight in layer.weights { _ = try keras.read(weight) }
            }
            _ = try keras.modelDescription()
            return nil
        } catch {
            let oneLine = !error.description.contains { $0.isNewline }
            #expect(oneLine, "not one line: \(error.description)", sourceLocation: sourceLocation)
            return error
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        let file: String
        var config: String? = nil
        let code: KerasImportError.Code
        let fragment: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "traversal_entry.keras", code: .unreadableFile, fragment: "entry '../../../tmp/lstm-swift-kinds-traversal' has a '..' component (path traversal)"),
        Case(file: "absolute_entry.keras", code: .unreadableFile, fragment: "entry '/etc/lstm-swift-kinds' has an absolute path"),
        Case(file: "duplicate_config.keras", code: .unreadableFile, fragment: "entry 'config.json' appears twice"),
        Case(file: "missing_config.keras", code: .notAKerasModel, fragment: "no config.json entry"),
        Case(file: "missing_weights.keras", code: .notAKerasModel, fragment: "no model.weights.h5 entry: the archive holds ['config.json', 'metadata.json']"),
        Case(file: "npz_weights.keras", code: .unsupported, fragment: "the weights are in model.weights.npz"),
        Case(file: "truncated.keras", code: .unreadableFile, fragment: "a truncated one (no end of central directory record)"),
        Case(file: "declared_huge.keras", code: .unreadableFile, fragment: "entry 'model.weights.h5' declares 4294967280 bytes uncompressed, more than the limit of 2147483648"),
        Case(file: "bomb_asset.keras", code: .unreadableFile, fragment: "entry 'assets/blob.bin' declares 8388608 bytes from 8157 compressed, more than 100 times as many (a zip bomb)"),
        Case(file: "deflated.keras", code: .unreadableFile, fragment: "entry 'config.json' is compressed; Keras stores .keras members uncompressed"),
        Case(file: "corrupt_crc.keras", code: .unreadableFile, fragment: "entry 'model.weights.h5' is corrupt: its CRC-32 is 0x"),
        Case(file: "weights_not_hdf5.keras", code: .unreadableFile, fragment: "entry 'model.weights.h5': not an HDF5 file"),
        Case(file: "config_layer.keras", code: .malformedConfig, fragment: "config.json: class 'LSTM' has no 'config.layers' list: a layer's configuration, not a model's"),
        Case(file: "version_conflict.keras", code: .malformedConfig, fragment: "metadata.json's keras_version says Keras 2.21.0, but the config's Keras 3 form"),
        Case(file: "missing_variable.weights.h5", config: k3Config, code: .badWeights, fragment: "layer 'lstm' (LSTM): no 'bias' dataset among its weights"),
        Case(file: "extra_variable.weights.h5", config: k3Config, code: .badWeights, fragment: "layer 'lstm' (LSTM): unexpected variable /layers/lstm/cell/vars/3"),
        Case(file: "numbering_gap.weights.h5", config: k3Config, code: .badWeights, fragment: "are numbered 0, 2, not 0 to 1"),
        Case(file: "wrong_shape.weights.h5", config: k3Config, code: .badWeights, fragment: "layer 'lstm' (LSTM): dataset /layers/lstm/cell/vars/0 has shape [5, 28], expected [5, 32]"),
        Case(file: "extra_layer.weights.h5", config: k3Config, code: .badWeights, fragment: "/layers/dense_1 holds variables (/layers/dense_1/vars/0) but no layer of the config maps to it"),
        Case(file: "wrong_layer_name.weights.h5", config: k3Config, code: .badWeights, fragment: "that group holds layer 'encoder' (its vars/@name)"),
        Case(file: "legacy_extra_layer.h5", config: k2Config, code: .badWeights, fragment: "weights for layer 'ghost', which the config does not have"),
    ]

    @Test(arguments: cases)
    func eachCorpusFileIsRefusedByName(_ testCase: Case) throws {
        let path = Self.corpusFile(testCase.file)
        let error = try #require(Self.importError { () throws(KerasImportError) in
            if let config = testCase.config { return try KerasModelFile(weightsPath: path, configPath: config) }
            return try KerasModelFile(path: path)
        })
        #expect(error.code == testCase.code, "\(error)")
        #expect(error.file.hasPrefix(path), "\(error.file)")
        #expect(error.description.contains(testCase.fragment), "\(error.description)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/lstm-swift-kinds-traversal"))
    }

    static let configCases: [(String, String)] = [
        ("config_layer.json", "class 'LSTM' has no 'config.layers' list: a layer's configuration, not a model's"),
        ("config_metadata.json", "this is a .keras archive's metadata.json"),
        ("config_list.json", "the JSON is a list, not an object"),
        ("config_truncated.json", "not valid JSON"),
    ]

    @Test(arguments: configCases)
    func aConfigThatIsNotAModelsIsRefusedNamingTheConfig(name: String, fragment: String) throws {
        let config = Self.corpusFile(name)
        let error = try #require(Self.importError { () throws(KerasImportError) in try KerasModelFile(weightsPath: Self.k3Weights, configPath: config) })
        #expect(error.code == .malformedConfig)
        #expect(error.file == config)
        #expect(error.message.contains(fragment), "\(error.message)")
    }

    @Test func aConfigOfAnotherModelIsRefusedByTheWeightsItDoesNotAccountFor() throws {
        let error = try #require(Self.importError { () throws(KerasImportError) in
            try KerasModelFile(weightsPath: Self.k3Weights, configPath: Self.corpusFile("config_other_model.json"))
        })
        // The other config is tf-keras's (keras_version 2.21.0): the K3 weights have no version, so it decides.
        #expect(error.file == Self.k3Weights)
        // Its first layer with weights is a GRU: group gru, absent; then the Dense 'out' finds the
        // group layers/dense holding the LSTM model's 'dense' (vars/@name).
        #expect(error.message.contains("layer 'out' (Dense): its weights should be in /layers/dense by the config's layer order, but that group holds layer 'dense'"), "\(error.message)")
    }

    @Test func weightsAndAConfigFromDifferentKerasVersionsAreRefused() throws {
        let error = try #require(Self.importError { () throws(KerasImportError) in
            try KerasModelFile(weightsPath: Self.k2Weights, configPath: Self.k3Config)
        })
        #expect(error.code == .malformedConfig)
        #expect(error.message.contains("the weights file's keras_version says Keras 2.21.0, but the config's Keras 3 form"))
    }

    @Test func theWrongFileKindsForWeightsAndConfigAreRefused() throws {
        let archive = Fixtures.root.appendingPathComponent("kinds/k3_keras_lstm/model.keras").path
        let fullModel = Fixtures.root.appendingPathComponent("k3_lstm_single/model.h5").path
        let cases: [(String, String, String)] = [
            (archive, Self.k3Config, "a .keras archive holds its own config.json"),
            (fullModel, Self.k3Config, "a full model with its own model_config"),
            (Self.k3Config, Self.k3Config, "not an HDF5 file"),
            (Self.k3Weights, "/no/such/config.json", "No such file"),
            (Self.k3Weights, Self.k3Weights, "not UTF-8 text"),
        ]
        for (weights, config, fragment) in cases {
            let error = try #require(Self.importError { () throws(KerasImportError) in try KerasModelFile(weightsPath: weights, configPath: config) })
            #expect(error.message.contains(fragment), "\(weights) + \(config): \(error)")
        }
        let noConfig = try #require(Self.importError { () throws(KerasImportError) in try KerasModelFile(path: Self.k3Weights) })
        #expect(noConfig.message.contains("it holds weights only (saved with save_weights); read it together with the model.to_json() configuration"))
    }

    /// Every prefix of a real archive (the end of central directory goes first, then the entries
    /// it points past) and the archive with bytes flipped through its directories: refused, never a trap or a hang.
    @Test func cutsAndFlipsOfARealArchiveAreRefused() throws {
        let bytes = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("kinds/k3_keras_lstm/model.keras")))
        var cuts = Array(stride(from: 0, to: bytes.count, by: 211)) + Array((bytes.count - 120)..<bytes.count)
        cuts.append(bytes.count - 22)
        for cut in cuts {
            let error = Self.importError { () throws(KerasImportError) in try KerasModelFile(archiveBytes: Array(bytes[..<cut]), path: "cut.keras") }
            #expect(error?.file == "cut.keras", "cut at \(cut) was accepted")
        }
        // The central directory and end record: the last ~200 bytes. A flip may leave a valid
        // archive (a flip in a timestamp); it must never trap.
        var refused = 0
        for offset in (bytes.count - 200)..<bytes.count {
            var flipped = bytes
            flipped[offset] ^= 0x5A
            if Self.importError({ () throws(KerasImportError) in try KerasModelFile(archiveBytes: flipped, path: "flip.keras") }) != nil {
                refused += 1
            }
        }
        #expect(refused > 100)
    }
}
