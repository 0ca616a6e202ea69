import LSTMW

extension KerasModelFile {
    /// Layer classes that compute nothing at inference and are left out of the description.
    public static let inferenceIdentityLayers: Set<String> = [
        "InputLayer", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
        "ActivityRegularization",
    ]

    /// Layer classes the converter turns into layers of the description (given supported options).
    public static let convertibleLayers: Set<String> = [
        "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense", "TimeDistributed", "Embedding", "Masking", "Activation",
        "LayerNormalization", "BatchNormalization", "Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D",
        "GlobalAveragePooling1D", "Flatten", "Reshape", "RepeatVector", "Add", "Subtract", "Multiply", "Average",
        "Maximum", "Minimum", "Concatenate",
    ]

    /// Builds the model description: every supported layer with its gate blocks unpacked and every
    /// shape checked against the configuration.
    ///
    /// - Throws: ``KerasImportError`` naming the first layer, option or dataset that is not
    ///   supported or does not fit, such as `model.h5: layer 'conv_1' (Conv1D) is not supported yet`.
    public func modelDescription() throws(KerasImportError) -> ModelDescription {
        if let graph = config.graph { return try graphDescription(graph) }
        let shape = config.inputShape
        let takesTokens = layers.first { !Self.inferenceIdentityLayers.contains($0.className) }?.className == "Embedding"
        if let shape, shape.count != (takesTokens ? 2 : 3) {
            throw KerasImportError(.unsupported, file: path, takesTokens
                ? "the model input has shape \(render(shape)); an Embedding model takes token ids [batch, time]"
                : "the model input has shape \(render(shape)); only sequences [batch, time, features] are supported yet")
        }
        var features = takesTokens ? 1 : shape?.last ?? nil
        var isSequence = true
        var time = shape?[1] ?? nil
        var described: [Layer] = []
        for layer in layers {
            if Self.inferenceIdentityLayers.contains(layer.className) {
                try checkWeightless(layer)
                continue
            }
            let options = KerasLayerOptions(layer: layer.config, file: configLocation)
            let built = try importLayer(layer, options: options, features: features, isSequence: isSequence,
                                        time: time, isFirst: described.isEmpty)
            time = try nextTime(after: built, time: time, options: options)
            isSequence = built.outputIsSequence(inputIsSequence: isSequence)
            features = built.outputSize
            described += try timeMajorSwaps(around: built, of: layer, options: options, after: described)
        }
        guard let first = described.first else {
            throw KerasImportError(.unsupported, file: path, "the model has no layer that computes anything")
        }
        let description = ModelDescription(
            source: ModelSource(kerasVersion: kerasVersion, backend: backend, modelName: config.name, modelClass: config.className),
            inputFeatures: first.inputSize, timeSteps: shape?[1] ?? nil, layers: described)
        do {
            try description.validate()
        } catch {
            throw KerasImportError(.badWeights, file: path, error.message)
        }
        return description
    }

