/// One input or output of a model, as far as the description fixes it.
///
/// A chain model has one input, named `"input"`, and one output, named after its last layer; a
/// model with a ``ModelGraph`` has the inputs and outputs the graph lists, an output named after
/// its layer, with `:index` for a layer's further outputs (see ``TensorReference``).
public struct ModelTensor: Sendable, Equatable {
    /// The input's name, or the output's ``TensorReference`` description.
    public var name: String
    /// The size of the last axis; 1 for token ids.
    public var features: Int
    /// Whether the tensor has a time axis: `[batch, time, features]` (or `[batch, time]` token
    /// ids) rather than `[batch, features]`.
    public var isSequence: Bool
    /// The number of timesteps when the model fixes it.
    public var timeSteps: Int?
    /// Whether the tensor holds token ids for an ``EmbeddingLayer``, `[batch, time]`.
    public var isTokens: Bool

    /// Creates a record.
    public init(name: String, features: Int, isSequence: Bool, timeSteps: Int?, isTokens: Bool = false) {
        self.name = name
        self.features = features
        self.isSequence = isSequence
        self.timeSteps = timeSteps
        self.isTokens = isTokens
    }
}
