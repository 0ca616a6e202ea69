import Hummingbird
import Logging

/// Records every request's count and latency in ``ServerMetrics``, labelled by endpoint, model
/// and status, and logs it at `debug`. It sits outside ``ErrorMiddleware``, so it sees the final
/// status of failed requests too.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let registry: ModelRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let duration = ContinuousClock.now - start
        let (endpoint, model) = labels(context)
        metrics.recordRequest(endpoint: endpoint, model: model, status: response.status.code, duration: duration)
        context.logger.debug("request", metadata: [
            "http.method": "\(request.method)", "http.path": "\(request.uri.path)",
            "http.status": "\(response.status.code)", "duration_ms": "\(duration / .milliseconds(1))",
        ])
        return response
    }

    /// The endpoint and the model a request addressed. `model` is empty if the server does not
    /// have the model, so unknown names never become labels.
    private func labels(_ context: Context) -> (endpoint: String, model: String) {
        guard let route = context.endpointPath else { return ("none", "") }
        switch route {
        case "/health", "/healthz": return ("health", "")
        case "/metrics": return ("metrics", "")
        default: break
        }
        guard route.hasPrefix("/v1/models/") else { return ("none", "") }
        let name = ModelPathSegment(context.parameters.get("name") ?? "").name
        let model = registry.contains(name) ? name : ""
        if route.hasSuffix("/metadata") { return ("metadata", model) }
        let last = ModelPathSegment(context.parameters.get(route.hasSuffix("{version}") ? "version" : "name") ?? "")
        switch last.verb {
        case nil: return ("status", model)
        case "predict": return ("predict", model)
        default: return ("other", model)
        }
    }
}
