import LSTMW

/// A Keras recurrent model (LSTM, GRU, SimpleRNN and Dense layers), ready to run: the weights of a `ModelDescription` packed into the
/// runtime's layout.
///
/// A `Model` is immutable and `Sendable`: load it once and share it between tasks and requests.
/// Each call to ``predict(_:)-(Tensor)`` allocates its own scratch memory, so concurrent calls
/// take no lock, never wait for each other, and give the same results as serial ones. To feed a
/// stream one timestep at a time, make a ``Session`` per stream with ``makeSession()``.
///
/// ```swift
/// let model = try Model(contentsOf: URL(fileURLWithPath: "model.lstmw"))  // once, at startup
/// print(model.inputShape, model.outputShape)     // input: [?, ?, 5] float32 dense: [?, 3] float32
/// let output = try model.predict([[[0.1, 0.2, 0.3, 0.4, 0.5],             // one sequence of
///                                  [0.5, 0.4, 0.3, 0.2, 0.1]]])           // two timesteps
/// print(output.shape, output.values)             // [1, 3] and three probabilities
/// ```
public final class Model: Sendable {
    /// The model this one runs, as it was loaded or given to ``init(_:)``: layer names,
    /// provenance, the time steps Keras built it for, and the original weights. (The runtime
    /// keeps its own fused copy of the LSTM weights, so a `Model` holds them twice; Dense weights
    /// are shared.)
    public let description: ModelDescription
    /// The layers in execution order, in the runtime's layout.
    let packedLayers: [PackedLayer]

    /// Validates `description` and packs its weights for fast execution.
    ///
    /// Use this to run a model built in memory or read with `LSTMWFile`; to load a `.lstmw`
    /// file, ``init(contentsOf:limits:)`` does both steps.
    ///
    /// ```swift
    /// let model = try Model(LSTMWFile.decode(bytes))
    /// ```
    ///
    /// - Parameter description: The layers and weights to run, for example from
    ///   `LSTMWFile.decode(_:limits:)` or built in memory.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/invalidModel`` if
    ///   `description.validate()` fails; the message names the layer.
    public init(_ description: ModelDescription) throws(RuntimeError) {
        do {
            try description.validate()
        } catch {
            throw RuntimeError(.invalidModel, error.message)
        }
        self.description = description
        self.packedLayers = description.layers.map(PackedLayer.init)
    }

    /// Features per timestep the input must have: the last axis of `[batch, time, features]`.
    public var inputFeatures: Int { description.inputFeatures }

    /// The size of the output's last axis.
    public var outputFeatures: Int { description.outputFeatures }

    /// Whether the output is a sequence, `[batch, time, outputFeatures]`, rather than
    /// `[batch, outputFeatures]`.
    public var outputIsSequence: Bool { description.outputIsSequence }
}

/// One layer in the runtime's layout.
enum PackedLayer: Sendable {
    /// An LSTM, GRU or SimpleRNN, reading its input backwards when `reverse` (`go_backwards`).
    case recurrent(RecurrentCell, reverse: Bool)
    case dense(PackedDense)
    case bidirectional(PackedBidirectional)
    case embedding(PackedEmbedding)
    case masking(MaskingLayer)
    case activation(ActivationLayer)
    case normalization(PackedNormalization, features: Int)
    case conv1D(PackedConv1D)
    case pooling1D(Pooling1DLayer)
    case globalPooling1D(GlobalPooling1DLayer)
    /// `Flatten` and `Reshape`: the values stay, their shape changes.
    case reshape(isSequence: Bool, features: Int, time: Int?)
    case repeatVector(RepeatVectorLayer)

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: Layer) {
        switch layer {
        case .lstm, .gru, .simpleRNN: self = .recurrent(RecurrentCell(layer)!, reverse: layer.goBackwards)
        case .dense(let dense): self = .dense(PackedDense(dense))
        case .bidirectional(let bidirectional): self = .bidirectional(PackedBidirectional(bidirectional))
        case .embedding(let embedding): self = .embedding(PackedEmbedding(embedding))
        case .masking(let masking): self = .masking(masking)
        case .activation(let activation): self = .activation(activation)
        case .layerNormalization(let norm): self = .normalization(PackedNormalization(norm), features: norm.features)
        case .batchNormalization(let norm): self = .normalization(PackedNormalization(norm), features: norm.features)
        case .conv1D(let conv): self = .conv1D(PackedConv1D(conv))
        case .pooling1D(let pooling): self = .pooling1D(pooling)
        case .globalPooling1D(let pooling): self = .globalPooling1D(pooling)
        case .flatten(let flatten): self = .reshape(isSequence: false, features: flatten.timeSteps * flatten.features, time: nil)
        case .reshape(let reshape):
            self = .reshape(isSequence: reshape.targetShape.count == 2, features: reshape.targetShape.last!,
                            time: reshape.targetShape.count == 2 ? reshape.targetShape[0] : nil)
        case .repeatVector(let repeated): self = .repeatVector(repeated)
        }
    }

    /// The size of the last output axis.
    var outputSize: Int {
        switch self {
        case .recurrent(let cell, _): cell.units
        case .dense(let layer): layer.units
        case .bidirectional(let layer): layer.units
        case .embedding(let layer): layer.outputDim
        case .masking(let layer): layer.features
        case .activation(let layer): layer.features
        case .normalization(_, let features): features
        case .conv1D(let layer): layer.layer.filters
        case .pooling1D(let layer): layer.features
        case .globalPooling1D(let layer): layer.features
        case .reshape(_, let features, _): features
        case .repeatVector(let layer): layer.features
        }
    }

    /// The widest row of floats the layer holds per timestep: `4 * units` of gates for an LSTM,
    /// `3 * units` of projections for a GRU.
    var widestRow: Int {
        switch self {
        case .recurrent(let cell, _): cell.widestRow
        case .bidirectional(let layer): max(2 * layer.forward.widestRow, layer.units)
        default: outputSize
        }
    }
}
