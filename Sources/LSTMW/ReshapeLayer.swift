/// A Keras `Reshape` layer: the row-major values of each sample read with a new shape,
/// `[features]` or `[time, features]` (the batch axis excluded).
public struct ReshapeLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The shape of each input sample: `[features]` or `[time, features]`, fixed.
    public var inputShape: [Int]
    /// The shape of each output sample: `[features]` or `[time, features]` (Keras's `target_shape`).
    public var targetShape: [Int]

    /// Creates a layer. ``ModelDescription/validate()`` checks that both shapes hold as many values.
    public init(name: String, inputShape: [Int], targetShape: [Int]) {
        self.name = name
        self.inputShape = inputShape
        self.targetShape = targetShape
    }
}
