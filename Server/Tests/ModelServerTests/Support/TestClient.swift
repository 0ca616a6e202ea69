import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// What a test sees of a response: the status, the headers and the whole body.
struct TestResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// The tests' HTTP/1.1 client for one server on the loopback interface.
///
/// Requests reuse idle keep-alive connections one at a time, so that serial requests share one
/// connection, and open another connection for each request sent while all are busy, so that
/// concurrent requests really arrive concurrently. Each request fails after 30 seconds without
/// a whole response. Built on SwiftNIO's HTTP/1 codec, which the server's own stack already
/// compiles: the tests need no HTTP client package (HummingbirdTesting would bring
/// async-http-client, swift-nio-ssl with BoringSSL and swift-nio-http2 into every build).
final class TestClient: Sendable {
    /// The server's port.
    let port: Int
    private let idle = Mutex<[any Channel]>([])
    private let opened = Mutex<[any Channel]>([])

    init(port: Int) { self.port = port }

    /// Sends one request and waits for its whole response.
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:],
                 body: ByteBuffer? = nil) async throws -> TestResponse {
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method.rawValue), uri: uri)
        head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
        for field in headers { head.headers.add(name: field.name.rawName, value: field.value) }
        if let body, headers[.transferEncoding] == nil {
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        if let reused = idle.withLock({ $0.popLast() }) {
            // An idle connection the server has just closed fails before any response: retry once.
            if let response = try? await send(head, body, on: reused) { return response }
        }
        return try await send(head, body, on: try await connect())
    }

    /// Sends one request, then checks its response with `check`.
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                 _ check: (TestResponse) async throws -> Void) async throws {
        try await check(try await execute(uri: uri, method: method, headers: headers, body: body))
    }

    /// Closes every connection.
    func shutdown() async {
        for channel in opened.withLock({ $0 }) { try? await channel.close() }
    }

    private func connect() async throws -> any Channel {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        opened.withLock { $0.append(channel) }
        return channel
    }

    private func send(_ head: HTTPRequestHead, _ body: ByteBuffer?, on channel: any Channel) async throws -> TestResponse {
        let promise = channel.eventLoop.makePromise(of: TestResponse.self)
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(30)) {
            promise.fail(TestClientError.timedOut)
        }
        promise.futureResult.whenComplete { _ in timeout.cancel() }
        channel.writeAndFlush(PendingRequest(head: head, body: body, response: promise)).whenFailure { promise.fail($0) }
        let response = try await promise.futureResult.get()
        if channel.isActive && response.headers[.connection]?.lowercased() != "close" {
            idle.withLock { $0.append(channel) }
        } else {
            try? await channel.close()
        }
        return response
    }
}

enum TestClientError: Error {
    case timedOut
    case connectionClosed
}

/// A request and the promise of its response, written to a connection's pipeline.
private struct PendingRequest: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer?
    let response: EventLoopPromise<TestResponse>
}

/// Writes requests and completes their promises, in order, as whole responses arrive.
private final class ResponseCollector: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var waiting = CircularBuffer<EventLoopPromise<TestResponse>>()
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting.append(request.response)
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head, !waiting.isEmpty else { return }
            var headers = HTTPFields()
            for (name, value) in head.headers {
                if let name = HTTPFields.Element.Name(name) { headers.append(HTTPFields.Element(name: name, value: value)) }
            }
            waiting.removeFirst().succeed(TestResponse(status: .init(code: Int(head.status.code)), headers: headers, body: body))
            self.head = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(TestClientError.connectionClosed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
