import Foundation
import NPY
import Testing
import TestSupport

/// `run` and `verify` on a Functional model with several inputs and outputs: one `--input`,
/// `--output` or `--expected` per tensor, in the model's order or as NAME=PATH.
@Suite struct GraphCommandTests {
    let fixture = Fixtures.root.appendingPathComponent("graph/k3_encoder_decoder_states")

    func file(_ name: String) -> String { fixture.appendingPathComponent(name).path }

    @Test func runTakesNamedInputsInAnyOrderAndWritesEveryOutput() throws {
        let directory = try TemporaryDirectory()
        let outputs = (0..<3).map { directory.file("y\($0).npy") }
        let result = try CommandLineTool.run(["run", file("model.h5"), "--input", "dec_in=" + file("input_1.npy"),
                                              "--input", "enc_in=" + file("input_0.npy"),
                                              "--output", outputs[0].path, "--output", "rnn_dec=" + outputs[2].path,
                                              "--output", outputs[1].path])
        #expect(result.status == 0, "\(result)")
        for (index, output) in outputs.enumerated() {
            let actual = try NPYFile.read(contentsOf: output)
            let expected = try NPYFile.read(contentsOf: fixture.appendingPathComponent("expected_\(index).npy"))
            #expect(actual.shape == expected.shape)
            for (a, e) in zip(actual.floatValues(), expected.floatValues()) { #expect(abs(a - e) <= 1e-5) }
        }
    }

    @Test func verifyComparesEveryOutput() throws {
        let result = try CommandLineTool.run(["verify", file("model.h5"), "-i", file("input_0.npy"), "-i", file("input_1.npy"),
                                              "-e", file("expected_0.npy"), "-e", file("expected_1.npy"), "-e", file("expected_2.npy")])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.components(separatedBy: "PASS").count == 4, "\(result)")
        #expect(result.standardOutput.contains("output 'from_h'"))
    }

    /// Keras's outputs stored as the file's test vector, one per input and output; `verify` with no
    /// arguments re-checks them, and outputs given in the wrong order are refused before writing.
    @Test func convertStoresATestVectorOfEveryTensor() throws {
        let directory = try TemporaryDirectory()
        let model = directory.file("m.lstmw")
        let outputs = (0..<3).flatMap { ["--test-output", file("expected_\($0).npy")] }
        let result = try CommandLineTool.run([file("model.h5"), model.path, "--test-input", "dec_in=" + file("input_1.npy"),
                                              "--test-input", file("input_0.npy")] + outputs)
        #expect(result.status == 0, "\(result)")
        let verify = try CommandLineTool.run(["verify", model.path])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.standardOutput.contains("54 output elements compared"), "\(verify)")
        let swapped = directory.file("swapped.lstmw")
        let refused = try CommandLineTool.run([file("model.h5"), swapped.path, "--test-input", file("input_0.npy"),
                                               "--test-input", file("input_1.npy"), "--test-output", file("expected_1.npy"),
                                               "--test-output", file("expected_0.npy"), "--test-output", file("expected_2.npy")])
        #expect(refused.status == 1)
        #expect(refused.errorLines == ["error: \(file("expected_1.npy")): the test output has shape [3, 2]; for the test inputs the model outputs [3, 4, 3]"])
        #expect(!FileManager.default.fileExists(atPath: swapped.path))
    }

    @Test func aMissingInputIsNamedAndNothingIsWritten() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("y.npy")
        let result = try CommandLineTool.run(["run", file("model.h5"), "--input", file("input_0.npy"), "--output", output.path])
        #expect(result.status == 1)
        #expect(result.errorLines == ["error: no --input for 'dec_in'; the model has 2: 'enc_in', 'dec_in' (give them in order or as NAME=PATH)"])
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
