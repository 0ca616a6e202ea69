extension LSTMWHeader {
    /// Parses and checks the header JSON: every key present with the right type, known layer
    /// types and activations, each layer's tensors named, typed and shaped as its sizes require,
    /// element counts within `limits`. Tensor placement is checked later, by ``LSTMWLayout``.
    static func decode(_ bytes: [UInt8], limits: LSTMWFile.Limits) throws(LSTMWError) -> LSTMWHeader {
        let json = try JSONParser.parse(bytes)
        guard case .object(let object) = json else {
            throw LSTMWError(.malformedHeader, "the header must be a JSON object, found \(json.kindDescription)")
        }
        let root = JSONFields(object: object, path: "")
        let format = try root.string("format")
        guard format == formatName else {
            throw LSTMWError(.malformedHeader, "header key 'format' is \(format.quotedForMessage), must be '\(formatName)'")
        }
        let producer = try root.string("producer")
        let sourceFields = try root.object("source")
        let source = ModelSource(
            kerasVersion: try sourceFields.optionalString("keras_version"),
            backend: try sourceFields.optionalString("backend"),
            modelName: try sourceFields.optionalString("model_name"),
            modelClass: try sourceFields.optionalString("model_class"))
        let graphInputs = try root.object["inputs"].map { _ throws(LSTMWError) in try GraphRecord.decodeInputs(root, limits: limits) }
        let features: Int
        let timeSteps: Int?
        if let first = graphInputs?.first {
            guard root.object["input"] == nil else {
                throw LSTMWError(.malformedHeader, "the header has both 'input' and 'inputs'; a model with a graph has 'inputs' only")
            }
            (features, timeSteps) = (first.features, first.timeSteps)
        } else {
            let input = try root.object("input")
            features = try input.int("features")
            timeSteps = try input.optionalInt("time_steps")
        }
        let layerValues = try root.array("layers")
        guard layerValues.count <= limits.maxLayers else {
            throw LSTMWError(.limitExceeded, "the header lists \(layerValues.count) layers, more than the limit of \(limits.maxLayers)")
        }
        var layers: [LayerRecord] = []
        layers.reserveCapacity(layerValues.count)
        for (index, value) in layerValues.enumerated() {
            let fields = try JSONFields.element(value, at: "layers[\(index)]")
            var record = try LayerRecord.decode(fields, limits: limits)
            if graphInputs != nil {
                record.inbound = try GraphRecord.decodeReferences(fields, "inbound", limits: limits)
            } else if fields.object["inbound"] != nil {
                throw LSTMWError(.malformedHeader, "\(fields.path(of: "inbound")) is only allowed in a model with a graph ('inputs')")
            }
            layers.append(record)
        }
        let graph = try graphInputs.map { inputs throws(LSTMWError) in
            GraphRecord(inputs: inputs, outputs: try GraphRecord.decodeReferences(root, "outputs", limits: limits))
        }
        let testVector = try root.object["test_vector"].map { value throws(LSTMWError) in
            try TestVectorRecord.decode(JSONFields.element(value, at: "test_vector"), limits: limits)
        }
        return LSTMWHeader(producer: producer, source: source, inputFeatures: features, timeSteps: timeSteps, layers: layers,
                           testVector: testVector, graph: graph)
    }
}

