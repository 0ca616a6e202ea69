/// A Keras `SimpleRNN` layer: for each timestep, `h = a(x · W + h · U + b)`, with `h` zero at the start.
public struct SimpleRNNLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// Features per timestep of the input.
    public var inputSize: Int
    /// The number of units, the size of `h`.
    public var units: Int
    /// `a`, applied to each new state.
    public var activation: Activation
    /// Whether the layer outputs `h` for every timestep (`[time, units]`) or only the last (`[units]`).
    public var returnSequences: Bool
    /// Whether the layer reads the sequence from its last timestep to its first (Keras's
    /// `go_backwards`). Its output sequence is then in reading order: row 0 follows the last input.
    public var goBackwards: Bool = false
    /// Whether the layer keeps its state from one call to the next (Keras's `stateful`, format
    /// 1.3). ``Model/predict(_:)-(Tensor)`` always starts from a zero state, as Keras does after
    /// `reset_states()`; a ``Model/StatefulSession`` carries the state between chunks.
    public var stateful: Bool = false
    /// `W`, `[inputSize, units]`, Keras's `kernel`.
    public var kernel: Tensor
    /// `U`, `[units, units]`, Keras's `recurrent_kernel`.
    public var recurrentKernel: Tensor
    /// `b`, `[units]`, or `nil` when the Keras layer had `use_bias=False`.
    public var bias: Tensor?

    /// Creates a layer. Shapes are checked by ``ModelDescription/validate()``.
    public init(name: String, inputSize: Int, units: Int, activation: Activation, returnSequences: Bool,
                kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, goBackwards: Bool = false, stateful: Bool = false) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        self.activation = activation
        self.returnSequences = returnSequences
        self.goBackwards = goBackwards
        self.stateful = stateful
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
    }

    /// The number of weights: `units * (inputSize + units + 1)`, without the bias term if there is none.
    public var parameterCount: Int { units * (inputSize + units + (bias == nil ? 0 : 1)) }
}
