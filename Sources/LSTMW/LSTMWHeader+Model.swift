extension LSTMWHeader {
    /// Builds a header for `model` with each tensor placed right after the previous one, at the
    /// next multiple of 64; returns it with the tensors' data in the same order and the length
    /// of the data section.
    ///
    /// - Precondition: `model` passed ``ModelDescription/validate()``.
    static func plan(_ model: ModelDescription, producer: String) throws(LSTMWError)
        -> (header: LSTMWHeader, tensors: [(offset: Int, tensor: Tensor)], dataLength: Int) {
        var cursor = 0  // always a multiple of 64
        var placed: [(offset: Int, tensor: Tensor)] = []
        var layers: [LayerRecord] = []
        for (index, layer) in model.layers.enumerated() {
            var records: [TensorRecord] = []
            for (name, tensor) in layer.fileTensors {
                let (byteLength, overflow) = tensor.count.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
                let (end, pastEnd) = cursor.addingReportingOverflow(byteLength)
                guard !overflow, !pastEnd, let next = alignedUp(end, to: LSTMWFile.alignment) else {
                    throw LSTMWError(.limitExceeded, "tensor \("\(layer.name)/\(name)".quotedForMessage) does not fit in a file")
                }
                records.append(TensorRecord(name: name, shape: tensor.shape, offset: cursor, byteLength: byteLength))
                placed.append((cursor, tensor))
                cursor = next
            }
            var record = LayerRecord(layer, tensors: records)
            record.inbound = model.graph?.layerInputs[index]
            layers.append(record)
        }
        let testVector = try model.testVector.map { vector throws(LSTMWError) in
            try TestVectorRecord.place(vector, at: &cursor, placing: &placed)
        }
        let dataLength = cursor
        let header = LSTMWHeader(producer: producer, source: model.source, inputFeatures: model.inputFeatures,
                                 timeSteps: model.timeSteps, layers: layers, testVector: testVector,
                                 graph: model.graph.map { GraphRecord(inputs: $0.inputs, outputs: $0.outputs) })
        return (header, placed, dataLength)
    }

    /// The model the header describes, with its weights read from `data`.
    ///
    /// - Precondition: the header came from ``decode(_:limits:)`` and passed ``LSTMWLayout/check(_:data:)``
    ///   against `data`, so every tensor is in bounds and its byte length matches its shape.
    func model(data: UnsafeRawBufferPointer) -> ModelDescription {
        let layers = layers.map { record -> Layer in
            let tensors = record.tensors.map { Tensor(shape: $0.shape, values: Self.floats(in: data, at: $0.offset, count: $0.byteLength / 4)) }
            return record.layer(tensors: tensors)
        }
        let graph = modelGraph
        return ModelDescription(source: source, inputFeatures: inputFeatures, timeSteps: timeSteps, layers: layers,
                                testVector: testVector.map { record in
                                    let tensor = { (entry: TensorRecord) in
                                        Tensor(shape: entry.shape, values: Self.floats(in: data, at: entry.offset, count: entry.byteLength / 4))
                                    }
                                    return TestVector(inputs: record.inputs.map(tensor), expectedOutputs: record.expectedOutputs.map(tensor))
                                },
                                graph: graph)
    }

    /// `count` little-endian float32 values starting at `offset`.
    static func floats(in data: UnsafeRawBufferPointer, at offset: Int, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                buffer[index] = Float(bitPattern: data.littleEndianUInt32(at: offset + 4 * index))
            }
            initialized = count
        }
    }
}

