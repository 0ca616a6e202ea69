import LSTMW

/// A Keras recurrent model (LSTM, GRU, SimpleRNN and Dense layers), ready to run: the weights of a `ModelDescription` packed into the
/// runtime's layout.
///
/// A `Model` is immutable and `Sendable`: load it once and share it between tasks and requests.
/// Concurrent calls to ``predict(_:)-(Tensor)`` take no lock, never wait for each other, and give
/// the same results as serial ones. To feed a stream one timestep at a time, make a ``Session``
/// per stream with ``makeSession()``.
///
/// ```swift
/// let model = try Model(contentsOf: URL(fileURLWithPath: "model.lstmw"))  // once, at startup
/// print(model.inputShape, model.outputShape)     // input: [?, ?, 5] float32 dense: [?, 3] float32
/// let output = try model.predict([[[0.1, 0.2, 0.3, 0.4, 0.5],             // one sequence of
///                                  [0.5, 0.4, 0.3, 0.2, 0.1]]])           // two timesteps
/// print(output.shape, output.values)             // [1, 3] and three probabilities
/// ```
///
/// ## Speed
///
/// The hot kernels run in C compiled for AVX2 and FMA when the CPU has them (``kernel`` says
/// which), else in portable Swift. A call to `predict` may split a large recurrent layer's units
/// across up to ``threads`` threads of a shared pool; see ``withThreads(_:)``.
public final class Model: Sendable {
    /// The model's layers, names, provenance and shapes, without weights: the runtime keeps only
    /// its packed copy of the weights, and ``description`` rebuilds them on demand.
    let skeleton: ModelDescription
    /// The layers in execution order, in the runtime's layout.
    let packedLayers: [PackedLayer]
    /// The kernels every call on this model runs (sessions included, so they match `predict`).
    let kernels: Kernels
    /// The most threads one call may use.
    public let threads: Int
    /// Scratch memory reused across calls.
    let scratchPool: ScratchPool
    /// The inputs (``ModelDescription/inputTensors``), worked out once for the checks of every call.
    let inputTensors: [ModelTensor]

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
    public convenience init(_ description: ModelDescription) throws(RuntimeError) {
        try self.init(description, kernels: Kernels(path: .preferred), threads: nil)
    }

    /// Validates (unless `LSTMWFile` already did) and packs `description` (unless `packed` holds
    /// its layers packed already), to run with `kernels` on at most `threads` threads (nil: the
    /// runtime's default).
    init(_ description: ModelDescription, kernels: Kernels, threads: Int?, validated: Bool = false,
         packed: [PackedLayer]? = nil) throws(RuntimeError) {
        if !validated {
            do {
                try description.validate()
            } catch {
                throw RuntimeError(.invalidModel, error.message)
            }
        }
        var skeleton = description
        skeleton.layers = description.layers.map(\.withoutWeights)
        self.skeleton = skeleton
        self.packedLayers = packed ?? description.layers.map(PackedLayer.init)
        self.kernels = kernels
        self.threads = max(1, threads ?? Model.defaultThreads)
        self.scratchPool = ScratchPool()
        self.inputTensors = skeleton.inputTensors
    }

    /// A model sharing `other`'s packed weights, with other kernels or threads.
    init(sharing other: Model, kernels: Kernels, threads: Int) {
        skeleton = other.skeleton
        packedLayers = other.packedLayers
        self.kernels = kernels
        self.threads = max(1, threads)
        scratchPool = other.scratchPool
        inputTensors = other.inputTensors
    }

    /// The model this one runs, as it was loaded or given to ``init(_:)``: layer names,
    /// provenance, the time steps Keras built it for, and the weights.
    ///
    /// The runtime keeps the weights only once, in its own packed layout, so each access rebuilds
    /// the description's weight tensors from it (a copy of every weight: read it once, not per
    /// call). The rebuilt description equals the one the model was made from.
    public var description: ModelDescription {
        var description = skeleton
        description.layers = zip(skeleton.layers, packedLayers).map { kept, packed in
            packed.unpacked.stateful(kept.stateful)
        }
        return description
    }

    /// Features per timestep the input must have: the last axis of `[batch, time, features]`.
    public var inputFeatures: Int { skeleton.inputFeatures }

    /// The size of the output's last axis.
    public var outputFeatures: Int { skeleton.outputFeatures }

    /// Whether the output is a sequence, `[batch, time, outputFeatures]`, rather than
    /// `[batch, outputFeatures]`.
    public var outputIsSequence: Bool { skeleton.outputIsSequence }
}

