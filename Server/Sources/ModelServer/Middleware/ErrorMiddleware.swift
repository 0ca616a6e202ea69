import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws into a JSON response, `{"error": "..."}`, so a client never
/// sees Hummingbird's own error format or an empty 500. Client errors (4xx) are logged at
/// `info` with their message, server errors at `error`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let error: APIError
        do {
            return try await next(request, context)
        } catch let apiError as APIError {
            error = apiError
        } catch let httpError as HTTPError {
            error = APIError(httpError.status, httpError.body ?? Self.message(for: httpError.status, request: request),
                             headers: httpError.headers)
        } catch is NIOTooManyBytesError {
            error = APIError(.contentTooLarge, "the request body is too large")
        } catch let responseError as any HTTPResponseError {
            error = APIError(responseError.status, Self.message(for: responseError.status, request: request))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, "internal server error").response()
        }
        let level: Logger.Level = error.status.code >= 500 ? .error : .info
        context.logger.log(level: level, "request rejected", metadata: [
            "http.method": "\(request.method)", "http.path": "\(request.uri.path)",
            "http.status": "\(error.status.code)", "error": "\(error.message)",
        ])
        return error.response()
    }

    static func message(for status: HTTPResponse.Status, request: Request) -> String {
        switch status {
        case .notFound:
            "no route for \(request.method) \(request.uri.path); the server answers GET /v1/models/NAME, "
                + "GET /v1/models/NAME/metadata, POST /v1/models/NAME:predict, GET /health and GET /metrics"
        case .methodNotAllowed:
            "\(request.method) is not allowed on \(request.uri.path)"
        default:
            status.reasonPhrase
        }
    }
}
