/// An error reading, writing or validating a model description or a `.lstmw` file.
///
/// ``description`` is a single line fit for a command-line tool; switch on ``code`` to react.
public struct LSTMWError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case invalidModel = "invalid model"
            case notLSTMW = "not a .lstmw file"
            case unsupportedVersion = "unsupported version"
            case truncated = "truncated"
            case checksumMismatch = "checksum mismatch"
            case malformedHeader = "malformed header"
            case limitExceeded = "limit exceeded"
            case io = "I/O error"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The model breaks a rule of ``ModelDescription/validate()``.
        public static let invalidModel = Code(.invalidModel)
        /// The file does not start with the `.lstmw` magic bytes.
        public static let notLSTMW = Code(.notLSTMW)
        /// The file's major version is one this reader does not know.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The file is shorter than its preamble or header says.
        public static let truncated = Code(.truncated)
        /// A stored CRC-32 does not match the bytes it covers.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// The header is not valid JSON, or an entry in it is missing, mistyped, misaligned or out of bounds.
        public static let malformedHeader = Code(.malformedHeader)
        /// A declared size is larger than the reader's ``LSTMWFile/Limits``.
        public static let limitExceeded = Code(.limitExceeded)
        /// The file could not be read or written.
        public static let io = Code(.io)

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

    /// An ``Code/invalidModel`` error.
    public static func invalidModel(_ message: String) -> LSTMWError { LSTMWError(.invalidModel, message) }

    /// The message, on one line.
    public var description: String { message }
}