extension LSTMWHeader.LayerRecord {
    /// The layer this record describes, given its tensors' values in the record's order.
    func layer(tensors: [Tensor]) -> Layer {
        switch kind {
        case .lstm(let recurrentActivation, let returnSequences):
            return .lstm(LSTMLayer(
                name: name, inputSize: inputSize, units: units, activation: activation,
                recurrentActivation: recurrentActivation, returnSequences: returnSequences,
                kernel: LSTMGates { tensors[$0.index] }, recurrentKernel: LSTMGates { tensors[4 + $0.index] },
                bias: useBias ? LSTMGates { tensors[8 + $0.index] } : nil, goBackwards: goBackwards, stateful: stateful))
        case .dense:
            return .dense(DenseLayer(name: name, inputSize: inputSize, units: units, activation: activation,
                                     kernel: tensors[0], bias: useBias ? tensors[1] : nil))
        case .gru(let recurrentActivation, let returnSequences, let resetAfter):
            return .gru(GRULayer(
                name: name, inputSize: inputSize, units: units, activation: activation,
                recurrentActivation: recurrentActivation, returnSequences: returnSequences, resetAfter: resetAfter,
                kernel: GRUGates { tensors[$0.index] }, recurrentKernel: GRUGates { tensors[3 + $0.index] },
                bias: useBias ? GRUGates { tensors[6 + $0.index] } : nil,
                recurrentBias: useBias && resetAfter ? GRUGates { tensors[9 + $0.index] } : nil,
                goBackwards: goBackwards, stateful: stateful))
        case .simpleRNN(let returnSequences):
            return .simpleRNN(SimpleRNNLayer(
                name: name, inputSize: inputSize, units: units, activation: activation,
                returnSequences: returnSequences, kernel: tensors[0], recurrentKernel: tensors[1],
                bias: useBias ? tensors[2] : nil, goBackwards: goBackwards, stateful: stateful))
        case .bidirectional(let mergeMode, let inner, let backwardName):
            let half = tensors.count / 2
            var backward = inner
            backward.name = backwardName
            backward.goBackwards = true
            return .bidirectional(BidirectionalLayer(
                name: name, mergeMode: mergeMode, forward: inner.layer(tensors: Array(tensors[..<half])),
                backward: backward.layer(tensors: Array(tensors[half...]))))
        case .embedding(let inputDim, let maskZero):
            return .embedding(EmbeddingLayer(name: name, inputDim: inputDim, outputDim: units, maskZero: maskZero,
                                             embeddings: tensors[0]))
        case .masking(let maskValue):
            return .masking(MaskingLayer(name: name, features: units, maskValue: maskValue))
        case .activation:
            return .activation(ActivationLayer(name: name, features: units, activation: activation))
        case .layerNormalization(let epsilon, let scale):
            return .layerNormalization(LayerNormalizationLayer(
                name: name, features: units, epsilon: epsilon, gamma: scale ? tensors[0] : nil,
                beta: useBias ? tensors[scale ? 1 : 0] : nil))
        case .batchNormalization(let epsilon, let scale):
            let statistics = tensors.count - 2
            return .batchNormalization(BatchNormalizationLayer(
                name: name, features: units, epsilon: epsilon, gamma: scale ? tensors[0] : nil,
                beta: useBias ? tensors[scale ? 1 : 0] : nil, movingMean: tensors[statistics],
                movingVariance: tensors[statistics + 1]))
        case .conv1D(let kernelSize, let strides, let dilation, let padding):
            return .conv1D(Conv1DLayer(
                name: name, inputSize: inputSize, filters: units, kernelSize: kernelSize, strides: strides,
                dilation: dilation, padding: padding, activation: activation, kernel: tensors[0],
                bias: useBias ? tensors[1] : nil))
        case .pooling1D(let mode, let poolSize, let strides, let padding):
            return .pooling1D(Pooling1DLayer(name: name, mode: mode, features: units, poolSize: poolSize,
                                             strides: strides, padding: padding))
        case .globalPooling1D(let mode):
            return .globalPooling1D(GlobalPooling1DLayer(name: name, mode: mode, features: units))
        case .flatten(let timeSteps):
            return .flatten(FlattenLayer(name: name, timeSteps: timeSteps, features: inputSize))
        case .reshape(let inputShape, let targetShape):
            return .reshape(ReshapeLayer(name: name, inputShape: inputShape, targetShape: targetShape))
        case .repeatVector(let n):
            return .repeatVector(RepeatVectorLayer(name: name, n: n, features: units))
        case .merge(let mode, let inputCount):
            return .merge(MergeLayer(name: name, mode: mode, features: units, inputCount: inputCount))
        case .concatenate(let inputSizes):
            return .concatenate(ConcatenateLayer(name: name, inputSizes: inputSizes))
        case .swapBatchTime:
            return .swapBatchTime(SwapBatchTimeLayer(name: name, features: units))
        }
    }

    /// The record for `layer`, with its tensors already placed.
    init(_ layer: Layer, tensors: [LSTMWHeader.TensorRecord]) {
        self.init(kind: .dense, name: layer.name, inputSize: layer.inputSize, units: layer.outputSize,
                  activation: layer.activation, useBias: layer.useBias, goBackwards: layer.goBackwards,
                  stateful: layer.stateful, tensors: tensors)
        switch layer {
        case .lstm(let lstm):
            kind = .lstm(recurrentActivation: lstm.recurrentActivation, returnSequences: lstm.returnSequences)
        case .dense:
            kind = .dense
        case .gru(let gru):
            kind = .gru(recurrentActivation: gru.recurrentActivation, returnSequences: gru.returnSequences,
                        resetAfter: gru.resetAfter)
        case .simpleRNN(let rnn):
            kind = .simpleRNN(returnSequences: rnn.returnSequences)
        case .bidirectional(let bidirectional):
            stateful = false  // recorded on the wrapped layer
            kind = .bidirectional(mergeMode: bidirectional.mergeMode, layer: Self(bidirectional.forward, tensors: []),
                                  backwardName: bidirectional.backward.name)
        case .embedding(let embedding):
            kind = .embedding(inputDim: embedding.inputDim, maskZero: embedding.maskZero)
        case .masking(let masking):
            kind = .masking(maskValue: masking.maskValue)
        case .activation:
            kind = .activation
        case .layerNormalization(let norm):
            kind = .layerNormalization(epsilon: norm.epsilon, scale: norm.gamma != nil)
        case .batchNormalization(let norm):
            kind = .batchNormalization(epsilon: norm.epsilon, scale: norm.gamma != nil)
        case .conv1D(let conv):
            kind = .conv1D(kernelSize: conv.kernelSize, strides: conv.strides, dilation: conv.dilation, padding: conv.padding)
        case .pooling1D(let pooling):
            kind = .pooling1D(mode: pooling.mode, poolSize: pooling.poolSize, strides: pooling.strides, padding: pooling.padding)
        case .globalPooling1D(let pooling):
            kind = .globalPooling1D(mode: pooling.mode)
        case .flatten(let flatten):
            kind = .flatten(timeSteps: flatten.timeSteps)
        case .reshape(let reshape):
            kind = .reshape(inputShape: reshape.inputShape, targetShape: reshape.targetShape)
        case .repeatVector(let repeated):
            kind = .repeatVector(n: repeated.n)
        case .merge(let merge):
            kind = .merge(mode: merge.mode, inputCount: merge.inputCount)
        case .concatenate(let concatenate):
            kind = .concatenate(inputSizes: concatenate.inputSizes)
        case .swapBatchTime:
            kind = .swapBatchTime
        }
    }
}

