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
                The input is a [batch, time, features] float32 or float64 .npy file in C order; the \
                output is float32, [batch, time, units] if the model returns sequences, else \
                [batch, units]. The model may be a .lstmw file or a Keras .h5 file.
                """
        )

        @Argument(help: "The model: a .lstmw file, or a Keras .h5 file converted on the fly.")
        var model: String

        @Option(name: .shortAndLong, help: "The input, a [batch, time, features] .npy file.")
        var input: String

        @Option(name: .shortAndLong, help: "The .npy file to write the output to (replaced if it exists).")
        var output: String

        func run() throws {
            try reportingErrors {
                let runtime = try Model(loadModelDescription(path: model))
                let result = try runtime.predict(readModelInput(path: input, model: runtime))
                try NPYFile.write(float32: result.values, shape: result.shape, to: URL(fileURLWithPath: output))
            }
        }
    }
}

/// Reads a `[batch, time, features]` float array and checks it fits `model`, naming the file if not.
func readModelInput(path: String, model: Model) throws -> Tensor {
    let array = try NPYFile.read(contentsOf: URL(fileURLWithPath: path))
    guard array.dtype == .float32 || array.dtype == .float64 else {
        throw CommandFailure("\(path): the input holds \(array.dtype.rawValue) values; this model takes float32 or float64")
    }
    guard array.shape.count == 3 else {
        throw CommandFailure("\(path): the input has shape \(array.shape); the model takes [batch, time, features]")
    }
    guard array.shape[2] == model.inputFeatures else {
        throw CommandFailure("\(path): the input has \(array.shape[2]) features per timestep (shape \(array.shape)); the model expects \(model.inputFeatures)")
    }
    guard array.shape[0] > 0, array.shape[1] > 0 else {
        throw CommandFailure("\(path): the input has shape \(array.shape); batch and time must be at least 1")
    }
    return Tensor(shape: array.shape, values: array.floatValues())
}
