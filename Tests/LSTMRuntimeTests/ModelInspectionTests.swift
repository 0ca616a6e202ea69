import Foundation
import LSTMRuntime
import LSTMW
import Testing

/// `inputShape`, `outputShape`, `layers` and `parameterCount`.
@Suite struct ModelInspectionTests {
    @Test func stackedClassifier() throws {
        var rng = SeededGenerator(seed: 61)
        var description = RandomModels.stackedClassifier(inputFeatures: 4, using: &rng)
        description.timeSteps = 20  // built for 20 steps, but the runtime takes any length
        let model = try Model(description)
        #expect(model.inputShape == TensorSpec(name: "input", shape: [nil, nil, 4], dtype: "float32"))
        #expect(model.outputShape == TensorSpec(name: "dense", shape: [nil, 3], dtype: "float32"))
        // 4·8·(4 + 8 + 1) = 416, 4·5·(8 + 5 + 1) = 280, 3·(5 + 1) = 18.
        #expect(model.layers == [
            LayerSummary(name: "lstm_1", kind: .lstm, inputSize: 4, outputSize: 8, outputIsSequence: true,
                         parameterCount: 416),
            LayerSummary(name: "lstm_2", kind: .lstm, inputSize: 8, outputSize: 5, outputIsSequence: false,
                         parameterCount: 280),
            LayerSummary(name: "dense", kind: .dense, inputSize: 5, outputSize: 3, outputIsSequence: false,
                         parameterCount: 18),
        ])
        #expect(model.parameterCount == 714)
    }

    @Test func sequenceOutputWithoutBias() throws {
        var rng = SeededGenerator(seed: 62)
        let model = try Model(RandomModels.model(inputFeatures: 3, [
            RandomModels.lstm("encoder", inputSize: 3, units: 5, returnSequences: true, useBias: false, using: &rng),
            RandomModels.dense("head", inputSize: 5, units: 2, activation: .linear, useBias: false, using: &rng),
        ]))
        #expect(model.inputShape.shape == [nil, nil, 3])
        #expect(model.outputShape == TensorSpec(name: "head", shape: [nil, nil, 2]))
        #expect(model.layers.map(\.outputIsSequence) == [true, true])
        #expect(model.layers.map(\.kind) == [.lstm, .dense])
        // 4·5·(3 + 5) = 160 and 2·5 = 10, without bias terms.
        #expect(model.layers.map(\.parameterCount) == [160, 10])
        #expect(model.parameterCount == 170)
    }

    /// The output shape `predict` really returns is the one `outputShape` announces.
    @Test(arguments: [false, true])
    func outputShapeMatchesPredict(returnSequences: Bool) throws {
        var rng = SeededGenerator(seed: 63)
        let model = try Model(RandomModels.model(inputFeatures: 2, [
            RandomModels.lstm("lstm", inputSize: 2, units: 3, returnSequences: returnSequences, using: &rng),
        ]))
        let output = try model.predict(RandomModels.input(batch: 4, time: 5, features: 2, using: &rng))
        #expect(output.shape.count == model.outputShape.rank)
        for (extent, spec) in zip(output.shape, model.outputShape.shape) {
            if let spec { #expect(extent == spec) }
        }
    }
}
