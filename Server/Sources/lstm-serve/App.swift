import ArgumentParser
import Hummingbird
import Logging
import Metrics
import ModelServer
import NIOCore

/// `lstm-serve`: serves `.lstmw` models over TensorFlow Serving's REST API until SIGTERM or SIGINT.
@main
struct LSTMServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm-serve",
        abstract: "Serve .lstmw models over TensorFlow Serving's REST API.",
        discussion: """
            Endpoints: POST /v1/models/NAME:predict, GET /v1/models/NAME, GET /v1/models/NAME/metadata, \
            GET /health, GET /metrics. Stops gracefully on SIGTERM or SIGINT: requests in flight finish.
            """
    )

    @Option(name: .customLong("model"), help: ArgumentHelp(
        "A model to serve, as NAME=PATH to a .lstmw file (repeat for more).", valueName: "NAME=PATH"))
    var models: [ModelArgument]

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free port).")
    var port = 8080

    @Option(help: "The largest request body accepted, in bytes; larger ones get 413.")
    var maxBodyBytes = ServerConfiguration.defaultMaxBodyBytes

    @Option(help: "Threads that run predictions (by default one per core).")
    var inferenceThreads: Int = System.coreCount

    @Option(help: "The most predictions running or queued at once; more get 503.")
    var maxPendingPredictions = ServerConfiguration.defaultMaxPendingPredictions

    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("Give at least one --model NAME=PATH.") }
        var names = Set<String>()
        for model in models where !names.insert(model.name).inserted {
            throw ValidationError("Two models are named '\(model.name)'.")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard maxBodyBytes >= 1 else { throw ValidationError("--max-body-bytes must be at least 1.") }
        guard inferenceThreads >= 1 else { throw ValidationError("--inference-threads must be at least 1.") }
        guard maxPendingPredictions >= 1 else { throw ValidationError("--max-pending-predictions must be at least 1.") }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lstm-serve")
        let metrics = ServerMetrics()
        MetricsSystem.bootstrap(metrics.factory)

        var served: [ServedModel] = []
        for argument in models {
            let start = ContinuousClock.now
            do {
                served.append(try ServedModel.load(name: argument.name, path: argument.path))
            } catch {
                var metadata: Logger.Metadata = ["model": "\(argument.name)", "path": "\(argument.path)", "error": "\(error)"]
                if argument.path.hasSuffix(".h5") || argument.path.hasSuffix(".keras") {
                    metadata["hint"] = "convert a Keras model first: lstm-convert \(argument.path) \(argument.name).lstmw"
                }
                logger.critical("cannot load model", metadata: metadata)
                throw ExitCode.failure
            }
            let model = served[served.count - 1].model
            logger.info("model loaded", metadata: [
                "model": "\(argument.name)", "path": "\(argument.path)",
                "input_features": "\(model.inputFeatures)", "output_features": "\(model.outputFeatures)",
                "parameters": "\(model.description.parameterCount)",
                "load_ms": "\((ContinuousClock.now - start) / .milliseconds(1))",
            ])
        }
        let app = try buildApplication(
            models: served,
            configuration: ServerConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes,
                                               inferenceThreads: inferenceThreads,
                                               maxPendingPredictions: maxPendingPredictions),
            logger: logger,
            metrics: metrics
        )
        try await app.runService()
        logger.info("stopped")
    }
}

/// `--model NAME=PATH`.
struct ModelArgument: ExpressibleByArgument {
    var name: String
    var path: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        name = String(argument[..<equals])
        path = String(argument[argument.index(after: equals)...])
        guard ServedModel.isValidName(name), !path.isEmpty else { return nil }
    }

    static var defaultCompletionKind: CompletionKind { .file(extensions: ["lstmw"]) }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
