extension ModelDescription {
    /// The model's inputs: one, named `"input"`, for a chain; a graph's inputs in order.
    public var inputTensors: [ModelTensor] {
        guard let graph else {
            return [ModelTensor(name: "input", features: inputFeatures, isSequence: true, timeSteps: timeSteps,
                                isTokens: inputIsTokens)]
        }
        let tokens = (try? GraphWalk(self, graph, checkingWeights: false).tokenInputs) ?? []
        return graph.inputs.map {
            ModelTensor(name: $0.name, features: $0.features, isSequence: $0.isSequence, timeSteps: $0.timeSteps,
                        isTokens: tokens.contains($0.name))
        }
    }

    /// The model's outputs: one, named after the last layer, for a chain; a graph's outputs in
    /// order. Empty for a graph that does not validate.
    public var outputTensors: [ModelTensor] {
        guard let graph else {
            let time = try? outputTimeSteps(forInput: timeSteps ?? 1)
            return [ModelTensor(name: layers.last?.name ?? "input", features: outputFeatures, isSequence: outputIsSequence,
                                timeSteps: timeSteps == nil ? nil : time)]
        }
        guard let walk = try? GraphWalk(self, graph, checkingWeights: false) else { return [] }
        return graph.outputs.map { reference in
            let shape = walk.shapes[reference]!
            return ModelTensor(name: reference.description, features: shape.features, isSequence: shape.isSequence,
                               timeSteps: shape.time)
        }
    }

    /// Checks that a graph model can take inputs of these lengths (one per input, ignored for
    /// inputs without a time axis): merged tensors of one length, Flatten and Reshape given the
    /// length they were built for, convolution and pooling windows that fit.
    ///
    /// - Throws: ``LSTMWError`` naming the first layer that cannot take them.
    public func checkGraph(inputTimeSteps: [Int]) throws(LSTMWError) {
        guard let graph else { return }
        _ = try GraphWalk(self, graph, checkingWeights: false, inputTimeSteps: inputTimeSteps)
    }

    /// Checks a graph model: names unique, every layer reading tensors defined before it with the
    /// shapes it needs, initial states of the right sizes, outputs that exist.
    func validateGraph(_ graph: ModelGraph) throws(LSTMWError) {
        guard let first = graph.inputs.first else { throw .invalidModel("the model graph has no inputs") }
        guard inputFeatures == first.features, timeSteps == first.timeSteps else {
            throw .invalidModel("the input record (\(inputFeatures) features) does not match the graph's first input \(first.name.quotedForMessage) (\(first.features))")
        }
        guard !graph.outputs.isEmpty else { throw .invalidModel("the model graph has no outputs") }
        _ = try GraphWalk(self, graph)
    }
}

extension Layer {
    /// The sizes of a recurrent layer's state, in the order Keras's `return_state` gives it and
    /// `initial_state` takes it: `[units, units]` (h, c) for an LSTM, `[units]` for a GRU or a
    /// SimpleRNN, the forward then the backward direction's for a Bidirectional wrapper; empty for
    /// other layers.
    public var stateSizes: [Int] {
        switch self {
        case .lstm(let layer): [layer.units, layer.units]
        case .gru(let layer): [layer.units]
        case .simpleRNN(let layer): [layer.units]
        case .bidirectional(let layer): layer.forward.stateSizes + layer.backward.stateSizes
        default: []
        }
    }

    /// The number of outputs the layer has in a ``ModelGraph``: its output (two for a
    /// Bidirectional wrapper with ``BidirectionalMergeMode/none``), then its states.
    public var outputCount: Int {
        if case .bidirectional(let layer) = self, layer.mergeMode == .none { return 2 + stateSizes.count }
        return 1 + stateSizes.count
    }

    /// Whether the layer only makes sense in a ``ModelGraph``: it takes several tensors or gives several.
    var needsGraph: Bool {
        switch self {
        case .merge, .concatenate: true
        case .bidirectional(let layer): layer.mergeMode == .none
        default: false
        }
    }
}

/// The shape of every tensor of a graph, found by walking its layers in order.
struct GraphWalk {
    private(set) var shapes: [TensorReference: ChainShape] = [:]
    /// The inputs that feed an Embedding and so hold token ids.
    private(set) var tokenInputs: Set<String> = []

