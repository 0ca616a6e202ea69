import Hummingbird
import NIOCore

/// `GET /health` (and `/healthz`): 200 with the served models' names once the server accepts
/// requests. Models are loaded before the server starts, so a server that answers is ready.
struct HealthHandler: Sendable {
    let body: ByteBuffer

    init(registry: ModelRegistry) {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("status", "ok")
        writer.key("models")
        writer.beginArray()
        for name in registry.names { writer.string(name) }
        writer.endArray()
        writer.endObject()
        body = ByteBuffer(bytes: writer.bytes)
    }

    func respond() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}

/// `GET /metrics`: the Prometheus text exposition of ``ServerMetrics``.
struct MetricsHandler: Sendable {
    let metrics: ServerMetrics

    func respond() -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }
}