/// One layer in the runtime's layout.
indirect enum PackedLayer: Sendable {
    case lstm(PackedLSTM)
    case dense(PackedDense)
    case gru(PackedGRU)
    case simpleRNN(PackedSimpleRNN)
    /// An LSTM, GRU or SimpleRNN reading its input from the last timestep to the first (`go_backwards`).
    case backwards(PackedLayer)
    case bidirectional(PackedBidirectional)
    case embedding(PackedEmbedding)
    case masking(MaskingLayer)
    case activation(ActivationLayer)
    case normalization(PackedNormalization, Layer)
    case conv1D(PackedConv1D)
    case pooling1D(Pooling1DLayer)
    case globalPooling1D(GlobalPooling1DLayer)
    /// `Flatten` and `Reshape`: the values stay, their shape changes.
    case reshape(Layer)
    case repeatVector(RepeatVectorLayer)
    /// Layers that read several tensors; only in a model graph.
    case merge(MergeLayer)
    case concatenate(ConcatenateLayer)
    /// The batch and time axes swapped, around a `time_major` recurrent layer.
    case swapBatchTime(SwapBatchTimeLayer)

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: Layer) {
        if layer.goBackwards {
            var forward = layer
            switch layer {
            case .lstm(var cell): cell.goBackwards = false; forward = .lstm(cell)
            case .gru(var cell): cell.goBackwards = false; forward = .gru(cell)
            case .simpleRNN(var cell): cell.goBackwards = false; forward = .simpleRNN(cell)
            default: break
            }
            self = .backwards(PackedLayer(forward))
            return
        }
        switch layer {
        case .lstm(let lstm): self = .lstm(PackedLSTM(lstm))
        case .dense(let dense): self = .dense(PackedDense(dense))
        case .gru(let gru): self = .gru(PackedGRU(gru))
        case .simpleRNN(let rnn): self = .simpleRNN(PackedSimpleRNN(rnn))
        case .bidirectional(let bidirectional): self = .bidirectional(PackedBidirectional(bidirectional))
        case .embedding(let embedding): self = .embedding(PackedEmbedding(embedding))
        case .masking(let masking): self = .masking(masking)
        case .activation(let activation): self = .activation(activation)
        case .layerNormalization(let norm): self = .normalization(PackedNormalization(norm), layer)
        case .batchNormalization(let norm): self = .normalization(PackedNormalization(norm), layer)
        case .conv1D(let conv): self = .conv1D(PackedConv1D(conv))
        case .pooling1D(let pooling): self = .pooling1D(pooling)
        case .globalPooling1D(let pooling): self = .globalPooling1D(pooling)
        case .flatten, .reshape: self = .reshape(layer)
        case .repeatVector(let repeated): self = .repeatVector(repeated)
        case .merge(let merge): self = .merge(merge)
        case .concatenate(let concatenate): self = .concatenate(concatenate)
        case .swapBatchTime(let swap): self = .swapBatchTime(swap)
        }
    }

    /// Whether the layer is one of the plain chain the pooled whole-sequence path runs: a forward
    /// LSTM, GRU or SimpleRNN, or a Dense layer.
    var isPlain: Bool {
        switch self {
        case .lstm, .dense, .gru, .simpleRNN: true
        default: false
        }
    }

    /// The size of the last output axis.
    var outputSize: Int {
        switch self {
        case .lstm(let layer): layer.units
        case .dense(let layer): layer.units
        case .gru(let layer): layer.units
        case .simpleRNN(let layer): layer.units
        case .backwards(let layer): layer.outputSize
        case .bidirectional(let layer): layer.units
        case .embedding(let layer): layer.outputDim
        case .masking(let layer): layer.features
        case .activation(let layer): layer.features
        case .normalization(_, let layer), .reshape(let layer): layer.outputSize
        case .conv1D(let layer): layer.layer.filters
        case .pooling1D(let layer): layer.features
        case .globalPooling1D(let layer): layer.features
        case .repeatVector(let layer): layer.features
        case .merge(let layer): layer.features
        case .concatenate(let layer): layer.outputSize
        case .swapBatchTime(let layer): layer.features
        }
    }

    /// The recurrent layer, if this is a forward one.
    var recurrent: (any RecurrentCell)? {
        switch self {
        case .lstm(let layer): layer
        case .gru(let layer): layer
        case .simpleRNN(let layer): layer
        default: nil
        }
    }

    /// The scratch a recurrent layer needs for `batch` sequences of `time` steps (0 for Dense),
    /// and whether it returns sequences (nil for Dense). No existential: no allocation per call.
    func recurrentNeeds(batch: Int, time: Int) -> (scratch: Int, returnsSequences: Bool?) {
        switch self {
        case .lstm(let layer): (layer.scratchFloats(batch: batch, time: time), layer.returnSequences)
        case .gru(let layer): (layer.scratchFloats(batch: batch, time: time), layer.returnSequences)
        case .simpleRNN(let layer): (layer.scratchFloats(batch: batch, time: time), layer.returnSequences)
        default: (0, nil)
        }
    }

    /// The widest row of floats the layer holds per timestep: its output, or a recurrent layer's
    /// projection and scratch.
    var widestRow: Int {
        switch self {
        case .dense(let layer): layer.units
        case .lstm(let layer): layer.layout.width + 3 * layer.layout.paddedUnits
        case .gru(let layer): layer.layout.width + layer.scratchWidth + 2 * layer.layout.paddedUnits
        case .simpleRNN(let layer): layer.layout.width + 2 * layer.layout.paddedUnits
        case .backwards(let layer): layer.widestRow
        case .bidirectional(let layer): 2 * max(layer.forward.widestRow, layer.units)
        default: outputSize
        }
    }

    /// The layer as Keras stores it.
    var unpacked: Layer {
        switch self {
        case .lstm(let layer): .lstm(layer.unpacked)
        case .dense(let layer): .dense(layer.unpacked)
        case .gru(let layer): .gru(layer.unpacked)
        case .simpleRNN(let layer): .simpleRNN(layer.unpacked)
        case .backwards(let layer):
            switch layer.unpacked {
            case .lstm(var cell): { cell.goBackwards = true; return .lstm(cell) }()
            case .gru(var cell): { cell.goBackwards = true; return .gru(cell) }()
            case .simpleRNN(var cell): { cell.goBackwards = true; return .simpleRNN(cell) }()
            case let other: other
            }
        case .bidirectional(let layer): .bidirectional(layer.unpacked)
        case .embedding(let layer): .embedding(layer.unpacked)
        case .masking(let layer): .masking(layer)
        case .activation(let layer): .activation(layer)
        case .normalization(_, let layer), .reshape(let layer): layer
        case .conv1D(let layer): .conv1D(layer.layer)
        case .pooling1D(let layer): .pooling1D(layer)
        case .globalPooling1D(let layer): .globalPooling1D(layer)
        case .repeatVector(let layer): .repeatVector(layer)
        case .merge(let layer): .merge(layer)
        case .concatenate(let layer): .concatenate(layer)
        case .swapBatchTime(let layer): .swapBatchTime(layer)
        }
    }
}