    /// Imports one layer that computes something, given what the previous layer outputs.
    func importLayer(_ layer: KerasLayer, options: KerasLayerOptions, features: Int?, isSequence: Bool,
                             time: Int?, isFirst: Bool) throws(KerasImportError) -> Layer {
        let needsSequence = ["LSTM", "GRU", "SimpleRNN", "Bidirectional", "Masking", "Conv1D", "MaxPooling1D",
                             "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "Flatten"]
        if needsSequence.contains(layer.className), !isSequence {
            throw options.error(.unsupported, "needs a sequence, but the previous layer outputs one vector per sample")
        }
        func known(_ what: String) throws(KerasImportError) -> Int {
            guard let features else { throw options.error(.unsupported, "the size of its input is unknown, so \(what) cannot be checked") }
            return features
        }
        switch layer.className {
        case "LSTM", "GRU", "SimpleRNN":
            return try recurrentLayer(layer, options: options, inputFeatures: features)
        case "Bidirectional":
            return .bidirectional(try importBidirectional(layer, options: options, inputFeatures: features))
        case "Dense":
            return .dense(try importDense(layer, options: options, inputFeatures: features))
        case "TimeDistributed":
            let inner = try wrappedLayer(of: layer, key: "layer", options: options)
            guard inner.className == "Dense" else {
                throw options.error(.unsupported, "wraps a \(inner.className.quotedForMessage) layer; only TimeDistributed(Dense) is supported")
            }
            let dense = KerasLayerConfig(className: "Dense", name: layer.name, config: inner.config, inboundLayers: [])
            return .dense(try importDense(KerasLayer(config: dense, weights: layer.weights),
                                          options: KerasLayerOptions(layer: dense, file: path), inputFeatures: features))
        case "Embedding":
            guard isFirst else { throw options.error(.unsupported, "an Embedding is supported only as the model's first layer") }
            return .embedding(try importEmbedding(layer, options: options))
        case "Masking":
            return .masking(try importMasking(layer, options: options, features: try known("the mask")))
        case "Activation":
            return .activation(try importActivation(layer, options: options, features: try known("the activation")))
        case "LayerNormalization":
            return .layerNormalization(try importLayerNormalization(layer, options: options, features: try known("gamma"),
                                                                    rank: isSequence ? 3 : 2))
        case "BatchNormalization":
            return .batchNormalization(try importBatchNormalization(layer, options: options, features: try known("gamma"),
                                                                    rank: isSequence ? 3 : 2))
        case "Conv1D":
            return .conv1D(try importConv1D(layer, options: options, features: features))
        case "MaxPooling1D", "AveragePooling1D":
            return .pooling1D(try importPooling1D(layer, options: options, features: try known("the pooling")))
        case "GlobalMaxPooling1D", "GlobalAveragePooling1D":
            return .globalPooling1D(try importGlobalPooling1D(layer, options: options, features: try known("the pooling")))
        case "Flatten":
            try checkWeightless(layer)
            guard let time else { throw options.error(.unsupported, "flattens a sequence of variable length; only fixed lengths can be flattened") }
            return .flatten(FlattenLayer(name: layer.name, timeSteps: time, features: try known("the flattening")))
        case "Reshape":
            try checkWeightless(layer)
            let target = try options.intList("target_shape")
            let width = try known("the reshape")
            let current = isSequence ? time.map { [$0, width] } : [width]
            guard let current else { throw options.error(.unsupported, "reshapes a sequence of variable length; only fixed shapes are supported") }
            return .reshape(ReshapeLayer(name: layer.name, inputShape: current, targetShape: target))
        case "RepeatVector":
            try checkWeightless(layer)
            return .repeatVector(RepeatVectorLayer(name: layer.name, n: try options.int("n"), features: try known("the repetition")))
        default:
            throw KerasImportError(.unsupported, file: path, "\(layer.config.label) is not supported yet")
        }
    }

    /// The number of timesteps after `layer`, when it is fixed.
    func nextTime(after layer: Layer, time: Int?, options: KerasLayerOptions) throws(KerasImportError) -> Int? {
        let next: Int?
        switch layer {
        case .conv1D(let conv): next = time.map(conv.outputTime(for:))
        case .pooling1D(let pooling): next = time.map(pooling.outputTime(for:))
        case .repeatVector(let repeated): next = repeated.n
        case .reshape(let reshape): next = reshape.targetShape.count == 2 ? reshape.targetShape[0] : time
        default: next = time
        }
        if let time, time > 0, let next, next < 1 {
            throw options.error(.unsupported, "its input of \(time) timesteps is too short for one output")
        }
        return next
    }

    func checkWeightless(_ layer: KerasLayer) throws(KerasImportError) {
        guard layer.weights.isEmpty else {
            throw KerasImportError(.badWeights, file: path, "\(layer.config.label) should have no weights but has \(layer.weights.count)")
        }
    }

    /// The weight with `role`, checked against `shape`; `nil` only if it is absent and `required` is false.
    func weight(_ role: String, of layer: KerasLayer, shape expected: [Int],
                required: Bool = true) throws(KerasImportError) -> Tensor? {
        guard let weight = layer.weight(role) else {
            guard !required else {
                throw KerasImportError(.badWeights, file: path, "\(layer.config.label): no '\(role)' dataset among its weights \(quotedList(layer.weights.map(\.name)))")
            }
            return nil
        }
        guard weight.shape == expected else {
            throw KerasImportError(.badWeights, file: path, "\(layer.config.label): dataset \(weight.datasetPath) has shape \(weight.shape), expected \(expected)")
        }
        return try read(weight)
    }

    /// Refuses weights the importer would otherwise silently ignore.
    func checkRoles(of layer: KerasLayer, allowed: Set<String>) throws(KerasImportError) {
        for weight in layer.weights where !allowed.contains(weight.role) {
            throw KerasImportError(.unsupported, file: path, "\(layer.config.label): unexpected weight \(weight.name.quotedForMessage)")
        }
    }
}

func render(_ shape: [Int?]) -> String {
    "[" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + "]"
}
