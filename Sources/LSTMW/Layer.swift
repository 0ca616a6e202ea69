/// One step of a model's chain.
///
/// Layers that do nothing at inference (`InputLayer`, `Dropout`) are not represented.
public enum Layer: Sendable, Equatable {
    /// A recurrent LSTM layer.
    case lstm(LSTMLayer)
    /// A fully connected layer.
    case dense(DenseLayer)

    /// The layer's name in the Keras model.
    public var name: String {
        switch self {
        case .lstm(let layer): layer.name
        case .dense(let layer): layer.name
        }
    }

    /// The Keras class name, as in `model_config`: `"LSTM"` or `"Dense"`.
    public var kerasClassName: String {
        switch self {
        case .lstm: "LSTM"
        case .dense: "Dense"
        }
    }

    /// The size of the last input axis.
    public var inputSize: Int {
        switch self {
        case .lstm(let layer): layer.inputSize
        case .dense(let layer): layer.inputSize
        }
    }

    /// The size of the last output axis.
    public var outputSize: Int {
        switch self {
        case .lstm(let layer): layer.units
        case .dense(let layer): layer.units
        }
    }

    /// The number of weights in the layer.
    public var parameterCount: Int {
        switch self {
        case .lstm(let layer): layer.parameterCount
        case .dense(let layer): layer.parameterCount
        }
    }
}
