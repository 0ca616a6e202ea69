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
        let input = try root.object("input")
        let features = try input.int("features")
        let timeSteps = try input.optionalInt("time_steps")
        let layerValues = try root.array("layers")
        guard layerValues.count <= limits.maxLayers else {
            throw LSTMWError(.limitExceeded, "the header lists \(layerValues.count) layers, more than the limit of \(limits.maxLayers)")
        }
        var layers: [LayerRecord] = []
        layers.reserveCapacity(layerValues.count)
        for (index, value) in layerValues.enumerated() {
            let fields = try JSONFields.element(value, at: "layers[\(index)]")
            layers.append(try LayerRecord.decode(fields, limits: limits))
        }
        let testVector = try root.object["test_vector"].map { value throws(LSTMWError) in
            try TestVectorRecord.decode(JSONFields.element(value, at: "test_vector"), limits: limits)
        }
        return LSTMWHeader(producer: producer, source: source, inputFeatures: features, timeSteps: timeSteps, layers: layers,
                           testVector: testVector)
    }
}

extension LSTMWHeader.LayerRecord {
    /// Decodes one entry of `"layers"`.
    static func decode(_ fields: JSONFields, limits: LSTMWFile.Limits) throws(LSTMWError) -> Self {
        let typeName = try fields.string("type")
        let name = try fields.string("name")
        guard let type = LSTMWFile.Directory.LayerType(rawValue: typeName) else {
            let known = LSTMWFile.Directory.LayerType.allCases.map(\.rawValue).joined(separator: ", ")
            throw LSTMWError(.malformedHeader, "\(fields.path) (\(name.quotedForMessage)) has unknown layer type \(typeName.quotedForMessage); known types: \(known)")
        }
        let label = "layer \(name.quotedForMessage)"
        let inputSize = try fields.int("input_size")
        let units = try fields.int("units")
        let activation = try decodeActivation(fields, "activation", label: label)
        let useBias = try fields.bool("use_bias")
        let kind: Kind
        switch type {
        case .lstm:
            let recurrent = try decodeActivation(fields, "recurrent_activation", label: label)
            let returnSequences = try fields.bool("return_sequences")
            let orderValues = try fields.array("gate_order")
            let order = orderValues.map { value -> String in
                if case .string(let gate) = value { gate } else { "<\(value.kindDescription)>" }
            }
            guard order == LSTMWHeader.gateOrder else {
                throw LSTMWError(.malformedHeader, "\(label) has gate_order [\(order.map(\.quotedForMessage).joined(separator: ", "))]; v1 files store the Keras order ['i', 'f', 'c', 'o']")
            }
            kind = .lstm(recurrentActivation: recurrent, returnSequences: returnSequences)
        case .dense:
            kind = .dense
        case .gru:
            let recurrent = try decodeActivation(fields, "recurrent_activation", label: label)
            let returnSequences = try fields.bool("return_sequences")
            let resetAfter = try fields.bool("reset_after")
            let orderValues = try fields.array("gate_order")
            let order = orderValues.map { value -> String in
                if case .string(let gate) = value { gate } else { "<\(value.kindDescription)>" }
            }
            guard order == LSTMWHeader.gruGateOrder else {
                throw LSTMWError(.malformedHeader, "\(label) has gate_order [\(order.map(\.quotedForMessage).joined(separator: ", "))]; GRU layers store the Keras order ['z', 'r', 'h']")
            }
            kind = .gru(recurrentActivation: recurrent, returnSequences: returnSequences, resetAfter: resetAfter)
        case .simpleRNN:
            kind = .simpleRNN(returnSequences: try fields.bool("return_sequences"))
        }
        let resetAfter = if case .gru(_, _, let flag) = kind { flag } else { false }
        let expected = expectedTensors(type: type, inputSize: inputSize, units: units, useBias: useBias,
                                       resetAfter: resetAfter)
        let tensorValues = try fields.array("tensors")
        guard tensorValues.count == expected.count else {
            throw LSTMWError(.malformedHeader, "\(label) lists \(tensorValues.count) tensors, but a \(type.rawValue) layer with use_bias \(useBias)\(type == .gru ? " and reset_after \(resetAfter)" : "") has \(expected.count): \(expected.map(\.name).joined(separator: ", "))")
        }
        var tensors: [LSTMWHeader.TensorRecord] = []
        for (index, value) in tensorValues.enumerated() {
            let entry = try JSONFields.element(value, at: "\(fields.path(of: "tensors"))[\(index)]")
            let want = expected[index]
            let tensor = try LSTMWHeader.TensorRecord.decode(entry, expectedName: want.name, layerName: name, limits: limits)
            guard tensor.shape == want.shape else {
                throw LSTMWError(.malformedHeader, "tensor \("\(name)/\(tensor.name)".quotedForMessage) has shape \(shapeForMessage(tensor.shape)), but input_size \(inputSize) and units \(units) require \(want.shape)")
            }
            tensors.append(tensor)
        }
        return Self(kind: kind, name: name, inputSize: inputSize, units: units, activation: activation,
                    useBias: useBias, tensors: tensors)
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
