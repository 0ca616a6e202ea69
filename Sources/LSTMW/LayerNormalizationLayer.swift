/// A Keras `LayerNormalization` over the last axis:
/// `y = (x - mean) / sqrt(variance + epsilon) * gamma + beta`, with the mean and (biased)
/// variance of each row of ``features`` values.
public struct LayerNormalizationLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The size of the last axis, in and out.
    public var features: Int
    /// Added to the variance (Keras's `epsilon`).
    public var epsilon: Float
    /// `[features]`, or `nil` when the Keras layer had `scale=False`.
    public var gamma: Tensor?
    /// `[features]`, or `nil` when the Keras layer had `center=False`.
    public var beta: Tensor?

    /// Creates a layer. Shapes are checked by ``ModelDescription/validate()``.
    public init(name: String, features: Int, epsilon: Float, gamma: Tensor?, beta: Tensor?) {
        self.name = name
        self.features = features
        self.epsilon = epsilon
        self.gamma = gamma
        self.beta = beta
    }

    /// The number of weights.
    public var parameterCount: Int { (gamma == nil ? 0 : features) + (beta == nil ? 0 : features) }
}
