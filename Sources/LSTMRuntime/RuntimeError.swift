/// An error loading a ``Model``, running a prediction, or stepping a ``Model/Session``.
///
/// ``description`` is one line fit for a log or a command-line tool; switch on ``code`` to react.
/// Every message says exactly what is wrong: the file and the reason, the shape received and the
/// shape expected, or the position of a NaN.
///
/// ```swift
/// do {
///     let output = try model.predict(input)
/// } catch {
///     // error: RuntimeError, thanks to typed throws
///     if error.code == .inputShape { print("bad request: \(error)") }
///     // bad request: input has 9 features per timestep, the model expects 5
/// }
/// ```
public struct RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidModel = "invalid model"
            case inputShape = "input shape"
            case nonFiniteInput = "non-finite input"
            case invalidFile = "invalid file"
            case io = "I/O error"
            case unsupported = "unsupported"
            case noTestVector = "no test vector"
            case testVectorMismatch = "test vector mismatch"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The `ModelDescription` given to ``Model/init(_:)`` breaks a rule of
        /// `ModelDescription.validate()`; the message names the layer.
        public static let invalidModel = Code(.invalidModel)
        /// The input's rank, batch, length or feature count is not one the model can run; the
        /// message gives what was received and what was expected.
        public static let inputShape = Code(.inputShape)
        /// The input holds a NaN or an infinity; the message gives its position.
        public static let nonFiniteInput = Code(.nonFiniteInput)
        /// The bytes are not a valid `.lstmw` file: wrong magic or version, truncated, a checksum
        /// mismatch, a malformed header, a size over the reader's limits, or a model that breaks a
        /// rule of `ModelDescription.validate()`. The message gives the file's path (when there is
        /// one) and the reason.
        public static let invalidFile = Code(.invalidFile)
        /// The file could not be read: it does not exist, is not a regular file, or is not
        /// readable. The message gives the path and the system's reason.
        public static let io = Code(.io)
        /// The model cannot do what was asked, such as run one timestep at a time in a
        /// ``Model/Session`` when a layer reads the whole sequence (Bidirectional, `go_backwards`).
        public static let unsupported = Code(.unsupported)
        /// ``Model/verifyTestVector(atol:rtol:)`` was asked to run a test vector the model's file
        /// does not carry.
        public static let noTestVector = Code(.noTestVector)
        /// The model's outputs for its test vector are not the ones Keras computed, within the
        /// tolerance; the message gives the largest error and where it is.
        public static let testVectorMismatch = Code(.testVectorMismatch)

        /// A short phrase naming the kind of failure.
        public var description: String { kind.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What exactly is wrong, in one line.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - message: What exactly is wrong, in one line.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, on one line.
    public var description: String { message }

    static func inputShape(_ message: String) -> RuntimeError { RuntimeError(.inputShape, message) }
}
