/// A Keras `GRU` layer, with its weights split into one block per gate.
///
/// For each timestep, with `x` the input row and `h` the state (zero at the start):
/// ```
/// z  = ra(x · W_z + b_z + h · U_z + rb_z)
/// r  = ra(x · W_r + b_r + h · U_r + rb_r)
/// hh = a(x · W_h + b_h + r * (h · U_h + rb_h))      reset_after = true
/// hh = a(x · W_h + (r * h) · U_h + b_h)             reset_after = false
/// h  = z * h + (1 - z) * hh
/// ```
/// where `a` is ``activation`` and `ra` is ``recurrentActivation``; missing biases count as zero.
public struct GRULayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// Features per timestep of the input.
    public var inputSize: Int
    /// The number of units, the size of `h`.
    public var units: Int
    /// `a`, applied to the candidate.
    public var activation: Activation
    /// `ra`, applied to the update and reset gates.
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
    /// Whether the reset gate applies after the recurrent product (Keras's `reset_after`, the
    /// Keras 2 TF2 and Keras 3 default) or before it, to `h`.
    public var resetAfter: Bool
    /// `W_g`, each `[inputSize, units]`.
    public var kernel: GRUGates<Tensor>
    /// `U_g`, each `[units, units]`.
    public var recurrentKernel: GRUGates<Tensor>
    /// The input bias `b_g`, each `[units]`, or `nil` when the Keras layer had `use_bias=False`.
    public var bias: GRUGates<Tensor>?
    /// The recurrent bias `rb_g`, each `[units]`; present exactly when ``bias`` is and ``resetAfter`` is true.
    public var recurrentBias: GRUGates<Tensor>?

    /// Creates a layer from its gate blocks. Shapes are checked by ``ModelDescription/validate()``.
    public init(
        name: String, inputSize: Int, units: Int, activation: Activation, recurrentActivation: Activation,
        returnSequences: Bool, resetAfter: Bool, kernel: GRUGates<Tensor>, recurrentKernel: GRUGates<Tensor>,
        bias: GRUGates<Tensor>?, recurrentBias: GRUGates<Tensor>?, goBackwards: Bool = false, stateful: Bool = false
    ) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.returnSequences = returnSequences
        self.goBackwards = goBackwards
        self.stateful = stateful
        self.resetAfter = resetAfter
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
        self.recurrentBias = recurrentBias
    }

    /// The number of weights: `3 * units * (inputSize + units)` plus `3 * units` per bias vector.
    public var parameterCount: Int {
        3 * units * (inputSize + units + (bias == nil ? 0 : 1) + (recurrentBias == nil ? 0 : 1))
    }
}
