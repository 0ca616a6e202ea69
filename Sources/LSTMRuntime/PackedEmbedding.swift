import LSTMW

/// An ``EmbeddingLayer`` in the runtime's layout: the table, row-major.
struct PackedEmbedding: Sendable {
    let name: String
    let inputDim: Int
    let outputDim: Int
    let maskZero: Bool
    let table: [Float]

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: EmbeddingLayer) {
        name = layer.name
        inputDim = layer.inputDim
        outputDim = layer.outputDim
        maskZero = layer.maskZero
        table = layer.embeddings.values
    }

    /// The layer as Keras stores it.
    var unpacked: EmbeddingLayer {
        EmbeddingLayer(name: name, inputDim: inputDim, outputDim: outputDim, maskZero: maskZero,
                       embeddings: Tensor(shape: [inputDim, outputDim], values: table))
    }

    /// The row of each id in `ids` (`rows` ids, each already checked to be an integer in
    /// `0..<inputDim`), as `[rows, outputDim]`, and the mask (`id != 0`) if ``maskZero``.
    func forward(_ ids: UnsafeBufferPointer<Float>) -> (values: [Float], mask: [Bool]?) {
        var values = [Float](repeating: 0, count: ids.count * outputDim)
        values.withUnsafeMutableBufferPointer { out in
            table.withUnsafeBufferPointer { rows in
                for (index, id) in ids.enumerated() {
                    (out.baseAddress! + index * outputDim).update(from: rows.baseAddress! + Int(id) * outputDim,
                                                                  count: outputDim)
                }
            }
        }
        return (values, maskZero ? ids.map { $0 != 0 } : nil)
    }
}
