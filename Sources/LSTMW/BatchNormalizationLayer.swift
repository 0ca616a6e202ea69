/// A Keras `BatchNormalization` over the last axis, at inference: with the moving statistics,
/// `y = (x - movingMean) / sqrt(movingVariance + epsilon) * gamma + beta`.
public struct BatchNormalizationLayer: Sendable, Equatable {
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
    /// `[features]`, the mean seen in training.
    public var movingMean: Tensor
    /// `[features]`, the variance seen in training; every value non-negative.
    public var movingVariance: Tensor

    /// Creates a layer. Shapes are checked by ``ModelDescription/validate()``.
    public init(name: String, features: Int, epsilon: Float, gamma: Tensor?, beta: Tensor?,
                movingMean: Tensor, movingVariance: Tensor) {
        self.name = name
        self.features = features
        self.epsilon = epsilon
        self.gamma = gamma
        self.beta = beta
        self.movingMean = movingMean
        self.movingVariance = movingVariance
    }

    /// The number of weights, the moving statistics included.
    public var parameterCount: Int { features * (2 + (gamma == nil ? 0 : 1) + (beta == nil ? 0 : 1)) }
}
