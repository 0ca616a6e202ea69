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

        @Option(name: .shortAndLong, help: "The .npy file to write the output to (replaced if it exists); a model with several outputs takes one --output per output, in the model's order or as NAME=PATH.")
        var output: [String] = []

        func validate() throws {
            guard !options.input.isEmpty else { throw ValidationError("Missing expected argument '--input <input>'") }
            guard !output.isEmpty else { throw ValidationError("Missing expected argument '--output <output>'") }
        }

        func run() throws {
            try reportingErrors {
                let (model, inputs) = try options.load()
                let paths = try assign(output, to: model.outputs.map(\.name), what: "--output")
                let results = try model.predict(inputs)
                for (result, path) in zip(results, paths) {
                    try NPYFile.write(float32: result.values, shape: result.shape, to: URL(fileURLWithPath: path))
                }
            }
        }
    }
}
