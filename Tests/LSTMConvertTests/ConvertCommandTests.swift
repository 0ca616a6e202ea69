import Foundation
import LSTMW
import Testing
import TestSupport

@Suite struct ConvertCommandTests {
    @Test func convertsAKerasModelAndSummarizesIt() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("model.lstmw")
        let model = Fixtures.root.appendingPathComponent("k3_lstm_stacked_softmax/model.h5").path
        let result = try CommandLineTool.run([model, output.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput.contains("3 layers"))
        #expect(result.standardOutput.contains("'lstm' LSTM 4→7"))
        #expect(result.standardOutput.contains("Keras 3.15.1"))
        let description = try LSTMWFile.read(contentsOf: output)
        // 4*7*(4+7+1) + 4*5*(7+5+1) + 3*(5+1): every weight the Keras model holds.
        #expect(description.parameterCount == 336 + 260 + 18)
        #expect(result.standardOutput.contains("614 parameters"))
        #expect(directory.contents == ["model.lstmw"])
    }

    @Test func quietConvertPrintsNothing() throws {
        let directory = try TemporaryDirectory()
        let model = Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path
        let result = try CommandLineTool.run(["convert", "--quiet", model, directory.file("m.lstmw").path])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.isEmpty && result.standardError.isEmpty)
    }

    /// Each bad input gets one `error:` line naming the file (and layer), a non-zero exit and no output file.
    @Test(arguments: [
        ("/no/such/model.h5", "error: /no/such/model.h5: no such file"),
        (Fixtures.invalid("k2_sepconv.h5").path, "error: \(Fixtures.invalid("k2_sepconv.h5").path): layer 'sepconv_1' (SeparableConv1D) is not supported yet"),
        (Fixtures.invalid("k3_lambda.h5").path, "error: \(Fixtures.invalid("k3_lambda.h5").path): layer 'double' (Lambda) is not supported yet"),
        (Fixtures.invalid("not_keras.h5").path, "error: \(Fixtures.invalid("not_keras.h5").path): no Keras model in this HDF5 file: it has no 'model_config' attribute"),
        (Fixtures.invalid("k2_weights_only.h5").path, "error: \(Fixtures.invalid("k2_weights_only.h5").path): no Keras model in this HDF5 file: it holds weights only (saved with save_weights); read it together with the model.to_json() configuration (lstm-convert: --config model.json)"),
        (Fixtures.invalid("input_wrong_features.npy").path, "error: \(Fixtures.invalid("input_wrong_features.npy").path): neither a .lstmw file, a Keras HDF5 (.h5) file nor a .keras archive"),
    ])
    func refusesBadModelsWithOneLine(model: String, message: String) throws {
        let directory = try TemporaryDirectory()
        let result = try CommandLineTool.run([model, directory.file("out.lstmw").path])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines == [message])
        #expect(result.standardOutput.isEmpty)
        #expect(directory.contents.isEmpty)
    }

    @Test func refusesEmptyAndTruncatedFiles() throws {
        let directory = try TemporaryDirectory()
        let empty = directory.file("empty.h5")
        try Data().write(to: empty)
        let truncated = directory.file("truncated.h5")
        let full = try Data(contentsOf: Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5"))
        try full.prefix(full.count / 2).write(to: truncated)
        for (input, message) in [(empty, "the file is empty"), (truncated, "")] {
            let output = directory.file("out.lstmw")
            let result = try CommandLineTool.run([input.path, output.path])
            #expect(result.status == 1, "\(result)")
            #expect(result.errorLines.count == 1)
            #expect(result.errorLines.first?.hasPrefix("error: \(input.path): \(message)") == true, "\(result)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
        #expect(directory.contents == ["empty.h5", "truncated.h5"])
    }

    @Test func refusesAnOutputDirectoryThatDoesNotExist() throws {
        let model = Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path
        let result = try CommandLineTool.run([model, "/no/such/dir/out.lstmw"])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.contains("/no/such/dir") == true, "\(result)")
    }

    @Test func refusesToOverwriteItsInput() throws {
        let model = Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path
        let result = try CommandLineTool.run([model, model])
        #expect(result.status == 64, "\(result)")
        #expect(result.standardError.contains("overwrite the input"))
    }

    @Test(arguments: [[], ["convert"], ["run"], ["verify"], ["explain"]])
    func everyCommandHasHelp(command: [String]) throws {
        let result = try CommandLineTool.run(command + ["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains("USAGE: lstm-convert"))
    }
}
