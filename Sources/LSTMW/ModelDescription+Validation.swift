extension ModelDescription {
    /// Checks that the description is one the runtime can execute: every size positive, every
    /// layer's input matching the previous layer's output, every tensor the shape its layer needs,
    /// every weight finite, softmax only where it is allowed, and the test vector (if any) shaped
    /// for the model and finite.
    ///
    /// - Throws: ``LSTMWError`` with code ``LSTMWError/Code/invalidModel``, naming the layer.
    public func validate() throws(LSTMWError) {
        guard inputFeatures > 0 else { throw .invalidModel("input features must be positive, got \(inputFeatures)") }
        if let timeSteps, timeSteps <= 0 { throw .invalidModel("time steps must be positive, got \(timeSteps)") }
        guard !layers.isEmpty else { throw .invalidModel("the model has no layers") }
        if let graph {
            try validateGraph(graph)
            try validateTestVector()
            return
        }
        var shape = ChainShape(features: inputFeatures, isSequence: true, time: timeSteps, masked: false)
        var names = Set<String>()
        for (index, layer) in layers.enumerated() {
            let label = "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName))"
            guard names.insert(layer.name).inserted else { throw .invalidModel("two layers are named \(layer.name.quotedForMessage)") }
            guard layer.inputSize == shape.features else {
                throw .invalidModel("\(label) expects \(layer.inputSize) input features, the previous layer gives \(shape.features)")
            }
            guard layer.outputSize > 0 else { throw .invalidModel("\(label) has \(layer.outputSize) output features") }
            guard !layer.needsGraph else { throw .invalidModel("\(label) takes or gives several tensors, which only a model graph can connect") }
            try layer.validate(label: label, isFirst: index == 0)
            try shape.advance(through: layer, label: label)
        }
        if shape.axes != .batchFirst {
            throw .invalidModel("the model ends with its batch and time axes swapped; a swap_batch_time layer must be followed by a recurrent layer, and one that returns sequences by another swap_batch_time")
        }
        try validateTestVector()
    }
}

extension ModelDescription {
    /// The number of timesteps of the output for an input of `time` timesteps (`time` itself
    /// when the output is not a sequence), or an error naming the first layer that cannot take
    /// that length: a `Flatten` or `Reshape` built for another length, or a `Conv1D` or pooling
    /// window longer than what reaches it.
    public func outputTimeSteps(forInput time: Int) throws(LSTMWError) -> Int {
        var shape = ChainShape(features: inputFeatures, isSequence: true, time: time, masked: false)
        for layer in layers {
            try shape.advance(through: layer, label: "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName))")
        }
        return shape.time ?? time
    }
}

/// What flows between two layers of a chain, as far as validation can tell without data.
struct ChainShape {
    var features: Int
    var isSequence: Bool
    /// The number of timesteps, when it is fixed.
    var time: Int?
    /// Whether a mask from an `Embedding(mask_zero=True)` or a `Masking` layer reaches this point.
    var masked: Bool
    /// Where the chain stands around a time-major recurrent layer.
    var axes: Axes = .batchFirst

    /// The order of the batch and time axes, and what may come next.
    enum Axes {
        /// `[batch, time, features]`: any layer.
        case batchFirst
        /// Swapped by a `swap_batch_time` layer: a recurrent layer must follow.
        case swapped
        /// A recurrent layer returned a sequence of swapped axes: a `swap_batch_time` must follow.
        case awaitingSwapBack
    }

