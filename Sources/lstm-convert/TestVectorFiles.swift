import Foundation
import LSTMRuntime
import LSTMW
import NPY

/// Reads a test vector for `model` from `inputs` and `outputs` (`PATH` or `NAME=PATH` each): one
/// of each for a chain (see ``readTestVector(input:output:for:)``), one per input and output of a
/// graph. Every mismatch names the file.
func readTestVector(inputs: [String], outputs: [String], for model: ModelDescription) throws -> TestVector {
    guard model.graph != nil else {
        guard inputs.count == 1, outputs.count == 1 else {
            throw CommandFailure("the model has one input and one output; give one --test-input and one --test-output")
        }
        return try readTestVector(input: inputs[0], output: outputs[0], for: model)
    }
    let runtime = try Model(model)
    let inputPaths = try assign(inputs, to: runtime.inputs.map(\.name), what: "--test-input")
    let outputPaths = try assign(outputs, to: runtime.outputs.map(\.name), what: "--test-output")
    let x = try zip(inputPaths, zip(runtime.inputs, runtime.inputEmbeddings)).map { path, input in
        try readModelInput(path: path, spec: input.0, embedding: input.1)
    }
    let wanted: [[Int]]
    do {
        wanted = try model.graphOutputShapes(forInputShapes: x.map(\.shape))
    } catch {
        throw CommandFailure("\(inputPaths.joined(separator: ", ")): the test inputs do not fit the model: \(error.message)")
    }
    var y: [Tensor] = []
    for (path, shape) in zip(outputPaths, wanted) {
        let array = try NPYFile.read(contentsOf: URL(fileURLWithPath: path))
        guard array.dtype == .float32 || array.dtype == .float64 else {
            throw CommandFailure("\(path): the test output holds \(array.dtype.rawValue) values; float32 or float64 are read")
        }
        guard array.shape == shape else {
            throw CommandFailure("\(path): the test output has shape \(array.shape); for the test inputs the model outputs \(shape)")
        }
        y.append(Tensor(shape: array.shape, values: array.floatValues()))
    }
    for (path, tensor) in zip(inputPaths + outputPaths, x + y) {
        if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
            throw CommandFailure("\(path): holds a non-finite value at flat index \(index); a test vector must be finite")
        }
    }
    return TestVector(inputs: x, expectedOutputs: y)
}

/// Reads a test vector for `model`: `input` one it takes (see ``modelInput(_:path:for:)``), `output`
/// a float array of the shape the model outputs for it. Every mismatch names the file.
func readTestVector(input: String, output: String, for model: ModelDescription) throws -> TestVector {
    let x = try NPYFile.read(contentsOf: URL(fileURLWithPath: input))
    let inputTensor = try modelInput(x, path: input, for: model)
    if let timeSteps = model.timeSteps, x.shape[1] != timeSteps {
        throw CommandFailure("\(input): the test input has \(x.shape[1]) time steps; the model was built for \(timeSteps)")
    }
    let y = try NPYFile.read(contentsOf: URL(fileURLWithPath: output))
    guard y.dtype == .float32 || y.dtype == .float64 else {
        throw CommandFailure("\(output): the test output holds \(y.dtype.rawValue) values; float32 or float64 are read")
    }
    let wanted = model.outputShape(batch: x.shape[0], time: x.shape[1])
    guard y.shape == wanted else {
        throw CommandFailure("\(output): the test output has shape \(y.shape); for the test input \(x.shape) the model outputs \(wanted)")
    }
    for (path, array) in [(input, x), (output, y)] {
        if let index = array.floatValues().firstIndex(where: { !$0.isFinite }) {
            throw CommandFailure("\(path): holds a non-finite value at flat index \(index); a test vector must be finite")
        }
    }
    return TestVector(input: inputTensor, expectedOutput: Tensor(shape: y.shape, values: y.floatValues()))
}
