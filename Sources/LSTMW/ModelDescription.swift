/// A model as a chain of layers with all of its weights: what `lstm-convert` writes to a `.lstmw`
/// file and what the runtime executes.
///
/// The model takes one input of shape `[batch, time, inputFeatures]`, or token ids
/// `[batch, time]` when its first layer is an ``EmbeddingLayer`` (``inputIsTokens``). Each layer
/// consumes the previous one's output; a recurrent layer (``LSTMLayer``, ``GRULayer``,
/// ``SimpleRNNLayer``, ``BidirectionalLayer``) with `returnSequences == false` turns a sequence
/// into one vector per batch element. An ``EmbeddingLayer`` with `maskZero` or a ``MaskingLayer``
/// masks timesteps for the recurrent layers after it.
///
/// A Keras Functional model that branches and merges, or has several inputs or outputs, has a
/// ``graph`` (format 1.3) saying what each layer reads; ``inputTensors`` and ``outputTensors``
/// list its inputs and outputs in either case.
///
/// ```swift
/// let description = try LSTMWFile.read(contentsOf: url)
/// print(description.layers.map(\.name), description.outputShape)
/// ```
public struct ModelDescription: Sendable, Equatable {
    /// Where the model came from.
    public var source: ModelSource
    /// Features per timestep of the input; 1 for a model that takes token ids.
    public var inputFeatures: Int
    /// The number of timesteps the Keras model was built for, or `nil` if it takes any length.
    public var timeSteps: Int?
    /// The layers, in execution order.
    public var layers: [Layer]
    /// An input and the output Keras computed for it, if one was recorded (format 1.2): see
    /// ``TestVector``.
    public var testVector: TestVector?
    /// How the layers connect, for a model that is not a single chain (format 1.3); `nil` for a
    /// chain. With a graph, ``inputFeatures`` and ``timeSteps`` are those of its first input.
    public var graph: ModelGraph?

    /// Creates a description. Call ``validate()`` before trusting it.
    public init(source: ModelSource, inputFeatures: Int, timeSteps: Int?, layers: [Layer], testVector: TestVector? = nil,
                graph: ModelGraph? = nil) {
        self.source = source
        self.inputFeatures = inputFeatures
        self.timeSteps = timeSteps
        self.layers = layers
        self.testVector = testVector
        self.graph = graph
    }

    /// The total number of weights.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Whether the (first) output keeps the time axis: `[batch, time, features]` rather than `[batch, features]`.
    public var outputIsSequence: Bool {
        if graph != nil { return outputTensors.first?.isSequence ?? false }
        return layers.reduce(true) { $1.outputIsSequence(inputIsSequence: $0) }
    }

    /// Whether the (first) input holds token ids, `[batch, time]`, because it feeds an ``EmbeddingLayer``.
    public var inputIsTokens: Bool {
        if graph != nil { return inputTensors.first?.isTokens ?? false }
        if case .embedding = layers.first { return true }
        return false
    }

    /// Whether any recurrent layer keeps its state from one call to the next (Keras's `stateful`):
    /// such a model is meant to be run chunk after chunk through a stateful session.
    public var isStateful: Bool { layers.contains(where: \.stateful) }

    /// The size of the (first) output's last axis.
    public var outputFeatures: Int {
        if graph != nil { return outputTensors.first?.features ?? 0 }
        return layers.last?.outputSize ?? inputFeatures
    }
}

/// The provenance of a model: the Keras that saved it and the names it had.
public struct ModelSource: Sendable, Equatable, Codable {
    /// The `keras_version` attribute of the source file, such as `"2.21.0"` or `"3.15.1"`.
    public var kerasVersion: String?
    /// The `backend` attribute of the source file, such as `"tensorflow"`.
    public var backend: String?
    /// The Keras model's name.
    public var modelName: String?
    /// The Keras model class: `"Sequential"` or `"Functional"`.
    public var modelClass: String?

    /// Creates a record; every field is optional.
    public init(kerasVersion: String? = nil, backend: String? = nil, modelName: String? = nil,
                modelClass: String? = nil) {
        self.kerasVersion = kerasVersion
        self.backend = backend
        self.modelName = modelName
        self.modelClass = modelClass
    }

    enum CodingKeys: String, CodingKey {
        case kerasVersion = "keras_version"
        case backend
        case modelName = "model_name"
        case modelClass = "model_class"
    }
}
