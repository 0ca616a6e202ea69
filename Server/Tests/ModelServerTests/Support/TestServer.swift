import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

extension ApplicationProtocol {
    /// Runs this application on the port its configuration names (the tests' is 0: a free one),
    /// calls `test` with a client for it, then shuts the server down gracefully.
    func test<Value: Sendable>(_ test: (TestClient) async throws -> Value) async throws -> Value {
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let app = PortReportingApplication(base: self, reportPort: reportPort)
        let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { reportPort.finish() }  // a server that fails to start ends the wait below
                try await serviceGroup.run()
            }
            guard let port = await ports.first(where: { _ in true }) else {
                try await group.waitForAll()
                throw TestClientError.connectionClosed
            }
            let client = TestClient(port: port)
            do {
                let value = try await test(client)
                await client.shutdown()
                await serviceGroup.triggerGracefulShutdown()
                return value
            } catch {
                await client.shutdown()
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// An application that is `base` in every way but also reports the port it listens on.
private struct PortReportingApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder

    let base: Base
    let reportPort: AsyncStream<Int>.Continuation

    var responder: Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        if let port = channel.localAddress?.port { reportPort.yield(port) }
    }
}
