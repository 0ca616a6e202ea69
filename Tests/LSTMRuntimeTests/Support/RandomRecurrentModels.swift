import LSTMW

extension RandomModels {
    /// A GRU with non-trivial, different weights and biases in every gate.
    static func gru(
        _ name: String, inputSize: Int, units: Int, returnSequences: Bool, resetAfter: Bool,
        activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, useBias: Bool = true,
        using rng: inout SeededGenerator
    ) -> Layer {
        let kernel = GRUGates { _ in Tensor(shape: [inputSize, units], values: rng.floats(inputSize * units, scale: 0.7)) }
        let recurrent = GRUGates { _ in Tensor(shape: [units, units], values: rng.floats(units * units, scale: 0.6)) }
        let bias = useBias ? GRUGates { _ in Tensor(shape: [units], values: rng.floats(units, scale: 0.5)) } : nil
        let recurrentBias = useBias && resetAfter
            ? GRUGates { _ in Tensor(shape: [units], values: rng.floats(units, scale: 0.5)) } : nil
        return .gru(GRULayer(
            name: name, inputSize: inputSize, units: units, activation: activation,
            recurrentActivation: recurrentActivation, returnSequences: returnSequences, resetAfter: resetAfter,
            kernel: kernel, recurrentKernel: recurrent, bias: bias, recurrentBias: recurrentBias))
    }

    /// A SimpleRNN with non-trivial weights and bias.
    static func simpleRNN(
        _ name: String, inputSize: Int, units: Int, returnSequences: Bool, activation: Activation = .tanh,
        useBias: Bool = true, using rng: inout SeededGenerator
    ) -> Layer {
        .simpleRNN(SimpleRNNLayer(
            name: name, inputSize: inputSize, units: units, activation: activation, returnSequences: returnSequences,
            kernel: Tensor(shape: [inputSize, units], values: rng.floats(inputSize * units, scale: 0.7)),
            recurrentKernel: Tensor(shape: [units, units], values: rng.floats(units * units, scale: 0.6)),
            bias: useBias ? Tensor(shape: [units], values: rng.floats(units, scale: 0.5)) : nil))
    }

    /// Models of every recurrent kind and option, stacked with each other, LSTMs and Dense layers.
    static func recurrentMix(using rng: inout SeededGenerator) -> [(String, ModelDescription)] {
        [
            ("GRU(reset_after, sequences) -> Dense", model(inputFeatures: 4, [
                gru("gru", inputSize: 4, units: 6, returnSequences: true, resetAfter: true, using: &rng),
                dense("dense", inputSize: 6, units: 3, activation: .linear, using: &rng),
            ])),
            ("GRU(reset before, hard sigmoid, last)", model(inputFeatures: 3, [
                gru("gru", inputSize: 3, units: 5, returnSequences: false, resetAfter: false,
                    recurrentActivation: .hardSigmoidKeras2, using: &rng),
            ])),
            ("GRU no bias both modes, relu", model(inputFeatures: 5, [
                gru("gru_1", inputSize: 5, units: 7, returnSequences: true, resetAfter: true, activation: .relu,
                    useBias: false, using: &rng),
                gru("gru_2", inputSize: 7, units: 9, returnSequences: true, resetAfter: false,
                    recurrentActivation: .hardSigmoidKeras3, useBias: false, using: &rng),
            ])),
            ("SimpleRNN(sequences) -> SimpleRNN(relu, last)", model(inputFeatures: 2, [
                simpleRNN("rnn_1", inputSize: 2, units: 7, returnSequences: true, using: &rng),
                simpleRNN("rnn_2", inputSize: 7, units: 4, returnSequences: false, activation: .relu, using: &rng),
            ])),
            ("LSTM -> GRU -> SimpleRNN(no bias) -> Dense softmax, odd sizes", model(inputFeatures: 13, [
                lstm("lstm", inputSize: 13, units: 9, returnSequences: true, using: &rng),
                gru("gru", inputSize: 9, units: 17, returnSequences: true, resetAfter: true, using: &rng),
                simpleRNN("rnn", inputSize: 17, units: 11, returnSequences: false, useBias: false, using: &rng),
                dense("dense", inputSize: 11, units: 5, activation: .softmax, using: &rng),
            ])),
        ]
    }
}
