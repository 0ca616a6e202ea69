import FileIO
import Foundation
import HDF5
import LSTMW

/// A Keras model, Keras 2 (tf-keras) or Keras 3, in any of the forms Keras saves it in:
///
/// - a full model, `model.save("model.h5")`: ``init(path:)``;
/// - a Keras 3 archive, `model.save("model.keras")`: ``init(path:)`` tells it by its first bytes;
/// - weights only, `save_weights("w.h5")` or `save_weights("w.weights.h5")`, with the
///   architecture `model.to_json()` wrote: ``init(weightsPath:configPath:)``.
///
/// Opening reads the configuration and locates every layer's weight datasets: by the layer's
/// name and the `weight_names` Keras recorded (`.h5`), or by the layer's class and position in
/// the config (`.keras`, `.weights.h5`); never by the order datasets happen to be stored in.
/// ```swift
/// let model = try KerasModelFile(path: "model.h5")
/// let description = try model.modelDescription()   // gate blocks unpacked, shapes checked
/// try LSTMWFile.write(description, to: URL(fileURLWithPath: "model.lstmw"))
/// ```
public struct KerasModelFile: Sendable {
    /// The path the model was read from: the `.h5` or `.keras` file, or the weights file.
    public let path: String
    /// Where the configuration was read: `path` for an `.h5` model, `"model.keras: config.json"`
    /// for an archive, the config file for weights-only files.
    public let configLocation: String
    /// The Keras version that saved the model, if recorded: the `keras_version` attribute, an
    /// archive's `metadata.json`, or the version `model.to_json()` recorded in the config.
    public let kerasVersion: String?
    /// The `backend` attribute, if present.
    public let backend: String?
    /// The model's architecture.
    public let config: KerasModelConfig
    /// Every layer of the configuration, in execution order, with its weight datasets.
    public let layers: [KerasLayer]
    let file: HDF5File

    /// The Keras generation that saved the model: from ``kerasVersion`` where one is recorded,
    /// else from the form of the configuration (see ``generationEvidence``); `nil` if undecided.
    public let generation: KerasGeneration?
    /// How ``generation`` was decided, for people: `"the file's keras_version attribute '2.21.0'"`,
    /// `"the config's Keras 3 form (DTypePolicy objects, batch_shape)"`; `nil` if undecided.
    public let generationEvidence: String?

    /// Opens `path` and locates the model's configuration and weights.
    /// - Throws: ``KerasImportError`` naming the file and what is missing or malformed.
    public init(path: String) throws(KerasImportError) {
        if KerasModelFile.isZipArchive(path) {
            self = try KerasModelFile(archive: KerasArchive(path: path))
            return
        }
        let file: HDF5File
        do {
            file = try HDF5File(path: path)
        } catch {
            throw KerasImportError(.unreadableFile, file: path, error.code == .notHDF5
                ? "not an HDF5 file" : error.message.replacingPrefix("\(path): ", with: ""))
        }
        let root = file.root
        guard root.hasAttribute("model_config") else {
            let hint = root.hasAttribute("layer_names") || root.kind(of: "layers") == .group
                ? "it holds weights only (saved with save_weights); read it together with the model.to_json() configuration (lstm-convert: --config model.json)"
                : "it has no 'model_config' attribute"
            throw KerasImportError(.notAKerasModel, file: path, "no Keras model in this HDF5 file: \(hint)")
        }
        let configText = try hdf5(path) { () throws(HDF5Error) in try root.stringAttribute("model_config") }
        self.config = try KerasModelConfig(json: configText, file: path)
        self.kerasVersion = root.hasAttribute("keras_version")
            ? try hdf5(path) { () throws(HDF5Error) in try root.stringAttribute("keras_version") } : nil
        self.backend = root.hasAttribute("backend")
            ? try hdf5(path) { () throws(HDF5Error) in try root.stringAttribute("backend") } : nil
        guard root.kind(of: "model_weights") == .group else {
            throw KerasImportError(.notAKerasModel, file: path, "the model was saved without weights (no 'model_weights' group)")
        }
        let weightsGroup = try hdf5(path) { () throws(HDF5Error) in try root.group("model_weights") }
        var layers: [KerasLayer] = []
        for layer in config.layers {
            layers.append(KerasLayer(config: layer, weights: try locateWeights(of: layer, in: weightsGroup, file: path)))
        }
        self.layers = layers
        self.path = path
        self.file = file
        self.configLocation = path
        self.generation = kerasVersion.flatMap(KerasGeneration.init(kerasVersion:))
        self.generationEvidence = generation == nil ? nil : "the file's keras_version attribute \(kerasVersion!.quotedForMessage)"
    }

