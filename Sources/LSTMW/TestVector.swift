/// An input and the output the source framework (Keras) computed for it, stored with a model so
/// that wherever the model is deployed it can check that it still computes the same thing.
///
/// `lstm-convert model.h5 out.lstmw --test-input x.npy --test-output y.npy` records one (since
/// format 1.2); `LSTMRuntime`'s `Model.verifyTestVector()` runs it.
///
/// ```swift
/// let vector = TestVector(input: Tensor(shape: [1, 7, 5], values: x), expectedOutput: Tensor(shape: [1, 6], values: y))
/// var model = try LSTMWFile.read(contentsOf: url)
/// model.testVector = vector
/// try LSTMWFile.write(model, to: url)
/// ```
public struct TestVector: Sendable, Equatable {
    /// The input, `[batch, time, features]`.
    public var input: Tensor
    /// What the source model output for ``input``: `[batch, time, features]` for a model that
    /// returns sequences, else `[batch, features]`.
    public var expectedOutput: Tensor

    /// Creates a test vector. ``ModelDescription/validate()`` checks it against the model.
    public init(input: Tensor, expectedOutput: Tensor) {
        self.input = input
        self.expectedOutput = expectedOutput
    }
}

extension ModelDescription {
    /// The shape of the output for an input of `batch` sequences of `time` timesteps (a model
    /// with Conv1D, pooling or RepeatVector layers may output another number of timesteps).
    public func outputShape(batch: Int, time: Int) -> [Int] {
        let outputTime = (try? outputTimeSteps(forInput: time)) ?? time
        let rows = outputBatch(batch: batch, time: time)
        return outputIsSequence ? [rows, outputTime, outputFeatures] : [rows, outputFeatures]
    }

    /// The number of rows of the output's first axis for an input of `batch` sequences of `time`
    /// timesteps: `batch`, except after a Keras 2 `time_major` recurrent layer that returns a
    /// vector, which reads the input's first axis as time and outputs one row per input timestep.
    public func outputBatch(batch: Int, time: Int) -> Int {
        let swaps = layers.reduce(0) { count, layer in
            if case .swapBatchTime = layer { count + 1 } else { count }
        }
        return swaps % 2 == 0 ? batch : time
    }

    /// Refuses a test vector that does not fit the model: an input that is not
    /// `[batch ≥ 1, time ≥ 1, inputFeatures]` (with `timeSteps` time steps, when the model has a
    /// fixed length), an output of another shape than the model's for that input, a value that
    /// is not finite, or a tensor whose values do not match its shape.
    func validateTestVector() throws(LSTMWError) {
        guard let testVector else { return }
        guard graph == nil else {
            throw .invalidModel("a test vector holds one input and one output of a chain model; a model with a graph cannot carry one yet")
        }
        let input = testVector.input
        let output = testVector.expectedOutput
        let rank = inputIsTokens ? 2 : 3
        guard input.shape.count == rank, input.shape[0] > 0, input.shape[1] > 0, inputIsTokens || input.shape[2] == inputFeatures else {
            let takes = inputIsTokens ? "token ids [batch, time]" : "[batch, time, \(inputFeatures)]"
            throw .invalidModel("the test vector's input has shape \(shapeForMessage(input.shape)); the model takes \(takes) with batch and time at least 1")
        }
        do {
            _ = try outputTimeSteps(forInput: input.shape[1])
        } catch {
            throw .invalidModel("the test vector's input of \(input.shape[1]) time steps does not fit: \(error.message)")
        }
        if let timeSteps, input.shape[1] != timeSteps {
            throw .invalidModel("the test vector's input has \(input.shape[1]) time steps; the model was built for \(timeSteps)")
        }
        let wanted = outputShape(batch: input.shape[0], time: input.shape[1])
        guard output.shape == wanted else {
            throw .invalidModel("the test vector's expected output has shape \(shapeForMessage(output.shape)); for its input the model outputs \(wanted)")
        }
        for (what, tensor) in [("input", input), ("expected output", output)] {
            guard Tensor.elementCount(of: tensor.shape) == tensor.values.count else {
                throw .invalidModel("the test vector's \(what) holds \(tensor.values.count) values for shape \(shapeForMessage(tensor.shape))")
            }
            if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidModel("the test vector's \(what) holds a non-finite value (\(tensor.values[index])) at flat index \(index)")
            }
        }
    }
}
