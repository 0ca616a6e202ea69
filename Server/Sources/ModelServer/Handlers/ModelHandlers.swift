import Hummingbird
import NIOCore

/// The TensorFlow Serving endpoints of one server:
///
/// - `GET /v1/models/NAME[/versions/V]`: the model's status.
/// - `GET /v1/models/NAME[/versions/V]/metadata`: its signature and layers.
/// - `POST /v1/models/NAME[/versions/V]:predict`: a prediction.
struct ModelHandlers: Sendable {
    let registry: ModelRegistry
    let executor: InferenceExecutor
    let metrics: ServerMetrics
    let maxBodyBytes: Int

    /// `GET /v1/models/{name}` and `GET /v1/models/{name}/versions/{version}`.
    func get(_ request: Request, name: String, version: String?) async throws(APIError) -> Response {
        let (model, verb) = try resolve(name: name, version: version)
        guard verb == nil else {
            guard verb == "predict" else { throw unsupportedVerb(verb!) }
            throw APIError(.methodNotAllowed, ":predict takes POST with a JSON body, not \(request.method)",
                           headers: [.allow: "POST"])
        }
        return json(model.statusBody)
    }

    /// `POST /v1/models/{name}:predict` and `POST /v1/models/{name}/versions/{version}:predict`.
    func post(_ request: Request, name: String, version: String?) async throws(APIError) -> Response {
        let (model, verb) = try resolve(name: name, version: version)
        guard verb == "predict" else {
            guard let verb else {
                throw APIError(.methodNotAllowed, "the model status takes GET; to predict, POST to \(request.uri.path):predict",
                               headers: [.allow: "GET"])
            }
            throw unsupportedVerb(verb)
        }
        let body = try await collectBody(request)
        let metrics = self.metrics
        let output = try await executor.run { () throws(APIError) in
            try model.predict(body: body, metrics: metrics)
        }
        return json(output)
    }

    /// `GET /v1/models/{name}/metadata` and `GET /v1/models/{name}/versions/{version}/metadata`.
    func metadata(name: String, version: String?) throws(APIError) -> Response {
        json(try registry.model(named: name, version: version).metadataBody)
    }

    /// The model a URL names and the verb after its last segment's colon, if any.
    private func resolve(name: String, version: String?) throws(APIError) -> (ServedModel, verb: String?) {
        if let version {
            let segment = ModelPathSegment(version)
            return (try registry.model(named: ModelPathSegment(name).name, version: segment.name), segment.verb)
        }
        let segment = ModelPathSegment(name)
        return (try registry.model(named: segment.name), segment.verb)
    }

    private func unsupportedVerb(_ verb: String) -> APIError {
        .badRequest("unsupported verb \":\(verb)\"; this server implements only :predict")
    }

    /// The body, refusing it with 413 once it exceeds `maxBodyBytes` (at once if Content-Length says so).
    private func collectBody(_ request: Request) async throws(APIError) -> ByteBuffer {
        let tooLarge = APIError(.contentTooLarge, "the request body is larger than this server's limit of \(maxBodyBytes) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            throw tooLarge
        }
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw .badRequest("the request body could not be read: \(error)")
        }
    }

    private func json(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
