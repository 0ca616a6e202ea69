import Foundation
import Hummingbird
import ModelServer
import Testing

/// Every endpoint, over loopback (`app.test`, Support/TestServer.swift).
@Suite struct RouterTests {
    @Test func healthListsTheModels() async throws {
        try await makeApp().test { client in
            for uri in ["/health", "/healthz"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(String(buffer: response.body) == #"{"status":"ok","models":["example","seq"]}"#)
                }
            }
        }
    }

    @Test(arguments: ["/v1/models/example", "/v1/models/example/versions/1"])
    func statusIsTensorFlowServings(uri: String) async throws {
        try await makeApp().test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == """
                    {"model_version_status":[{"version":"1","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}]}
                    """)
            }
        }
    }

    @Test(arguments: ["/v1/models/example/metadata", "/v1/models/example/versions/1/metadata"])
    func metadataHasShapesAndLayers(uri: String) async throws {
        try await makeApp().test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                let object = try jsonObject(response.body)
                let spec = try #require(object["model_spec"] as? [String: Any])
                #expect(spec["name"] as? String == "example")
                #expect(spec["version"] as? String == "1")
                let metadata = try #require(object["metadata"] as? [String: Any])
                let signatures = try #require((metadata["signature_def"] as? [String: Any])?["signature_def"] as? [String: Any])
                let signature = try #require(signatures["serving_default"] as? [String: Any])
                func dims(_ group: String, _ name: String) throws -> [String] {
                    let tensor = try #require((signature[group] as? [String: Any])?[name] as? [String: Any])
                    #expect(tensor["dtype"] as? String == "DT_FLOAT")
                    let dim = try #require((tensor["tensor_shape"] as? [String: Any])?["dim"] as? [[String: Any]])
                    return dim.compactMap { $0["size"] as? String }
                }
                #expect(try dims("inputs", "input") == ["-1", "-1", "8"])
                #expect(try dims("outputs", "output") == ["-1", "4"])

                let lstm = try #require(metadata["lstm"] as? [String: Any])
                #expect(lstm["time_steps"] as? Int == 20)
                let layers = try #require(lstm["layers"] as? [[String: Any]])
                #expect(layers.compactMap { $0["name"] as? String } == ["lstm", "lstm_1", "dense"])
                #expect(layers.compactMap { $0["type"] as? String } == ["LSTM", "LSTM", "Dense"])
                #expect(layers.compactMap { $0["units"] as? Int } == [32, 16, 4])
                #expect(layers.last?["activation"] as? String == "softmax")
                #expect(layers.first?["return_sequences"] as? Bool == true)
            }
        }
    }

    @Test func sequenceModelMetadataKeepsTheTimeAxis() async throws {
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/seq/metadata", method: .get) { response in
                let lstm = try #require((try jsonObject(response.body)["metadata"] as? [String: Any])?["lstm"] as? [String: Any])
                #expect(lstm["output_shape"] as? [Any?] != nil)
                let shape = try #require(lstm["output_shape"] as? [Any])
                #expect(shape.count == 3)
            }
        }
    }

    @Test(arguments: ["/v1/models/example:predict", "/v1/models/example/versions/1:predict", "/v1/models/example%3Apredict"])
    func predictRowFormatMatchesKeras(uri: String) async throws {
        let body = try requestBody(fixture: "example")
        try await makeApp().test { client in
            try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(response.headers[.contentType] == "application/json")
                try expectMatchesKeras(response.body, fixture: "example")
            }
        }
    }

    @Test func predictColumnarFormatAnswersWithOutputs() async throws {
        let body = try requestBody(fixture: "example", key: "inputs")
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                try expectMatchesKeras(response.body, fixture: "example", key: "outputs")
            }
        }
    }

    @Test func predictSequenceOutputNestsTimesteps() async throws {
        let body = try requestBody(fixture: "k3_lstm_no_bias")
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/seq:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                try expectMatchesKeras(response.body, fixture: "k3_lstm_no_bias")
            }
        }
    }

    @Test func predictAcceptsTheDefaultSignatureAndWhitespace() async throws {
        let input = try Fixtures.array("example", "input.npy")
        let body = "\n { \"signature_name\" : \"serving_default\" ,\r\n\t\"instances\" : "
            + nestedJSON(input.floatValues(), shape: input.shape).replacingOccurrences(of: ",", with: " , ") + " } \n"
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                try expectMatchesKeras(response.body, fixture: "example")
            }
        }
    }

    @Test func oneInstanceOfAnyLength() async throws {
        // The runtime runs any sequence length; one instance of 3 timesteps gives one prediction.
        let body = "{\"instances\":[[[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8],[0,0,0,0,0,0,0,0],[1,-1,1,-1,1,-1,1,-1e-3]]]}"
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let (values, shape) = try flatten(try #require(try jsonObject(response.body)["predictions"]))
                #expect(shape == [1, 4])
                #expect(abs(values.reduce(0, +) - 1) < 1e-5)  // softmax
            }
        }
    }

    @Test func metricsCountRequestsByModelAndStatus() async throws {
        let body = try requestBody(fixture: "example")
        try await makeApp().test { client in
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: body))
            try await client.execute(uri: "/v1/models/example:predict", method: .post, body: ByteBuffer(string: "{"))
            try await client.execute(uri: "/v1/models/nope:predict", method: .post, body: ByteBuffer(string: body))
            try await client.execute(uri: "/v1/models/example", method: .get)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                for line in [
                    #"lstm_serve_requests_total{endpoint="predict",model="example",status="200"} 1"#,
                    #"lstm_serve_requests_total{endpoint="predict",model="example",status="400"} 1"#,
                    #"lstm_serve_requests_total{endpoint="predict",model="",status="404"} 1"#,
                    #"lstm_serve_requests_total{endpoint="status",model="example",status="200"} 1"#,
                    #"lstm_serve_predicted_instances_total{model="example"} 4"#,
                    #"lstm_serve_request_duration_seconds_count{endpoint="predict",model="example"} 2"#,
                    #"lstm_serve_inference_duration_seconds_count{model="example"} 1"#,
                ] {
                    #expect(text.contains(line + "\n"), "missing: \(line)\n\(text)")
                }
                #expect(text.contains(#"lstm_serve_request_duration_seconds_bucket{endpoint="predict",model="example",le="0.001"}"#))
                #expect(!text.contains("nope"))
            }
        }
    }
}
