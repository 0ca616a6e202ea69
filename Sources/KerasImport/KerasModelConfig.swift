import FileIO
/// A Keras model's architecture, parsed from the `model_config` attribute (HDF5) or `config.json`.
public struct KerasModelConfig: Sendable {
    /// `"Sequential"` or `"Functional"` (`"Model"` in old files).
    public let className: String
    /// The model's name.
    public let name: String?
    /// The layers, in execution order (Functional models are ordered along their single chain,
    /// or for a graph so that each layer comes after those it reads).
    public let layers: [KerasLayerConfig]
    /// How a Functional model that is not a single chain connects; `nil` for chains.
    let graph: KerasGraphConfig?
    /// `[batch, time, features]` as configured, `nil` where Keras has `None`, or `nil` if not recorded.
    public let inputShape: [Int?]?
    /// The layer names in the order the configuration lists them (before a Functional model's
    /// layers are put in chain order): the order Keras 3 numbers its weight groups in.
    let declaredLayerNames: [String]
    /// What the JSON's form says about the Keras that wrote it.
    let form: KerasConfigForm

    /// Parses and orders a configuration.
    /// - Throws: ``KerasImportError`` (``KerasImportError/Code/malformedConfig`` or ``KerasImportError/Code/unsupported``).
    public init(json text: String, file: String) throws(KerasImportError) {
        func malformed(_ message: String) -> KerasImportError { KerasImportError(.malformedConfig, file: file, message) }
        guard text.utf8.count <= JSONValue.maxBytes else {
            throw malformed("model_config is \(text.utf8.count) bytes, more than the limit of \(JSONValue.maxBytes)")
        }
        guard let root = JSONValue.parse(text) else { throw malformed("model_config is not valid JSON") }
        guard let className = root["class_name"]?.string else { throw malformed("model_config has no 'class_name'") }
        guard let config = root["config"], config.object != nil else { throw malformed("model_config has no 'config' object") }
        guard let entries = config["layers"]?.array else { throw malformed("model_config has no 'layers' list") }
        var layers: [KerasLayerConfig] = []
        for (index, entry) in entries.enumerated() {
            guard let layerClass = entry["class_name"]?.string else { throw malformed("layer #\(index) has no 'class_name'") }
            guard let layerConfig = entry["config"], layerConfig.object != nil else {
                throw malformed("layer #\(index) (\(layerClass.escapedForMessage())) has no 'config' object")
            }
            guard let layerName = entry["name"]?.string ?? layerConfig["name"]?.string else {
                throw malformed("layer #\(index) (\(layerClass.escapedForMessage())) has no name")
            }
            var layer = KerasLayerConfig(className: layerClass, name: layerName, config: layerConfig,
                                         inboundLayers: inboundLayerNames(entry["inbound_nodes"]))
            layer.calls = kerasCalls(entry["inbound_nodes"])
            layers.append(layer)
        }
        self.className = className
        self.name = config["name"]?.string
        self.declaredLayerNames = layers.map(\.name)
        self.form = KerasConfigForm(root: root)
        switch className {
        case "Sequential":
            self.layers = layers
            self.graph = nil
        case "Functional", "Model":
            do {
                self.layers = try chainOrder(layers, outputs: config["output_layers"], file: file)
                self.graph = nil
            } catch where error.code == .unsupported {
                (self.layers, self.graph) = try graphOrder(layers, config: config, file: file)
            }
        default:
            throw KerasImportError(.unsupported, file: file, "model class \(className.quotedForMessage) is not supported yet")
        }
        self.inputShape = declaredInputShape(self.layers, modelConfig: config)
    }
}

/// The names of the layers feeding each call of a layer, for both Keras 2's nested lists
/// (`[[["inp", 0, 0, {}]]]`) and Keras 3's `{"args": [{"config": {"keras_history": ["inp", 0, 0]}}]}`.
private func inboundLayerNames(_ nodes: JSONValue?) -> [[String]] {
    guard let nodes = nodes?.array else { return [] }
    return nodes.map { node in
        if let tensors = node.array {
            return tensors.compactMap { $0.array?.first?.string }
        }
        var names: [String] = []
        collectKerasHistory(node, into: &names)
        return names
    }
}

private func collectKerasHistory(_ value: JSONValue, into names: inout [String]) {
    switch value {
    case .object(let members):
        if let history = members["keras_history"]?.array, let name = history.first?.string {
            names.append(name)
            return
        }
        for key in members.keys.sorted() { collectKerasHistory(members[key]!, into: &names) }
    case .array(let items):
        for item in items { collectKerasHistory(item, into: &names) }
    default:
        break
    }
}

/// Orders a Functional model's layers from its input to its output, refusing anything but a single chain.
private func chainOrder(_ layers: [KerasLayerConfig], outputs: JSONValue?,
                        file: String) throws(KerasImportError) -> [KerasLayerConfig] {
    func unsupported(_ message: String) -> KerasImportError { KerasImportError(.unsupported, file: file, message) }
    let byName = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    guard byName.count == layers.count else {
        throw KerasImportError(.malformedConfig, file: file, "two layers share a name")
    }
    var inbound: [String: String] = [:]
    for layer in layers {
        guard layer.inboundLayers.count <= 1 else {
            throw unsupported("\(layer.label) is called \(layer.inboundLayers.count) times; only single-chain models are supported yet")
        }
        let sources = layer.inboundLayers.first ?? []
        guard sources.count <= 1 else {
            throw unsupported("\(layer.label) takes \(sources.count) inputs; only single-chain models are supported yet")
        }
        if let source = sources.first {
            guard byName[source] != nil else {
                throw KerasImportError(.malformedConfig, file: file, "\(layer.label) takes input from unknown layer \(source.quotedForMessage)")
            }
            inbound[layer.name] = source
        }
    }
    let outputNames = outputLayerNames(outputs)
    guard outputNames.count == 1, let output = outputNames.first, byName[output] != nil else {
        throw unsupported("the model has \(outputNames.count) outputs; only single-output chains are supported yet")
    }
    // A set beside the chain keeps the walk linear: a config may list hundreds of thousands of layers.
    var chain = [output]
    var onChain: Set<String> = [output]
    while let source = inbound[chain.last!] {
        guard onChain.insert(source).inserted else { throw KerasImportError(.malformedConfig, file: file, "the layer graph has a cycle") }
        chain.append(source)
    }
    guard chain.count == layers.count else {
        let unused = layers.map(\.name).filter { !onChain.contains($0) }
        throw unsupported("layers \(quotedList(unused)) are not on the path from input to output; only single-chain models are supported yet")
    }
    return chain.reversed().map { byName[$0]! }
}

/// Output layer names: Keras 2 writes `[["dense", 0, 0]]`, Keras 3 `["dense", 0, 0]` for one output.
private func outputLayerNames(_ outputs: JSONValue?) -> [String] {
    guard let items = outputs?.array else { return [] }
    if items.first?.string != nil { return [items[0].string!] }
    return items.compactMap { $0.array?.first?.string }
}

private func declaredInputShape(_ layers: [KerasLayerConfig], modelConfig: JSONValue) -> [Int?]? {
    let candidates = [layers.first?.config["batch_input_shape"], layers.first?.config["batch_shape"],
                      modelConfig["build_input_shape"]]
    for case .array(let extents)? in candidates {
        return extents.map { $0.int }
    }
    return nil
}
