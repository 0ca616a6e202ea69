import Foundation
import Hummingbird
import KerasImport
import Logging
import LSTMRuntime
import LSTMW
import ModelServer
import NPY
import Testing

/// The repository's Keras fixtures, converted in-process from their `.h5` files, and the
/// outputs Keras computed for them: the expected predictions never come from the server's code.
enum Fixtures {
    /// The repository root: this file is Server/Tests/ModelServerTests/Support/Fixtures.swift.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func directory(_ name: String) -> URL {
        root.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// The Keras model of fixture `name`, converted as `lstm-convert` converts it.
    static func model(_ name: String) throws -> Model {
        let description = try KerasModelFile(path: directory(name).appendingPathComponent("model.h5").path).modelDescription()
        return try Model(description)
    }

    /// `input.npy` or `expected.npy` of fixture `name`.
    static func array(_ name: String, _ file: String) throws -> NPYArray {
        try NPYFile.read(contentsOf: directory(name).appendingPathComponent(file))
    }

    /// The README example: [4, 20, 8] → LSTM(32, seq) → LSTM(16) → Dense(4, softmax) → [4, 4].
    static let example: ServedModel = {
        do {
            return ServedModel(name: "example", model: try model("example"))
        } catch {
            fatalError("cannot convert Fixtures/example/model.h5: \(error)")
        }
    }()

    /// A model whose output is a sequence: [2, 8, 3] → LSTM(5, no bias, seq) → [2, 8, 5].
    static let sequence: ServedModel = {
        do {
            return ServedModel(name: "seq", model: try model("k3_lstm_no_bias"))
        } catch {
            fatalError("cannot convert Fixtures/k3_lstm_no_bias/model.h5: \(error)")
        }
    }()
}

/// A quiet logger: error responses are logged at info, which would flood the test output.
let testLogger: Logger = {
    var logger = Logger(label: "lstm-serve-tests")
    logger.logLevel = .critical
    return logger
}()

/// The server the tests run, with the example and sequence models.
func makeApp(
    models: [ServedModel] = [Fixtures.example, Fixtures.sequence],
    maxBodyBytes: Int = ServerConfiguration.defaultMaxBodyBytes,
    metrics: ServerMetrics = ServerMetrics()
) throws -> some ApplicationProtocol {
    try buildApplication(
        models: models,
        configuration: ServerConfiguration(host: "127.0.0.1", port: 0, maxBodyBytes: maxBodyBytes, inferenceThreads: 2),
        logger: testLogger,
        metrics: metrics
    )
}

/// `values` nested as `shape`, as a JSON array.
func nestedJSON(_ values: [Float], shape: [Int]) -> String {
    guard let first = shape.first else { return values.first.map { "\($0)" } ?? "null" }
    let stride = values.count / max(first, 1)
    return "[" + (0..<first).map { index in
        shape.count == 1 ? "\(values[index])"
            : nestedJSON(Array(values[(index * stride)..<((index + 1) * stride)]), shape: Array(shape.dropFirst()))
    }.joined(separator: ",") + "]"
}

/// A `{"instances": ...}` body for fixture `name`'s input.
func requestBody(fixture name: String, key: String = "instances") throws -> String {
    let input = try Fixtures.array(name, "input.npy")
    return "{\"\(key)\":\(nestedJSON(input.floatValues(), shape: input.shape))}"
}

/// Flattens nested JSON arrays of numbers, returning the values and the shape.
func flatten(_ value: Any) throws -> (values: [Float], shape: [Int]) {
    if let number = value as? Double { return ([Float(number)], []) }
    if let number = value as? NSNumber { return ([number.floatValue], []) }
    let array = try #require(value as? [Any], "expected a nested array of numbers, got \(value)")
    var values: [Float] = []
    var inner: [Int]?
    for element in array {
        let (elementValues, elementShape) = try flatten(element)
        if let inner { #expect(inner == elementShape, "ragged output") }
        inner = elementShape
        values += elementValues
    }
    return (values, [array.count] + (inner ?? []))
}

/// The top-level JSON object of a response body.
func jsonObject(_ body: ByteBuffer) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    return try #require(object as? [String: Any], "expected a JSON object, got \(String(buffer: body))")
}

/// Checks that `body` holds `key` with the values of fixture `name`'s `expected.npy` (from Keras).
func expectMatchesKeras(_ body: ByteBuffer, fixture name: String, key: String = "predictions",
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
    let expected = try Fixtures.array(name, "expected.npy")
    let object = try jsonObject(body)
    let (values, shape) = try flatten(try #require(object[key], "no \"\(key)\" in \(String(buffer: body))"))
    #expect(shape == expected.shape, sourceLocation: sourceLocation)
    let reference = expected.floatValues()
    #expect(values.count == reference.count, sourceLocation: sourceLocation)
    let worst = zip(values, reference).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst <= 1e-5, "largest difference from Keras: \(worst)", sourceLocation: sourceLocation)
}
