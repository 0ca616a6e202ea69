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
        for layer in model.layers {
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
            layers.append(LayerRecord(layer, tensors: records))
        }
        let testVector = try model.testVector.map { vector throws(LSTMWError) in
            try TestVectorRecord.place(vector, at: &cursor, placing: &placed)
        }
        let dataLength = cursor
        let header = LSTMWHeader(producer: producer, source: model.source, inputFeatures: model.inputFeatures,
                                 timeSteps: model.timeSteps, layers: layers, testVector: testVector)
        return (header, placed, dataLength)
    }

    /// The model the header describes, with its weights read from `data`.
    ///
    /// - Precondition: the header came from ``decode(_:limits:)`` and passed ``LSTMWLayout/check(_:data:)``
    ///   against `data`, so every tensor is in bounds and its byte length matches its shape.
    func model(data: UnsafeRawBufferPointer) -> ModelDescription {
        let layers = layers.map { record -> Layer in
            let tensors = record.tensors.map { Tensor(shape: $0.shape, values: Self.floats(in: data, at: $0.offset, count: $0.byteLength / 4)) }
            switch record.kind {
            case .lstm(let recurrentActivation, let returnSequences):
                return .lstm(LSTMLayer(
                    name: record.name, inputSize: record.inputSize, units: record.units, activation: record.activation,
                    recurrentActivation: recurrentActivation, returnSequences: returnSequences,
                    kernel: LSTMGates { tensors[$0.index] }, recurrentKernel: LSTMGates { tensors[4 + $0.index] },
                    bias: record.useBias ? LSTMGates { tensors[8 + $0.index] } : nil))
            case .dense:
                return .dense(DenseLayer(
                    name: record.name, inputSize: record.inputSize, units: record.units, activation: record.activation,
                    kernel: tensors[0], bias: record.useBias ? tensors[1] : nil))
            case .gru(let recurrentActivation, let returnSequences, let resetAfter):
                return .gru(GRULayer(
                    name: record.name, inputSize: record.inputSize, units: record.units, activation: record.activation,
                    recurrentActivation: recurrentActivation, returnSequences: returnSequences, resetAfter: resetAfter,
                    kernel: GRUGates { tensors[$0.index] }, recurrentKernel: GRUGates { tensors[3 + $0.index] },
                    bias: record.useBias ? GRUGates { tensors[6 + $0.index] } : nil,
                    recurrentBias: record.useBias && resetAfter ? GRUGates { tensors[9 + $0.index] } : nil))
            case .simpleRNN(let returnSequences):
                return .simpleRNN(SimpleRNNLayer(
                    name: record.name, inputSize: record.inputSize, units: record.units, activation: record.activation,
                    returnSequences: returnSequences, kernel: tensors[0], recurrentKernel: tensors[1],
                    bias: record.useBias ? tensors[2] : nil))
            }
        }
        return ModelDescription(source: source, inputFeatures: inputFeatures, timeSteps: timeSteps, layers: layers,
                                testVector: testVector.map { TestVector(
                                    input: Tensor(shape: $0.input.shape, values: Self.floats(in: data, at: $0.input.offset, count: $0.input.byteLength / 4)),
                                    expectedOutput: Tensor(shape: $0.expectedOutput.shape, values: Self.floats(in: data, at: $0.expectedOutput.offset, count: $0.expectedOutput.byteLength / 4))) })
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
    /// The record for `layer`, with its tensors already placed.
    init(_ layer: Layer, tensors: [LSTMWHeader.TensorRecord]) {
        switch layer {
        case .lstm(let lstm):
            self.init(kind: .lstm(recurrentActivation: lstm.recurrentActivation, returnSequences: lstm.returnSequences),
                      name: lstm.name, inputSize: lstm.inputSize, units: lstm.units, activation: lstm.activation,
                      useBias: lstm.bias != nil, tensors: tensors)
        case .dense(let dense):
            self.init(kind: .dense, name: dense.name, inputSize: dense.inputSize, units: dense.units,
                      activation: dense.activation, useBias: dense.bias != nil, tensors: tensors)
        case .gru(let gru):
            self.init(kind: .gru(recurrentActivation: gru.recurrentActivation, returnSequences: gru.returnSequences,
                                 resetAfter: gru.resetAfter),
                      name: gru.name, inputSize: gru.inputSize, units: gru.units, activation: gru.activation,
                      useBias: gru.bias != nil, tensors: tensors)
        case .simpleRNN(let rnn):
            self.init(kind: .simpleRNN(returnSequences: rnn.returnSequences), name: rnn.name,
                      inputSize: rnn.inputSize, units: rnn.units, activation: rnn.activation,
                      useBias: rnn.bias != nil, tensors: tensors)
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
        }
    }
}

extension LSTMWHeader {
    /// The lowest minor version of format 1 that has every layer type the header uses, and the
    /// test vector if there is one.
    var minimumMinorVersion: Int {
        max(layers.map(\.type.minimumMinorVersion).max() ?? 0, testVector == nil ? 0 : TestVectorRecord.minimumMinorVersion)
    }
}
