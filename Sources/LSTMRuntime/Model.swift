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

    /// Validates (unless `LSTMWFile` already did) and packs `description`, to run with `kernels`
    /// on at most `threads` threads (nil: the runtime's default).
    init(_ description: ModelDescription, kernels: Kernels, threads: Int?, validated: Bool = false) throws(RuntimeError) {
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
        self.packedLayers = description.layers.map { layer in
            switch layer {
            case .lstm(let lstm): .lstm(PackedLSTM(lstm))
            case .dense(let dense): .dense(PackedDense(dense))
            case .gru(let gru): .gru(PackedGRU(gru))
            case .simpleRNN(let rnn): .simpleRNN(PackedSimpleRNN(rnn))
            }
        }
        self.kernels = kernels
        self.threads = max(1, threads ?? Model.defaultThreads)
        self.scratchPool = ScratchPool()
    }

    /// A model sharing `other`'s packed weights, with other kernels or threads.
    init(sharing other: Model, kernels: Kernels, threads: Int) {
        skeleton = other.skeleton
        packedLayers = other.packedLayers
        self.kernels = kernels
        self.threads = max(1, threads)
        scratchPool = other.scratchPool
    }

    /// The model this one runs, as it was loaded or given to ``init(_:)``: layer names,
    /// provenance, the time steps Keras built it for, and the weights.
    ///
    /// The runtime keeps the weights only once, in its own packed layout, so each access rebuilds
    /// the description's weight tensors from it (a copy of every weight: read it once, not per
    /// call). The rebuilt description equals the one the model was made from.
    public var description: ModelDescription {
        var description = skeleton
        description.layers = packedLayers.map(\.unpacked)
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
enum PackedLayer: Sendable {
    case lstm(PackedLSTM)
    case dense(PackedDense)
    case gru(PackedGRU)
    case simpleRNN(PackedSimpleRNN)

    /// The size of the last output axis.
    var outputSize: Int {
        switch self {
        case .lstm(let layer): layer.units
        case .dense(let layer): layer.units
        case .gru(let layer): layer.units
        case .simpleRNN(let layer): layer.units
        }
    }

    /// The recurrent layer, if this is one.
    var recurrent: (any RecurrentCell)? {
        switch self {
        case .lstm(let layer): layer
        case .dense: nil
        case .gru(let layer): layer
        case .simpleRNN(let layer): layer
        }
    }

    /// The scratch a recurrent layer needs for `batch` sequences of `time` steps (0 for Dense),
    /// and whether it returns sequences (nil for Dense). No existential: no allocation per call.
    func recurrentNeeds(batch: Int, time: Int) -> (scratch: Int, returnsSequences: Bool?) {
        switch self {
        case .lstm(let layer): (layer.scratchFloats(batch: batch, time: time), layer.returnSequences)
        case .gru(let layer): (layer.scratchFloats(batch: batch, time: time), layer.returnSequences)
        case .simpleRNN(let layer): (layer.scratchFloats(batch: batch, time: time), layer.returnSequences)
        case .dense: (0, nil)
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
        }
    }

    /// The layer as Keras stores it.
    var unpacked: Layer {
        switch self {
        case .lstm(let layer): .lstm(layer.unpacked)
        case .dense(let layer): .dense(layer.unpacked)
        case .gru(let layer): .gru(layer.unpacked)
        case .simpleRNN(let layer): .simpleRNN(layer.unpacked)
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
        }
    }
}
