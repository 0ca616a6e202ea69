/// An error building a ``Model`` or running a prediction.
///
/// ``description`` is one line fit for a log or a command-line tool; switch on ``code`` to react.
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
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The ``ModelDescription`` breaks a rule of `ModelDescription.validate()`.
        public static let invalidModel = Code(.invalidModel)
        /// The input's rank, batch, length or feature count is not one the model can run.
        public static let inputShape = Code(.inputShape)
        /// The input holds a NaN or an infinity.
        public static let nonFiniteInput = Code(.nonFiniteInput)

        /// A short phrase naming the kind of failure.
        public var description: String { kind.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What exactly is wrong, in one line.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, on one line.
    public var description: String { message }

    static func inputShape(_ message: String) -> RuntimeError { RuntimeError(.inputShape, message) }
}
