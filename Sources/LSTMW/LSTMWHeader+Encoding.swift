extension LSTMWHeader {
    /// The header as compact JSON, keys in the order `docs/lstmw-format.md` lists them, so the
    /// same header always gives the same bytes.
    var json: String {
        var writer = JSONWriter()
        writer.object { root in
            root.member("format", Self.formatName)
            root.member("producer", producer)
            root.member("source", object: { fields in
                fields.member("keras_version", source.kerasVersion)
                fields.member("backend", source.backend)
                fields.member("model_name", source.modelName)
                fields.member("model_class", source.modelClass)
            })
            if let graph {
                // A graph model has "inputs" instead of "input", so that a 1.2 reader, which
                // requires "input", refuses the file rather than running its layers as a chain.
                root.member("inputs", objects: graph.inputs) { input, fields in
                    fields.member("name", input.name)
                    fields.member("features", input.features)
                    fields.member("sequence", input.isSequence)
                    fields.member("time_steps", input.timeSteps)
                }
            } else {
                root.member("input", object: { fields in
                    fields.member("features", inputFeatures)
                    fields.member("time_steps", timeSteps)
                })
            }
            root.member("layers", objects: layers) { layer, fields in layer.encode(into: &fields) }
            if let graph {
                root.member("outputs", objects: graph.outputs) { $0.encode(into: &$1) }
            }
            if let testVector { root.member("test_vector", object: testVector.write) }
        }
        return writer.text
    }
}

extension LSTMWHeader.LayerRecord {
    /// Writes the record's members; a bidirectional wrapper's `"layer"` is written with `nested`,
    /// without tensors.
    func encode(into fields: inout JSONWriter.ObjectWriter, nested: Bool = false) {
        fields.member("type", type.rawValue)
        fields.member("name", name)
        fields.member("input_size", inputSize)
        fields.member("units", units)
        switch kind {
        case .lstm(let recurrentActivation, let returnSequences):
            encodeCell(into: &fields, recurrentActivation: recurrentActivation, returnSequences: returnSequences)
            fields.member("gate_order", LSTMWHeader.gateOrder)
        case .gru(let recurrentActivation, let returnSequences, let resetAfter):
            encodeCell(into: &fields, recurrentActivation: recurrentActivation, returnSequences: returnSequences,
                       resetAfter: resetAfter)
            fields.member("gate_order", LSTMWHeader.gruGateOrder)
        case .simpleRNN(let returnSequences):
            encodeCell(into: &fields, recurrentActivation: nil, returnSequences: returnSequences)
        case .dense:
            fields.member("activation", activation.rawValue)
            fields.member("use_bias", useBias)
        case .bidirectional(let mergeMode, let layer, let backwardName):
            fields.member("merge_mode", mergeMode.rawValue)
            fields.member("layer", object: { layer.encode(into: &$0, nested: true) })
            fields.member("backward_name", backwardName)
        case .embedding(let inputDim, let maskZero):
            fields.member("input_dim", inputDim)
            fields.member("mask_zero", maskZero)
        case .masking(let maskValue):
            fields.member("mask_value", maskValue)
        case .activation:
            fields.member("activation", activation.rawValue)
        case .conv1D(let kernelSize, let strides, let dilation, let padding):
            fields.member("activation", activation.rawValue)
            fields.member("use_bias", useBias)
            fields.member("kernel_size", kernelSize)
            fields.member("strides", strides)
            fields.member("dilation_rate", dilation)
            fields.member("padding", padding.rawValue)
        case .pooling1D(let mode, let poolSize, let strides, let padding):
            fields.member("mode", mode.rawValue)
            fields.member("pool_size", poolSize)
            fields.member("strides", strides)
            fields.member("padding", padding.rawValue)
        case .globalPooling1D(let mode):
            fields.member("mode", mode.rawValue)
        case .flatten(let timeSteps):
            fields.member("time_steps", timeSteps)
        case .reshape(let inputShape, let targetShape):
            fields.member("input_shape", inputShape)
            fields.member("target_shape", targetShape)
        case .repeatVector(let n):
            fields.member("n", n)
        case .merge(let mode, let inputCount):
            fields.member("mode", mode.rawValue)
            fields.member("input_count", inputCount)
        case .concatenate(let inputSizes):
            fields.member("input_sizes", inputSizes)
        case .swapBatchTime:
            break
        case .layerNormalization(let epsilon, let scale), .batchNormalization(let epsilon, let scale):
            fields.member("epsilon", epsilon)
            fields.member("center", useBias)
            fields.member("scale", scale)
        }
        guard !nested else { return }
        if let inbound { fields.member("inbound", objects: inbound) { $0.encode(into: &$1) } }
        fields.member("tensors", objects: tensors) { tensor, entry in
            entry.member("name", tensor.name)
            entry.member("dtype", LSTMWHeader.dtype)
            entry.member("shape", tensor.shape)
            entry.member("offset", tensor.offset)
            entry.member("byte_length", tensor.byteLength)
        }
    }

    /// The members of a recurrent layer, in the order of format 1.1.
    private func encodeCell(into fields: inout JSONWriter.ObjectWriter, recurrentActivation: Activation?,
                            returnSequences: Bool, resetAfter: Bool? = nil) {
        fields.member("activation", activation.rawValue)
        if let recurrentActivation { fields.member("recurrent_activation", recurrentActivation.rawValue) }
        fields.member("return_sequences", returnSequences)
        if let resetAfter { fields.member("reset_after", resetAfter) }
        fields.member("use_bias", useBias)
        if stateful { fields.member("stateful", true) }
    }
}

extension TensorReference {
    /// Writes `{"source": …, "index": …}`.
    func encode(into fields: inout JSONWriter.ObjectWriter) {
        fields.member("source", source)
        fields.member("index", index)
    }
}
