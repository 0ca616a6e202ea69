import LSTMRuntime
import LSTMW
import Testing

/// Cases small enough to work out on paper; the expected numbers are literals.
@Suite struct HandComputedTests {
    private static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    private static func scalars(_ i: Float, _ f: Float, _ c: Float, _ o: Float) -> LSTMGates<Tensor> {
        LSTMGates(input: Tensor(shape: [1, 1], values: [i]), forget: Tensor(shape: [1, 1], values: [f]),
                  cell: Tensor(shape: [1, 1], values: [c]), output: Tensor(shape: [1, 1], values: [o]))
    }

    /// One unit, zero kernels, bias only in the c block (= 1); tanh / sigmoid.
    /// Every gate sees z = 0 → sigmoid(0) = 0.5, and z_c = 1 → c' = tanh(1) = 0.7615941559557649.
    ///   t = 1: c1 = 0.5 * 0 + 0.5 * tanh(1) = 0.3807970779778824, h1 = 0.5 * tanh(c1) = 0.18169974219452625
    ///   t = 2: c2 = 0.5 * c1 + 0.5 * tanh(1) = 0.5711956169668236, h2 = 0.5 * tanh(c2) = 0.258118401869521
    /// The input does not matter (kernels are zero).
    @Test func biasOnlyInTheCellBlock() throws {
        let bias = LSTMGates(input: Tensor(shape: [1], values: [0]), forget: Tensor(shape: [1], values: [0]),
                             cell: Tensor(shape: [1], values: [1]), output: Tensor(shape: [1], values: [0]))
        let lstm = LSTMLayer(name: "lstm", inputSize: 1, units: 1, activation: .tanh, recurrentActivation: .sigmoid,
                             returnSequences: true, kernel: LSTMGates { _ in Self.zeros([1, 1]) },
                             recurrentKernel: LSTMGates { _ in Self.zeros([1, 1]) }, bias: bias)
        let model = try Model(ModelDescription(source: ModelSource(), inputFeatures: 1, timeSteps: nil,
                                               layers: [.lstm(lstm)]))
        let output = try model.predict([5, -3], batch: 1, timeSteps: 2)
        expectClose(output, shape: [1, 2, 1], [0.18169974219452625, 0.258118401869521])
    }

    /// One unit, one feature, no bias, linear cell activation and Keras 2 hard sigmoid gates,
    /// W = (i 0, f 2.5, c 2, o 0), U = (i 1, f 0, c 2, o 0), input x = 1, 1. This pins the gate order.
    ///   t = 1 (h = 0): z = (0, 2.5, 2, 0) → i = 0.5, f = clip(0.2*2.5 + 0.5) = 1, c' = 2, o = 0.5
    ///                  c1 = 1 * 0 + 0.5 * 2 = 1, h1 = 0.5 * 1 = 0.5
    ///   t = 2 (h = 0.5): z = (0.5, 2.5, 3, 0) → i = 0.2*0.5 + 0.5 = 0.6, f = 1, c' = 3, o = 0.5
    ///                  c2 = 1 * 1 + 0.6 * 3 = 2.8, h2 = 0.5 * 2.8 = 1.4
    @Test func gateOrderWithLinearCellAndHardSigmoidGates() throws {
        let lstm = LSTMLayer(name: "lstm", inputSize: 1, units: 1, activation: .linear,
                             recurrentActivation: .hardSigmoidKeras2, returnSequences: true,
                             kernel: Self.scalars(0, 2.5, 2, 0), recurrentKernel: Self.scalars(1, 0, 2, 0), bias: nil)
        let model = try Model(ModelDescription(source: ModelSource(), inputFeatures: 1, timeSteps: nil,
                                               layers: [.lstm(lstm)]))
        let output = try model.predict([1, 1], batch: 1, timeSteps: 2)
        expectClose(output, shape: [1, 2, 1], [0.5, 1.4])
    }

    private static func identityDense(_ activation: Activation) throws -> Model {
        let dense = DenseLayer(name: "dense", inputSize: 1, units: 1, activation: activation,
                               kernel: Tensor(shape: [1, 1], values: [1]), bias: nil)
        return try Model(ModelDescription(source: ModelSource(), inputFeatures: 1, timeSteps: nil,
                                          layers: [.dense(dense)]))
    }

    static let points: [Float] = [-3, -2.5, -1, 0, 1, 2.5, 3]

    /// Keras 2: clip(0.2x + 0.5, 0, 1) at -3, -2.5, -1, 0, 1, 2.5, 3 → 0, 0, 0.3, 0.5, 0.7, 1, 1.
    @Test func hardSigmoidKeras2() throws {
        let output = try Self.identityDense(.hardSigmoidKeras2).predict(Self.points, batch: 1, timeSteps: 7)
        expectClose(output, shape: [1, 7, 1], [0, 0, 0.3, 0.5, 0.7, 1, 1])
    }

    /// Keras 3: clip(x/6 + 0.5, 0, 1) at -3, -2.5, -1, 0, 1, 2.5, 3 →
    /// 0, 1/12, 1/3, 1/2, 2/3, 11/12, 1.
    @Test func hardSigmoidKeras3() throws {
        let output = try Self.identityDense(.hardSigmoidKeras3).predict(Self.points, batch: 1, timeSteps: 7)
        expectClose(output, shape: [1, 7, 1], [0, 0.0833333, 0.3333333, 0.5, 0.6666667, 0.9166667, 1],
                    tolerance: 1e-6)
    }

    /// Zero kernel, bias (0, ln 2, ln 3): softmax = (1, 2, 3) / 6 whatever the input.
    @Test func softmaxOfLogarithms() throws {
        let dense = DenseLayer(name: "dense", inputSize: 2, units: 3, activation: .softmax,
                               kernel: Self.zeros([2, 3]),
                               bias: Tensor(shape: [3], values: [0, 0.6931471805599453, 1.0986122886681098]))
        let model = try Model(ModelDescription(source: ModelSource(), inputFeatures: 2, timeSteps: nil,
                                               layers: [.dense(dense)]))
        let output = try model.predict([7, -2, 0.5, 100], batch: 2, timeSteps: 1)
        expectClose(output, shape: [2, 1, 3], [1.0 / 6, 2.0 / 6, 3.0 / 6, 1.0 / 6, 2.0 / 6, 3.0 / 6])
    }
}
