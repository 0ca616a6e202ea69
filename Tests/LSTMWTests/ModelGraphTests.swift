import Foundation
import Testing
@testable import LSTMW

/// Format 1.3 model graphs: what validation accepts and refuses, and the round trip through a file.
@Suite struct ModelGraphTests {
    /// Inputs `a` [batch, time, 3] and `b` [batch, 2]; an encoder LSTM whose h and c start a
    /// decoder; a Dense of `b` added to the encoder's output and joined with it; two outputs.
    static func graphModel() -> ModelDescription {
        var g = SeededGenerator(seed: 1303)
        let layers: [Layer] = [
            ModelFixtures.lstm("enc", input: 3, units: 4, returnSequences: false, &g),
            ModelFixtures.dense("d", input: 2, units: 4, activation: .tanh, &g),
            .merge(MergeLayer(name: "add", mode: .add, features: 4, inputCount: 2)),
            .concatenate(ConcatenateLayer(name: "join", inputSizes: [4, 4])),
            ModelFixtures.dense("head", input: 8, units: 2, activation: .linear, &g),
            ModelFixtures.lstm("dec", input: 3, units: 4, returnSequences: true, &g),
        ]
        let graph = ModelGraph(
            inputs: [GraphInput(name: "a", features: 3), GraphInput(name: "b", features: 2, isSequence: false)],
            layerInputs: [[TensorReference("a")], [TensorReference("b")], [TensorReference("enc"), TensorReference("d")],
                          [TensorReference("enc"), TensorReference("add")], [TensorReference("join")],
                          [TensorReference("a"), TensorReference("enc", 1), TensorReference("enc", 2)]],
            outputs: [TensorReference("head"), TensorReference("dec"), TensorReference("enc", 2)])
        return ModelDescription(source: ModelSource(modelClass: "Functional"), inputFeatures: 3, timeSteps: nil,
                                layers: layers, graph: graph)
    }

    @Test func aGraphRoundTripsThroughAVersion13File() throws {
        let model = Self.graphModel()
        try model.validate()
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        let directory = try LSTMWFile.inspect(bytes)
        #expect(directory.version.description == "1.3")
        let header = String(decoding: bytes[64..<Int(directory.headerRange.upperBound)], as: UTF8.self)
        #expect(header.contains(#""inputs":["#) && !header.contains(#""input":{"#), "a 1.2 reader requires 'input', so it refuses the file")
    }

    @Test func inputsAndOutputsHaveTheirNamesAndShapes() {
        let model = Self.graphModel()
        #expect(model.inputTensors.map(\.name) == ["a", "b"])
        #expect(model.inputTensors.map(\.isSequence) == [true, false])
        #expect(model.outputTensors.map(\.name) == ["head", "dec", "enc:2"])
        #expect(model.outputTensors.map(\.features) == [2, 4, 4])
        #expect(model.outputTensors.map(\.isSequence) == [false, true, false])
    }

    @Test(arguments: [
        ("reads an unknown tensor", "'join' (Concatenate) reads 'nope'"),
        ("reads a later layer", "'add' (Add) reads 'head'"),
        ("merges tensors of other sizes", "'add' (Add): input 1 has 2 features"),
        ("starts from a state of the wrong size", "'dec' (LSTM): initial state 1 must be [batch, 4]"),
        ("outputs a tensor that does not exist", "the model's output 'enc:3' is not a tensor of the graph"),
        ("runs merges as a chain", "takes or gives several tensors, which only a model graph can connect"),
        ("gives a merge a sequence and a vector", "another shape than input 0"),
    ])
    func validationRefuses(_ what: String, fragment: String) throws {
        var model = Self.graphModel()
        switch what {
        case "reads an unknown tensor": model.graph!.layerInputs[3][1] = TensorReference("nope")
        case "reads a later layer": model.graph!.layerInputs[2][1] = TensorReference("head")
        case "merges tensors of other sizes": model.graph!.layerInputs[2][1] = TensorReference("b")
        case "starts from a state of the wrong size": model.graph!.layerInputs[5][2] = TensorReference("head")
        case "outputs a tensor that does not exist": model.graph!.outputs[2] = TensorReference("enc", 3)
        case "runs merges as a chain":
            model.layers = [model.layers[0], .merge(MergeLayer(name: "add", mode: .add, features: 4, inputCount: 2))]
            model.graph = nil
        default:
            model.layers[3] = .concatenate(ConcatenateLayer(name: "join", inputSizes: [3, 4]))
            model.graph!.layerInputs[3] = [TensorReference("a"), TensorReference("add")]
        }
        let error = try #require(throws: LSTMWError.self) { try model.validate() }
        #expect(error.message.contains(fragment), "\(what): \(error.message)")
        #expect(throws: LSTMWError.self) { try LSTMWFile.encode(model) }
    }

    /// One tensor per input and per output; shapes checked against what the graph gives.
    static func graphTestVector() -> TestVector {
        TestVector(inputs: [Tensor(shape: [2, 3, 3], values: (0..<18).map { Float($0) / 18 }),
                            Tensor(shape: [2, 2], values: [0.1, -0.2, 0.3, -0.4])],
                   expectedOutputs: [Tensor(shape: [2, 2], values: [1, 2, 3, 4]),
                                     Tensor(shape: [2, 3, 4], values: (0..<24).map { Float($0) }),
                                     Tensor(shape: [2, 4], values: (0..<8).map { Float($0) })])
    }

    @Test func aGraphCarriesATestVectorOfEveryInputAndOutput() throws {
        var model = Self.graphModel()
        model.testVector = Self.graphTestVector()
        try model.validate()
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        let directory = try LSTMWFile.inspect(bytes)
        #expect(directory.testVector?.inputs.map(\.name) == ["input_0", "input_1"])
        #expect(directory.testVector?.expectedOutputs.map(\.shape) == [[2, 2], [2, 3, 4], [2, 4]])
        #expect(try model.graphOutputShapes(forInputShapes: [[5, 7, 3], [5, 2]]) == [[5, 2], [5, 7, 4], [5, 4]])
    }

    @Test(arguments: [
        ("one output missing", "the test vector has 2 inputs and 2 outputs; the model has 2 and 3"),
        ("an output of the wrong shape", "the test vector's expected output 1 has shape [2, 4]; for its inputs the model outputs [2, 3, 4]"),
        ("inputs of two batch sizes", "input 'b' has batch 1, the first input 2"),
    ])
    func aGraphTestVectorThatDoesNotFitIsRefused(_ what: String, message: String) throws {
        var model = Self.graphModel()
        var vector = Self.graphTestVector()
        switch what {
        case "one output missing": vector.expectedOutputs.removeLast()
        case "an output of the wrong shape": vector.expectedOutputs[1] = Tensor(shape: [2, 4], values: Array(repeating: 0, count: 8))
        default: vector.inputs[1] = Tensor(shape: [1, 2], values: [0, 0])
        }
        model.testVector = vector
        let error = try #require(throws: LSTMWError.self) { try model.validate() }
        #expect(error.message.contains(message), "\(error.message)")
    }
}
