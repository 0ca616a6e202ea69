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
            root.member("input", object: { fields in
                fields.member("features", inputFeatures)
                fields.member("time_steps", timeSteps)
            })
            root.member("layers", objects: layers) { layer, fields in
                fields.member("type", layer.type.rawValue)
                fields.member("name", layer.name)
                fields.member("input_size", layer.inputSize)
                fields.member("units", layer.units)
                fields.member("activation", layer.activation.rawValue)
                switch layer.kind {
                case .lstm(let recurrentActivation, let returnSequences):
                    fields.member("recurrent_activation", recurrentActivation.rawValue)
                    fields.member("return_sequences", returnSequences)
                case .gru(let recurrentActivation, let returnSequences, let resetAfter):
                    fields.member("recurrent_activation", recurrentActivation.rawValue)
                    fields.member("return_sequences", returnSequences)
                    fields.member("reset_after", resetAfter)
                case .simpleRNN(let returnSequences):
                    fields.member("return_sequences", returnSequences)
                case .dense:
                    break
                }
                fields.member("use_bias", layer.useBias)
                switch layer.kind {
                case .lstm: fields.member("gate_order", Self.gateOrder)
                case .gru: fields.member("gate_order", Self.gruGateOrder)
                case .dense, .simpleRNN: break
                }
                fields.member("tensors", objects: layer.tensors) { tensor, entry in
                    entry.member("name", tensor.name)
                    entry.member("dtype", Self.dtype)
                    entry.member("shape", tensor.shape)
                    entry.member("offset", tensor.offset)
                    entry.member("byte_length", tensor.byteLength)
                }
            }
            if let testVector { root.member("test_vector", object: testVector.write) }
        }
        return writer.text
    }
}
