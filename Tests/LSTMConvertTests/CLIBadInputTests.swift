import Foundation
import NPY
import Testing
import TestSupport

/// Every hostile input through the command line, the way a user or a conversion service meets it:
/// exit status 1 (not a signal, not a hang), exactly one `error:` line on stderr naming the file,
/// nothing on stdout, and no output file (nor a temporary one) left behind.
@Suite struct CLIBadInputTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    static func corpus(_ path: String) -> String { corpus.appendingPathComponent(path).path }

    /// Runs `arguments` and checks the bad-input contract; `outputs` are the files the command
    /// must not have written in `directory`.
    @discardableResult
    static func expectRefusal(_ arguments: [String], in directory: TemporaryDirectory, naming file: String,
                              saying fragment: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = directory.contents
        let result = try CommandLineTool.run(arguments)
        #expect(result.status == 1, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "\(arguments): \(result)", sourceLocation: sourceLocation)
        let line = result.errorLines.first ?? ""
        #expect(line.hasPrefix("error: \(file)"), "\(arguments): \(line)", sourceLocation: sourceLocation)
        #expect(fragment.isEmpty || line.contains(fragment), "\(arguments): \(line) lacks \(fragment)", sourceLocation: sourceLocation)
        #expect(!result.standardError.contains(where: { $0.isNewline && $0 != "\n" }), "\(result)", sourceLocation: sourceLocation)
        #expect(directory.contents == before, "\(arguments) left \(directory.contents)", sourceLocation: sourceLocation)
        return line
    }

    static let badH5: [(String, String)] = [
        ("missing_dataset.h5", "has no dataset at"),
        ("extra_dataset.h5", "unexpected weight"),
        ("renamed_dataset.h5", "unexpected weight"),
        ("wrong_shape.h5", "expected [5, 24]"),
        ("units_mismatch.h5", "expected [5, 28]"),
        ("int_weights.h5", "floating-point"),
        ("nan_weight.h5", "non-finite"),
        ("inf_weight.h5", "non-finite"),
        ("empty_kernel.h5", "[0, 24]"),
        ("huge_shape.h5", "[2147483647, 2147483647]"),
        ("huge_unwritten_chunks.h5", "stores 0 bytes"),
        ("compression_bomb.h5", "more than 1024 times"),
        ("external_storage.h5", "external file"),
        ("external_link.h5", "link to another file"),
        ("absolute_weight_name.h5", "absolute path"),
        ("soft_link_loop.h5", "has no dataset"),
        ("config_not_json.h5", "not valid JSON"),
        ("config_not_string.h5", "not a string attribute"),
        ("config_two_strings.h5", "holds 2 strings"),
        ("config_units_string.h5", "expected an integer"),
        ("config_return_sequences_string.h5", "expected true or false"),
        ("config_name_with_newline.h5", #"'tanh\u{a}error: forged second line'"#),
        ("no_model_weights.h5", "no 'model_weights' group"),
        ("no_keras_version_hard_sigmoid.h5", "records no keras_version"),
        ("external_link_target.h5", "no Keras model"),
    ]

    @Test(arguments: badH5)
    func convertRefusesEachCorpusFile(name: String, fragment: String) throws {
        let directory = try TemporaryDirectory()
        let model = Self.corpus("h5/\(name)")
        try Self.expectRefusal([model, directory.file("out.lstmw").path], in: directory, naming: model, saying: fragment)
    }

    @Test func convertRefusesTruncatedEmptyAndForeignFiles() throws {
        let directory = try TemporaryDirectory()
        let inputs = try TemporaryDirectory()
        let original = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("k3_lstm_single/model.h5")))
        var files: [String: [UInt8]] = ["empty.h5": [], "magic.h5": [0x89] + Array("XDF\r\n\u{1A}\n".utf8) + original.dropFirst(8)]
        for cut in [8, 100, 600, 2048, 5000, original.count / 2, original.count - 1] { files["cut-\(cut).h5"] = Array(original[..<cut]) }
        for (name, bytes) in files {
            _ = FileManager.default.createFile(atPath: inputs.file(name).path, contents: Data(bytes))
            try Self.expectRefusal([inputs.file(name).path, directory.file("out.lstmw").path], in: directory, naming: inputs.file(name).path)
        }
    }

    /// `.keras` archives are read in memory and checked entry by entry before anything is read:
    /// a `../` entry name and a 1000:1 compressed entry are refused by name, and nothing is written.
    @Test(arguments: [("path_traversal.keras", "has a '..' component (path traversal)"),
                      ("zip_bomb.keras", "more than 100 times as many (a zip bomb)")])
    func convertRefusesHostileKerasArchives(name: String, fragment: String) throws {
        let directory = try TemporaryDirectory()
        let model = Self.corpus("keras/\(name)")
        try Self.expectRefusal([model, directory.file("out.lstmw").path], in: directory, naming: model, saying: fragment)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/lstm-swift-traversal"))
    }

    static let kindsCorpus = corpus.appendingPathComponent("kinds")
    static let k3Config = Fixtures.root.appendingPathComponent("kinds/k3_weights_lstm_hard_sigmoid/model.json").path
    static let k3Weights = Fixtures.root.appendingPathComponent("kinds/k3_weights_lstm_hard_sigmoid/model.weights.h5").path

    /// The `.keras` and weights-only corpus (tools/make_bad_file_kinds.py) through `convert`,
    /// `run` and `explain`: one line naming the file and the entry, layer or variable. (`explain`
    /// shows a layer whose variables are missing or misshapen, as it shows any layer it can read.)
    @Test(arguments: [
        ("traversal_entry.keras", nil, "has a '..' component (path traversal)"),
        ("absolute_entry.keras", nil, "has an absolute path"),
        ("duplicate_config.keras", nil, "entry 'config.json' appears twice"),
        ("missing_config.keras", nil, "no config.json entry"),
        ("missing_weights.keras", nil, "no model.weights.h5 entry"),
        ("truncated.keras", nil, "no end of central directory record"),
        ("declared_huge.keras", nil, "declares 4294967280 bytes uncompressed"),
        ("bomb_asset.keras", nil, "(a zip bomb)"),
        ("deflated.keras", nil, "is compressed"),
        ("corrupt_crc.keras", nil, "is corrupt"),
        ("config_layer.keras", nil, "config.json: class 'LSTM' has no 'config.layers' list"),
        ("missing_variable.weights.h5", k3Config, "no 'bias' dataset"),
        ("extra_variable.weights.h5", k3Config, "unexpected variable /layers/lstm/cell/vars/3"),
        ("wrong_shape.weights.h5", k3Config, "has shape [5, 28], expected [5, 32]"),
        ("extra_layer.weights.h5", k3Config, "no layer of the config maps to it"),
    ] as [(String, String?, String)])
    func convertRunAndExplainRefuseEachFileKindCorpusFile(name: String, config: String?, fragment: String) throws {
        let directory = try TemporaryDirectory()
        let model = Self.kindsCorpus.appendingPathComponent(name).path
        let extra = config.map { ["--config", $0] } ?? []
        try Self.expectRefusal([model, directory.file("out.lstmw").path] + extra, in: directory, naming: model, saying: fragment)
        try Self.expectRefusal(["run", model, "-i", Fixtures.root.appendingPathComponent("k2_lstm_single/input.npy").path,
                                "-o", directory.file("y.npy").path] + extra, in: directory, naming: model, saying: fragment)
        if !["missing_variable.weights.h5", "wrong_shape.weights.h5"].contains(name) {
            try Self.expectRefusal(["explain", model] + extra, in: directory, naming: model, saying: fragment)
        } else {
            let shown = try CommandLineTool.run(["explain", model] + extra)
            #expect(shown.status == 0 && shown.standardOutput.contains("/layers/lstm/cell/vars/0"), "\(shown)")
        }
    }

    @Test(arguments: ["config_layer.json", "config_metadata.json", "config_list.json", "config_truncated.json"])
    func convertRefusesAConfigThatIsNotAModelsNamingIt(name: String) throws {
        let directory = try TemporaryDirectory()
        let config = Self.kindsCorpus.appendingPathComponent(name).path
        try Self.expectRefusal([Self.k3Weights, directory.file("out.lstmw").path, "--config", config], in: directory,
                               naming: config, saying: "expected a Keras model configuration (what model.to_json() writes)")
    }

    @Test func runAndVerifyRefuseBadModels() throws {
        let directory = try TemporaryDirectory()
        let inputs = try TemporaryDirectory()
        let input = Fixtures.root.appendingPathComponent("k2_lstm_single/input.npy").path
        let expected = Fixtures.root.appendingPathComponent("k2_lstm_single/expected.npy").path
        let good = [UInt8](try Data(contentsOf: Self.corpus.appendingPathComponent("lstmw/k2_lstm_single.lstmw")))
        var flipped = good
        flipped[good.count - 7] ^= 0x40
        let models: [String: [UInt8]] = ["truncated.lstmw": Array(good[..<1000]), "flipped.lstmw": flipped,
                                         "preamble.lstmw": Array(good[..<64])]
        for (name, bytes) in models {
            let model = inputs.file(name).path
            _ = FileManager.default.createFile(atPath: model, contents: Data(bytes))
            try Self.expectRefusal(["run", model, "-i", input, "-o", directory.file("y.npy").path], in: directory, naming: model)
            try Self.expectRefusal(["verify", model, "-i", input, "-e", expected], in: directory, naming: model)
        }
        let h5 = Self.corpus("h5/nan_weight.h5")
        try Self.expectRefusal(["run", h5, "-i", input, "-o", directory.file("y.npy").path], in: directory, naming: h5, saying: "non-finite")
    }

    @Test func runAndVerifyRefuseBadArrays() throws {
        let directory = try TemporaryDirectory()
        let inputs = try TemporaryDirectory()
        let model = Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path
        let good = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("k2_lstm_single/input.npy")))
        var claim = [UInt8]([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576, 5), }\n".utf8)
        claim += [UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        let arrays: [String: [UInt8]] = [
            "empty.npy": [], "truncated.npy": Array(good[..<(good.count - 3)]), "header.npy": Array(good[..<40]),
            "terabytes.npy": claim + [0, 0, 0, 0],
            "control.npy": Array(good[..<10]).replacingHeader(with: "{'descr': '<f4',\u{0B}'fortran_order': False, 'shape': (1, 7, 5), 'x\u{0B}': 1}"),
        ]
        for (name, bytes) in arrays {
            let array = inputs.file(name).path
            _ = FileManager.default.createFile(atPath: array, contents: Data(bytes))
            try Self.expectRefusal(["run", model, "-i", array, "-o", directory.file("y.npy").path], in: directory, naming: array)
            try Self.expectRefusal(["verify", model, "-i", Fixtures.root.appendingPathComponent("k2_lstm_single/input.npy").path,
                                    "-e", array], in: directory, naming: array)
        }
    }

    @Test func explainRefusesWhatItCannotReadAndShowsWhatItCan() throws {
        let directory = try TemporaryDirectory()
        for (name, fragment) in [("absolute_weight_name.h5", "absolute path"), ("external_storage.h5", "external file"),
                                 ("huge_unwritten_chunks.h5", "stores 0 bytes"), ("compression_bomb.h5", "more than 1024 times"),
                                 ("config_not_json.h5", "not valid JSON")] {
            let model = Self.corpus("h5/\(name)")
            try Self.expectRefusal(["explain", model], in: directory, naming: model, saying: fragment)
        }
        // Review finding: a kernel with no rows made `explain` index past its empty values and trap.
        let empty = try CommandLineTool.run(["explain", Self.corpus("h5/empty_kernel.h5")])
        #expect(empty.status == 0, "\(empty)")
        #expect(empty.standardOutput.contains("W_i[0, :] = []"), "\(empty.standardOutput)")
    }

    /// `explain` used to read a whole .lstmw file into memory before any check; a sparse 5 GiB
    /// file (no disk used) is now refused by its size, unread.
    @Test func explainRefusesAnOversizedLSTMWFileUnread() throws {
        let directory = try TemporaryDirectory()
        let inputs = try TemporaryDirectory()
        let path = inputs.file("huge.lstmw").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x89, 0x4C, 0x53, 0x54, 0x4D, 0x57, 0x0D, 0x0A]))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 5 << 30)
        try handle.close()
        try Self.expectRefusal(["explain", path], in: directory, naming: path, saying: "more than the limit")
        try Self.expectRefusal(["run", path, "-i", Fixtures.root.appendingPathComponent("k2_lstm_single/input.npy").path,
                                "-o", directory.file("y.npy").path], in: directory, naming: path, saying: "more than the limit")
    }
}

private extension Array where Element == UInt8 {
    /// A version 1.0 .npy preamble (the first 10 bytes of `self`) with `header` and no data.
    func replacingHeader(with header: String) -> [UInt8] {
        let bytes = Array(header.utf8)
        return Array(self[..<8]) + [UInt8(bytes.count & 0xFF), UInt8(bytes.count >> 8)] + bytes
    }
}
