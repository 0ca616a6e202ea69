import FileIO
/// An error reading or writing a `.npy` file.
///
/// ``description`` is one line fit for a command-line tool, starting with the file's path when
/// the error came from ``NPYFile/read(contentsOf:)`` or ``NPYFile/write(float32:shape:to:)``;
/// switch on ``code`` to react.
///
/// ```swift
/// do {
///     let array = try NPYFile.read(contentsOf: url)
/// } catch {
///     print(error)   // e.g. "/data/x.npy: big-endian data ('>f4') is not supported; …"
/// }
/// ```
public struct NPYError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case notNPY = "not a .npy file"
            case unsupportedVersion = "unsupported version"
            case malformedHeader = "malformed header"
            case unsupportedDType = "unsupported dtype"
            case unsupportedLayout = "unsupported layout"
            case invalidShape = "invalid shape"
            case truncated = "truncated"
            case trailingData = "trailing data"
            case io = "I/O error"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The bytes do not start with the `.npy` magic string `\x93NUMPY`.
        public static let notNPY = Code(.notNPY)
        /// The format version is not 1.0, 2.0 or 3.0.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The header is not a Python dict literal with exactly the keys `descr`, `fortran_order`
        /// and `shape`, of the right types, or it is longer than the reader's limit.
        public static let malformedHeader = Code(.malformedHeader)
        /// The dtype is not one of `<f4`, `<f8`, `<i4`, `<i8`: big-endian, object, structured, ….
        public static let unsupportedDType = Code(.unsupportedDType)
        /// The array is stored in Fortran (column-major) order.
        public static let unsupportedLayout = Code(.unsupportedLayout)
        /// A shape entry is negative, or the element count or byte size overflows.
        public static let invalidShape = Code(.invalidShape)
        /// The file ends before its header or data does.
        public static let truncated = Code(.truncated)
        /// There are more bytes after the data than the shape accounts for.
        public static let trailingData = Code(.trailingData)
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

    /// The message, on one line.
    public var description: String { message }

    /// The same error with `path: ` in front of its message.
    func at(_ path: String) -> NPYError { NPYError(code, "\(path): \(message)") }
}
