import Dispatch
import Foundation
import Hummingbird
@testable import ModelServer
import Testing

/// The server over a real loopback socket.
@Suite struct LiveTests {
    @Test func servesOverLoopback() async throws {
        let body = try requestBody(fixture: "example")
        try await makeApp().test { client in
            #expect(client.port > 0)
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.server] == "lstm-serve")
            }
            try await client.execute(uri: "/v1/models/example", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""state":"AVAILABLE""#))
            }
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                try expectMatchesKeras(response.body, fixture: "example")
            }
            // An error, then a good request on the same keep-alive connection.
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: "{\"instances\": [[[1,2]]]}")) { response in
                #expect(response.status == .badRequest)
                let message = try jsonObject(response.body)["error"] as? String
                #expect(message == "instances[0][0] has 2 features; the model expects 8")
            }
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                try expectMatchesKeras(response.body, fixture: "example")
            }
        }
    }

    @Test func refusesAnOversizedBodyAndKeepsServing() async throws {
        let body = try requestBody(fixture: "example")
        try await makeApp(maxBodyBytes: body.utf8.count - 1).test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .contentTooLarge)
                let message = try jsonObject(response.body)["error"] as? String
                #expect(message == "the request body is larger than this server's limit of \(body.utf8.count - 1) bytes")
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// Concurrent requests give exactly the bytes serial ones do.
@Suite struct ConcurrencyTests {
    /// The example input, and three single-instance variants with their own answers.
    static func bodies() throws -> [String] {
        let input = try Fixtures.array("example", "input.npy")
        let values = input.floatValues()
        let perInstance = 20 * 8
        return [try requestBody(fixture: "example")] + (0..<3).map { index in
            "{\"instances\":" + nestedJSON(Array(values[(index * perInstance)..<((index + 1) * perInstance)]), shape: [1, 20, 8]) + "}"
        }
    }

    @Test func concurrentRequestsOfFourBodiesMatchSerialOnes() async throws {
        let bodies = try Self.bodies()
        try await makeApp().test { client in
            var serial: [String] = []
            for body in bodies {
                let response = try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body))
                #expect(response.status == .ok)
                serial.append(String(buffer: response.body))
            }
            try expectMatchesKeras(ByteBuffer(string: serial[0]), fixture: "example")
            let results = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
                for request in 0..<96 {
                    group.addTask {
                        let which = request % bodies.count
                        let response = try await client.execute(uri: "/v1/models/example:predict", method: .post,
                                                                body: ByteBuffer(string: bodies[which]))
                        return (which, Int(response.status.code), String(buffer: response.body))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 96)
            for (which, status, body) in results {
                #expect(status == 200)
                #expect(body == serial[which])
            }
        }
    }

    @Test func concurrentConnectionsOverLoopbackMatchSerialOnes() async throws {
        let body = try requestBody(fixture: "example")
        try await makeApp().test { client in
            let serial = try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body))
            #expect(serial.status == .ok)
            try expectMatchesKeras(serial.body, fixture: "example")
            let bodies = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        let response = try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body))
                        #expect(response.status == .ok)
                        return response.body
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(bodies.count == 32)
            #expect(bodies.allSatisfy { $0 == serial.body })
        }
    }
}

/// The inference threads: bounded queue, 503 when full, and shutdown.
@Suite struct InferenceExecutorTests {
    @Test func refusesWorkBeyondItsLimitWith503() async throws {
        let executor = InferenceExecutor(threads: 1, maxPending: 1)
        let gate = DispatchSemaphore(value: 0)
        let first = Task { try await executor.run { () throws(APIError) in gate.wait(); return 1 } }
        while executor.pendingCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        await #expect(throws: APIError.self) {
            _ = try await executor.run { () throws(APIError) in 2 }
        }
        do {
            _ = try await executor.run { () throws(APIError) in 2 }
        } catch {
            #expect(error.status == .serviceUnavailable)
            #expect(error.headers[.retryAfter] == "1")
        }
        gate.signal()
        #expect(try await first.value == 1)
        #expect(try await executor.run { () throws(APIError) in 3 } == 3)
        try await executor.shutdown()
        do {
            _ = try await executor.run { () throws(APIError) in 4 }
            Issue.record("ran after shutdown")
        } catch {
            #expect(error.status == .serviceUnavailable)
        }
    }
}
