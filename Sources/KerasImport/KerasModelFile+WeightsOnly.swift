import FileIO
import HDF5

extension KerasModelFile {
    /// Opens weights saved without their architecture, together with the configuration
    /// `model.to_json()` wrote for the same model.
    ///
    /// Two layouts are read: tf-keras's `save_weights("w.h5")` (`layer_names` and
    /// `keras_version` on the root, one group per layer) and `save_weights("w.weights.h5")`
    /// (Keras 3, or tf-keras with that suffix: `layers/<class>/…/vars/<i>`, no version).
    ///
    /// The Keras generation, which decides what `hard_sigmoid` means, is the weights file's
    /// `keras_version` if it has one, else the `keras_version` tf-keras's `to_json()` records,
    /// else the config's form (Keras 3 writes `DTypePolicy` objects and `batch_shape`, Keras 2
    /// plain dtype strings and `batch_input_shape`); a config that contradicts the weights' version
    /// is refused. When nothing decides it, ``generation`` is `nil` and a `hard_sigmoid` is refused.
    ///
    /// ```swift
    /// let model = try KerasModelFile(weightsPath: "model.weights.h5", configPath: "model.json")
    /// let description = try model.modelDescription()
    /// ```
    ///
    /// - Throws: ``KerasImportError`` naming the file (weights or config) and the layer, dataset
    ///   or key at fault: a config that is not a model's, variables the config does not account
    ///   for, missing variables, shapes that disagree with the config.
    public init(weightsPath: String, configPath: String) throws(KerasImportError) {
        let bytes: [UInt8]
        do {
            bytes = try ReadableFile.contents(ofFileAt: configPath, maxBytes: JSONValue.maxBytes)
        } catch {
            throw KerasImportError(error.kind == .tooLarge ? .malformedConfig : .unreadableFile, file: configPath,
                                   error.message.replacingPrefix("\(configPath): ", with: ""))
        }
        let config = try KerasModelConfig(document: bytes, file: configPath)
        if KerasModelFile.isZipArchive(weightsPath) {
            throw KerasImportError(.unsupported, file: weightsPath, "a .keras archive holds its own config.json; convert it without --config")
        }
        let file: HDF5File
        do {
            file = try HDF5File(path: weightsPath)
        } catch {
            throw KerasImportError(.unreadableFile, file: weightsPath, error.code == .notHDF5
                ? "not an HDF5 file" : error.message.replacingPrefix("\(weightsPath): ", with: ""))
        }
        let root = file.root
        if root.hasAttribute("model_config") {
            throw KerasImportError(.unsupported, file: weightsPath, "a full model with its own model_config; convert it without --config")
        }
        let weights: [[KerasWeight]]
        var recorded: String?
        var backend: String?
        if root.hasAttribute("layer_names") {
            recorded = root.hasAttribute("keras_version")
                ? try hdf5(weightsPath) { () throws(HDF5Error) in try root.stringAttribute("keras_version") } : nil
            backend = root.hasAttribute("backend")
                ? try hdf5(weightsPath) { () throws(HDF5Error) in try root.stringAttribute("backend") } : nil
            try Self.checkLegacyLayerNames(root, config: config, file: weightsPath)
            var located: [[KerasWeight]] = []
            for layer in config.layers { located.append(try locateWeights(of: layer, in: root, file: weightsPath)) }
            weights = located
        } else if root.kind(of: "layers") == .group {
            weights = try KerasSaveableWeights.locate(config, in: root, file: weightsPath)
        } else {
            throw KerasImportError(.notAKerasModel, file: weightsPath, "no Keras weights in this HDF5 file: neither 'layer_names' (save_weights to .h5) nor a 'layers' group (save_weights to .weights.h5)")
        }
        let decision = try KerasGenerationDecision.decide(
            recorded: recorded, recordedWhere: "the weights file's keras_version", config: config.form, file: weightsPath)
        self.init(path: weightsPath, configLocation: configPath, config: config,
                  layers: zip(config.layers, weights).map { KerasLayer(config: $0, weights: $1) },
                  file: file, decision: decision, backend: backend)
    }

    /// Refuses a legacy weights file that stores weights for a layer the config does not have.
    private static func checkLegacyLayerNames(_ root: HDF5Group, config: KerasModelConfig, file: String) throws(KerasImportError) {
        let stored = try hdf5(file) { () throws(HDF5Error) in try root.chunkedStringList("layer_names") }
        let known = Set(config.layers.map(\.name))
        for name in stored where !known.contains(name) {
            guard root.kind(of: name) == .group else { continue }
            let group = try hdf5(file) { () throws(HDF5Error) in try root.group(name) }
            let names = try hdf5(file) { () throws(HDF5Error) in try group.chunkedStringList("weight_names") }
            if !names.isEmpty {
                throw KerasImportError(.badWeights, file: file, "the weights file has \(names.count) weights for layer \(name.quotedForMessage), which the config does not have; the config's layers are \(quotedList(config.layers.map(\.name)))")
            }
        }
    }
}
