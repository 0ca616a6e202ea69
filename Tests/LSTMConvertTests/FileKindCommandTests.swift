import Foundation
import LSTMW
import NPY
import Testing
import TestSupport

/// `lstm-convert` on `.keras` archives and weights-only files with `--config`, and test vectors
/// stored in `.lstmw` files, through the built executable.
@Suite struct FileKindCommandTests {
    static func arguments(_ fixture: Fixture) -> [String] {
        [fixture.model.path] + (fixture.config.map { ["--config", $0.path] } ?? [])
    }

    /// Every kind converts, with its test vector, and `verify` on the result checks that vector.
    @Test(arguments: Fixtures.fileKindCases)
    func convertsEveryKindWithItsTestVectorAndVerifiesIt(fixture: Fixture) throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("m.lstmw").path
        let convert = try CommandLineTool.run(Self.arguments(fixture).prefix(1) + [output] + Self.arguments(fixture).dropFirst()
                                              + ["--test-input", fixture.input.path, "--test-output", fixture.expected.path])
        #expect(convert.status == 0, "\(convert)")
        #expect(convert.standardOutput.contains("stored, reproduced with max absolute error"), "\(convert.standardOutput)")
        let model = try LSTMWFile.read(contentsOf: URL(fileURLWithPath: output))
        let expected = try NPYFile.read(contentsOf: fixture.expected)
        #expect(model.testVector?.expectedOutput.values == expected.floatValues())
        let verify = try CommandLineTool.run(["verify", output])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.standardOutput.hasPrefix("test vector stored in \(output)\n"))
        #expect(verify.standardOutput.contains("PASS: every element is within atol 1e-05 + rtol 1e-05 * |expected|"))
        // run and verify take the Keras files directly too.
        let run = try CommandLineTool.run(["run"] + Self.arguments(fixture) + ["-i", fixture.input.path, "-o", directory.file("y.npy").path])
        #expect(run.status == 0, "\(run)")
        let verifyKeras = try CommandLineTool.run(["verify"] + Self.arguments(fixture) + ["-i", fixture.input.path, "-e", fixture.expected.path])
        #expect(verifyKeras.status == 0 && verifyKeras.standardOutput.contains("PASS"), "\(verifyKeras)")
    }

    /// `explain` shows each recurrent layer's gate blocks for every kind, with the dataset paths.
    @Test(arguments: Fixtures.fileKindCases)
    func explainShowsGateBlocksForEveryKind(fixture: Fixture) throws {
        let result = try CommandLineTool.run(["explain"] + Self.arguments(fixture))
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        #expect(text.contains("config from "), "\(text)")
        #expect(text.contains("gate blocks, Keras order"), "\(text)")
        if text.contains("(LSTM)") {
            #expect(text.contains("W_f = kernel[:, "))
        } else {
            #expect(text.contains("W_z = kernel[:, "))
        }
        let meta = try fixture.meta
        if meta.file_kind == "weights_h5_legacy" {
            #expect(text.contains("/lstm/lstm/lstm_cell/kernel:0"), "\(text)")
        } else {
            #expect(text.contains("/layers/") && text.contains("/cell/vars/0"), "\(text)")
        }
    }

    @Test func explainNamesHowTheGenerationWasDecided() throws {
        let k3 = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_weights_lstm_hard_sigmoid" })
        let text = try CommandLineTool.run(["explain"] + Self.arguments(k3)).standardOutput
        #expect(text.contains("Keras 3, from the config's Keras 3 form (DTypePolicy objects, batch_shape)"), "\(text)")
        #expect(text.contains("recurrent_activation hard_sigmoid (Keras 3: clip(x / 6 + 0.5, 0, 1))"), "\(text)")
    }

    @Test func explainOfALSTMWFileShowsItsTestVector() throws {
        let directory = try TemporaryDirectory()
        let fixture = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_keras_lstm" })
        let with = directory.file("with.lstmw").path
        let without = directory.file("without.lstmw").path
        _ = try CommandLineTool.run([fixture.model.path, with, "--test-input", fixture.input.path, "--test-output", fixture.expected.path])
        _ = try CommandLineTool.run([fixture.model.path, without])
        let shown = try CommandLineTool.run(["explain", with, "--samples", "0"]).standardOutput
        #expect(shown.contains(".lstmw 1.2,"))
        #expect(shown.contains("test vector: input [3, 7, 5] at bytes "), "\(shown)")
        #expect(shown.contains("expected output [3, 3] at bytes "))
        let none = try CommandLineTool.run(["explain", without, "--samples", "0"]).standardOutput
        #expect(none.contains(".lstmw 1.0,") && none.contains("test vector: none"), "\(none)")
        let verify = try CommandLineTool.run(["verify", without])
        #expect(verify.status == 1)
        #expect(verify.errorLines == ["error: \(without): the file stores no test vector (convert with --test-input x.npy --test-output y.npy), so give --input and --expected"])
    }

    /// A test output that is not what the model computes (another generation's Keras output) stops
    /// the conversion with the max error, and nothing is written.
    @Test func convertRefusesATestVectorTheModelDoesNotReproduce() throws {
        let directory = try TemporaryDirectory()
        let k2 = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k2_weights_lstm_hard_sigmoid" })
        let k3 = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_weights_lstm_hard_sigmoid" })
        let output = directory.file("m.lstmw").path
        let result = try CommandLineTool.run([k2.model.path, output, "--config", k2.config!.path,
                                              "--test-input", k2.input.path, "--test-output", k3.expected.path])
        #expect(result.status == 1)
        let line = result.errorLines.first ?? ""
        #expect(result.errorLines.count == 1)
        #expect(line.hasPrefix("error: \(output): not written: the converted model does not reproduce \(k3.expected.path): max absolute error 0.11"), "\(line)")
        #expect(line.contains("72 of 72 elements are outside atol 1e-05 + rtol 1e-05 * |expected|"), "\(line)")
        #expect(directory.contents.isEmpty)
    }

    @Test func testVectorFilesThatDoNotFitAreRefusedByName() throws {
        let directory = try TemporaryDirectory()
        let fixture = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_keras_lstm" })
        let wrongFeatures = Fixtures.invalid("input_wrong_features.npy").path
        let other = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_keras_gru" })
        let cases: [([String], String)] = [
            (["--test-input", wrongFeatures, "--test-output", fixture.expected.path],
             "error: \(wrongFeatures): the input has 9 features per timestep (shape [2, 7, 9]); the model expects 5"),
            (["--test-input", fixture.input.path, "--test-output", other.expected.path],
             "error: \(other.expected.path): the test output has shape [5, 3]; for the test input [3, 7, 5] the model outputs [3, 3]"),
        ]
        for (extra, message) in cases {
            let result = try CommandLineTool.run([fixture.model.path, directory.file("m.lstmw").path] + extra)
            #expect(result.status == 1 && result.errorLines == [message], "\(result)")
        }
        // A model starting with an Embedding takes token ids [batch, time], not feature vectors.
        let tokens = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_keras_embedding_bidi_lstm" })
        let floats = try CommandLineTool.run([tokens.model.path, directory.file("m.lstmw").path, "--test-input", fixture.input.path,
                                              "--test-output", tokens.expected.path])
        #expect(floats.status == 1 && floats.errorLines == ["error: \(fixture.input.path): the input has shape [3, 7, 5]; the model takes token ids [batch, time] with batch and time at least 1"],
                "\(floats)")
        let half = try CommandLineTool.run([fixture.model.path, directory.file("m.lstmw").path, "--test-input", fixture.input.path])
        #expect(half.status != 0)
        #expect(half.standardError.contains("--test-input and --test-output go together"), "\(half)")
        #expect(directory.contents.isEmpty)
    }

    @Test func configIsRefusedWhereItDoesNotApply() throws {
        let directory = try TemporaryDirectory()
        let archive = try #require(Fixtures.fileKindCases.first { $0.name == "kinds/k3_keras_lstm" })
        let config = Fixtures.root.appendingPathComponent("kinds/k3_weights_lstm_hard_sigmoid/model.json").path
        let result = try CommandLineTool.run([archive.model.path, directory.file("m.lstmw").path, "--config", config])
        #expect(result.status == 1)
        #expect(result.errorLines == ["error: \(config): a .keras archive holds its own config.json; leave out --config"])
        let overwrite = try CommandLineTool.run([archive.model.path, config, "--config", config])
        #expect(overwrite.status != 0 && overwrite.standardError.contains("the output would overwrite the config"), "\(overwrite)")
    }
}
