import LSTMW

extension KerasModelFile {
    /// Imports a `Bidirectional` wrapper around an LSTM, GRU or SimpleRNN: the wrapped layer's
    /// configuration serves both directions, and the wrapper's weights split into the
    /// `forward_…` and `backward_…` layers' by their path.
    func importBidirectional(_ layer: KerasLayer, options: KerasLayerOptions,
                             inputFeatures: Int?) throws(KerasImportError) -> BidirectionalLayer {
        try options.requireFloat32()
        let modeValue = options.value("merge_mode") ?? .string("none")
        if modeValue == .string("none"), config.graph == nil {
            throw options.error(.unsupported, "merge_mode None outputs two tensors, which only a Functional graph can use")
        }
        guard let mode = modeValue.string, let mergeMode = BidirectionalMergeMode(rawValue: mode) else {
            throw options.error(.unsupported, "merge_mode \(modeValue.brief) is not supported; known: concat, sum, mul, ave")
        }
        let forwardConfig = try wrappedLayer(of: layer, key: "layer", options: options)
        let backwardConfig = try options.value("backward_layer").map { _ throws(KerasImportError) in
            try wrappedLayer(of: layer, key: "backward_layer", options: options)
        }
        guard ["LSTM", "GRU", "SimpleRNN"].contains(forwardConfig.className) else {
            throw options.error(.unsupported, "wraps a \(forwardConfig.className.quotedForMessage) layer; only LSTM, GRU and SimpleRNN are supported")
        }
        if let backwardConfig {
            guard backwardConfig.className == forwardConfig.className,
                  sameOptions(forwardConfig, backwardConfig, ignoring: ["name", "go_backwards"]) else {
                throw options.error(.unsupported, "a backward_layer that differs from the forward layer is not supported yet")
            }
        }
        guard try KerasLayerOptions(layer: forwardConfig, file: path).bool("go_backwards", default: false) == false else {
            throw options.error(.unsupported, "the wrapped layer has go_backwards=True, which swaps the directions; not supported yet")
        }
        let forwardName = forwardConfig.name.hasPrefix("forward_") ? forwardConfig.name : "forward_" + forwardConfig.name
        let backwardName = backwardConfig?.name ?? "backward_" + forwardConfig.name.replacingOccurrences(of: "forward_", with: "")
        func direction(_ prefix: String, name: String, backwards: Bool) throws(KerasImportError) -> Layer {
            let weights = layer.weights.filter { $0.name.split(separator: "/").contains { $0.hasPrefix(prefix) } }
            let config = KerasLayerConfig(className: forwardConfig.className, name: name,
                                          config: forwardConfig.config.setting("go_backwards", to: .bool(backwards)),
                                          inboundLayers: [])
            let inner = KerasLayer(config: config, weights: weights)
            return try recurrentLayer(inner, options: KerasLayerOptions(layer: config, file: path), inputFeatures: inputFeatures)
        }
        guard layer.weights.count % 2 == 0,
              layer.weights.count == layer.weights.filter({ $0.name.contains("forward_") || $0.name.contains("backward_") }).count else {
            throw options.error(.badWeights, "its weights \(quotedList(layer.weights.map(\.name))) are not split into forward_ and backward_ layers")
        }
        return BidirectionalLayer(name: layer.name, mergeMode: mergeMode,
                                  forward: try direction("forward_", name: forwardName, backwards: false),
                                  backward: try direction("backward_", name: backwardName, backwards: true))
    }

    /// Imports an LSTM, GRU or SimpleRNN layer.
    func recurrentLayer(_ layer: KerasLayer, options: KerasLayerOptions, inputFeatures: Int?) throws(KerasImportError) -> Layer {
        switch layer.className {
        case "LSTM": .lstm(try importLSTM(layer, options: options, inputFeatures: inputFeatures))
        case "GRU": .gru(try importGRU(layer, options: options, inputFeatures: inputFeatures))
        default: .simpleRNN(try importSimpleRNN(layer, options: options, inputFeatures: inputFeatures))
        }
    }

    /// The configuration a wrapper (`Bidirectional`, `TimeDistributed`) holds under `key`.
    /// Keras 3 sets `zero_output_for_mask` on a Bidirectional's layers exactly when they return
    /// sequences, which the wrapper's own semantics already say; that key is dropped.
    func wrappedLayer(of layer: KerasLayer, key: String, options: KerasLayerOptions) throws(KerasImportError) -> KerasLayerConfig {
        guard let entry = options.value(key), let className = entry["class_name"]?.string,
              let config = entry["config"], config.object != nil else {
            throw options.error(.malformedConfig, "'\(key)' is not a layer configuration with a class_name and a config")
        }
        var inner = config
        if layer.className == "Bidirectional", let zero = config["zero_output_for_mask"]?.bool,
           zero == (config["return_sequences"]?.bool ?? false) {
            inner = config.removing("zero_output_for_mask")
        }
        return KerasLayerConfig(className: className, name: config["name"]?.string ?? layer.name, config: inner,
                                inboundLayers: [])
    }

    /// Whether two layer configurations agree on everything inference depends on. Initializers,
    /// regularizers and constraints only matter in training; a `.keras` archive's config.json also
    /// gives each initializer object its own `shared_object_id`, so they differ there anyway.
    private func sameOptions(_ a: KerasLayerConfig, _ b: KerasLayerConfig, ignoring: Set<String>) -> Bool {
        guard let left = a.config.object, let right = b.config.object else { return false }
        let trainingOnly = ["_initializer", "_regularizer", "_constraint"]
        let keys = Set(left.keys).union(right.keys).subtracting(ignoring).subtracting(["build_config"])
            .filter { key in !trainingOnly.contains { key.hasSuffix($0) } }
        return keys.allSatisfy { left[$0] == right[$0] }
    }
}

extension JSONValue {
    /// The object with `key` set to `value` (unchanged if this is not an object).
    func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }

    /// The object without `key` (unchanged if this is not an object).
    func removing(_ key: String) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = nil
        return .object(members)
    }
}
