/// An error importing a Keras model: one line that names the file and, where it applies, the
/// layer, dataset or configuration key.
///
/// ```
/// model.h5: layer 'gru_1' (GRU) is not supported yet
/// ```
public struct KerasImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file cannot be opened or is not HDF5.
        public static let unreadableFile = Code("unreadable file")
        /// The file is HDF5 but holds no Keras model (no `model_config`, no `model_weights`).
        public static let notAKerasModel = Code("not a Keras model")
        /// The model configuration is not valid JSON or lacks something every Keras model has.
        public static let malformedConfig = Code("malformed config")
        /// A layer, an option value or a model topology this importer does not handle.
        public static let unsupported = Code("unsupported")
        /// A weight dataset is missing, or its shape disagrees with the configuration.
        public static let badWeights = Code("bad weights")

        /// A short phrase naming the kind of failure.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The file the error concerns.
    public var file: String
    /// What is wrong, naming the layer, dataset or key.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, file: String, _ message: String) {
        self.code = code
        self.file = file
        self.message = message
    }

    /// `file: message`, on one line.
    public var description: String { "\(file): \(message)" }
}
