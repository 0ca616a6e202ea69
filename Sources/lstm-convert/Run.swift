import ArgumentParser
import Foundation
import LSTMRuntime
import LSTMW
import NPY

extension LSTMConvert {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model on a NumPy array and save the output as a NumPy array.",
            discussion: """
                The input is a [batch, time, features] float32 or float64 .npy file in C order (token \
                ids [batch, time] for a model starting with an Embedding); the \
                output is float32, [batch, time, units] if the model returns sequences, else \
                [batch, units]. The model may be a .lstmw file or a Keras model: .h5, .keras, or \
                weights-only with --config.
                """
        )

        @OptionGroup var options: ModelInputOptions

        @Option(name: .shortAndLong, help: "The .npy file to write the output to (replaced if it exists).")
        var output: String

        func validate() throws {
            guard options.input != nil else { throw ValidationError("Missing expected argument '--input <input>'") }
        }

        func run() throws {
            try reportingErrors {
                let (model, input) = try options.load()
                let result = try model.predict(input)
                try NPYFile.write(float32: result.values, shape: result.shape, to: URL(fileURLWithPath: output))
            }
        }
    }
}
