import CoreMetrics
import Metrics
import Prometheus

/// The server's Prometheus metrics, recorded through swift-metrics into a registry of its own
/// (so several servers in one process, as in tests, keep separate counts) and served as text
/// at `GET /metrics`.
///
/// | metric | labels |
/// | --- | --- |
/// | `lstm_serve_requests_total` (counter) | `endpoint`, `model`, `status` |
/// | `lstm_serve_request_duration_seconds` (histogram) | `endpoint`, `model` |
/// | `lstm_serve_inference_duration_seconds` (histogram) | `model` |
/// | `lstm_serve_predicted_instances_total` (counter) | `model` |
///
/// `model` is empty for requests that name no model or a model the server does not have, so
/// clients cannot grow the label set.
public struct ServerMetrics: Sendable {
    /// The registry `GET /metrics` prints.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into ``registry``; an executable may also bootstrap
    /// `MetricsSystem` with it.
    public let factory: PrometheusMetricsFactory

    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
    }

    /// Counts one answered request and records how long it took.
    func recordRequest(endpoint: String, model: String, status: Int, duration: Duration) {
        Counter(label: "lstm_serve_requests_total",
                dimensions: [("endpoint", endpoint), ("model", model), ("status", String(status))],
                factory: factory).increment()
        Timer(label: "lstm_serve_request_duration_seconds",
              dimensions: [("endpoint", endpoint), ("model", model)],
              factory: factory).record(duration: duration)
    }

    /// Records one model run: its batch size and how long the runtime took.
    func recordInference(model: String, instances: Int, duration: Duration) {
        Counter(label: "lstm_serve_predicted_instances_total", dimensions: [("model", model)], factory: factory)
            .increment(by: instances)
        Timer(label: "lstm_serve_inference_duration_seconds", dimensions: [("model", model)], factory: factory)
            .record(duration: duration)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
