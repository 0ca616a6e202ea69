import LSTMW

/// Builds models layer by layer from seeded, non-trivial weights (biases included), through the
/// public `ModelDescription` API: no Python and no files needed.
struct ModelBuilder {
    private var generator: SeededGenerator
    private var layers: [Layer] = []
    private let inputFeatures: Int
    private var width: Int

    init(inputFeatures: Int, seed: UInt64) {
        self.generator = SeededGenerator(seed: seed)
        self.inputFeatures = inputFeatures
        self.width = inputFeatures
    }

    /// Appends an LSTM with `tanh` and `sigmoid`, Keras's defaults.
    mutating func lstm(_ units: Int, returnSequences: Bool = false) {
        let inputSize = width
        let kernel = LSTMGates { _ in tensor([inputSize, units], scale: 1 / Float(inputSize).squareRoot()) }
        let recurrent = LSTMGates { _ in tensor([units, units], scale: 1 / Float(units).squareRoot()) }
        let bias = LSTMGates { _ in tensor([units], scale: 0.5) }
        layers.append(.lstm(LSTMLayer(
            name: "lstm_\(layers.count)", inputSize: inputSize, units: units, activation: .tanh,
            recurrentActivation: .sigmoid, returnSequences: returnSequences, kernel: kernel,
            recurrentKernel: recurrent, bias: bias)))
        width = units
    }

    /// Appends a GRU with `reset_after=True`, the Keras 3 default.
    mutating func gru(_ units: Int, returnSequences: Bool = false) {
        let inputSize = width
        let kernel = GRUGates { _ in tensor([inputSize, units], scale: 1 / Float(inputSize).squareRoot()) }
        let recurrent = GRUGates { _ in tensor([units, units], scale: 1 / Float(units).squareRoot()) }
        let bias = GRUGates { _ in tensor([units], scale: 0.5) }
        let recurrentBias = GRUGates { _ in tensor([units], scale: 0.5) }
        layers.append(.gru(GRULayer(
            name: "gru_\(layers.count)", inputSize: inputSize, units: units, activation: .tanh,
            recurrentActivation: .sigmoid, returnSequences: returnSequences, resetAfter: true, kernel: kernel,
            recurrentKernel: recurrent, bias: bias, recurrentBias: recurrentBias)))
        width = units
    }

    /// Appends a Dense layer.
    mutating func dense(_ units: Int, activation: Activation) {
        let inputSize = width
        layers.append(.dense(DenseLayer(
            name: "dense_\(layers.count)", inputSize: inputSize, units: units, activation: activation,
            kernel: tensor([inputSize, units], scale: 1 / Float(inputSize).squareRoot()),
            bias: tensor([units], scale: 0.5))))
        width = units
    }

    /// The finished description.
    func build() -> ModelDescription {
        ModelDescription(source: ModelSource(modelName: "benchmark"), inputFeatures: inputFeatures,
                         timeSteps: nil, layers: layers)
    }

    private mutating func tensor(_ shape: [Int], scale: Float) -> Tensor {
        Tensor(shape: shape, values: generator.floats(shape.reduce(1, *), scale: scale))
    }
}
