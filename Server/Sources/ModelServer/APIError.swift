import Hummingbird
import NIOCore

/// An error the server answers with: an HTTP status and a one-line message, sent as
/// `{"error": "message"}`, the body TensorFlow Serving sends on failure.
///
/// ```swift
/// throw APIError.badRequest("instances[0][3] has 7 features; the model expects 8")
/// // HTTP/1.1 400 Bad Request
/// // {"error":"instances[0][3] has 7 features; the model expects 8"}
/// ```
public struct APIError: Error, Sendable, Equatable, HTTPResponseError, CustomStringConvertible {
    /// The response's status.
    public var status: HTTPResponse.Status
    /// What is wrong, in one line.
    public var message: String
    /// Extra response headers, such as `Allow` or `Retry-After`.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// 400: the request is malformed or does not fit the model.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// 404: no such model, version or route.
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The JSON response for this error.
    public func response() -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error")
        writer.string(message)
        writer.endObject()
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }
}
