import ArgumentParser
import Foundation
import LSTMRuntime
import LSTMW
import NPY

/// The model and input that `run` and `verify` share.
struct ModelInputOptions: ParsableArguments {
    @Argument(help: "The model: a .lstmw file, or a Keras model (.h5, .keras, or weights with --config) converted on the fly.")
    var model: String

    @Option(name: .shortAndLong, help: "The input: a [batch, time, features] float32 or float64 .npy file, or [batch, time] token ids (int32, int64 or whole floats) for a model that starts with an Embedding. A model with several inputs takes one --input per input, in the model's order or as NAME=PATH.")
    var input: [String] = []

    @Option(help: "For a weights-only Keras file: its architecture, the JSON model.to_json() wrote.")
    var config: String?

    /// Loads the model and its inputs, checking that they fit together.
    func load() throws -> (model: Model, inputs: [Tensor]) {
        guard !input.isEmpty else { throw ValidationError("Missing expected argument '--input <input>'") }
        let runtime = try Model(loadModelDescription(path: model, config: config))
        let paths = try assign(input, to: runtime.inputs.map(\.name), what: "--input")
        let inputs = try zip(paths, zip(runtime.inputs, runtime.inputEmbeddings)).map { path, input in
            try readModelInput(path: path, spec: input.0, embedding: input.1)
        }
        return (runtime, inputs)
    }
}

/// Puts each `PATH` or `NAME=PATH` of `values` in the slot of `names` it belongs to: named ones
/// to their name, the others in order to the slots left. Every slot must get exactly one.
func assign(_ values: [String], to names: [String], what option: String) throws -> [String] {
    var slots = [String?](repeating: nil, count: names.count)
    var positional: [String] = []
    for value in values {
        if let equals = value.firstIndex(of: "="), let slot = names.firstIndex(of: String(value[..<equals])) {
            guard slots[slot] == nil else { throw CommandFailure("\(option) names \(names[slot].quotedForMessage) twice") }
            slots[slot] = String(value[value.index(after: equals)...])
        } else {
            positional.append(value)
        }
    }
    for value in positional {
        guard let slot = slots.firstIndex(where: { $0 == nil }) else {
            throw CommandFailure("\(values.count) \(option) given; the model has \(names.count): \(names.map(\.quotedForMessage).joined(separator: ", "))")
        }
        slots[slot] = value
    }
    let missing = zip(names, slots).filter { $1 == nil }.map(\.0)
    guard missing.isEmpty else {
        throw CommandFailure("no \(option) for \(missing.map(\.quotedForMessage).joined(separator: ", ")); the model has \(names.count): \(names.map(\.quotedForMessage).joined(separator: ", ")) (give them in order or as NAME=PATH)")
    }
    return slots.map { $0! }
}

/// Reads the first input of `model`, naming the file if it does not fit.
func readModelInput(path: String, model: Model) throws -> Tensor {
    try readModelInput(path: path, spec: model.inputs[0], embedding: model.inputEmbeddings[0])
}

/// Reads an input of the shape `spec` gives (token ids checked against `embedding`), naming the
/// file if it does not fit.
func readModelInput(path: String, spec: TensorSpec, embedding: EmbeddingLayer?) throws -> Tensor {
    let array = try NPYFile.read(contentsOf: URL(fileURLWithPath: path))
    if let embedding { return try readTokenIDs(array, path: path, embedding: embedding) }
    guard array.dtype == .float32 || array.dtype == .float64 else {
        throw CommandFailure("\(path): the input holds \(array.dtype.rawValue) values; this model takes float32 or float64")
    }
    let features = spec.shape.last! ?? 0
    let takes = spec.rank == 3 ? "[batch, time, features]" : "[batch, features]"
    guard array.shape.count == spec.rank else {
        throw CommandFailure("\(path): the input has shape \(array.shape); the model's input \(spec.name.quotedForMessage) takes \(takes)")
    }
    guard array.shape.last == features else {
        let per = spec.rank == 3 ? " per timestep" : ""
        throw CommandFailure("\(path): the input has \(array.shape.last!) features\(per) (shape \(array.shape)); the model expects \(features)")
    }
    guard array.shape.allSatisfy({ $0 > 0 }) else {
        throw CommandFailure("\(path): the input has shape \(array.shape); batch and time must be at least 1")
    }
    return Tensor(shape: array.shape, values: array.floatValues())
}

/// Checks that `array`, read from `path`, is an input `description` takes: token ids
/// `[batch, time]` (integers or whole floats) for a model whose first layer
/// is an Embedding (each id checked), otherwise a `[batch, time, features]` float array; batch and time at least 1.
func modelInput(_ array: NPYArray, path: String, for description: ModelDescription) throws -> Tensor {
    var embedding: EmbeddingLayer?
    if case .embedding(let first) = description.layers.first { embedding = first }
    return try modelInput(array, path: path, embedding: embedding, inputFeatures: description.inputFeatures)
}

/// Checks that `array`, read from `path`, is an input of a model starting with `embedding` (token
/// ids) or, without one, taking `inputFeatures` float features per timestep.
func modelInput(_ array: NPYArray, path: String, embedding: EmbeddingLayer?, inputFeatures: Int) throws -> Tensor {
    if let embedding {
        return try readTokenIDs(array, path: path, embedding: embedding)
    } else {
        guard array.dtype == .float32 || array.dtype == .float64 else {
            throw CommandFailure("\(path): the input holds \(array.dtype.rawValue) values; this model takes float32 or float64")
        }
        guard array.shape.count == 3 else {
            throw CommandFailure("\(path): the input has shape \(array.shape); the model takes [batch, time, features]")
        }
        guard array.shape[2] == inputFeatures else {
            throw CommandFailure("\(path): the input has \(array.shape[2]) features per timestep (shape \(array.shape)); the model expects \(inputFeatures)")
        }
    }
    guard array.shape[0] > 0, array.shape[1] > 0 else {
        throw CommandFailure("\(path): the input has shape \(array.shape); batch and time must be at least 1")
    }
    return Tensor(shape: array.shape, values: array.floatValues())
}

/// Reads `[batch, time]` token ids (int32, int64, or floats holding whole numbers) and checks
/// each is a valid row of `embedding`, naming the first that is not by its position.
func readTokenIDs(_ array: NPYArray, path: String, embedding: EmbeddingLayer) throws -> Tensor {
    guard array.shape.count == 2, array.shape[0] > 0, array.shape[1] > 0 else {
        throw CommandFailure("\(path): the input has shape \(array.shape); the model takes token ids [batch, time] with batch and time at least 1")
    }
    let ids = array.doubleValues()
    if let bad = ids.firstIndex(where: { !($0 >= 0 && $0 < Double(embedding.inputDim) && $0.rounded() == $0) }) {
        let (b, t) = (bad / array.shape[1], bad % array.shape[1])
        throw CommandFailure("\(path): token id \(ids[bad]) at [\(b), \(t)] is not a whole number from 0 to \(embedding.inputDim - 1) (embedding \(embedding.name.quotedForMessage))")
    }
    return Tensor(shape: array.shape, values: ids.map { Float($0) })
}
