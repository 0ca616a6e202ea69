/// What one layer of a ``Model`` is: its name, kind and sizes, without its weights.
///
/// ```swift
/// for layer in model.layers {
///     print(layer)             // lstm_1: LSTM 5 -> 32 per timestep, 4864 parameters
/// }
/// ```
public struct LayerSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A kind of layer, named as Keras names its class.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The Keras class name: `"LSTM"`, `"Dense"`, `"GRU"` or `"SimpleRNN"`. Kinds are open-ended
        /// (new layer types add new values), so code that switches over them needs a `default`.
        public let rawValue: String

        /// Creates a kind from a Keras class name.
        /// - Parameter rawValue: The Keras class name, such as `"LSTM"`.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A recurrent Keras `LSTM` layer.
        public static let lstm = Kind(rawValue: "LSTM")
        /// A fully connected Keras `Dense` layer.
        public static let dense = Kind(rawValue: "Dense")
        /// A recurrent Keras `GRU` layer.
        public static let gru = Kind(rawValue: "GRU")
        /// A recurrent Keras `SimpleRNN` layer.
        public static let simpleRNN = Kind(rawValue: "SimpleRNN")

        /// The Keras class name.
        public var description: String { rawValue }
    }

    /// The layer's name in the Keras model, such as `"lstm_1"`.
    public let name: String
    /// What kind of layer it is.
    public let kind: Kind
    /// The size of the last axis of the layer's input: features per timestep.
    public let inputSize: Int
    /// The size of the last axis of the layer's output: units.
    public let outputSize: Int
    /// Whether the layer outputs one vector per timestep (`[batch, time, outputSize]`) rather
    /// than one per sequence (`[batch, outputSize]`).
    public let outputIsSequence: Bool
    /// The number of weights in the layer.
    public let parameterCount: Int

    /// Creates a summary.
    ///
    /// - Parameters:
    ///   - name: The layer's name in the Keras model.
    ///   - kind: What kind of layer it is.
    ///   - inputSize: Features per timestep of the layer's input.
    ///   - outputSize: The layer's units.
    ///   - outputIsSequence: Whether the layer outputs one vector per timestep.
    ///   - parameterCount: The number of weights in the layer.
    public init(name: String, kind: Kind, inputSize: Int, outputSize: Int, outputIsSequence: Bool,
                parameterCount: Int) {
        self.name = name
        self.kind = kind
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.outputIsSequence = outputIsSequence
        self.parameterCount = parameterCount
    }

    /// One line, such as `lstm_2: LSTM 32 -> 16 per sequence, 3136 parameters`.
    public var description: String {
        "\(name): \(kind) \(inputSize) -> \(outputSize) \(outputIsSequence ? "per timestep" : "per sequence"), "
            + "\(parameterCount) parameters"
    }
}
