import Foundation
import Hummingbird
import ModelServer
import Testing

/// One bad request and what the server must answer.
struct BadRequest: CustomTestStringConvertible, Sendable {
    var name: String
    var uri = "/v1/models/example:predict"
    var method: HTTPRequest.Method = .post
    var body: String
    var status: HTTPResponse.Status = .badRequest
    /// A phrase the `error` message must contain.
    var says: String

    var testDescription: String { name }
}

/// `steps` timesteps of `features` copies of `value`, as one [time][features] instance.
private func instance(steps: Int = 2, features: Int = 8, value: String = "0.5") -> String {
    "[" + Array(repeating: "[" + Array(repeating: value, count: features).joined(separator: ",") + "]", count: steps)
        .joined(separator: ",") + "]"
}

/// An instance whose feature at [step 1][feature 3] is `value`.
private func instance(badValue value: String) -> String {
    "[[0,0,0,0,0,0,0,0],[0,0,0,\(value),0,0,0,0]]"
}

private let good = instance()

/// Every class of bad request gets a 4xx with `{"error": "..."}` saying what is wrong.
@Suite struct ErrorTests {
    static let cases: [BadRequest] = [
        // Malformed JSON.
        BadRequest(name: "empty body", body: "", says: "the request body is empty"),
        BadRequest(name: "truncated", body: #"{"instances": [[[1,2"#, says: "malformed JSON: unexpected end"),
        BadRequest(name: "trailing data", body: "{\"instances\": [\(good)]} x", says: "unexpected data after the JSON object"),
        BadRequest(name: "unquoted key", body: #"{instances: 1}"#, says: "malformed JSON at byte 1"),
        BadRequest(name: "missing comma", body: #"{"instances": [[[0 0]]]}"#, says: "malformed JSON at byte 19: expected ',' or ']'"),
        BadRequest(name: "leading zero", body: #"{"instances": [[[01]]]}"#, says: "leading zero"),
        BadRequest(name: "bare dot", body: #"{"instances": [[[1.]]]}"#, says: "expected a digit after '.'"),
        BadRequest(name: "misspelt literal", body: #"{"instances": [[[nul]]]}"#, says: "malformed JSON"),
        BadRequest(name: "control character in a key", body: "{\"in\nstances\": 1}", says: "control character in a string"),
        BadRequest(name: "bad escape", body: #"{"in\stances": 1}"#, says: "invalid escape"),
        BadRequest(name: "not an object", body: "[1, 2]", says: "must be a JSON object with \"instances\" or \"inputs\", got an array"),
        // Fields.
        BadRequest(name: "no instances", body: "{}", says: "the request needs \"instances\""),
        BadRequest(name: "unknown field", body: "{\"instance\": [\(good)]}", says: "unknown field \"instance\""),
        BadRequest(name: "instances and inputs", body: "{\"instances\": [\(good)], \"inputs\": [\(good)]}", says: "both \"instances\" and \"inputs\""),
        BadRequest(name: "duplicate instances", body: "{\"instances\": [\(good)], \"instances\": [\(good)]}", says: "appears twice"),
        BadRequest(name: "unknown signature", body: "{\"signature_name\": \"classify\", \"instances\": [\(good)]}", says: "unknown signature_name \"classify\""),
        BadRequest(name: "signature not a string", body: "{\"signature_name\": 1, \"instances\": [\(good)]}", says: "\"signature_name\" must be a string"),
        // Shapes.
        BadRequest(name: "ragged timesteps", body: "{\"instances\": [\(instance(steps: 2)), \(instance(steps: 3))]}",
                   says: "instances[1] has 3 timesteps but instances[0] has 2"),
        BadRequest(name: "too few features", body: "{\"instances\": [\(instance(features: 7))]}",
                   says: "instances[0][0] has 7 features; the model expects 8"),
        BadRequest(name: "too many features", body: "{\"instances\": [\(instance(features: 9))]}",
                   says: "instances[0][0] has more than 8 features"),
        BadRequest(name: "ragged features", body: #"{"instances": [[[0,0,0,0,0,0,0,0],[0,0,0]]]}"#,
                   says: "instances[0][1] has 3 features; the model expects 8"),
        BadRequest(name: "instance without time axis", body: #"{"instances": [[0,0,0,0,0,0,0,0]]}"#,
                   says: "instances[0][0] is a number, expected a timestep: an array of 8 features"),
        BadRequest(name: "rank 4", body: #"{"instances": [[[[0]]]]}"#, says: "instances[0][0][0] is an array, expected a number"),
        BadRequest(name: "empty instances", body: #"{"instances": []}"#, says: "instances is empty"),
        BadRequest(name: "empty instance", body: #"{"instances": [[]]}"#, says: "instances[0] is empty"),
        BadRequest(name: "instances not an array", body: #"{"instances": 5}"#, says: "instances is a number, expected an array of instances"),
        BadRequest(name: "columnar ragged", body: "{\"inputs\": [\(instance(steps: 1)), \(instance(steps: 2))]}",
                   says: "inputs[1] has 2 timesteps but inputs[0] has 1"),
        BadRequest(name: "columnar rank 2", body: #"{"inputs": [[0,0,0,0,0,0,0,0]]}"#, says: "inputs[0][0] is a number"),
        // Types.
        BadRequest(name: "string", body: "{\"instances\": [\(instance(badValue: "\"0.5\""))]}", says: "instances[0][1][3] is a string, expected a number"),
        BadRequest(name: "null", body: "{\"instances\": [\(instance(badValue: "null"))]}", says: "instances[0][1][3] is null, expected a number"),
        BadRequest(name: "boolean", body: "{\"instances\": [\(instance(badValue: "true"))]}", says: "instances[0][1][3] is a boolean, expected a number"),
        BadRequest(name: "object", body: "{\"instances\": [\(instance(badValue: "{}"))]}", says: "instances[0][1][3] is an object, expected a number"),
        // Non-finite numbers.
        BadRequest(name: "NaN", body: "{\"instances\": [\(instance(badValue: "NaN"))]}", says: "instances[0][1][3] is NaN; inputs must be finite"),
        BadRequest(name: "Infinity", body: "{\"instances\": [\(instance(badValue: "Infinity"))]}", says: "instances[0][1][3] is Infinity"),
        BadRequest(name: "-Infinity", body: "{\"instances\": [\(instance(badValue: "-Infinity"))]}", says: "instances[0][1][3] is -Infinity"),
        BadRequest(name: "beyond double", body: "{\"instances\": [\(instance(badValue: "-1e999"))]}", says: "instances[0][1][3] is -1e999, which is not finite"),
        BadRequest(name: "beyond float32", body: "{\"instances\": [\(instance(badValue: "1e39"))]}", says: "instances[0][1][3] is 1e39, beyond float32's range"),
        // Models, versions, verbs, methods, routes.
        BadRequest(name: "unknown model", uri: "/v1/models/nope:predict", body: "{\"instances\": [\(good)]}", status: .notFound,
                   says: "no model named \"nope\"; this server has \"example\", \"seq\""),
        BadRequest(name: "unknown model status", uri: "/v1/models/nope", method: .get, body: "", status: .notFound, says: "no model named \"nope\""),
        BadRequest(name: "unknown model metadata", uri: "/v1/models/nope/metadata", method: .get, body: "", status: .notFound, says: "no model named \"nope\""),
        BadRequest(name: "unknown version", uri: "/v1/models/example/versions/2:predict", body: "{\"instances\": [\(good)]}",
                   status: .notFound, says: "model \"example\" has no version \"2\""),
        BadRequest(name: "unsupported verb", uri: "/v1/models/example:classify", body: "{\"instances\": [\(good)]}",
                   says: "unsupported verb \":classify\""),
        BadRequest(name: "GET predict", uri: "/v1/models/example:predict", method: .get, body: "", status: .methodNotAllowed,
                   says: ":predict takes POST"),
        BadRequest(name: "POST status", uri: "/v1/models/example", body: "{\"instances\": [\(good)]}", status: .methodNotAllowed,
                   says: "the model status takes GET"),
        BadRequest(name: "unknown route", uri: "/v2/predict", body: "{}", status: .notFound, says: "no route for POST /v2/predict"),
        BadRequest(name: "DELETE health", uri: "/health", method: .delete, body: "", status: .notFound, says: "no route for DELETE /health"),
    ]

    @Test(arguments: cases)
    func answersWithAJSONError(_ bad: BadRequest) async throws {
        try await makeApp().test { client in
            try await client.execute(uri: bad.uri, method: bad.method, body: bad.body.isEmpty ? nil : ByteBuffer(string: bad.body)) { response in
                #expect(response.status == bad.status, "\(String(buffer: response.body))")
                #expect(response.headers[.contentType] == "application/json")
                let object = try jsonObject(response.body)
                #expect(object.count == 1)
                let message = try #require(object["error"] as? String)
                #expect(message.contains(bad.says), "message: \(message)")
            }
        }
    }

    @Test func methodNotAllowedNamesTheAllowedMethod() async throws {
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let body = try requestBody(fixture: "example")
        try await makeApp(maxBodyBytes: 1000).test { client in
            // Content-Length over the limit: refused before the body is read.
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .contentTooLarge)
                let message = try #require(try jsonObject(response.body)["error"] as? String)
                #expect(message == "the request body is larger than this server's limit of 1000 bytes")
            }
            // A body under the limit still works.
            try await client.execute(uri: "/v1/models/example:predict", method: .post,
                                     body: ByteBuffer(string: "{\"instances\": [\(good)]}")) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func bodyOverTheLimitWithoutContentLengthIs413() async throws {
        // A chunked body (no Content-Length) is cut off as it arrives.
        let big = "{\"instances\": [" + Array(repeating: good, count: 200).joined(separator: ",") + "]}"
        try await makeApp(maxBodyBytes: 1000).test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post,
                                     headers: [.transferEncoding: "chunked"], body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("larger than this server's limit of 1000 bytes"))
            }
        }
    }

    @Test func invalidUTF8IsMalformed() async throws {
        var buffer = ByteBuffer(string: "{\"in")
        buffer.writeBytes([0xFF, 0xFE])
        buffer.writeString("\": 1}")
        let body = buffer
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: body) { response in
                #expect(response.status == .badRequest)
                let message = try jsonObject(response.body)["error"] as? String
                #expect(message == "malformed JSON: the string ending at byte 6 holds invalid UTF-8")
            }
        }
    }

    @Test func escapedKeysAreDecoded() async throws {
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post,
                                     body: ByteBuffer(string: "{\"\\u0069nstances\": [\(good)]}")) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
        }
    }

    @Test func hugeInputsGiveAnAnswerOrA400() async throws {
        // Inputs near float32's limit can overflow a layer; the answer is then a 400, never a 500
        // or a response that is not JSON.
        try await makeApp().test { client in
            for body in ["{\"instances\": [\(instance(steps: 3, value: "3e38"))]}",
                         "{\"instances\": [[[3e38,-3e38,3e38,-3e38,3e38,-3e38,3e38,-3e38]]]}"] {
                try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok || response.status == .badRequest)
                    _ = try jsonObject(response.body)
                }
            }
        }
    }
}