    /// Walks `graph`; with `checkingWeights` false (for a description whose weights were left out)
    /// only the connections and sizes are checked.
    init(_ model: ModelDescription, _ graph: ModelGraph, checkingWeights: Bool = true,
         inputTimeSteps: [Int]? = nil) throws(LSTMWError) {
        guard graph.layerInputs.count == model.layers.count else {
            throw .invalidModel("the model graph lists the inputs of \(graph.layerInputs.count) layers, the model has \(model.layers.count)")
        }
        var names = Set<String>()
        var plainInputs = Set<String>()
        for (position, input) in graph.inputs.enumerated() {
            let label = "input \(input.name.quotedForMessage)"
            guard names.insert(input.name).inserted else { throw .invalidModel("two inputs are named \(input.name.quotedForMessage)") }
            guard input.features > 0 else { throw .invalidModel("\(label) has \(input.features) features") }
            if let time = input.timeSteps, time <= 0 { throw .invalidModel("\(label) has \(time) time steps") }
            let time = inputTimeSteps.map { $0[position] } ?? input.timeSteps
            shapes[TensorReference(input.name)] = ChainShape(features: input.features, isSequence: input.isSequence,
                                                             time: input.isSequence ? time : nil, masked: false)
        }
        for (layer, references) in zip(model.layers, graph.layerInputs) {
            let label = "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName))"
            guard names.insert(layer.name).inserted else { throw .invalidModel("two layers or inputs are named \(layer.name.quotedForMessage)") }
            var given: [ChainShape] = []
            for reference in references {
                guard let shape = shapes[reference] else {
                    throw .invalidModel("\(label) reads \(reference.description.quotedForMessage), which is neither a model input nor an output of an earlier layer")
                }
                given.append(shape)
            }
            let isInput = references.map { r in graph.inputs.contains { $0.name == r.source } }
            if case .embedding = layer {
                guard references.count == 1, isInput[0] else { throw .invalidModel("\(label) must read a model input") }
                tokenInputs.insert(references[0].source)
            } else {
                for (reference, fromInput) in zip(references, isInput) where fromInput { plainInputs.insert(reference.source) }
            }
            if let both = tokenInputs.intersection(plainInputs).first {
                throw .invalidModel("input \(both.quotedForMessage) feeds an Embedding and other layers; token ids feed only embeddings")
            }
            guard layer.outputSize > 0 else { throw .invalidModel("\(label) has \(layer.outputSize) output features") }
            if case .swapBatchTime = layer { throw .invalidModel("\(label) cannot be part of a model graph") }
            if checkingWeights { try layer.validate(label: label, isFirst: true) }
            let outputs = try Self.outputs(of: layer, given: given, label: label)
            for (index, shape) in outputs.enumerated() { shapes[TensorReference(layer.name, index)] = shape }
        }
        for output in graph.outputs where shapes[output] == nil {
            throw .invalidModel("the model's output \(output.description.quotedForMessage) is not a tensor of the graph")
        }
    }

    /// The shapes of `layer`'s outputs, given the shapes of the tensors it reads.
    private static func outputs(of layer: Layer, given: [ChainShape], label: String) throws(LSTMWError) -> [ChainShape] {
        switch layer {
        case .merge(let merge):
            guard given.count == merge.inputCount, merge.inputCount >= 2, merge.mode != .subtract || given.count == 2 else {
                throw .invalidModel("\(label) merges \(given.count) tensors; it needs \(merge.mode == .subtract ? "exactly 2" : "2 or more") and declares \(merge.inputCount)")
            }
            return [try joined(given, sizes: Array(repeating: merge.features, count: given.count), features: merge.features, label: label)]
        case .concatenate(let concatenate):
            guard given.count == concatenate.inputSizes.count, given.count >= 2 else {
                throw .invalidModel("\(label) joins \(given.count) tensors; it needs 2 or more and declares \(concatenate.inputSizes.count)")
            }
            guard concatenate.outputSize < Int.max else { throw .invalidModel("\(label) has too many features") }
            return [try joined(given, sizes: concatenate.inputSizes, features: concatenate.outputSize, label: label)]
        default:
            break
        }
        let states = layer.stateSizes
        guard let first = given.first, given.count == 1 || given.count == 1 + states.count else {
            throw .invalidModel(states.isEmpty ? "\(label) reads \(given.count) tensors; it takes one"
                                               : "\(label) reads \(given.count) tensors; it takes its input and optionally \(states.count) initial states")
        }
        guard layer.inputSize == first.features else {
            throw .invalidModel("\(label) expects \(layer.inputSize) input features, the tensor it reads has \(first.features)")
        }
        for (index, (state, size)) in zip(given.dropFirst(), states).enumerated() where state.isSequence || state.features != size {
            throw .invalidModel("\(label): initial state \(index) must be [batch, \(size)], the tensor given is \(state.isSequence ? "a sequence" : "[batch, \(state.features)]")")
        }
        var output = first
        try output.advance(through: layer, label: label)
        let stateShape = { (size: Int) in ChainShape(features: size, isSequence: false, time: nil, masked: false) }
        if case .bidirectional(let bidirectional) = layer, bidirectional.mergeMode == .none {
            return [output, output] + states.map(stateShape)
        }
        return [output] + states.map(stateShape)
    }

    /// The shape of tensors of one shape but the last axis, joined; their masks combine.
    private static func joined(_ given: [ChainShape], sizes: [Int], features: Int, label: String) throws(LSTMWError) -> ChainShape {
        let first = given[0]
        for (index, (shape, size)) in zip(given, sizes).enumerated() {
            guard shape.features == size, size > 0 else {
                throw .invalidModel("\(label): input \(index) has \(shape.features) features, the layer takes \(size)")
            }
            guard shape.isSequence == first.isSequence, shape.time == first.time || shape.time == nil || first.time == nil else {
                throw .invalidModel("\(label): input \(index) has another shape than input 0 (a sequence and a vector, or two lengths)")
            }
        }
        let time = given.lazy.compactMap(\.time).first
        return ChainShape(features: features, isSequence: first.isSequence, time: time, masked: given.contains(where: \.masked))
    }
}
