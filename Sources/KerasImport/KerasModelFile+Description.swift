import LSTMW

extension KerasModelFile {
    /// Layer classes that compute nothing at inference and are left out of the description.
    public static let inferenceIdentityLayers: Set<String> = ["InputLayer", "Dropout"]

    /// Builds the model description: every supported layer with its gate blocks unpacked and every
    /// shape checked against the configuration.
    ///
    /// - Throws: ``KerasImportError`` naming the first layer, option or dataset that is not
    ///   supported or does not fit, such as `model.h5: layer 'conv_1' (Conv1D) is not supported yet`.
    public func modelDescription() throws(KerasImportError) -> ModelDescription {
        let shape = config.inputShape
        if let shape, shape.count != 3 {
            throw KerasImportError(.unsupported, file: path, "the model input has shape \(render(shape)); only sequences [batch, time, features] are supported yet")
        }
        var features = shape?.last ?? nil
        var isSequence = true
        var described: [Layer] = []
        for layer in layers {
            if Self.inferenceIdentityLayers.contains(layer.className) {
                try checkWeightless(layer)
                continue
            }
            let options = KerasLayerOptions(layer: layer.config, file: configLocation)
            let built: Layer
            switch layer.className {
            case "LSTM":
                guard isSequence else { throw options.error(.unsupported, "needs a sequence, but the previous layer outputs one vector per sample") }
                built = .lstm(try importLSTM(layer, options: options, inputFeatures: features))
            case "GRU", "SimpleRNN":
                guard isSequence else { throw options.error(.unsupported, "needs a sequence, but the previous layer outputs one vector per sample") }
                built = layer.className == "GRU"
                    ? .gru(try importGRU(layer, options: options, inputFeatures: features))
                    : .simpleRNN(try importSimpleRNN(layer, options: options, inputFeatures: features))
            case "Dense":
                built = .dense(try importDense(layer, options: options, inputFeatures: features))
            default:
                throw KerasImportError(.unsupported, file: path, "\(layer.config.label) is not supported yet")
            }
            if let returns = built.returnSequences { isSequence = returns }
            features = built.outputSize
            described.append(built)
        }
        guard let first = described.first else {
            throw KerasImportError(.unsupported, file: path, "the model has no LSTM, GRU, SimpleRNN or Dense layer")
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

    private func checkWeightless(_ layer: KerasLayer) throws(KerasImportError) {
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
