/// A Keras `GlobalMaxPooling1D` or `GlobalAveragePooling1D` layer: the maximum or mean over the
/// time axis, per feature, turning `[batch, time, features]` into `[batch, features]`.
///
/// Under a mask, the average is taken over the unmasked timesteps only, as Keras does.
public struct GlobalPooling1DLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// Maximum or mean.
    public var mode: Pooling1DLayer.Mode
    /// Features per timestep, in and out.
    public var features: Int

    /// Creates a layer.
    public init(name: String, mode: Pooling1DLayer.Mode, features: Int) {
        self.name = name
        self.mode = mode
        self.features = features
    }
}
