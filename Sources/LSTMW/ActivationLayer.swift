/// A Keras `Activation` layer: applies ``activation`` to every element (softmax over the last axis).
public struct ActivationLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The size of the last axis, in and out.
    public var features: Int
    /// The function applied.
    public var activation: Activation

    /// Creates a layer.
    public init(name: String, features: Int, activation: Activation) {
        self.name = name
        self.features = features
        self.activation = activation
    }
}