extension LSTMWHeader.LayerRecord {
    /// Decodes one entry of `"layers"`, or with `nested` the `"layer"` of a bidirectional wrapper,
    /// which has no tensors of its own.
    static func decode(_ fields: JSONFields, limits: LSTMWFile.Limits, nested: Bool = false) throws(LSTMWError) -> Self {
        let typeName = try fields.string("type")
        let name = try fields.string("name")
        guard let type = LSTMWFile.Directory.LayerType(rawValue: typeName) else {
            let known = LSTMWFile.Directory.LayerType.allCases.map(\.rawValue).joined(separator: ", ")
            throw LSTMWError(.malformedHeader, "\(fields.path) (\(name.quotedForMessage)) has unknown layer type \(typeName.quotedForMessage); known types: \(known)")
        }
        let label = "layer \(name.quotedForMessage)"
        var record = Self(kind: .dense, name: name, inputSize: try fields.int("input_size"),
                          units: try fields.int("units"), activation: .linear, useBias: false, tensors: [])
        switch type {
        case .lstm, .gru, .simpleRNN, .dense, .lstmGoBackwards, .gruGoBackwards, .simpleRNNGoBackwards:
            record.activation = try decodeActivation(fields, "activation", label: label)
            record.useBias = try fields.bool("use_bias")
            record.goBackwards = type != type.forwardType
            if type.forwardType != .dense { record.stateful = try fields.optionalBool("stateful") ?? false }
            record.kind = try decodeCellKind(type.forwardType, fields, label: label)
        case .bidirectional:
            guard !nested else { throw LSTMWError(.malformedHeader, "\(label): a bidirectional layer cannot wrap another one") }
            let mode = try fields.string("merge_mode")
            // "none" (two outputs) needs a graph; validation refuses it in a chain.
            guard let mergeMode = BidirectionalMergeMode(rawValue: mode) else {
                let known = BidirectionalMergeMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw LSTMWError(.malformedHeader, "\(label) has unknown merge_mode \(mode.quotedForMessage); known: \(known)")
            }
            let inner = try decode(try fields.object("layer"), limits: limits, nested: true)
            guard [.lstm, .gru, .simpleRNN].contains(inner.type) else {
                throw LSTMWError(.malformedHeader, "\(label) wraps a '\(inner.type.rawValue)' layer; it must wrap an lstm, gru or simple_rnn")
            }
            let merged = mergeMode == .concat ? 2 * inner.units : inner.units
            guard record.inputSize == inner.inputSize, record.units == merged else {
                throw LSTMWError(.malformedHeader, "\(label) has input_size \(record.inputSize) and units \(record.units), but its layer and merge_mode give \(inner.inputSize) and \(merged)")
            }
            record.kind = .bidirectional(mergeMode: mergeMode, layer: inner, backwardName: try fields.string("backward_name"))
            record.activation = inner.activation
            record.useBias = inner.useBias
        case .embedding:
            record.kind = .embedding(inputDim: try fields.int("input_dim"), maskZero: try fields.bool("mask_zero"))
        case .masking:
            record.kind = .masking(maskValue: try fields.float("mask_value"))
        case .activation:
            record.activation = try decodeActivation(fields, "activation", label: label)
            record.kind = .activation
        case .layerNormalization, .batchNormalization:
            let epsilon = try fields.float("epsilon")
            let scale = try fields.bool("scale")
            record.useBias = try fields.bool("center")
            record.kind = type == .layerNormalization ? .layerNormalization(epsilon: epsilon, scale: scale)
                                                      : .batchNormalization(epsilon: epsilon, scale: scale)
        case .conv1D:
            record.activation = try decodeActivation(fields, "activation", label: label)
            record.useBias = try fields.bool("use_bias")
            record.kind = .conv1D(kernelSize: try fields.int("kernel_size"), strides: try fields.int("strides"),
                                  dilation: try fields.int("dilation_rate"),
                                  padding: try fields.choice("padding", Conv1DLayer.Padding.self))
        case .pooling1D:
            record.kind = .pooling1D(mode: try fields.choice("mode", Pooling1DLayer.Mode.self),
                                     poolSize: try fields.int("pool_size"), strides: try fields.int("strides"),
                                     padding: try fields.choice("padding", Pooling1DLayer.Padding.self))
        case .globalPooling1D:
            record.kind = .globalPooling1D(mode: try fields.choice("mode", Pooling1DLayer.Mode.self))
        case .flatten:
            record.kind = .flatten(timeSteps: try fields.int("time_steps"))
        case .reshape:
            record.kind = .reshape(inputShape: try fields.intArray("input_shape"), targetShape: try fields.intArray("target_shape"))
        case .repeatVector:
            record.kind = .repeatVector(n: try fields.int("n"))
        case .merge:
            record.kind = .merge(mode: try fields.choice("mode", MergeLayer.Mode.self), inputCount: try fields.int("input_count"))
        case .concatenate:
            let sizes = try fields.intArray("input_sizes")
            guard sizes.count <= limits.maxLayers else {
                throw LSTMWError(.limitExceeded, "\(label) joins \(sizes.count) tensors, more than the limit of \(limits.maxLayers)")
            }
            record.kind = .concatenate(inputSizes: sizes)
        case .swapBatchTime:
            guard record.inputSize == record.units else {
                throw LSTMWError(.malformedHeader, "\(label) has input_size \(record.inputSize) and units \(record.units); a swap_batch_time layer keeps its features")
            }
            record.kind = .swapBatchTime
        }
        if !nested { record.tensors = try decodeTensors(fields, of: record, limits: limits) }
        return record
    }

