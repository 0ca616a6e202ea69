import Foundation
import HDF5
import KerasImport
import LSTMW
import Testing
import TestSupport

/// Hostile Keras HDF5 files: the committed corpus in Tests/Corpus/h5 (written once by
/// tools/make_bad_inputs.py, which documents each file), truncations, a foreign magic, and the
/// baseline file's `model_config` patched in place to give every option key a wrong type. Each
/// must give one `KerasImportError` of the right code on one line, never a trap, and never read
/// data from outside the file.
@Suite struct KerasImportBadInputTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/h5")

    static func corpusFile(_ name: String) -> String { corpus.appendingPathComponent(name).path }

    /// Opens `path`, reads every weight (as `explain` does) and builds the description (as
    /// `convert` does); returns the first error, checked to be one line.
    static func importError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> KerasImportError? {
        do {
            let keras = try KerasModelFile(path: path)
            for layer in keras.layers {
                for weight in layer.weights {
                    let tensor = try keras.read(weight)
                    #expect(tensor.shape == weight.shape, sourceLocation: sourceLocation)
                }
            }
            _ = try keras.modelDescription()
            return nil
        } catch {
            #expect(isOneLine(error.description), "not one line: \(error.description)", sourceLocation: sourceLocation)
            #expect(error.message.count <= 1001, "too long: \(error.message.prefix(200))", sourceLocation: sourceLocation)
            return error
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let code: KerasImportError.Code
        let fragment: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "missing_dataset.h5", code: .badWeights, fragment: "weight 'lstm/lstm_cell/recurrent_kernel:0' has no dataset at"),
        Case(file: "extra_dataset.h5", code: .unsupported, fragment: "unexpected weight 'lstm/lstm_cell/peephole:0'"),
        Case(file: "renamed_dataset.h5", code: .unsupported, fragment: "unexpected weight 'lstm/lstm_cell/kernel_renamed:0'"),
        Case(file: "wrong_shape.h5", code: .badWeights, fragment: "has shape [5, 20], expected [5, 24]"),
        Case(file: "units_mismatch.h5", code: .badWeights, fragment: "has shape [5, 24], expected [5, 28]"),
        Case(file: "int_weights.h5", code: .badWeights, fragment: "does not hold floating-point numbers"),
        Case(file: "nan_weight.h5", code: .badWeights, fragment: "U_i holds a non-finite value (nan)"),
        Case(file: "inf_weight.h5", code: .badWeights, fragment: "b_i holds a non-finite value (inf)"),
        Case(file: "empty_kernel.h5", code: .badWeights, fragment: "has shape [0, 24], expected [5, 24]"),
        Case(file: "huge_shape.h5", code: .badWeights, fragment: "has shape [2147483647, 2147483647], more than 1073741824 elements"),
        Case(file: "huge_unwritten_chunks.h5", code: .badWeights, fragment: "stores 0 bytes, its shape needs 1310720"),
        Case(file: "compression_bomb.h5", code: .badWeights, fragment: "would expand to 16777216, more than 1024 times as many"),
        Case(file: "external_storage.h5", code: .badWeights, fragment: "keeps its data in 1 external file(s); data outside the file is not read"),
        Case(file: "external_link.h5", code: .badWeights, fragment: "'lstm' is a link to another file; links to other files are not followed"),
        Case(file: "absolute_weight_name.h5", code: .badWeights, fragment: "weight name '/kernel:0' is an absolute path"),
        Case(file: "soft_link_loop.h5", code: .badWeights, fragment: "has no dataset at"),
        Case(file: "config_not_json.h5", code: .malformedConfig, fragment: "model_config is not valid JSON"),
        Case(file: "config_not_string.h5", code: .badWeights, fragment: "attribute 'model_config' is not a string attribute"),
        Case(file: "config_two_strings.h5", code: .badWeights, fragment: "attribute 'model_config' holds 2 strings, expected 1"),
        Case(file: "config_units_string.h5", code: .malformedConfig, fragment: "'units' is '6', expected an integer"),
        Case(file: "config_return_sequences_string.h5", code: .malformedConfig, fragment: "'return_sequences' is 'yes', expected true or false"),
        Case(file: "config_name_with_newline.h5", code: .unsupported, fragment: #"activation 'tanh\u{a}error: forged second line' is not supported yet"#),
        Case(file: "hostile_strings.h5", code: .unsupported, fragment: #"activation '\u{1b}]0;pwned\u{7}tanh' is not supported yet"#),
        Case(file: "no_model_weights.h5", code: .notAKerasModel, fragment: "no 'model_weights' group"),
        Case(file: "no_keras_version_hard_sigmoid.h5", code: .unsupported, fragment: "records no keras_version"),
    ]

    @Test(arguments: cases)
    func eachCorpusFileIsRefusedWithItsReason(_ item: Case) {
        let error = Self.importError(Self.corpusFile(item.file))
        #expect(error?.code == item.code, "\(item.file): \(String(describing: error))")
        #expect(error?.message.contains(item.fragment) == true, "\(item.file): \(String(describing: error))")
    }

    @Test func theCorpusHasNoUntestedFile() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".h5") }
        let covered = Set(Self.cases.map(\.file) + ["baseline.h5", "fixed_length_names.h5", "hostile_names_convertible.h5", "external_link_target.h5"])
        #expect(Set(names).subtracting(covered).isEmpty, "add a case for \(Set(names).subtracting(covered).sorted())")
    }

    /// The baseline (and the same file with numpy fixed-length name arrays, or with terminal
    /// escapes in its names and versions) imports to exactly the weights of
    /// Fixtures/k2_lstm_single, so every refusal above is about its one defect.
    @Test(arguments: ["baseline.h5", "fixed_length_names.h5", "hostile_names_convertible.h5"])
    func theBaselineImportsLikeTheFixture(name: String) throws {
        #expect(Self.importError(Self.corpusFile(name)) == nil)
        let description = try KerasModelFile(path: Self.corpusFile(name)).modelDescription()
        let fixture = try KerasModelFile(path: Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path).modelDescription()
        #expect(description.layers == fixture.layers)
    }

    /// Review finding: an absolute weight name was looked up from the file's root for its shape but
    /// re-read below `model_weights`, a different dataset of 3 values: `Tensor(shape:values:)` trapped.
    @Test func anAbsoluteWeightNameCannotSwapTheDatasetBetweenShapeAndRead() {
        let error = Self.importError(Self.corpusFile("absolute_weight_name.h5"))
        #expect(error?.code == .badWeights)
    }

    /// Review finding: the bias of external_storage.h5 declares its raw data to be 96 bytes of
    /// /etc/passwd. libhdf5 follows that by default, so the converter used to copy another file's
    /// bytes into the model's weights.
    @Test func dataInOtherFilesIsNeverRead() throws {
        let storage = Self.importError(Self.corpusFile("external_storage.h5"))
        #expect(storage?.message.contains("external file") == true)
        // The link target is a real file beside it, which libhdf5 finds (relative to the linking
        // file's folder) and would open and read.
        let directory = try TemporaryDirectory()
        for name in ["external_link.h5", "external_link_target.h5"] {
            try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent(name), to: directory.file(name))
        }
        let link = Self.importError(directory.file("external_link.h5").path)
        #expect(link?.message.contains("link to another file") == true, "\(String(describing: link))")
    }

    /// Review finding: datasets whose chunks were never written read as gigabytes of fill value
    /// (huge_unwritten_chunks.h5, 6 KiB, made `convert` take 8 GB and minutes).
    @Test func sizesTheFileCannotHoldAreRefusedBeforeAllocation() throws {
        let file = try HDF5File(path: Self.corpusFile("huge_unwritten_chunks.h5"))
        let dataset = try file.root.dataset("model_weights/lstm/lstm/lstm_cell/recurrent_kernel:0")
        #expect(try dataset.shape() == [16384, 65536])
        let error = try #require(throws: HDF5Error.self) { try dataset.readFloats() }
        #expect(error.code == .badSize)
        #expect(error.message.contains("stores 0 bytes, its shape needs 4294967296"))
    }

    /// Bit flips in the raw weight data (found by its values in the file) import as other
    /// numbers; overwriting an element with a NaN or an infinity is refused as non-finite. Flips in
    /// libhdf5's own metadata are left to the fuzzer: libhdf5 1.10 hangs on some (docs/fuzzing.md).
    @Test func bitFlipsInTheWeightDataAreReadAndNonFiniteValuesRefused() throws {
        let baseline = Self.corpusFile("baseline.h5")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: baseline)))
        let kernel = try HDF5File(path: baseline).root.dataset("model_weights/lstm/lstm/lstm_cell/kernel:0").readFloats()
        let pattern = kernel.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        let start = try #require((0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) })
        let directory = try TemporaryDirectory()
        for element in stride(from: 0, to: kernel.count, by: 11) {
            for bit in [0, 13, 22, 23, 30, 31] {
                var flipped = bytes
                flipped[start + 4 * element + bit / 8] ^= 1 << UInt8(bit % 8)
                let path = directory.file("flip-\(element)-\(bit).h5").path
                _ = FileManager.default.createFile(atPath: path, contents: Data(flipped))
                let error = Self.importError(path)
                #expect(error == nil, "element \(element) bit \(bit): \(String(describing: error))")
            }
            for bad in [Float.nan, .infinity, -.infinity, Float(bitPattern: 0xFFFF_FFFF)] {
                var overwritten = bytes
                let offset = start + 4 * element
                overwritten.replaceSubrange(offset..<(offset + 4), with: withUnsafeBytes(of: bad.bitPattern.littleEndian, Array.init))
                let path = directory.file("bad-\(element)-\(bad.bitPattern).h5").path
                _ = FileManager.default.createFile(atPath: path, contents: Data(overwritten))
                let error = Self.importError(path)
                #expect(error?.code == .badWeights, "element \(element) = \(bad): \(String(describing: error))")
                #expect(error?.message.contains("non-finite") == true, "element \(element) = \(bad): \(String(describing: error))")
            }
        }
    }

    @Test func truncatedCopiesOfARealModelAreRefused() throws {
        let original = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5")))
        let directory = try TemporaryDirectory()
        let cuts = Array(0..<16) + [96, 512, 800, 1024, 2048, 2100, 4096] + Array(stride(from: 97, to: original.count, by: 389))
            + [original.count - 1]
        for cut in cuts where cut < original.count {
            let path = directory.file("cut-\(cut).h5").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(original[..<cut]))
            let error = Self.importError(path)
            #expect(error != nil, "cut at \(cut) imported")
            #expect(error?.code == .unreadableFile, "cut at \(cut): \(String(describing: error))")
        }
    }

    @Test func emptyAndForeignFilesAreUnreadable() throws {
        let directory = try TemporaryDirectory()
        var original = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5")))
        original[1] = UInt8(ascii: "X")
        let inputs: [String: [UInt8]] = ["empty.h5": [], "magic.h5": original, "text.h5": Array("not hdf5\n".utf8)]
        for (name, bytes) in inputs {
            _ = FileManager.default.createFile(atPath: directory.file(name).path, contents: Data(bytes))
            let error = Self.importError(directory.file(name).path)
            #expect(error?.code == .unreadableFile, "\(name): \(String(describing: error))")
            #expect(error?.message == "not an HDF5 file", "\(name): \(String(describing: error))")
        }
    }

    // MARK: - every option of the LSTM layer with a wrong type, patched into the file

    /// `(fragment of the LSTM's config, replacement, expected code or nil for "imports", message fragment)`.
    static let patches: [(String, String, KerasImportError.Code?, String)] = [
        (#""units": 6"#, #""units": "6""#, .malformedConfig, "'units' is '6', expected an integer"),
        (#""units": 6"#, #""units": 6.5"#, .malformedConfig, "'units' is 6.5, expected an integer"),
        (#""units": 6"#, #""units": null"#, .malformedConfig, "missing 'units'"),
        (#""units": 6"#, #""units": [6]"#, .malformedConfig, "'units' is a list, expected an integer"),
        (#""units": 6"#, #""units": true"#, .malformedConfig, "'units' is true, expected an integer"),
        (#""units": 6"#, #""units": -6"#, .malformedConfig, "'units' is -6"),
        (#""units": 6"#, #""units": 0"#, .malformedConfig, "'units' is 0"),
        (#""units": 6"#, #""units": 1e300"#, .malformedConfig, "expected an integer"),
        (#""units": 6"#, #""units": 99999999999999999999"#, .malformedConfig, "expected an integer"),
        (#""units": 6"#, #""units": 16384"#, .badWeights, "has shape [5, 24], expected [5, 65536]"),
        (#""use_bias": true"#, #""use_bias": "true""#, .malformedConfig, "'use_bias' is 'true', expected true or false"),
        (#""use_bias": true"#, #""use_bias": 1"#, .malformedConfig, "'use_bias' is 1, expected true or false"),
        (#""use_bias": true"#, #""use_bias": null"#, nil, ""),
        (#""use_bias": true"#, #""use_bias": false"#, .unsupported, "unexpected weight 'lstm/lstm_cell/bias:0'"),
        (#""return_sequences": false"#, #""return_sequences": 0"#, .malformedConfig, "'return_sequences' is 0, expected true or false"),
        (#""return_sequences": false"#, #""return_sequences": {}"#, .malformedConfig, "'return_sequences' is an object"),
        (#""activation": "tanh""#, #""activation": 3"#, .unsupported, "'activation' is 3; only the built-in names are supported"),
        (#""activation": "tanh""#, #""activation": "mish""#, .unsupported, "activation 'mish' is not supported yet"),
        (#""activation": "tanh""#, #""activation": "softmax""#, .unsupported, "activation 'softmax' is not supported yet"),
        (#""activation": "tanh""#, #""activation": null"#, nil, ""),
        (#""recurrent_activation": "sigmoid""#, #""recurrent_activation": []"#, .unsupported, "'recurrent_activation' is a list"),
        (#""dtype": "float32", "return"#, #""dtype": "float16", "return"#, .unsupported, "dtype policy 'float16' is not supported yet"),
        (#""dtype": "float32", "return"#, #""dtype": 7, "return"#, nil, ""),
        (#""go_backwards": false"#, #""go_backwards": true"#, nil, ""),
        (#""go_backwards": false"#, #""go_backwards": "x""#, .malformedConfig, "'go_backwards' is 'x', expected true or false"),
        (#""go_backwards": false"#, #""go_backwards": null"#, nil, ""),
        (#""stateful": false"#, #""stateful": 1"#, .malformedConfig, "'stateful' is 1, expected true or false"),
        (#""stateful": false"#, #""stateful": true"#, nil, ""),
        (#""return_state": false"#, #""return_state": [false]"#, .unsupported, "option return_state=a list is not supported yet"),
        (#""time_major": false"#, #""time_major": true"#, nil, ""),
        (#""time_major": false"#, #""time_major": 1"#, .malformedConfig, "'time_major' is 1, expected true or false"),
        (#""name": "lstm""#, #""name": 7"#, .malformedConfig, "layer #1 (LSTM) has no name"),
        (#""name": "lstm""#, #""name": "other""#, .badWeights, "no 'kernel' dataset among its weights []"),
        (#""name": "lstm""#, #""name": "/model_weights""#, .badWeights, "a layer name may not start with '/'"),
        (#""class_name": "LSTM""#, #""class_name": "UpSampling1D""#, .unsupported, "layer 'lstm' (UpSampling1D) is not supported yet"),
        (#""class_name": "LSTM""#, #""class_name": 5"#, .malformedConfig, "layer #1 has no 'class_name'"),
        (#""batch_input_shape": [null, 7, 5]"#, #""batch_input_shape": [null, 7]"#, .unsupported, "the model input has shape [None, 7]"),
        (#""batch_input_shape": [null, 7, 5]"#, #""batch_input_shape": [null, -7, 5]"#, .badWeights, "time steps must be positive, got -7"),
        (#""batch_input_shape": [null, 7, 5]"#, #""batch_input_shape": "x""#, nil, ""),
        (#""class_name": "Sequential""#, #""class_name": "Functional""#, .malformedConfig, "the Functional model has no readable 'output_layers'"),
        (#""class_name": "Sequential""#, #""class_name": ["Sequential"]"#, .malformedConfig, "model_config has no 'class_name'"),
        (#""layers": ["#, #""layers": {"x": ["#, .malformedConfig, "model_config is not valid JSON"),
        (#"{"class_name": "Sequential", "config": {"#, #"["#, .malformedConfig, "model_config is not valid JSON"),
    ]

    @Test func everyOptionWithAWrongTypeInTheFileIsRefusedOrDefaulted() throws {
        let baseline = Self.corpusFile("baseline.h5")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: baseline)))
        let config = try HDF5File(path: baseline).root.stringAttribute("model_config")
        let directory = try TemporaryDirectory()
        for (index, (old, new, code, fragment)) in Self.patches.enumerated() {
            let patched = try #require(Self.patch(config, replacing: old, with: new), "\(old) -> \(new)")
            let path = directory.file("patch-\(index).h5").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(Self.replace(Array(config.utf8), with: Array(patched.utf8), in: bytes)))
            let error = Self.importError(path)
            if let code {
                #expect(error?.code == code, "\(new): \(String(describing: error))")
                #expect(error?.message.contains(fragment) == true, "\(new): \(String(describing: error))")
            } else {
                #expect(error == nil, "\(new): \(String(describing: error))")
            }
        }
    }

    /// `config` with the first `old` after the LSTM layer's start (or anywhere, for keys of the
    /// model) replaced by `new`, and its whitespace adjusted so the text keeps its byte length.
    static func patch(_ config: String, replacing old: String, with new: String) -> String? {
        let anchor = config.range(of: #""class_name": "LSTM""#)!.lowerBound
        let searchFrom = old.contains("class_name\": \"Sequential") || old.hasPrefix("{") || old.contains("batch_input_shape")
            || old.contains("\"layers\"") || old == #""class_name": "LSTM""# ? config.startIndex : anchor
        guard let range = config.range(of: old, range: searchFrom..<config.endIndex) else { return nil }
        var text = config.replacingCharacters(in: range, with: new)
        var excess = text.utf8.count - config.utf8.count
        if excess < 0 {
            let end = text.index(range.lowerBound, offsetBy: new.count)
            text.insert(contentsOf: String(repeating: " ", count: -excess), at: end)
        }
        while excess > 0, let space = text.range(of: ", \"", options: .backwards) {
            text.replaceSubrange(space, with: ",\"")
            excess -= 1
        }
        return text.utf8.count == config.utf8.count ? text : nil
    }

    /// `bytes` with the one occurrence of `old` replaced by `new` (of the same length).
    static func replace(_ old: [UInt8], with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        precondition(old.count == new.count)
        var out = bytes
        for start in 0...(bytes.count - old.count) where bytes[start] == old[0] && Array(bytes[start..<(start + old.count)]) == old {
            out.replaceSubrange(start..<(start + old.count), with: new)
            return out
        }
        Issue.record("the model_config text is not stored contiguously")
        return out
    }

    // MARK: - the configuration JSON alone

    /// Review finding: ordering a Functional model's chain was quadratic in its layer count
    /// (`chain.contains` on every step), seconds to minutes for the ~80,000 layers an 8 MiB config
    /// can list. The walk is linear now; this checks it still orders, finds cycles and reports
    /// unused layers in a short message.
    @Test func longFunctionalChainsAreOrderedAndCheckedInOnePass() throws {
        let count = 600
        func chain(output: Int, cycle: Bool = false) -> String {
            var layers = [#"{"class_name": "InputLayer", "name": "l0", "config": {"name": "l0"}, "inbound_nodes": \#(cycle ? #"[[["l\#(count - 1)", 0, 0, {}]]]"# : "[]")}"#]
            for i in 1..<count {
                layers.append(#"{"class_name": "Dropout", "name": "l\#(i)", "config": {"name": "l\#(i)"}, "inbound_nodes": [[["l\#(i - 1)", 0, 0, {}]]]}"#)
            }
            return #"{"class_name": "Functional", "config": {"name": "m", "layers": [\#(layers.joined(separator: ","))], "output_layers": [["l\#(output)", 0, 0]]}}"#
        }
        let config = try KerasModelConfig(json: chain(output: count - 1), file: "m.h5")
        #expect(config.layers.map(\.name) == (0..<count).map { "l\($0)" })
        let partial = try #require(throws: KerasImportError.self) { try KerasModelConfig(json: chain(output: count / 2), file: "m.h5") }
        #expect(partial.message.hasPrefix("layers ['l301', 'l302',"), "\(partial.message.prefix(200))")
        #expect(partial.message.contains("… 291 more] are not on the path"), "\(partial.message.prefix(300))")
        let cycle = try #require(throws: KerasImportError.self) { try KerasModelConfig(json: chain(output: count - 1, cycle: true), file: "m.h5") }
        #expect(cycle.message == "the layer graph has a cycle")
    }

    /// Review finding: a `model_config` of up to 64 MiB was parsed (about 80 bytes of memory and
    /// a microsecond per byte): a 64 MiB attribute took minutes and gigabytes. The limit is 8 MiB.
    @Test func anOversizedConfigIsRefusedBeforeParsing() {
        let big = #"{"class_name": "Sequential", "config": {"layers": [], "pad": ""# + String(repeating: "x", count: 8 << 20) + #""}}"#
        let error = #expect(throws: KerasImportError.self) { try KerasModelConfig(json: big, file: "m.h5") }
        #expect(error?.code == .malformedConfig)
        #expect(error?.message.contains("more than the limit of 8388608") == true, "\(String(describing: error))")
    }

    /// Review finding: `JSONValue` was decoded through `JSONDecoder` by trying each type in turn,
    /// several microseconds per byte and growing with the cube of the nesting depth: 1 MB of arrays
    /// nested 64 deep took 80 s, 10 KB of 20 arrays nested 250 deep 4 s (times from an optimized
    /// build). The replacement parser reads each byte once.
    @Test func deeplyNestedConfigsParseInLinearTime() throws {
        let nest = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let json = #"{"class_name": "Sequential", "config": {"layers": [], "x": ["# + Array(repeating: nest, count: 5000).joined(separator: ",") + "]}}"
        #expect(json.utf8.count > 1_000_000)
        let start = ContinuousClock.now
        let config = try KerasModelConfig(json: json, file: "m.h5")
        #expect(config.layers.isEmpty)
        #expect(ContinuousClock.now - start < .seconds(20), "\(ContinuousClock.now - start)")
        let tooDeep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        let error = #expect(throws: KerasImportError.self) {
            try KerasModelConfig(json: #"{"class_name": "Sequential", "config": {"layers": [], "x": \#(tooDeep)}}"#, file: "m.h5")
        }
        #expect(error?.message == "model_config is not valid JSON")
    }

    /// The parser reads what Python's `json.dumps` writes, and nothing ambiguous.
    @Test(arguments: [
        (#"{"class_name": "Sequential", "config": {"layers": [], "a": NaN, "b": Infinity, "c": -Infinity, "d": -0.0, "e": 1e400}}"#, true),
        (#"{"class_name": "Sequential", "config": {"layers": [], "s": "\u00e9\ud83d\ude00\n\/"}}"#, true),
        (#"  {"class_name": "Sequential", "config": {"layers": []}}  "#, true),
        (#"{"class_name": "Sequential", "class_name": "Functional", "config": {"layers": []}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": [], "s": "\ud800"}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": [], "s": "\udc00"}}"#, false),
        ("{\"class_name\": \"Seq\u{01}\", \"config\": {\"layers\": []}}", false),
        (#"{"class_name": "Sequential", "config": {"layers": [],}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": [01]}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": []}} x"#, false),
        (#"{"class_name": 'Sequential', "config": {"layers": []}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": [-]}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": [Infinit]}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": [1.]}}"#, false),
        (#"{"class_name": "Sequential", "config": {"layers": ["\x"]}}"#, false),
        ("", false),
    ])
    func theConfigParserAcceptsPythonJSONAndNothingAmbiguous(json: String, valid: Bool) {
        let result = Result { () throws(KerasImportError) in try KerasModelConfig(json: json, file: "m.h5") }
        switch result {
        case .success: #expect(valid, "accepted \(json)")
        case .failure(let error): #expect(!valid && error.message == "model_config is not valid JSON", "\(json): \(error)")
        }
    }

    @Test func hostileNamesInTheConfigMakeShortOneLineErrors() {
        let longName = String(repeating: "n", count: 100_000)
        let inputs = [
            #"{"class_name": "Seq\nuential", "config": {"layers": []}}"#,
            #"{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense\u2028", "config": {}}]}}"#,
            #"{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "a\rb", "config": {}, "inbound_nodes": [[["x\ny", 0, 0]]]}]}}"#,
            #"{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "\#(longName)", "config": {}}], "output_layers": [["zz", 0, 0]]}}"#,
            #"{"class_name": "Functional", "config": {"layers": ["# + (0..<5000).map { #"{"class_name": "Dense", "name": "unused\#($0)\n", "config": {}}"# }.joined(separator: ",")
                + #", {"class_name": "Dense", "name": "out", "config": {}}], "output_layers": [["out", 0, 0]]}}"#,
        ]
        for json in inputs {
            do {
                _ = try KerasModelConfig(json: json, file: "m.h5")
                Issue.record("accepted \(json.prefix(80))")
            } catch {
                #expect(isOneLine(error.description), "\(error.description.prefix(300))")
                #expect(error.message.count <= 1001, "\(error.message.prefix(300))")
            }
        }
    }

    /// Each top-level key of the configuration with a value of the wrong type.
    @Test(arguments: [
        (#"[]"#, "model_config has no 'class_name'"),
        (#""Sequential""#, "model_config has no 'class_name'"),
        (#"{"class_name": 1, "config": {"layers": []}}"#, "model_config has no 'class_name'"),
        (#"{"class_name": "Sequential", "config": []}"#, "model_config has no 'config' object"),
        (#"{"class_name": "Sequential", "config": "x"}"#, "model_config has no 'config' object"),
        (#"{"class_name": "Sequential", "config": {"layers": {}}}"#, "model_config has no 'layers' list"),
        (#"{"class_name": "Sequential", "config": {"layers": null}}"#, "model_config has no 'layers' list"),
        (#"{"class_name": "Sequential", "config": {"layers": [7]}}"#, "layer #0 has no 'class_name'"),
        (#"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": 1}]}}"#, "layer #0 (Dense) has no 'config' object"),
        (#"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": 3}}]}}"#, "layer #0 (Dense) has no name"),
        (#"{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "d", "config": {}, "inbound_nodes": "x"}], "output_layers": 5}}"#, "no readable 'output_layers'"),
        (#"{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "name": "d", "config": {}, "inbound_nodes": [[["d", 0, 0]]]}], "output_layers": ["d", 0, 0]}}"#, "the layer graph has a cycle"),
        (#"{"class_name": "Sequential", "config": {"layers": [], "name": 5}, "x": NaN}"#, ""),
    ])
    func wrongTypesAtTheTopOfTheConfigAreRefused(json: String, fragment: String) {
        do {
            let config = try KerasModelConfig(json: json, file: "m.h5")
            #expect(fragment.isEmpty, "accepted: \(json)")
            #expect(config.name == nil)
        } catch {
            #expect(!fragment.isEmpty && error.message.contains(fragment), "\(json): \(error)")
        }
    }
}

/// Whether `text` has no line break of any kind (LF, CR, VT, FF, NEL, U+2028, U+2029).
private func isOneLine(_ text: String) -> Bool { !text.contains { $0.isNewline } }
