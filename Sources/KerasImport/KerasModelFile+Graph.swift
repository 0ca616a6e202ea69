import FileIO
import LSTMW

extension KerasModelFile {
    /// What the importer knows of a graph tensor: its last axis, time axis and where it is.
    private struct GraphTensor {
        var reference: TensorReference
        var features: Int?
        var isSequence: Bool
        var time: Int?
    }

    /// The merge layer classes and what they compute.
    static let mergeModes: [String: MergeLayer.Mode] = [
        "Add": .add, "Subtract": .subtract, "Multiply": .multiply, "Average": .average, "Maximum": .maximum, "Minimum": .minimum,
    ]

    /// Builds the description of a Functional model that is not a single chain: the layers in an
    /// order where each follows what it reads, and a ``ModelGraph`` connecting them.
    func graphDescription(_ graph: KerasGraphConfig) throws(KerasImportError) -> ModelDescription {
        var tensors: [KerasTensorReference: GraphTensor] = [:]
        var inputs: [GraphInput] = []
        let tokenInputs = Set(layers.filter { $0.className == "Embedding" }.compactMap { $0.config.calls[$0.config.call]?.first?.layer })
        for name in graph.inputs {
            let layer = layers.first { $0.name == name }!
            let input = try graphInput(layer.config, isTokens: tokenInputs.contains(name))
            inputs.append(input)
            tensors[KerasTensorReference(layer: name, node: 0, tensor: 0)] = GraphTensor(
                reference: TensorReference(name), features: input.features, isSequence: input.isSequence, time: input.timeSteps)
        }
        var described: [Layer] = []
        var layerInputs: [[TensorReference]] = []
        for layer in layers where layer.className != "InputLayer" {
            let options = KerasLayerOptions(layer: layer.config, file: configLocation)
            let call = layer.config.calls[layer.config.call]!
            let node = layer.config.call
            var given: [GraphTensor] = []
            for reference in call {
                guard let tensor = tensors[reference] else {
                    throw options.error(.unsupported, "reads output \(reference.tensor) of \(reference.layer.quotedForMessage), which that layer does not have or which is not supported")
                }
                given.append(tensor)
            }
            guard let first = given.first else { throw options.error(.malformedConfig, "is called on no tensor") }
            if Self.inferenceIdentityLayers.contains(layer.className) {
                try checkWeightless(layer)
                guard given.count == 1 else { throw options.error(.unsupported, "is called on \(given.count) tensors") }
                tensors[KerasTensorReference(layer: layer.name, node: node, tensor: 0)] = first
                continue
            }
            var built = try graphLayer(layer, options: options, given: given)
            if node > 0 { built = built.renamed(layer.config.callName) }
            let time = try nextTime(after: built, time: first.time, options: options)
            let output = GraphTensor(reference: TensorReference(built.name), features: built.outputSize,
                                     isSequence: built.outputIsSequence(inputIsSequence: first.isSequence), time: time)
            var outputs = [output]
            if case .bidirectional(let bidirectional) = built, bidirectional.mergeMode == .none { outputs.append(output) }
            outputs += built.stateSizes.map { GraphTensor(reference: output.reference, features: $0, isSequence: false, time: nil) }
            for (index, var tensor) in outputs.enumerated() {
                tensor.reference = TensorReference(built.name, index)
                tensors[KerasTensorReference(layer: layer.name, node: node, tensor: index)] = tensor
            }
            described.append(built)
            layerInputs.append(given.map(\.reference))
        }
        var outputs: [TensorReference] = []
        for reference in graph.outputs {
            guard let tensor = tensors[reference] else {
                throw KerasImportError(.unsupported, file: path, "the model's output \(reference.layer.quotedForMessage) (tensor \(reference.tensor)) is not supported")
            }
            outputs.append(tensor.reference)
        }
        let description = ModelDescription(
            source: ModelSource(kerasVersion: kerasVersion, backend: backend, modelName: config.name, modelClass: config.className),
            inputFeatures: inputs[0].features, timeSteps: inputs[0].timeSteps, layers: described,
            graph: ModelGraph(inputs: inputs, layerInputs: layerInputs, outputs: outputs))
        do {
            try description.validate()
        } catch {
            throw KerasImportError(.badWeights, file: path, error.message)
        }
        return description
    }

