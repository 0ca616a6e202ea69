/// One step of a model's chain.
///
/// Layers that do nothing at inference (`InputLayer`, `Dropout`, `SpatialDropout1D`,
/// `GaussianNoise`, …) are not represented; `TimeDistributed(Dense)` is a ``dense(_:)`` layer
/// named after the wrapper. New kinds of layer may be added in minor versions: code that switches
/// over a `Layer` should prefer the kind-independent properties (``kerasClassName``,
/// ``activation``, ``recurrentActivation``, ``returnSequences``, ``useBias``) where it can.
public enum Layer: Sendable, Equatable {
    /// A recurrent LSTM layer.
    case lstm(LSTMLayer)
    /// A fully connected layer.
    case dense(DenseLayer)
    /// A recurrent GRU layer.
    case gru(GRULayer)
    /// A recurrent Keras `SimpleRNN` layer.
    case simpleRNN(SimpleRNNLayer)
    /// Two recurrent layers reading the sequence in both directions (format 1.2).
    indirect case bidirectional(BidirectionalLayer)
    /// Token ids to vectors; only as the first layer (format 1.2).
    case embedding(EmbeddingLayer)
    /// Masks the timesteps whose features all equal a value (format 1.2).
    case masking(MaskingLayer)
    /// An activation function on its own (format 1.2).
    case activation(ActivationLayer)
    /// Normalization of each row over the last axis (format 1.2).
    case layerNormalization(LayerNormalizationLayer)
    /// Batch normalization with its moving statistics (format 1.2).
    case batchNormalization(BatchNormalizationLayer)
    /// A convolution over the time axis (format 1.2).
    case conv1D(Conv1DLayer)
    /// Max or average pooling over windows of timesteps (format 1.2).
    case pooling1D(Pooling1DLayer)
    /// Max or average over the whole time axis (format 1.2).
    case globalPooling1D(GlobalPooling1DLayer)
    /// A fixed-length sequence flattened into one vector (format 1.2).
    case flatten(FlattenLayer)
    /// Each sample's values read with a new shape (format 1.2).
    case reshape(ReshapeLayer)
    /// A vector repeated into a sequence (format 1.2).
    case repeatVector(RepeatVectorLayer)
    /// Two or more tensors merged element by element; only in a ``ModelGraph`` (format 1.3).
    case merge(MergeLayer)
    /// Two or more tensors joined on the last axis; only in a ``ModelGraph`` (format 1.3).
    case concatenate(ConcatenateLayer)
    /// The batch and time axes swapped, around a Keras 2 `time_major` recurrent layer (format 1.3).
    case swapBatchTime(SwapBatchTimeLayer)

    /// The layer's name in the Keras model.
    public var name: String {
        switch self {
        case .lstm(let layer): layer.name
        case .dense(let layer): layer.name
        case .gru(let layer): layer.name
        case .simpleRNN(let layer): layer.name
        case .bidirectional(let layer): layer.name
        case .embedding(let layer): layer.name
        case .masking(let layer): layer.name
        case .activation(let layer): layer.name
        case .layerNormalization(let layer): layer.name
        case .batchNormalization(let layer): layer.name
        case .conv1D(let layer): layer.name
        case .pooling1D(let layer): layer.name
        case .globalPooling1D(let layer): layer.name
        case .flatten(let layer): layer.name
        case .reshape(let layer): layer.name
        case .repeatVector(let layer): layer.name
        case .merge(let layer): layer.name
        case .concatenate(let layer): layer.name
        case .swapBatchTime(let layer): layer.name
        }
    }

    /// The Keras class name, as in `model_config`, such as `"LSTM"`, `"Dense"` or `"Bidirectional"`.
    public var kerasClassName: String {
        switch self {
        case .lstm: "LSTM"
        case .dense: "Dense"
        case .gru: "GRU"
        case .simpleRNN: "SimpleRNN"
        case .bidirectional: "Bidirectional"
        case .embedding: "Embedding"
        case .masking: "Masking"
        case .activation: "Activation"
        case .layerNormalization: "LayerNormalization"
        case .batchNormalization: "BatchNormalization"
        case .conv1D: "Conv1D"
        case .pooling1D(let layer): layer.mode == .max ? "MaxPooling1D" : "AveragePooling1D"
        case .globalPooling1D(let layer): layer.mode == .max ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D"
        case .flatten: "Flatten"
        case .reshape: "Reshape"
        case .repeatVector: "RepeatVector"
        case .merge(let layer): layer.mode.kerasClassName
        case .concatenate: "Concatenate"
        case .swapBatchTime: "SwapBatchTime"
        }
    }

    /// Whether the layer is recurrent: it needs a sequence and carries a state across timesteps.
    public var isRecurrent: Bool {
        switch self {
        case .lstm, .gru, .simpleRNN, .bidirectional: true
        default: false
        }
    }