extension Layer {
    /// The layer with every weight tensor emptied: what a ``Model`` keeps besides its packed
    /// weights.
    var withoutWeights: Layer {
        let none = Tensor(shape: [0], values: [])
        switch self {
        case .lstm(var layer):
            layer.kernel = LSTMGates { _ in none }
            layer.recurrentKernel = LSTMGates { _ in none }
            layer.bias = layer.bias.map { _ in LSTMGates { _ in none } }
            return .lstm(layer)
        case .dense(var layer):
            layer.kernel = none
            layer.bias = layer.bias.map { _ in none }
            return .dense(layer)
        case .gru(var layer):
            layer.kernel = GRUGates { _ in none }
            layer.recurrentKernel = GRUGates { _ in none }
            layer.bias = layer.bias.map { _ in GRUGates { _ in none } }
            layer.recurrentBias = layer.recurrentBias.map { _ in GRUGates { _ in none } }
            return .gru(layer)
        case .simpleRNN(var layer):
            layer.kernel = none
            layer.recurrentKernel = none
            layer.bias = layer.bias.map { _ in none }
            return .simpleRNN(layer)
        case .bidirectional(var layer):
            layer.forward = layer.forward.withoutWeights
            layer.backward = layer.backward.withoutWeights
            return .bidirectional(layer)
        default:
            // Embeddings, convolutions and normalizations keep their weights in the skeleton and
            // in their packed form alike; only the recurrent and dense weights are stored once.
            return self
        }
    }
}

extension Layer {
    /// The layer with Keras's `stateful` set to `flag` (both directions of a Bidirectional one),
    /// which the packed layout does not keep; other layers unchanged.
    func stateful(_ flag: Bool) -> Layer {
        switch self {
        case .lstm(var layer): layer.stateful = flag; return .lstm(layer)
        case .gru(var layer): layer.stateful = flag; return .gru(layer)
        case .simpleRNN(var layer): layer.stateful = flag; return .simpleRNN(layer)
        case .bidirectional(var layer):
            layer.forward = layer.forward.stateful(flag)
            layer.backward = layer.backward.stateful(flag)
            return .bidirectional(layer)
        default: return self
        }
    }
}

