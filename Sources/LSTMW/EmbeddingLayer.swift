/// A Keras `Embedding` layer: maps each token id `k` of a `[batch, time]` input to row `k` of
/// ``embeddings``, giving `[batch, time, outputDim]`.
///
/// Only the first layer of a model may be an embedding; the model then takes token ids.
/// With ``maskZero``, id 0 marks padding: those timesteps are masked for the layers after it.
public struct EmbeddingLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The number of token ids, `input_dim`: valid ids are `0 ..< inputDim`.
    public var inputDim: Int
    /// The size of each embedding vector, `output_dim`.
    public var outputDim: Int
    /// Whether id 0 masks its timestep (Keras's `mask_zero`).
    public var maskZero: Bool
    /// `[inputDim, outputDim]`: row `k` is the vector of id `k`.
    public var embeddings: Tensor

    /// Creates a layer. Shapes are checked by ``ModelDescription/validate()``.
    public init(name: String, inputDim: Int, outputDim: Int, maskZero: Bool, embeddings: Tensor) {
        self.name = name
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.maskZero = maskZero
        self.embeddings = embeddings
    }

    /// The number of weights: `inputDim * outputDim`.
    public var parameterCount: Int { inputDim * outputDim }
}