    /// Checks the rules of `swap_batch_time` layers ([§7.1] of docs/lstmw-format.md) and moves
    /// ``axes`` past `layer`.
    private mutating func advanceAxes(through layer: Layer, label: String) throws(LSTMWError) {
        let rule = "a swap_batch_time layer must be followed by a recurrent layer, and one that returns sequences by another swap_batch_time"
        switch (axes, layer) {
        case (.batchFirst, .swapBatchTime):
            if !isSequence { throw .invalidModel("\(label) needs a sequence, the previous layer gives a vector") }
            if masked { throw .invalidModel("\(label) cannot take the mask an earlier Embedding(mask_zero=True) or Masking layer makes") }
            axes = .swapped
        case (.batchFirst, _):
            break
        case (.swapped, _) where layer.isRecurrent:
            if layer.stateful { throw .invalidModel("\(label) is stateful and reads swapped batch and time axes (time_major); its state per batch row would follow the time axis") }
            axes = layer.returnSequences == true ? .awaitingSwapBack : .batchFirst
        case (.awaitingSwapBack, .swapBatchTime):
            axes = .batchFirst
        case (.swapped, _), (.awaitingSwapBack, _):
            throw .invalidModel("\(label) follows swapped batch and time axes; \(rule)")
        }
    }

    /// The shape after `layer`, or an error if `layer` cannot take this shape.
    mutating func advance(through layer: Layer, label: String) throws(LSTMWError) {
        try advanceAxes(through: layer, label: label)
        let needsSequence: Bool
        switch layer {
        case .lstm, .gru, .simpleRNN, .bidirectional, .masking, .conv1D, .pooling1D, .globalPooling1D, .flatten: needsSequence = true
        default: needsSequence = false
        }
        if needsSequence, !isSequence { throw .invalidModel("\(label) needs a sequence, the previous layer gives a vector") }
        switch layer {
        case .conv1D, .pooling1D, .flatten, .reshape, .repeatVector:
            if masked { throw .invalidModel("\(label) cannot take the mask an earlier Embedding(mask_zero=True) or Masking layer makes") }
        case .globalPooling1D(let pooling):
            if masked, pooling.mode == .max { throw .invalidModel("\(label) cannot take the mask an earlier Embedding(mask_zero=True) or Masking layer makes") }
        default:
            break
        }
        switch layer {
        case .embedding(let embedding): masked = embedding.maskZero
        case .masking: masked = true
        case .conv1D(let conv): try shorten(to: conv.outputTime(for:), label: label)
        case .pooling1D(let pooling): try shorten(to: pooling.outputTime(for:), label: label)
        case .flatten(let flatten):
            guard time == flatten.timeSteps else {
                throw .invalidModel("\(label) flattens \(flatten.timeSteps) timesteps, but the sequence reaching it has \(time.map(String.init) ?? "any number of")")
            }
        case .reshape(let reshape):
            let current = isSequence ? time.map { [$0, features] } : [features]
            guard current == reshape.inputShape, (1...2).contains(reshape.targetShape.count),
                  reshape.targetShape.allSatisfy({ $0 > 0 }),
                  Tensor.elementCount(of: reshape.inputShape) == Tensor.elementCount(of: reshape.targetShape) else {
                throw .invalidModel("\(label) reshapes \(reshape.inputShape) to \(reshape.targetShape), but the values reaching it are \(current.map { "\($0)" } ?? "of variable length")")
            }
            if reshape.targetShape.count == 2 { time = reshape.targetShape[0] }
        case .repeatVector(let repeated):
            guard !isSequence else { throw .invalidModel("\(label) needs a vector, the previous layer gives a sequence") }
            guard repeated.n > 0 else { throw .invalidModel("\(label) repeats \(repeated.n) times") }
            time = repeated.n
        default:
            break
        }
        isSequence = layer.outputIsSequence(inputIsSequence: isSequence)
        if !isSequence { masked = false }
        features = layer.outputSize
    }

    /// Applies a layer's output length, when the length is fixed.
    private mutating func shorten(to outputTime: (Int) -> Int, label: String) throws(LSTMWError) {
        guard let time else { return }
        let shorter = outputTime(time)
        guard shorter >= 1 else { throw .invalidModel("\(label) gets \(time) timesteps, too few for one output") }
        self.time = shorter
    }
}

