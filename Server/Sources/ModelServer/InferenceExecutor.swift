import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Runs the CPU-bound part of predictions (parse, run, encode) on a fixed set of threads of its
/// own, so a long prediction never holds a thread of Swift's cooperative pool or a SwiftNIO event
/// loop, and at most `threads` predictions run at once. Work beyond that waits in a queue; once
/// `maxPending` predictions are running or waiting, new ones are refused with 503.
///
/// It is a `Service`: add it to the application's services so that, on shutdown, its threads
/// stop after the HTTP server has finished the requests it was serving.
public final class InferenceExecutor: Service, Sendable {
    /// The number of threads.
    public let threads: Int
    /// The most predictions running or queued at once.
    public let maxPending: Int
    private let pool: NIOThreadPool
    private let pending = Atomic<Int>(0)

    /// Starts `threads` threads.
    /// - Precondition: `threads >= 1` and `maxPending >= 1`.
    public init(threads: Int, maxPending: Int) {
        precondition(threads >= 1 && maxPending >= 1, "threads and maxPending must be at least 1")
        self.threads = threads
        self.maxPending = maxPending
        self.pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Predictions running or waiting now.
    public var pendingCount: Int { pending.load(ordering: .relaxed) }

    /// Waits for graceful shutdown, then stops the threads once queued work has finished.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Stops the threads once queued work has finished; later predictions get 503. ``run()``
    /// calls this on graceful shutdown; call it yourself only if the executor is not a service.
    public func shutdown() async throws {
        try await pool.shutdownGracefully()
    }

    /// Runs `work` on one of the executor's threads.
    ///
    /// - Throws: ``APIError`` 503 if `maxPending` predictions are already pending or the executor
    ///   has shut down; otherwise whatever `work` throws.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(APIError) -> T) async throws(APIError) -> T {
        let before = pending.add(1, ordering: .relaxed).oldValue
        defer { pending.subtract(1, ordering: .relaxed) }
        guard before < maxPending else {
            throw APIError(.serviceUnavailable, "the server is busy: \(maxPending) predictions are already running or queued; retry later",
                           headers: [.retryAfter: "1"])
        }
        let result: Result<T, APIError>
        do {
            result = try await pool.runIfActive { Result(catching: work) }
        } catch is CancellationError {
            throw APIError(.serviceUnavailable, "the request was cancelled before its prediction ran")
        } catch {
            throw APIError(.serviceUnavailable, "the server is shutting down")
        }
        return try result.get()
    }
}
