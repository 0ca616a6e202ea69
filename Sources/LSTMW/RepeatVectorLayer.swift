/// A Keras `RepeatVector` layer: `[batch, features]` becomes `[batch, n, features]` by repeating
/// each vector `n` times, as an encoder-decoder feeds its code to the decoder at every step.
public struct RepeatVectorLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// How many timesteps the output has.
    public var n: Int
    /// Features per timestep, in and out.
    public var features: Int

    /// Creates a layer.
    public init(name: String, n: Int, features: Int) {
        self.name = name
        self.n = n
        self.features = features
    }
}
