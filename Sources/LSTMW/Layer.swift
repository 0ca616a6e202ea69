/// One step of a model's chain.
///
/// Layers that do nothing at inference (`InputLayer`, `Dropout`) are not represented.
/// New kinds of layer may be added in minor versions: code that switches over a `Layer` should
/// prefer the kind-independent properties (``kerasClassName``, ``activation``,
/// ``recurrentActivation``, ``returnSequences``, ``useBias``) where it can.
public enum Layer: Sendable, Equatable {
    /// A recurrent LSTM layer.
    case lstm(LSTMLayer)
    /// A fully connected layer.
    case dense(DenseLayer)
    /// A recurrent GRU layer.
    case gru(GRULayer)
    /// A recurrent Keras `SimpleRNN` layer.
    case simpleRNN(SimpleRNNLayer)

    /// The layer's name in the Keras model.
    public var name: String {
        switch self {
        case .lstm(let layer): layer.name
        case .dense(let layer): layer.name
        case .gru(let layer): layer.name
        case .simpleRNN(let layer): layer.name
        }
    }

    /// The Keras class name, as in `model_config`: `"LSTM"`, `"Dense"`, `"GRU"` or `"SimpleRNN"`.
    public var kerasClassName: String {
        switch self {
        case .lstm: "LSTM"
        case .dense: "Dense"
        case .gru: "GRU"
        case .simpleRNN: "SimpleRNN"
        }
    }

    /// Whether the layer is recurrent: it needs a sequence and carries a state across timesteps.
    public var isRecurrent: Bool {
        if case .dense = self { return false }
        return true
    }

    /// The size of the last input axis.
    public var inputSize: Int {
        switch self {
        case .lstm(let layer): layer.inputSize
        case .dense(let layer): layer.inputSize
        case .gru(let layer): layer.inputSize
        case .simpleRNN(let layer): layer.inputSize
        }
    }

    /// The size of the last output axis.
    public var outputSize: Int {
        switch self {
        case .lstm(let layer): layer.units
        case .dense(let layer): layer.units
        case .gru(let layer): layer.units
        case .simpleRNN(let layer): layer.units
        }
    }

    /// The number of weights in the layer.
    public var parameterCount: Int {
        switch self {
        case .lstm(let layer): layer.parameterCount
        case .dense(let layer): layer.parameterCount
        case .gru(let layer): layer.parameterCount
        case .simpleRNN(let layer): layer.parameterCount
        }
    }

    /// The layer's (output or candidate) activation.
    public var activation: Activation {
        switch self {
        case .lstm(let layer): layer.activation
        case .dense(let layer): layer.activation
        case .gru(let layer): layer.activation
        case .simpleRNN(let layer): layer.activation
        }
    }

    /// The gates' activation of an LSTM or GRU; `nil` for other layers.
    public var recurrentActivation: Activation? {
        switch self {
        case .lstm(let layer): layer.recurrentActivation
        case .gru(let layer): layer.recurrentActivation
        case .dense, .simpleRNN: nil
        }
    }

    /// Whether a recurrent layer outputs every timestep; `nil` for a dense layer, which keeps
    /// whatever time axis its input has.
    public var returnSequences: Bool? {
        switch self {
        case .lstm(let layer): layer.returnSequences
        case .dense: nil
        case .gru(let layer): layer.returnSequences
        case .simpleRNN(let layer): layer.returnSequences
        }
    }

    /// Whether the layer has bias vectors (Keras's `use_bias`).
    public var useBias: Bool {
        switch self {
        case .lstm(let layer): layer.bias != nil
        case .dense(let layer): layer.bias != nil
        case .gru(let layer): layer.bias != nil
        case .simpleRNN(let layer): layer.bias != nil
        }
    }
}
