/// A Keras `LSTM` layer, with its weights split into one block per gate.
///
/// For each timestep, with `x` the input row and `h`, `c` the state (zero at the start):
/// ```
/// z_g = x · W_g + h · U_g + b_g            for g in i, f, c, o
/// i = ra(z_i)   f = ra(z_f)   c' = a(z_c)   o = ra(z_o)
/// c = f * c + i * c'
/// h = o * a(c)
/// ```
/// where `a` is ``activation`` and `ra` is ``recurrentActivation``.
public struct LSTMLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// Features per timestep of the input.
    public var inputSize: Int
    /// The number of units, the size of `h` and `c`.
    public var units: Int
    /// `a`, applied to the cell candidate and to the cell state.
    public var activation: Activation
    /// `ra`, applied to the input, forget and output gates.
    public var recurrentActivation: Activation
    /// Whether the layer outputs `h` for every timestep (`[time, units]`) or only the last (`[units]`).
    public var returnSequences: Bool
    /// Whether the layer reads the sequence from its last timestep to its first (Keras's
    /// `go_backwards`). Its output sequence is then in reading order: row 0 follows the last input.
    public var goBackwards: Bool = false
    /// Whether the layer keeps its state from one call to the next (Keras's `stateful`, format
    /// 1.3). ``Model/predict(_:)-(Tensor)`` always starts from a zero state, as Keras does after
    /// `reset_states()`; a ``Model/StatefulSession`` carries the state between chunks.
    public var stateful: Bool = false
    /// `W_g`, each `[inputSize, units]`.
    public var kernel: LSTMGates<Tensor>
    /// `U_g`, each `[units, units]`.
    public var recurrentKernel: LSTMGates<Tensor>
    /// `b_g`, each `[units]`, or `nil` when the Keras layer had `use_bias=False`.
    public var bias: LSTMGates<Tensor>?

    /// Creates a layer from its gate blocks. Shapes are checked by ``ModelDescription/validate()``.
    public init(
        name: String, inputSize: Int, units: Int, activation: Activation, recurrentActivation: Activation,
        returnSequences: Bool, kernel: LSTMGates<Tensor>, recurrentKernel: LSTMGates<Tensor>,
        bias: LSTMGates<Tensor>?, goBackwards: Bool = false, stateful: Bool = false
    ) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.returnSequences = returnSequences
        self.goBackwards = goBackwards
        self.stateful = stateful
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
    }

    /// The number of weights: `4 * units * (inputSize + units + 1)`, without the bias term if there is none.
    public var parameterCount: Int {
        4 * units * (inputSize + units + (bias == nil ? 0 : 1))
    }
}
