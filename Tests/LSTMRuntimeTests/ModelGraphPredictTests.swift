import LSTMRuntime
import LSTMW
import Testing
import TestSupport

/// `predict(_: [Tensor])` on hand-built graphs: results against an independent computation, and
/// the errors for inputs that do not fit.
@Suite struct ModelGraphPredictTests {
    /// y = dense(x) + x, and the same Dense as a chain model: the graph's output minus x must be
    /// the chain's output.
    @Test func aResidualAddEqualsTheBranchPlusItsInput() throws {
        var rng = SeededGenerator(seed: 77)
        let dense = RandomModels.dense("d", inputSize: 3, units: 3, activation: .tanh, using: &rng)
        let chain = try Model(RandomModels.model(inputFeatures: 3, [dense]))
        let graph = ModelGraph(inputs: [GraphInput(name: "x", features: 3)],
                               layerInputs: [[TensorReference("x")], [TensorReference("d"), TensorReference("x")]],
                               outputs: [TensorReference("sum")])
        let residual = try Model(ModelDescription(source: ModelSource(), inputFeatures: 3, timeSteps: nil,
                                                  layers: [dense, .merge(MergeLayer(name: "sum", mode: .add, features: 3, inputCount: 2))],
                                                  graph: graph))
        let x = RandomModels.input(batch: 2, time: 5, features: 3, using: &rng)
        let branch = try chain.predict(x)
        let y = try residual.predict([x])
        #expect(y.count == 1 && y[0].shape == [2, 5, 3])
        for i in x.values.indices { #expect(abs(y[0].values[i] - (branch.values[i] + x.values[i])) < 1e-6) }
        #expect(try residual.predict(x).values == y[0].values, "one input and one output: predict(x) runs the graph too")
    }

    static func twoInputs() throws -> Model {
        var rng = SeededGenerator(seed: 78)
        let graph = ModelGraph(inputs: [GraphInput(name: "a", features: 2), GraphInput(name: "b", features: 2)],
                               layerInputs: [[TensorReference("a")], [TensorReference("b")], [TensorReference("la"), TensorReference("lb")]],
                               outputs: [TensorReference("join"), TensorReference("la", 1)])
        return try Model(ModelDescription(
            source: ModelSource(), inputFeatures: 2, timeSteps: nil,
            layers: [RandomModels.lstm("la", inputSize: 2, units: 3, returnSequences: true, using: &rng),
                     RandomModels.lstm("lb", inputSize: 2, units: 3, returnSequences: true, using: &rng),
                     .concatenate(ConcatenateLayer(name: "join", inputSizes: [3, 3]))],
            graph: graph))
    }

    @Test func inputsThatDoNotFitAreRefusedByName() throws {
        let model = try Self.twoInputs()
        #expect(model.inputs.map(\.description) == ["a: [?, ?, 2] float32", "b: [?, ?, 2] float32"])
        #expect(model.outputs.map(\.description) == ["join: [?, ?, 6] float32", "la:1: [?, 3] float32"])
        let a = Tensor(shape: [1, 4, 2], values: Array(repeating: 0.5, count: 8))
        func message(_ inputs: [Tensor]) -> String? {
            do { _ = try model.predict(inputs); return nil } catch { return error.message }
        }
        #expect(message([a]) == "the model takes 2 inputs ('a', 'b'), 1 were given")
        #expect(message([a, Tensor(shape: [2, 4, 2], values: Array(repeating: 0, count: 16))])
                == "input 'b' has batch size 2, the first input has 1; all inputs share the batch")
        #expect(message([a, Tensor(shape: [1, 4, 3], values: Array(repeating: 0, count: 12))])
                == "input 'b' has shape [1, 4, 3], the model takes [batch, time, 2]")
        #expect(message([a, Tensor(shape: [1, 5, 2], values: Array(repeating: 0, count: 10))])?
                    .contains("layer 'join' (Concatenate): input 1 has another shape than input 0") == true)
        #expect(message([a, Tensor(shape: [1, 4, 2], values: [Float.nan] + Array(repeating: 0, count: 7))])
                == "input 'b' holds nan at flat index 0")
        do {
            _ = try model.predict(a)
            Issue.record("predict(x) on a model of two inputs should throw")
        } catch {
            #expect(error.message.contains("pass one tensor per input to predict(_: [Tensor])"))
        }
        do {
            _ = try model.makeSession().step([0, 0])
            Issue.record("a session on a graph should throw")
        } catch {
            #expect(error.code == .unsupported)
        }
        let outputs = try model.predict([a, a])
        #expect(outputs.map(\.shape) == [[1, 4, 6], [1, 3]])
        #expect(Array(outputs[0].values[(3 * 6)..<(3 * 6 + 3)]) == outputs[1].values, "la:1 is la's last output")
    }
}