    /// One `InputLayer`: `[batch, time, features]`, `[batch, features]`, or `[batch, time]` token ids.
    private func graphInput(_ layer: KerasLayerConfig, isTokens: Bool) throws(KerasImportError) -> GraphInput {
        let options = KerasLayerOptions(layer: layer, file: configLocation)
        guard let shape = (options.value("batch_input_shape") ?? options.value("batch_shape"))?.array else {
            throw options.error(.malformedConfig, "has no batch_input_shape or batch_shape")
        }
        let extents = shape.map(\.int)
        switch (extents.count, isTokens) {
        case (2, true):
            return GraphInput(name: layer.name, features: 1, isSequence: true, timeSteps: extents[1])
        case (3, false):
            guard let features = extents[2], features > 0 else { throw options.error(.unsupported, "has no fixed number of features") }
            return GraphInput(name: layer.name, features: features, isSequence: true, timeSteps: extents[1])
        case (2, false):
            guard let features = extents[1], features > 0 else { throw options.error(.unsupported, "has no fixed number of features") }
            return GraphInput(name: layer.name, features: features, isSequence: false, timeSteps: nil)
        default:
            throw options.error(.unsupported, "has shape \(render(extents)); inputs of [batch, time, features], [batch, features] or token ids [batch, time] are supported")
        }
    }

    /// One layer of a graph, given the tensors it reads.
    private func graphLayer(_ layer: KerasLayer, options: KerasLayerOptions, given: [GraphTensor]) throws(KerasImportError) -> Layer {
        let first = given[0]
        if let mode = Self.mergeModes[layer.className] {
            try checkWeightless(layer)
            return .merge(MergeLayer(name: layer.name, mode: mode, features: try knownFeatures(given, options), inputCount: given.count))
        }
        if layer.className == "Concatenate" {
            try checkWeightless(layer)
            let rank = first.isSequence ? 3 : 2
            let axis = options.value("axis")?.int ?? -1
            guard axis == -1 || axis == rank - 1 else {
                throw options.error(.unsupported, "joins on axis \(axis); only the last axis (-1) is supported")
            }
            let sizes = try given.map { tensor throws(KerasImportError) in
                guard let features = tensor.features else { throw options.error(.unsupported, "the size of an input is unknown") }
                return features
            }
            return .concatenate(ConcatenateLayer(name: layer.name, inputSizes: sizes))
        }
        let isRecurrent = ["LSTM", "GRU", "SimpleRNN", "Bidirectional"].contains(layer.className)
        guard given.count == 1 || isRecurrent else {
            throw options.error(.unsupported, "is called on \(given.count) tensors; this layer takes one")
        }
        let readsInput = first.reference.index == 0 && layers.contains { $0.name == first.reference.source && $0.className == "InputLayer" }
        return try importLayer(layer, options: options, features: first.features, isSequence: first.isSequence,
                               time: first.time, isFirst: readsInput)
    }

    private func knownFeatures(_ given: [GraphTensor], _ options: KerasLayerOptions) throws(KerasImportError) -> Int {
        guard let features = given[0].features else { throw options.error(.unsupported, "the size of its inputs is unknown") }
        return features
    }
}

extension Layer {
    /// The same layer under another name: the copy of a shared layer for one of its further calls.
    func renamed(_ name: String) -> Layer {
        switch self {
        case .lstm(var layer): layer.name = name; return .lstm(layer)
        case .dense(var layer): layer.name = name; return .dense(layer)
        case .gru(var layer): layer.name = name; return .gru(layer)
        case .simpleRNN(var layer): layer.name = name; return .simpleRNN(layer)
        case .bidirectional(var layer): layer.name = name; return .bidirectional(layer)
        case .embedding(var layer): layer.name = name; return .embedding(layer)
        case .masking(var layer): layer.name = name; return .masking(layer)
        case .activation(var layer): layer.name = name; return .activation(layer)
        case .layerNormalization(var layer): layer.name = name; return .layerNormalization(layer)
        case .batchNormalization(var layer): layer.name = name; return .batchNormalization(layer)
        case .conv1D(var layer): layer.name = name; return .conv1D(layer)
        case .pooling1D(var layer): layer.name = name; return .pooling1D(layer)
        case .globalPooling1D(var layer): layer.name = name; return .globalPooling1D(layer)
        case .flatten(var layer): layer.name = name; return .flatten(layer)
        case .reshape(var layer): layer.name = name; return .reshape(layer)
        case .repeatVector(var layer): layer.name = name; return .repeatVector(layer)
        case .merge(var layer): layer.name = name; return .merge(layer)
        case .concatenate(var layer): layer.name = name; return .concatenate(layer)
        case .swapBatchTime(var layer): layer.name = name; return .swapBatchTime(layer)
        }
    }
}