    /// The attributes of an LSTM, GRU, SimpleRNN or dense layer beyond the shared ones.
    private static func decodeCellKind(_ type: LSTMWFile.Directory.LayerType, _ fields: JSONFields,
                                       label: String) throws(LSTMWError) -> Kind {
        switch type {
        case .lstm:
            try checkGateOrder(fields, LSTMWHeader.gateOrder, label: label, what: "v1 files store the Keras order ['i', 'f', 'c', 'o']")
            return .lstm(recurrentActivation: try decodeActivation(fields, "recurrent_activation", label: label),
                         returnSequences: try fields.bool("return_sequences"))
        case .gru:
            try checkGateOrder(fields, LSTMWHeader.gruGateOrder, label: label, what: "GRU layers store the Keras order ['z', 'r', 'h']")
            return .gru(recurrentActivation: try decodeActivation(fields, "recurrent_activation", label: label),
                        returnSequences: try fields.bool("return_sequences"), resetAfter: try fields.bool("reset_after"))
        case .simpleRNN:
            return .simpleRNN(returnSequences: try fields.bool("return_sequences"))
        default:
            return .dense
        }
    }

    private static func checkGateOrder(_ fields: JSONFields, _ expected: [String], label: String,
                                       what: String) throws(LSTMWError) {
        let order = try fields.array("gate_order").map { value -> String in
            if case .string(let gate) = value { gate } else { "<\(value.kindDescription)>" }
        }
        guard order == expected else {
            throw LSTMWError(.malformedHeader, "\(label) has gate_order [\(order.map(\.quotedForMessage).joined(separator: ", "))]; \(what)")
        }
    }

    /// The layer's `"tensors"`, each named and shaped as the record's kind and sizes require.
    private static func decodeTensors(_ fields: JSONFields, of record: Self,
                                      limits: LSTMWFile.Limits) throws(LSTMWError) -> [LSTMWHeader.TensorRecord] {
        let name = record.name
        let expected = record.expectedTensors
        let tensorValues = try fields.array("tensors")
        guard tensorValues.count == expected.count else {
            throw LSTMWError(.malformedHeader, "layer \(name.quotedForMessage) lists \(tensorValues.count) tensors, but a \(record.type.rawValue) layer with use_bias \(record.useBias)\(record.type == .gru ? " and reset_after \(record.resetAfter)" : "") has \(expected.count): \(expected.map(\.name).joined(separator: ", "))")
        }
        var tensors: [LSTMWHeader.TensorRecord] = []
        for (index, value) in tensorValues.enumerated() {
            let entry = try JSONFields.element(value, at: "\(fields.path(of: "tensors"))[\(index)]")
            let want = expected[index]
            let tensor = try LSTMWHeader.TensorRecord.decode(entry, expectedName: want.name, layerName: name, limits: limits)
            guard tensor.shape == want.shape else {
                throw LSTMWError(.malformedHeader, "tensor \("\(name)/\(tensor.name)".quotedForMessage) has shape \(shapeForMessage(tensor.shape)), but input_size \(record.inputSize) and units \(record.units) require \(want.shape)")
            }
            tensors.append(tensor)
        }
        return tensors
    }

    private static func decodeActivation(_ fields: JSONFields, _ key: String, label: String) throws(LSTMWError) -> Activation {
        let raw = try fields.string(key)
        guard let activation = Activation(rawValue: raw) else {
            let known = Activation.allCases.map(\.rawValue).joined(separator: ", ")
            throw LSTMWError(.malformedHeader, "\(label) has unknown \(key) \(raw.quotedForMessage); known: \(known)")
        }
        return activation
    }
}

