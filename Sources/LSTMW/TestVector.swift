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
///
/// A model with a ``ModelGraph`` takes one tensor per input and gives one per output (format 1.3):
/// ``inputs`` and ``expectedOutputs``, in the model's order.
public struct TestVector: Sendable, Equatable {
    /// One tensor per model input, in the model's order: `[batch, time, features]` (token ids
    /// `[batch, time]`, or `[batch, features]` for a graph input without a time axis).
    public var inputs: [Tensor]
    /// What the source model output for ``inputs``, one tensor per model output: `[batch, time,
    /// features]` for an output with a time axis, else `[batch, features]`.
    public var expectedOutputs: [Tensor]

    /// The (first) input.
    public var input: Tensor {
        get { inputs[0] }
        set { inputs[0] = newValue }
    }

    /// What the source model output for ``input`` (its first output).
    public var expectedOutput: Tensor {
        get { expectedOutputs[0] }
        set { expectedOutputs[0] = newValue }
    }

    /// Creates a test vector of one input and one output. ``ModelDescription/validate()`` checks
    /// it against the model.
    public init(input: Tensor, expectedOutput: Tensor) {
        self.inputs = [input]
        self.expectedOutputs = [expectedOutput]
    }

    /// Creates a test vector for a model with several inputs or outputs.
    ///
    /// - Precondition: at least one input and one output.
    public init(inputs: [Tensor], expectedOutputs: [Tensor]) {
        precondition(!inputs.isEmpty && !expectedOutputs.isEmpty, "a test vector needs an input and an output")
        self.inputs = inputs
        self.expectedOutputs = expectedOutputs
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
        if let graph { return try validateGraphTestVector(testVector, graph: graph) }
        guard testVector.inputs.count == 1, testVector.expectedOutputs.count == 1 else {
            throw .invalidModel("the test vector has \(testVector.inputs.count) inputs and \(testVector.expectedOutputs.count) outputs; the model has one of each")
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

extension ModelDescription {
    /// The shape of each output of a graph model for inputs of these shapes (each `[batch, time,
    /// features]`, `[batch, time]` token ids or `[batch, features]`, as ``inputTensors`` says).
    ///
    /// - Throws: ``LSTMWError`` if the shapes do not fit the model, naming the input or the layer.
    public func graphOutputShapes(forInputShapes shapes: [[Int]]) throws(LSTMWError) -> [[Int]] {
        guard let graph else { throw .invalidModel("the model has no graph") }
        let specs = inputTensors
        guard shapes.count == specs.count else {
            throw .invalidModel("\(shapes.count) input shapes for a model of \(specs.count) inputs")
        }
        guard let batch = shapes.first?.first else { throw .invalidModel("no input shape") }
        var times: [Int] = []
        for (spec, shape) in zip(specs, shapes) {
            let rank = spec.isTokens || !spec.isSequence ? 2 : 3
            let takes = spec.isTokens ? "token ids [batch, time]" : spec.isSequence ? "[batch, time, \(spec.features)]" : "[batch, \(spec.features)]"
            guard shape.count == rank, shape.allSatisfy({ $0 > 0 }), spec.isTokens || shape.last == spec.features else {
                throw .invalidModel("input \(spec.name.quotedForMessage) has shape \(shapeForMessage(shape)); it takes \(takes), each axis at least 1")
            }
            guard shape[0] == batch else {
                throw .invalidModel("input \(spec.name.quotedForMessage) has batch \(shape[0]), the first input \(batch)")
            }
            let time = spec.isSequence ? shape[1] : 1
            if spec.isSequence, let fixed = spec.timeSteps, fixed != time {
                throw .invalidModel("input \(spec.name.quotedForMessage) has \(time) time steps; the model was built for \(fixed)")
            }
            times.append(time)
        }
        let walk = try GraphWalk(self, graph, checkingWeights: false, inputTimeSteps: times)
        return graph.outputs.map { reference in
            let shape = walk.shapes[reference]!
            return shape.isSequence ? [batch, shape.time ?? 1, shape.features] : [batch, shape.features]
        }
    }

    /// ``validateTestVector()`` for a graph: one tensor per input and output, of the shapes the
    /// model gives, finite.
    private func validateGraphTestVector(_ vector: TestVector, graph: ModelGraph) throws(LSTMWError) {
        guard vector.inputs.count == graph.inputs.count, vector.expectedOutputs.count == graph.outputs.count else {
            throw .invalidModel("the test vector has \(vector.inputs.count) inputs and \(vector.expectedOutputs.count) outputs; the model has \(graph.inputs.count) and \(graph.outputs.count)")
        }
        let wanted: [[Int]]
        do {
            wanted = try graphOutputShapes(forInputShapes: vector.inputs.map(\.shape))
        } catch {
            throw .invalidModel("the test vector's inputs do not fit: \(error.message)")
        }
        for (index, (output, shape)) in zip(vector.expectedOutputs, wanted).enumerated() where output.shape != shape {
            throw .invalidModel("the test vector's expected output \(index) has shape \(shapeForMessage(output.shape)); for its inputs the model outputs \(shape)")
        }
        let named = vector.inputs.enumerated().map { ("input \($0.offset)", $0.element) }
            + vector.expectedOutputs.enumerated().map { ("expected output \($0.offset)", $0.element) }
        for (what, tensor) in named {
            guard Tensor.elementCount(of: tensor.shape) == tensor.values.count else {
                throw .invalidModel("the test vector's \(what) holds \(tensor.values.count) values for shape \(shapeForMessage(tensor.shape))")
            }
            if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidModel("the test vector's \(what) holds a non-finite value (\(tensor.values[index])) at flat index \(index)")
            }
        }
    }
}
