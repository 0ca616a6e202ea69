/// Why a request body was refused: one line naming the first problem, such as
/// `instances[0][3] has 7 features; the model expects 8`. The server answers it with
/// 400 Bad Request and `{"error": message}`.
public struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in one line.
    public var message: String

    /// Creates an error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The body is malformed or does not fit the model (what the server answers with 400).
    static func badRequest(_ message: String) -> RequestError { RequestError(message) }

    /// The message, on one line.
    public var description: String { message }
}
