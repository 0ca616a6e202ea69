/// The Keras major version that saved a file, which decides what some names mean.
public enum KerasGeneration: Sendable, Equatable {
    /// Keras 2 (tf.keras in TensorFlow 2.x before 2.16, and tf-keras).
    case keras2
    /// Keras 3.
    case keras3

    /// The generation of a `keras_version` string such as `"2.21.0"`, `"2.2.4-tf"` or `"3.15.1"`.
    public init?(kerasVersion: String) {
        let major = kerasVersion.prefix { $0.isNumber }
        switch major {
        case "2": self = .keras2
        case "3": self = .keras3
        default: return nil
        }
    }
}