extension Layer {
    /// The layer's tensors with their names in a `.lstmw` file, in file order.
    var fileTensors: [(name: String, tensor: Tensor)] {
        switch self {
        case .lstm(let lstm):
            let gates = LSTMGate.allCases
            return gates.map { ("W_\($0.rawValue)", lstm.kernel[$0]) }
                + gates.map { ("U_\($0.rawValue)", lstm.recurrentKernel[$0]) }
                + (lstm.bias.map { bias in gates.map { ("b_\($0.rawValue)", bias[$0]) } } ?? [])
        case .dense(let dense):
            return [("kernel", dense.kernel)] + (dense.bias.map { [("bias", $0)] } ?? [])
        case .gru(let gru):
            let gates = GRUGate.allCases
            return gates.map { ("W_\($0.rawValue)", gru.kernel[$0]) }
                + gates.map { ("U_\($0.rawValue)", gru.recurrentKernel[$0]) }
                + (gru.bias.map { bias in gates.map { ("b_\($0.rawValue)", bias[$0]) } } ?? [])
                + (gru.recurrentBias.map { bias in gates.map { ("rb_\($0.rawValue)", bias[$0]) } } ?? [])
        case .simpleRNN(let rnn):
            return [("W", rnn.kernel), ("U", rnn.recurrentKernel)] + (rnn.bias.map { [("b", $0)] } ?? [])
        case .bidirectional(let layer):
            return layer.forward.fileTensors.map { ("forward/\($0.name)", $0.tensor) }
                + layer.backward.fileTensors.map { ("backward/\($0.name)", $0.tensor) }
        case .embedding(let layer):
            return [("embeddings", layer.embeddings)]
        case .conv1D(let conv):
            return [("kernel", conv.kernel)] + (conv.bias.map { [("bias", $0)] } ?? [])
        case .masking, .activation, .pooling1D, .globalPooling1D, .flatten, .reshape, .repeatVector, .merge, .concatenate,
             .swapBatchTime:
            return []
        case .layerNormalization(let layer):
            return (layer.gamma.map { [("gamma", $0)] } ?? []) + (layer.beta.map { [("beta", $0)] } ?? [])
        case .batchNormalization(let layer):
            return (layer.gamma.map { [("gamma", $0)] } ?? []) + (layer.beta.map { [("beta", $0)] } ?? [])
                + [("moving_mean", layer.movingMean), ("moving_variance", layer.movingVariance)]
        }
    }
}

extension LSTMWHeader {
    /// The lowest minor version of format 1 that has every layer type the header uses, and the
    /// test vector if there is one.
    var minimumMinorVersion: Int {
        max(layers.map(\.minimumMinorVersion).max() ?? 0, testVector?.minimumMinorVersion ?? 0,
            graph == nil ? 0 : GraphRecord.minimumMinorVersion)
    }
}

extension LSTMWHeader {
    /// Refuses what the header uses beyond the file's declared minor version: a layer type, key
    /// or activation, a test vector, a graph of a later version.
    func checkVersion(minor: Int) throws(LSTMWError) {
        if let newer = self.layers.first(where: { $0.minimumMinorVersion > minor }) {
            throw LSTMWError(.malformedHeader, "layer \(newer.name.quotedForMessage) (type '\(newer.type.rawValue)'\(newer.isStateful ? ", stateful" : "")) needs format version 1.\(newer.minimumMinorVersion); the file declares 1.\(minor)")
        }
        if self.graph != nil, minor < LSTMWHeader.GraphRecord.minimumMinorVersion {
            throw LSTMWError(.malformedHeader, "the header has a model graph, which needs format version 1.\(LSTMWHeader.GraphRecord.minimumMinorVersion); the file declares 1.\(minor)")
        }
        if let vector = self.testVector, minor < vector.minimumMinorVersion {
            throw LSTMWError(.malformedHeader, "the header has a test_vector, which needs format version 1.\(vector.minimumMinorVersion); the file declares 1.\(minor)")
        }
    }

    /// The model graph the header describes, if it has one.
    var modelGraph: ModelGraph? {
        graph.map { ModelGraph(inputs: $0.inputs, layerInputs: layers.map { $0.inbound ?? [] }, outputs: $0.outputs) }
    }
}