extension LSTMWHeader.TensorRecord {
    /// Decodes one entry of a layer's `"tensors"`: the name the layer requires at this position,
    /// its dtype, a shape of non-negative extents whose element count is within `limits`, and a
    /// byte length of exactly 4 bytes per element.
    static func decode(_ fields: JSONFields, expectedName: String, layerName: String,
                       limits: LSTMWFile.Limits) throws(LSTMWError) -> Self {
        let name = try fields.string("name")
        guard name == expectedName else {
            throw LSTMWError(.malformedHeader, "header key '\(fields.path(of: "name"))' is \(name.quotedForMessage), but layer \(layerName.quotedForMessage) needs '\(expectedName)' there")
        }
        let label = "tensor \("\(layerName)/\(name)".quotedForMessage)"
        let dtype = try fields.string("dtype")
        guard dtype == LSTMWHeader.dtype else {
            throw LSTMWError(.malformedHeader, "\(label) has dtype \(dtype.quotedForMessage); v1 files store '\(LSTMWHeader.dtype)' only")
        }
        var shape: [Int] = []
        for (axis, value) in try fields.array("shape").enumerated() {
            let extent = try JSONFields.integer(value, at: "\(fields.path(of: "shape"))[\(axis)]")
            guard extent >= 0 else { throw LSTMWError(.malformedHeader, "\(label) has a negative extent \(extent) in its shape") }
            shape.append(extent)
        }
        guard let elements = Tensor.elementCount(of: shape) else {
            throw LSTMWError(.limitExceeded, "\(label) has shape \(shapeForMessage(shape)), whose element count overflows a 64-bit integer")
        }
        guard elements <= limits.maxTensorElements else {
            throw LSTMWError(.limitExceeded, "\(label) has shape \(shapeForMessage(shape)), \(elements) elements, more than the limit of \(limits.maxTensorElements)")
        }
        let offset = try fields.int("offset")
        let byteLength = try fields.int("byte_length")
        guard offset >= 0 else { throw LSTMWError(.malformedHeader, "\(label) has a negative offset \(offset)") }
        let (needed, overflow) = elements.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
        guard !overflow, byteLength == needed else {
            throw LSTMWError(.malformedHeader, "\(label) has byte_length \(byteLength), but \(elements) float32 elements take \(needed) bytes")
        }
        return Self(name: name, shape: shape, offset: offset, byteLength: byteLength)
    }
}

extension LSTMWHeader.GraphRecord {
    /// The `"inputs"` of a model with a graph: at least one, each with a name, features, whether
    /// it is a sequence, and its time steps or null.
    static func decodeInputs(_ root: JSONFields, limits: LSTMWFile.Limits) throws(LSTMWError) -> [GraphInput] {
        let values = try root.array("inputs")
        guard !values.isEmpty else { throw LSTMWError(.malformedHeader, "header key 'inputs' lists no inputs") }
        guard values.count <= limits.maxLayers else {
            throw LSTMWError(.limitExceeded, "the header lists \(values.count) inputs, more than the limit of \(limits.maxLayers)")
        }
        var inputs: [GraphInput] = []
        for (index, value) in values.enumerated() {
            let fields = try JSONFields.element(value, at: "inputs[\(index)]")
            inputs.append(GraphInput(name: try fields.string("name"), features: try fields.int("features"),
                                     isSequence: try fields.bool("sequence"), timeSteps: try fields.optionalInt("time_steps")))
        }
        return inputs
    }

    /// A list of `{"source": …, "index": …}` objects under `key`.
    static func decodeReferences(_ fields: JSONFields, _ key: String, limits: LSTMWFile.Limits) throws(LSTMWError) -> [TensorReference] {
        let values = try fields.array(key)
        guard values.count <= limits.maxLayers else {
            throw LSTMWError(.limitExceeded, "\(fields.path(of: key)) lists \(values.count) tensors, more than the limit of \(limits.maxLayers)")
        }
        var references: [TensorReference] = []
        for (index, value) in values.enumerated() {
            let entry = try JSONFields.element(value, at: "\(fields.path(of: key))[\(index)]")
            let position = try entry.int("index")
            guard position >= 0 else { throw LSTMWError(.malformedHeader, "\(entry.path(of: "index")) is negative") }
            references.append(TensorReference(try entry.string("source"), position))
        }
        return references
    }
}
