/// A Keras `Conv1D` layer over the time axis: for each output timestep `t`,
/// `y[t] = activation(Σ_k x[t * strides + k * dilation - pad] · kernel[k] + bias)`, with zero
/// rows outside the sequence.
public struct Conv1DLayer: Sendable, Equatable {
    /// How the sequence is padded, and so how long the output is.
    public enum Padding: String, Sendable, CaseIterable {
        /// No padding: `floor((time - dilation * (kernelSize - 1) - 1) / strides) + 1` timesteps.
        case valid
        /// Zero rows on both sides (the extra one after): `ceil(time / strides)` timesteps.
        case same
        /// `dilation * (kernelSize - 1)` zero rows before, none after: output `t` sees no input after `t`.
        case causal
    }

    /// The layer's name in the Keras model.
    public var name: String
    /// Features (channels) per input timestep.
    public var inputSize: Int
    /// Output features per timestep (Keras's `filters`).
    public var filters: Int
    /// The number of taps (Keras's `kernel_size`).
    public var kernelSize: Int
    /// The step between output timesteps, in input timesteps.
    public var strides: Int
    /// The step between taps (Keras's `dilation_rate`).
    public var dilation: Int
    /// How the sequence is padded.
    public var padding: Padding
    /// Applied to each output.
    public var activation: Activation
    /// `[kernelSize, inputSize, filters]`, Keras's layout.
    public var kernel: Tensor
    /// `[filters]`, or `nil` when the Keras layer had `use_bias=False`.
    public var bias: Tensor?

    /// Creates a layer. Shapes are checked by ``ModelDescription/validate()``.
    public init(name: String, inputSize: Int, filters: Int, kernelSize: Int, strides: Int, dilation: Int,
                padding: Padding, activation: Activation, kernel: Tensor, bias: Tensor?) {
        self.name = name
        self.inputSize = inputSize
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.dilation = dilation
        self.padding = padding
        self.activation = activation
        self.kernel = kernel
        self.bias = bias
    }

    /// The number of weights.
    public var parameterCount: Int { filters * (kernelSize * inputSize + (bias == nil ? 0 : 1)) }

    /// The output length for an input of `time` timesteps; 0 or less when the input is too short.
    public func outputTime(for time: Int) -> Int {
        switch padding {
        case .valid: (time - dilation * (kernelSize - 1) - 1) / strides + 1
        case .same, .causal: (time + strides - 1) / strides
        }
    }
}
