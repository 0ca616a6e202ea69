extension LSTMWHeader {
    /// Throws what a reader applying `limits` would refuse a file with this header for, so that
    /// the writer never produces a file its own readers cannot open: too many layers, a tensor
    /// with too many elements, too long a header (`headerBytes`) or too large a file (`fileLength`).
    ///
    /// Each message names the layer and tensor or the size at fault, the limit, and the
    /// ``LSTMWFile/Limits`` field a reader would have to raise.
    func checkReadable(headerBytes: Int, fileLength: Int, within limits: LSTMWFile.Limits) throws(LSTMWError) {
        guard layers.count <= limits.maxLayers else {
            throw refusal("the model has \(layers.count) layers", limit: limits.maxLayers, field: "maxLayers")
        }
        for layer in layers {
            for tensor in layer.tensors {
                let elements = tensor.byteLength / MemoryLayout<Float>.size
                guard elements <= limits.maxTensorElements else {
                    let label = "layer \(layer.name.quotedForMessage) tensor \(tensor.name.quotedForMessage)"
                    throw refusal("\(label) has shape \(shapeForMessage(tensor.shape)), \(elements) elements",
                                  limit: limits.maxTensorElements, field: "maxTensorElements")
                }
            }
        }
        guard headerBytes <= limits.maxHeaderBytes else {
            throw refusal("the header would be \(headerBytes) bytes", limit: limits.maxHeaderBytes, field: "maxHeaderBytes")
        }
        guard fileLength <= limits.maxFileBytes else {
            throw refusal("the file would be \(fileLength) bytes", limit: limits.maxFileBytes, field: "maxFileBytes")
        }
    }

    private func refusal(_ what: String, limit: Int, field: String) -> LSTMWError {
        LSTMWError(.limitExceeded, "\(what), more than a reader accepts (LSTMWFile.Limits.\(field) = \(max(limit, 0)))")
    }
}
