import LSTMW

/// Random layers and inputs with non-trivial weights and biases, different in every gate.
enum RandomModels {
    static func lstm(
        _ name: String, inputSize: Int, units: Int, returnSequences: Bool,
        activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, useBias: Bool = true,
        using rng: inout SeededGenerator
    ) -> Layer {
        // Scales keep pre-activations mostly within the activations' curved ranges.
        let kernel = LSTMGates { _ in
            Tensor(shape: [inputSize, units], values: rng.floats(inputSize * units, scale: 0.7))
        }
        let recurrent = LSTMGates { _ in
            Tensor(shape: [units, units], values: rng.floats(units * units, scale: 0.6))
        }
        let bias = useBias ? LSTMGates { _ in Tensor(shape: [units], values: rng.floats(units, scale: 0.5)) } : nil
        return .lstm(LSTMLayer(
            name: name, inputSize: inputSize, units: units, activation: activation,
            recurrentActivation: recurrentActivation, returnSequences: returnSequences,
            kernel: kernel, recurrentKernel: recurrent, bias: bias))
    }

    static func dense(
        _ name: String, inputSize: Int, units: Int, activation: Activation, useBias: Bool = true,
        using rng: inout SeededGenerator
    ) -> Layer {
        .dense(DenseLayer(
            name: name, inputSize: inputSize, units: units, activation: activation,
            kernel: Tensor(shape: [inputSize, units], values: rng.floats(inputSize * units, scale: 0.8)),
            bias: useBias ? Tensor(shape: [units], values: rng.floats(units, scale: 0.5)) : nil))
    }

    static func model(inputFeatures: Int, _ layers: [Layer]) -> ModelDescription {
        ModelDescription(source: ModelSource(), inputFeatures: inputFeatures, timeSteps: nil, layers: layers)
    }

    /// A `[batch, time, features]` input; every batch element and timestep differs.
    static func input(batch: Int, time: Int, features: Int, using rng: inout SeededGenerator) -> Tensor {
        Tensor(shape: [batch, time, features], values: rng.floats(batch * time * features, scale: 1.5))
    }
}

extension RandomModels {
    /// LSTM(return_sequences) -> LSTM(return_sequences=False) -> Dense softmax: a classifier of
    /// whole sequences, whose output is one vector per sequence.
    static func stackedClassifier(inputFeatures: Int = 4, using rng: inout SeededGenerator) -> ModelDescription {
        model(inputFeatures: inputFeatures, [
            lstm("lstm_1", inputSize: inputFeatures, units: 8, returnSequences: true, using: &rng),
            lstm("lstm_2", inputSize: 8, units: 5, returnSequences: false, using: &rng),
            dense("dense", inputSize: 5, units: 3, activation: .softmax, using: &rng),
        ])
    }

    /// LSTM(return_sequences) -> Dense tanh: one output vector per timestep.
    static func sequenceTagger(inputFeatures: Int = 3, using rng: inout SeededGenerator) -> ModelDescription {
        model(inputFeatures: inputFeatures, [
            lstm("lstm", inputSize: inputFeatures, units: 6, returnSequences: true, using: &rng),
            dense("dense", inputSize: 6, units: 2, activation: .tanh, using: &rng),
        ])
    }
}
