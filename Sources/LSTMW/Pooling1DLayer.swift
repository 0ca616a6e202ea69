/// A Keras `MaxPooling1D` or `AveragePooling1D` layer: each output timestep is the maximum or
/// mean of a window of `poolSize` input timesteps, per feature.
public struct Pooling1DLayer: Sendable, Equatable {
    /// Maximum or mean.
    public enum Mode: String, Sendable, CaseIterable {
        /// The largest value of the window (`MaxPooling1D`, `GlobalMaxPooling1D`).
        case max
        /// The mean of the window (`AveragePooling1D`, `GlobalAveragePooling1D`).
        case average
    }

    /// How the sequence is padded, and so how long the output is.
    public enum Padding: String, Sendable, CaseIterable {
        /// Whole windows only: `floor((time - poolSize) / strides) + 1` timesteps.
        case valid
        /// `ceil(time / strides)` timesteps; windows that reach past the sequence use only the
        /// timesteps inside it.
        case same
    }

    /// The layer's name in the Keras model.
    public var name: String
    /// Maximum or mean.
    public var mode: Mode
    /// Features per timestep, in and out.
    public var features: Int
    /// Timesteps per window.
    public var poolSize: Int
    /// The step between windows.
    public var strides: Int
    /// How the sequence is padded.
    public var padding: Padding

    /// Creates a layer.
    public init(name: String, mode: Mode, features: Int, poolSize: Int, strides: Int, padding: Padding) {
        self.name = name
        self.mode = mode
        self.features = features
        self.poolSize = poolSize
        self.strides = strides
        self.padding = padding
    }

    /// The output length for an input of `time` timesteps; 0 or less when the input is too short.
    public func outputTime(for time: Int) -> Int {
        switch padding {
        case .valid: (time - poolSize) / strides + 1
        case .same: (time + strides - 1) / strides
        }
    }
}