    /// A model whose parts were found by one of the other initializers.
    init(path: String, configLocation: String, config: KerasModelConfig, layers: [KerasLayer], file: HDF5File,
         decision: KerasGenerationDecision, backend: String?) {
        self.path = path
        self.configLocation = configLocation
        self.config = config
        self.layers = layers
        self.file = file
        self.kerasVersion = decision.kerasVersion
        self.backend = backend
        self.generation = decision.generation
        self.generationEvidence = decision.evidence
    }

    /// Reads one weight's values.
    /// - Throws: ``KerasImportError/Code/badWeights`` if the dataset cannot be read or no longer has
    ///   the weight's shape.
    public func read(_ weight: KerasWeight) throws(KerasImportError) -> Tensor {
        let values = try hdf5(path) { () throws(HDF5Error) in try file.root.dataset(weight.datasetPath).readFloats() }
        guard Tensor.elementCount(of: weight.shape) == values.count else {
            throw KerasImportError(.badWeights, file: path, "dataset \(weight.datasetPath) holds \(values.count) values, but its shape \(weight.shape) was read as \(Tensor.elementCount(of: weight.shape) ?? -1)")
        }
        return Tensor(shape: weight.shape, values: values)
    }
}

/// The weights of `layer`: its group in `model_weights` and the datasets its `weight_names` list.
func locateWeights(of layer: KerasLayerConfig, in weightsGroup: HDF5Group,
                           file: String) throws(KerasImportError) -> [KerasWeight] {
    // An absolute name would be looked up from the file's root, yet recorded (and later re-read)
    // below `model_weights`: two different objects. Keras never writes one.
    guard !layer.name.hasPrefix("/") else {
        throw KerasImportError(.badWeights, file: file, "\(layer.label): a layer name may not start with '/'")
    }
    guard weightsGroup.kind(of: layer.name) == .group else { return [] }
    let group = try hdf5(file) { () throws(HDF5Error) in try weightsGroup.group(layer.name) }
    let names = try hdf5(file) { () throws(HDF5Error) in try group.chunkedStringList("weight_names") }
    var weights: [KerasWeight] = []
    for name in names {
        guard !name.hasPrefix("/") else {
            throw KerasImportError(.badWeights, file: file, "\(layer.label): weight name \(name.quotedForMessage) is an absolute path; weight names are relative to the layer's group")
        }
        let dataset: HDF5Dataset
        do {
            dataset = try group.dataset(name)
        } catch where error.code == .notFound {
            throw KerasImportError(.badWeights, file: file, "\(layer.label): weight \(name.quotedForMessage) has no dataset at \(group.path)/\(name)")
        } catch {
            throw KerasImportError(.badWeights, file: file, "\(layer.label): weight \(name.quotedForMessage): \(error.message.replacingOccurrences(of: "\(file):", with: ""))")
        }
        let shape = try hdf5(file) { () throws(HDF5Error) in try dataset.shape() }
        weights.append(KerasWeight(role: KerasWeight.role(ofName: name), name: name, datasetPath: dataset.path, shape: shape))
    }
    return weights
}

extension HDF5Group {
    /// A Keras name list: `name` itself, or `name0`, `name1`, … when Keras split a long list into chunks.
    /// A group without any of them has no names.
    func chunkedStringList(_ name: String) throws(HDF5Error) -> [String] {
        if hasAttribute(name) { return try stringListAttribute(name) }
        var names: [String] = []
        var chunk = 0
        while hasAttribute("\(name)\(chunk)") {
            names += try stringListAttribute("\(name)\(chunk)")
            chunk += 1
        }
        return names
    }
}

/// Runs an HDF5 read, turning its error into a ``KerasImportError`` about `file`.
func hdf5<T>(_ file: String, _ body: () throws(HDF5Error) -> T) throws(KerasImportError) -> T {
    do {
        return try body()
    } catch {
        // HDF5 messages name objects as `file:/path`; the file is already at the front.
        throw KerasImportError(.badWeights, file: file, error.message.replacingOccurrences(of: "\(file):", with: ""))
    }
}
