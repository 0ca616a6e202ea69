import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// How a server listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// The address to bind; `127.0.0.1` keeps the server private to the machine.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The largest request body accepted; larger ones get 413.
    public var maxBodyBytes: Int
    /// Threads that run predictions: at most this many run at once.
    public var inferenceThreads: Int
    /// The most predictions running or queued at once; more get 503.
    public var maxPendingPredictions: Int

    /// 4 MiB: about 400,000 input numbers.
    public static let defaultMaxBodyBytes = 4 * 1024 * 1024
    public static let defaultMaxPendingPredictions = 256

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = ServerConfiguration.defaultMaxBodyBytes,
        inferenceThreads: Int = System.coreCount,
        maxPendingPredictions: Int = ServerConfiguration.defaultMaxPendingPredictions
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.inferenceThreads = inferenceThreads
        self.maxPendingPredictions = maxPendingPredictions
    }
}

/// Builds the server: the router, its inference threads and its HTTP configuration.
///
/// ```swift
/// let model = try ServedModel.load(name: "example", path: "example.lstmw")
/// let app = try buildApplication(models: [model], configuration: ServerConfiguration(port: 8080))
/// try await app.runService()   // until SIGTERM or SIGINT
/// ```
///
/// - Throws: ``APIError`` if two models share a name.
public func buildApplication(
    models: [ServedModel],
    configuration: ServerConfiguration = ServerConfiguration(),
    logger: Logger = Logger(label: "lstm-serve"),
    metrics: ServerMetrics = ServerMetrics()
) throws -> some ApplicationProtocol {
    let registry = try ModelRegistry(models)
    let executor = InferenceExecutor(threads: configuration.inferenceThreads,
                                     maxPending: configuration.maxPendingPredictions)
    let router = buildRouter(registry: registry, executor: executor, metrics: metrics,
                             maxBodyBytes: configuration.maxBodyBytes)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lstm-serve"),
        services: [executor],
        logger: logger
    )
}

/// The routes. Each model URL's last segment is captured whole and split on its colon by the
/// handlers (see ``ModelPathSegment``), since `{name}:predict` cannot be a route of its own.
public func buildRouter(
    registry: ModelRegistry,
    executor: InferenceExecutor,
    metrics: ServerMetrics,
    maxBodyBytes: Int = ServerConfiguration.defaultMaxBodyBytes
) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: AccessMiddleware(metrics: metrics, registry: registry))
    router.add(middleware: ErrorMiddleware())

    let health = HealthHandler(registry: registry)
    router.get("/health") { _, _ in health.respond() }
    router.get("/healthz") { _, _ in health.respond() }
    let metricsHandler = MetricsHandler(metrics: metrics)
    router.get("/metrics") { _, _ in metricsHandler.respond() }

    let models = ModelHandlers(registry: registry, executor: executor, metrics: metrics, maxBodyBytes: maxBodyBytes)
    router.get("/v1/models/:name") { request, context in
        try await models.get(request, name: context.parameters.require("name"), version: nil)
    }
    router.post("/v1/models/:name") { request, context in
        try await models.post(request, name: context.parameters.require("name"), version: nil)
    }
    router.get("/v1/models/:name/metadata") { _, context in
        try models.metadata(name: context.parameters.require("name"), version: nil)
    }
    router.get("/v1/models/:name/versions/:version") { request, context in
        try await models.get(request, name: context.parameters.require("name"),
                             version: context.parameters.require("version"))
    }
    router.post("/v1/models/:name/versions/:version") { request, context in
        try await models.post(request, name: context.parameters.require("name"),
                              version: context.parameters.require("version"))
    }
    router.get("/v1/models/:name/versions/:version/metadata") { _, context in
        try models.metadata(name: context.parameters.require("name"),
                            version: context.parameters.require("version"))
    }
    return router
}
