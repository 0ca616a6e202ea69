/// A Keras `Flatten` layer on a sequence: `[batch, timeSteps, features]` becomes
/// `[batch, timeSteps * features]`, so the model only takes sequences of exactly ``timeSteps``.
public struct FlattenLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The sequence length the model was built for.
    public var timeSteps: Int
    /// Features per input timestep.
    public var features: Int

    /// Creates a layer.
    public init(name: String, timeSteps: Int, features: Int) {
        self.name = name
        self.timeSteps = timeSteps
        self.features = features
    }
}
