import LSTMW

/// A Keras LSTM model, ready to run: the weights of a ``ModelDescription`` packed into the
/// runtime's layout.
///
/// A `Model` is immutable and `Sendable`: build it once and share it between tasks. Each call to
/// ``predict(_:)`` allocates its own scratch memory, so concurrent calls need no locks and give
/// the same results as serial ones.
///
/// ```swift
/// let model = try Model(description)            // description: a ModelDescription
/// let input = Tensor(shape: [1, 20, model.inputFeatures], values: samples)
/// let output = try model.predict(input)         // [1, outputFeatures], or [1, 20, outputFeatures]
/// print(output.shape, output.values)
/// ```
public final class Model: Sendable {
    /// The model this one runs, as it was given to ``init(_:)``: layer names, provenance and
    /// the original weights. (The runtime keeps its own fused copy of the LSTM weights, so a
    /// `Model` holds them twice; Dense weights are shared.)
    public let description: ModelDescription
    /// The layers in execution order, in the runtime's layout.
    let layers: [PackedLayer]

    /// Validates `description` and packs its weights for fast execution.
    ///
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/invalidModel`` if
    ///   `description.validate()` fails; the message names the layer.
    public init(_ description: ModelDescription) throws(RuntimeError) {
        do {
            try description.validate()
        } catch {
            throw RuntimeError(.invalidModel, error.message)
        }
        self.description = description
        self.layers = description.layers.map { layer in
            switch layer {
            case .lstm(let lstm): .lstm(PackedLSTM(lstm))
            case .dense(let dense): .dense(PackedDense(dense))
            }
        }
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
    case lstm(PackedLSTM)
    case dense(PackedDense)

    /// The size of the last output axis.
    var outputSize: Int {
        switch self {
        case .lstm(let layer): layer.units
        case .dense(let layer): layer.units
        }
    }

    /// The widest row of floats the layer holds per timestep: `4 * units` of gates for an LSTM.
    var widestRow: Int {
        switch self {
        case .lstm(let layer): 4 * layer.units
        case .dense(let layer): layer.units
        }
    }
}