extension Layer {
    /// Checks what only this kind of layer has: its weights, activations and options.
    func validate(label: String, isFirst: Bool) throws(LSTMWError) {
        if case .embedding = self, !isFirst { throw .invalidModel("\(label) must be the model's first layer") }
        switch self {
        case .lstm(let lstm): try lstm.validateWeights(label: label)
        case .gru(let gru): try gru.validateWeights(label: label)
        case .simpleRNN(let rnn): try rnn.validateWeights(label: label)
        case .dense(let dense): try dense.validateWeights(label: label)
        case .bidirectional(let layer): try layer.validate(label: label)
        case .embedding(let layer): try layer.validateWeights(label: label)
        case .masking(let layer):
            guard layer.maskValue.isFinite else { throw .invalidModel("\(label) has a non-finite mask value") }
        case .activation: break
        case .layerNormalization(let layer): try layer.validateWeights(label: label)
        case .batchNormalization(let layer): try layer.validateWeights(label: label)
        case .conv1D(let layer): try layer.validateWeights(label: label)
        case .pooling1D(let layer):
            guard layer.poolSize > 0, layer.strides > 0 else {
                throw .invalidModel("\(label) has pool_size \(layer.poolSize) and strides \(layer.strides); both must be positive")
            }
        case .globalPooling1D, .repeatVector, .swapBatchTime: break
        case .flatten(let layer):
            guard layer.timeSteps > 0 else { throw .invalidModel("\(label) flattens \(layer.timeSteps) timesteps") }
        case .reshape: break
        case .merge, .concatenate: break
        }
    }
}

extension BidirectionalLayer {
    func validate(label: String) throws(LSTMWError) {
        let directions = [(forward, false, "forward"), (backward, true, "backward")]
        for (layer, backwards, direction) in directions {
            switch layer {
            case .lstm, .gru, .simpleRNN: break
            default: throw .invalidModel("\(label): the \(direction) layer is \(layer.kerasClassName), not LSTM, GRU or SimpleRNN")
            }
            guard layer.goBackwards == backwards else {
                throw .invalidModel("\(label): the \(direction) layer must have go_backwards \(backwards)")
            }
            try layer.validate(label: "\(label) \(direction) layer \(layer.name.quotedForMessage)", isFirst: false)
        }
        guard forward.kerasClassName == backward.kerasClassName, forward.inputSize == backward.inputSize,
              forward.outputSize == backward.outputSize, forward.returnSequences == backward.returnSequences,
              forward.stateful == backward.stateful else {
            throw .invalidModel("\(label): the forward and backward layers differ in kind, sizes, return_sequences or stateful")
        }
    }
}

extension EmbeddingLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        guard inputDim > 0 else { throw .invalidModel("\(label) has input_dim \(inputDim)") }
        try checkTensor(embeddings, shape: [inputDim, outputDim], what: "embeddings", label: label)
    }
}

extension Conv1DLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        guard kernelSize > 0, strides > 0, dilation > 0 else {
            throw .invalidModel("\(label) has kernel_size \(kernelSize), strides \(strides), dilation_rate \(dilation); all must be positive")
        }
        try checkTensor(kernel, shape: [kernelSize, inputSize, filters], what: "kernel", label: label)
        if let bias { try checkTensor(bias, shape: [filters], what: "bias", label: label) }
    }
}

extension LayerNormalizationLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        guard epsilon.isFinite, epsilon >= 0 else { throw .invalidModel("\(label) has epsilon \(epsilon)") }
        if let gamma { try checkTensor(gamma, shape: [features], what: "gamma", label: label) }
        if let beta { try checkTensor(beta, shape: [features], what: "beta", label: label) }
    }
}

