@testable import LSTMW

/// Small hand-built models with seeded weights.
enum ModelFixtures {
    /// A tensor of `shape` filled from `generator`.
    static func tensor(_ shape: [Int], _ generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, values: generator.weights(shape.reduce(1, *)))
    }

    /// An LSTM layer with seeded weights.
    static func lstm(_ name: String, input: Int, units: Int, returnSequences: Bool, bias: Bool = true,
                     activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                     _ generator: inout SeededGenerator) -> Layer {
        var g = generator
        let kernel = LSTMGates { _ in tensor([input, units], &g) }
        let recurrent = LSTMGates { _ in tensor([units, units], &g) }
        let biases: LSTMGates<Tensor>? = bias ? LSTMGates { _ in tensor([units], &g) } : nil
        generator = g
        return .lstm(LSTMLayer(name: name, inputSize: input, units: units, activation: activation,
                               recurrentActivation: recurrentActivation, returnSequences: returnSequences,
                               kernel: kernel, recurrentKernel: recurrent, bias: biases))
    }

    /// A dense layer with seeded weights.
    static func dense(_ name: String, input: Int, units: Int, activation: Activation, bias: Bool = true,
                      _ generator: inout SeededGenerator) -> Layer {
        let kernel = tensor([input, units], &generator)
        let biasTensor = bias ? tensor([units], &generator) : nil
        return .dense(DenseLayer(name: name, inputSize: input, units: units, activation: activation,
                                 kernel: kernel, bias: biasTensor))
    }

    /// Two stacked LSTMs (the second without bias, with Keras 2's hard sigmoid) and a softmax
    /// dense head: every kind of tensor list the format has.
    static func stacked(seed: UInt64 = 42) -> ModelDescription {
        var g = SeededGenerator(seed: seed)
        return ModelDescription(
            source: ModelSource(kerasVersion: "2.15.0", backend: "tensorflow", modelName: "stacked \"lstm\"\n",
                                modelClass: "Sequential"),
            inputFeatures: 3, timeSteps: 5,
            layers: [
                lstm("lstm_1", input: 3, units: 4, returnSequences: true, &g),
                lstm("lstm_2", input: 4, units: 5, returnSequences: false, bias: false,
                     recurrentActivation: .hardSigmoidKeras2, &g),
                dense("dense_1", input: 5, units: 2, activation: .softmax, &g),
                dense("dense_2", input: 2, units: 2, activation: .relu, bias: false, &g),
            ])
    }

    /// The smallest useful model: one unit, one feature. Used for the spec's worked example.
    static func tiny() -> ModelDescription {
        let ones = LSTMGates { _ in Tensor(shape: [1, 1], values: [0.5]) }
        let bias = LSTMGates { gate in Tensor(shape: [1], values: [gate == .forget ? 1 : 0]) }
        return ModelDescription(
            source: ModelSource(kerasVersion: "3.15.1", backend: "tensorflow", modelName: "tiny", modelClass: "Sequential"),
            inputFeatures: 1, timeSteps: nil,
            layers: [
                .lstm(LSTMLayer(name: "lstm", inputSize: 1, units: 1, activation: .tanh, recurrentActivation: .sigmoid,
                                returnSequences: false, kernel: ones, recurrentKernel: ones, bias: bias)),
                .dense(DenseLayer(name: "dense", inputSize: 1, units: 1, activation: .linear,
                                  kernel: Tensor(shape: [1, 1], values: [2]), bias: Tensor(shape: [1], values: [-1]))),
            ])
    }
}