    /// The size of the last input axis; 1 for an embedding, which takes one token id per timestep;
    /// the first input's for a ``ConcatenateLayer``.
    public var inputSize: Int {
        switch self {
        case .lstm(let layer): layer.inputSize
        case .dense(let layer): layer.inputSize
        case .gru(let layer): layer.inputSize
        case .simpleRNN(let layer): layer.inputSize
        case .bidirectional(let layer): layer.inputSize
        case .embedding: 1
        case .masking(let layer): layer.features
        case .activation(let layer): layer.features
        case .layerNormalization(let layer): layer.features
        case .batchNormalization(let layer): layer.features
        case .conv1D(let layer): layer.inputSize
        case .pooling1D(let layer): layer.features
        case .globalPooling1D(let layer): layer.features
        case .flatten(let layer): layer.features
        case .reshape(let layer): layer.inputShape.last ?? 0
        case .repeatVector(let layer): layer.features
        case .merge(let layer): layer.features
        case .concatenate(let layer): layer.inputSizes.first ?? 0
        case .swapBatchTime(let layer): layer.features
        }
    }

    /// The size of the last output axis.
    public var outputSize: Int {
        switch self {
        case .lstm(let layer): layer.units
        case .dense(let layer): layer.units
        case .gru(let layer): layer.units
        case .simpleRNN(let layer): layer.units
        case .bidirectional(let layer): layer.outputSize
        case .embedding(let layer): layer.outputDim
        case .masking(let layer): layer.features
        case .activation(let layer): layer.features
        case .layerNormalization(let layer): layer.features
        case .batchNormalization(let layer): layer.features
        case .conv1D(let layer): layer.filters
        case .pooling1D(let layer): layer.features
        case .globalPooling1D(let layer): layer.features
        case .flatten(let layer): layer.timeSteps * layer.features
        case .reshape(let layer): layer.targetShape.last ?? 0
        case .repeatVector(let layer): layer.features
        case .merge(let layer): layer.features
        case .concatenate(let layer): layer.outputSize
        case .swapBatchTime(let layer): layer.features
        }
    }

    /// The number of weights in the layer.
    public var parameterCount: Int {
        switch self {
        case .lstm(let layer): layer.parameterCount
        case .dense(let layer): layer.parameterCount
        case .gru(let layer): layer.parameterCount
        case .simpleRNN(let layer): layer.parameterCount
        case .bidirectional(let layer): layer.parameterCount
        case .embedding(let layer): layer.parameterCount
        case .conv1D(let layer): layer.parameterCount
        case .masking, .activation, .pooling1D, .globalPooling1D, .flatten, .reshape, .repeatVector, .merge, .concatenate,
             .swapBatchTime: 0
        case .layerNormalization(let layer): layer.parameterCount
        case .batchNormalization(let layer): layer.parameterCount
        }
    }

    /// The layer's (output or candidate) activation; ``Activation/linear`` for layers without one.
    public var activation: Activation {
        switch self {
        case .lstm(let layer): layer.activation
        case .dense(let layer): layer.activation
        case .gru(let layer): layer.activation
        case .simpleRNN(let layer): layer.activation
        case .bidirectional(let layer): layer.forward.activation
        case .activation(let layer): layer.activation
        case .conv1D(let layer): layer.activation
        default: .linear
        }
    }

    /// The gates' activation of an LSTM or GRU (or a bidirectional one); `nil` for other layers.
    public var recurrentActivation: Activation? {
        switch self {
        case .lstm(let layer): layer.recurrentActivation
        case .gru(let layer): layer.recurrentActivation
        case .bidirectional(let layer): layer.forward.recurrentActivation
        default: nil
        }
    }

    /// Whether a recurrent layer outputs every timestep; `nil` for other layers (see
    /// ``outputIsSequence(inputIsSequence:)`` for whether any layer's output has a time axis).
    public var returnSequences: Bool? {
        switch self {
        case .lstm(let layer): layer.returnSequences
        case .gru(let layer): layer.returnSequences
        case .simpleRNN(let layer): layer.returnSequences
        case .bidirectional(let layer): layer.returnSequences
        default: nil
        }
    }

    /// Whether the layer has bias vectors (Keras's `use_bias`; `center` for normalization layers).
    public var useBias: Bool {
        switch self {
        case .lstm(let layer): layer.bias != nil
        case .dense(let layer): layer.bias != nil
        case .gru(let layer): layer.bias != nil
        case .simpleRNN(let layer): layer.bias != nil
        case .bidirectional(let layer): layer.forward.useBias
        case .layerNormalization(let layer): layer.beta != nil
        case .batchNormalization(let layer): layer.beta != nil
        case .conv1D(let layer): layer.bias != nil
        default: false
        }
    }

    /// Whether a recurrent layer reads its input from the last timestep to the first.
    public var goBackwards: Bool {
        switch self {
        case .lstm(let layer): layer.goBackwards
        case .gru(let layer): layer.goBackwards
        case .simpleRNN(let layer): layer.goBackwards
        default: false
        }
    }

    /// Whether a recurrent layer (or both directions of a bidirectional one) keeps its state from
    /// one call to the next (Keras's `stateful`, format 1.3).
    public var stateful: Bool {
        switch self {
        case .lstm(let layer): layer.stateful
        case .gru(let layer): layer.stateful
        case .simpleRNN(let layer): layer.stateful
        case .bidirectional(let layer): layer.forward.stateful
        default: false
        }
    }

    /// Whether the layer's output has a time axis, given whether its input has one.
    public func outputIsSequence(inputIsSequence: Bool) -> Bool {
        switch self {
        case .flatten, .globalPooling1D: false
        case .repeatVector: true
        case .reshape(let layer): layer.targetShape.count == 2
        default: returnSequences ?? inputIsSequence
        }
    }
}