extension BatchNormalizationLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        guard epsilon.isFinite, epsilon >= 0 else { throw .invalidModel("\(label) has epsilon \(epsilon)") }
        if let gamma { try checkTensor(gamma, shape: [features], what: "gamma", label: label) }
        if let beta { try checkTensor(beta, shape: [features], what: "beta", label: label) }
        try checkTensor(movingMean, shape: [features], what: "moving_mean", label: label)
        try checkTensor(movingVariance, shape: [features], what: "moving_variance", label: label)
        if let bad = movingVariance.values.firstIndex(where: { $0 < 0 }) {
            throw .invalidModel("\(label): moving_variance is negative (\(movingVariance.values[bad])) at index \(bad)")
        }
    }
}

extension LSTMLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        for activation in [activation, recurrentActivation] where !activation.isElementwise {
            throw .invalidModel("\(label) cannot use \(activation.rawValue) inside the cell")
        }
        for gate in LSTMGate.allCases {
            try checkTensor(kernel[gate], shape: [inputSize, units], what: "W_\(gate.rawValue)", label: label)
            try checkTensor(recurrentKernel[gate], shape: [units, units], what: "U_\(gate.rawValue)", label: label)
            if let bias { try checkTensor(bias[gate], shape: [units], what: "b_\(gate.rawValue)", label: label) }
        }
    }
}

extension GRULayer {
    func validateWeights(label: String) throws(LSTMWError) {
        for activation in [activation, recurrentActivation] where !activation.isElementwise {
            throw .invalidModel("\(label) cannot use \(activation.rawValue) inside the cell")
        }
        if bias == nil, recurrentBias != nil {
            throw .invalidModel("\(label) has a recurrent bias but no input bias")
        }
        if bias != nil, (recurrentBias != nil) != resetAfter {
            throw .invalidModel(resetAfter ? "\(label) has reset_after true and a bias, so it needs a recurrent bias rb_z, rb_r, rb_h"
                                           : "\(label) has reset_after false, so it cannot have a recurrent bias")
        }
        for gate in GRUGate.allCases {
            try checkTensor(kernel[gate], shape: [inputSize, units], what: "W_\(gate.rawValue)", label: label)
            try checkTensor(recurrentKernel[gate], shape: [units, units], what: "U_\(gate.rawValue)", label: label)
            if let bias { try checkTensor(bias[gate], shape: [units], what: "b_\(gate.rawValue)", label: label) }
            if let recurrentBias {
                try checkTensor(recurrentBias[gate], shape: [units], what: "rb_\(gate.rawValue)", label: label)
            }
        }
    }
}

extension SimpleRNNLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        guard activation.isElementwise else {
            throw .invalidModel("\(label) cannot use \(activation.rawValue) inside the cell")
        }
        try checkTensor(kernel, shape: [inputSize, units], what: "W", label: label)
        try checkTensor(recurrentKernel, shape: [units, units], what: "U", label: label)
        if let bias { try checkTensor(bias, shape: [units], what: "b", label: label) }
    }
}

extension DenseLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        try checkTensor(kernel, shape: [inputSize, units], what: "kernel", label: label)
        if let bias { try checkTensor(bias, shape: [units], what: "bias", label: label) }
    }
}

private func checkTensor(_ tensor: Tensor, shape: [Int], what: String, label: String) throws(LSTMWError) {
    guard tensor.shape == shape else {
        throw .invalidModel("\(label): \(what) has shape \(shapeForMessage(tensor.shape)), expected \(shape)")
    }
    if !allFinite(tensor.values), let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
        throw .invalidModel("\(label): \(what) holds a non-finite value (\(tensor.values[bad])) at flat index \(bad)")
    }
}

/// Whether every value is finite: its exponent bits are not all ones, so adding one to them does
/// not carry into the sign bit. Branch-free, so it vectorizes; the index of a bad value is looked
/// for only when there is one.
private func allFinite(_ values: [Float]) -> Bool {
    values.withUnsafeBufferPointer { buffer in
        var carries: UInt32 = 0
        for value in buffer { carries |= (value.bitPattern & 0x7F80_0000) &+ 0x0080_0000 }
        return carries & 0x8000_0000 == 0
    }
}
