/// A Keras `Dense` layer: `y = activation(x · kernel + bias)` over the last axis.
///
/// Applied to a sequence (`[time, inputSize]`), it acts on each timestep, as Keras does.
public struct DenseLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The size of the last input axis.
    public var inputSize: Int
    /// The number of outputs.
    public var units: Int
    /// Applied to the result; ``Activation/softmax`` acts over the last axis.
    public var activation: Activation
    /// `[inputSize, units]`, Keras's layout.
    public var kernel: Tensor
    /// `[units]`, or `nil` when the Keras layer had `use_bias=False`.
    public var bias: Tensor?

    /// Creates a layer. Shapes are checked by ``ModelDescription/validate()``.
    public init(name: String, inputSize: Int, units: Int, activation: Activation, kernel: Tensor, bias: Tensor?) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        self.activation = activation
        self.kernel = kernel
        self.bias = bias
    }

    /// The number of weights: `units * (inputSize + 1)`, without the bias term if there is none.
    public var parameterCount: Int { units * (inputSize + (bias == nil ? 0 : 1)) }
}
