import Foundation
import LSTMW
import NPY

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
