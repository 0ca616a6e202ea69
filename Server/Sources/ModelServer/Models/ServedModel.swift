import Foundation
import LSTMRuntime
import LSTMW
import NIOCore
import RequestDecoding

/// A model the server answers for under a name: the runtime ``Model`` plus the status and
/// metadata responses, which never change and so are written once.
///
/// ```swift
/// let served = try ServedModel.load(name: "example", path: "example.lstmw")
/// let app = try buildApplication(models: [served], configuration: .init())
/// ```
public struct ServedModel: Sendable {
    /// The name in URLs: `/v1/models/NAME`.
    public let name: String
    /// The version the server reports; a server holds one version of each model.
    public let version: String
    /// The runtime model; immutable, so concurrent predictions share it.
    public let model: Model
    /// The file the model was read from, if any.
    public let path: String?
    /// `GET /v1/models/NAME`'s body.
    let statusBody: ByteBuffer
    /// `GET /v1/models/NAME/metadata`'s body.
    let metadataBody: ByteBuffer

    /// Model names are kept URL-safe: a letter or digit, then letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 128 else { return false }
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
        }
        return isAlphanumeric(first) && name.unicodeScalars.allSatisfy { isAlphanumeric($0) || "._-".unicodeScalars.contains($0) }
    }

    /// Serves `model` under `name`.
    /// - Precondition: `isValidName(name)`.
    public init(name: String, model: Model, version: String = "1", path: String? = nil) {
        precondition(Self.isValidName(name), "invalid model name \(name)")
        self.name = name
        self.version = version
        self.model = model
        self.path = path
        self.statusBody = ByteBuffer(bytes: Self.status(version: version))
        self.metadataBody = ByteBuffer(bytes: Self.metadata(name: name, version: version, model: model))
    }

    /// Reads a `.lstmw` file and prepares its model for serving.
    ///
    /// - Throws: `LSTMWError` if the file cannot be read or is not a valid `.lstmw` file, or
    ///   `RuntimeError` if its model cannot run or has several inputs or outputs (a Functional
    ///   graph), which the request format cannot carry.
    public static func load(name: String, path: String) throws -> ServedModel {
        let description = try LSTMWFile.read(contentsOf: URL(fileURLWithPath: path))
        let model = try Model(description)
        guard model.inputs.count == 1, model.outputs.count == 1 else {
            throw RuntimeError(.unsupported, "\(path): the model has \(model.inputs.count) inputs and \(model.outputs.count) outputs; lstm-serve serves models of one input and one output")
        }
        return ServedModel(name: name, model: model, path: path)
    }

    /// Runs a `:predict` request body and returns the response body. This is the CPU-bound part
    /// of a request (parse, run, encode); the server runs it on its inference threads.
    ///
    /// - Throws: ``APIError`` (400) if the body is not a valid request for this model.
    func predict(body: ByteBuffer, metrics: ServerMetrics? = nil) throws(APIError) -> ByteBuffer {
        let parsed = body.withUnsafeReadableBytes { bytes in
            Result { () throws(RequestError) in try PredictRequest.parse(bytes, features: model.inputFeatures) }
        }
        let request: PredictRequest
        do {
            request = try parsed.get()
        } catch {
            throw .badRequest(error.message)
        }
        let start = ContinuousClock.now
        let output: Tensor
        do {
            output = try model.predict(request.input)
        } catch {
            // The reader already checked what the runtime checks; this only guards against drift.
            throw .badRequest(error.message)
        }
        metrics?.recordInference(model: name, instances: request.input.shape[0], duration: ContinuousClock.now - start)
        if let bad = output.values.first(where: { !$0.isFinite }) {
            throw .badRequest("the model's output holds \(bad) for this input: its values are too large for float32")
        }
        return ByteBuffer(bytes: Self.encode(output, key: request.format.responseKey))
    }

    /// `{"predictions": [...]}`: the output nested as its shape, one element per instance.
    static func encode(_ output: Tensor, key: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 16 + output.count * 12)
        writer.beginObject()
        writer.key(key)
        var index = 0
        func write(axis: Int) {
            writer.beginArray()
            if axis == output.shape.count - 1 {
                for _ in 0..<output.shape[axis] {
                    writer.number(output.values[index])
                    index += 1
                }
            } else {
                for _ in 0..<output.shape[axis] { write(axis: axis + 1) }
            }
            writer.endArray()
        }
        write(axis: 0)
        writer.endObject()
        return writer.bytes
    }

    /// The body TensorFlow Serving's model status API returns for a loaded model.
    static func status(version: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("model_version_status")
        writer.beginArray()
        writer.beginObject()
        writer.field("version", version)
        writer.field("state", "AVAILABLE")
        writer.key("status")
        writer.beginObject()
        writer.field("error_code", "OK")
        writer.field("error_message", "")
        writer.endObject()
        writer.endObject()
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// The model metadata: TensorFlow Serving's `model_spec` and `signature_def` (input and
    /// output dtypes and shapes, `-1` for any size), then the model's layers under `lstm`.
    static func metadata(name: String, version: String, model: Model) -> [UInt8] {
        let description = model.description
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("model_spec")
        writer.beginObject()
        writer.field("name", name)
        writer.field("signature_name", "")
        writer.field("version", version)
        writer.endObject()

        writer.key("metadata")
        writer.beginObject()
        writer.key("signature_def")
        writer.beginObject()
        writer.key("signature_def")
        writer.beginObject()
        writer.key(PredictRequest.signatureName)
        writer.beginObject()
        // Any batch and, since the runtime runs any sequence length, any number of timesteps.
        writer.key("inputs")
        writer.beginObject()
        tensorInfo(&writer, key: "input", dims: [-1, -1, model.inputFeatures])
        writer.endObject()
        writer.key("outputs")
        writer.beginObject()
        tensorInfo(&writer, key: "output",
                   dims: model.outputIsSequence ? [-1, -1, model.outputFeatures] : [-1, model.outputFeatures])
        writer.endObject()
        writer.field("method_name", "tensorflow/serving/predict")
        writer.endObject()
        writer.endObject()
        writer.endObject()

        writer.key("lstm")
        writer.beginObject()
        writer.key("input_shape")
        shape(&writer, [nil, description.timeSteps, model.inputFeatures])
        writer.key("output_shape")
        shape(&writer, model.outputIsSequence ? [nil, description.timeSteps, model.outputFeatures] : [nil, model.outputFeatures])
        writer.key("time_steps")
        if let steps = description.timeSteps { writer.number(steps) } else { writer.null() }
        writer.field("parameter_count", description.parameterCount)
        writer.key("source")
        writer.beginObject()
        writer.field("keras_version", description.source.kerasVersion)
        writer.field("backend", description.source.backend)
        writer.field("model_name", description.source.modelName)
        writer.field("model_class", description.source.modelClass)
        writer.endObject()
        writer.key("layers")
        writer.beginArray()
        for layer in description.layers {
            writer.beginObject()
            writer.field("name", layer.name)
            writer.field("type", layer.kerasClassName)
            writer.field("input_size", layer.inputSize)
            writer.field("units", layer.outputSize)
            let fields = LayerFields(layer)
            if let activation = fields.activation { writer.field("activation", activation) }
            if let activation = fields.recurrentActivation { writer.field("recurrent_activation", activation) }
            if let returnSequences = fields.returnSequences { writer.field("return_sequences", returnSequences) }
            if let useBias = fields.useBias { writer.field("use_bias", useBias) }
            writer.field("parameter_count", layer.parameterCount)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    private static func tensorInfo(_ writer: inout JSONWriter, key: String, dims: [Int]) {
        writer.key(key)
        writer.beginObject()
        writer.field("dtype", "DT_FLOAT")
        writer.key("tensor_shape")
        writer.beginObject()
        writer.key("dim")
        writer.beginArray()
        for size in dims {
            writer.beginObject()
            writer.field("size", String(size))
            writer.field("name", "")
            writer.endObject()
        }
        writer.endArray()
        writer.field("unknown_rank", false)
        writer.endObject()
        writer.field("name", key)
        writer.endObject()
    }

    private static func shape(_ writer: inout JSONWriter, _ dims: [Int?]) {
        writer.beginArray()
        for dim in dims {
            if let dim { writer.number(dim) } else { writer.null() }
        }
        writer.endArray()
    }
}

/// The options of a layer of any kind, for the metadata.
///
/// `Layer` gains kinds (GRU, SimpleRNN) as the runtime grows, each a struct with the same
/// option names as Keras's layers. Reading them by name keeps the server building and
/// describing every kind, whichever version of the `LSTMW` module it is built against.
struct LayerFields {
    var activation: String?
    var recurrentActivation: String?
    var returnSequences: Bool?
    var useBias: Bool?

    init(_ layer: Layer) {
        guard let options = Mirror(reflecting: layer).children.first?.value else { return }
        for child in Mirror(reflecting: options).children {
            switch child.label {
            case "activation": activation = (child.value as? Activation)?.rawValue
            case "recurrentActivation": recurrentActivation = (child.value as? Activation)?.rawValue
            case "returnSequences": returnSequences = child.value as? Bool
            case "bias": useBias = !Mirror(reflecting: child.value).children.isEmpty  // an Optional: one child if present
            default: break
            }
        }
    }
}
