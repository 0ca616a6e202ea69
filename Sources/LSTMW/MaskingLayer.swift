/// A Keras `Masking` layer: a timestep whose features all equal ``maskValue`` is masked for the
/// layers after it, and its features become zero.
public struct MaskingLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// Features per timestep, in and out.
    public var features: Int
    /// The value that marks a padded timestep (Keras's `mask_value`).
    public var maskValue: Float

    /// Creates a layer.
    public init(name: String, features: Int, maskValue: Float) {
        self.name = name
        self.features = features
        self.maskValue = maskValue
    }
}
