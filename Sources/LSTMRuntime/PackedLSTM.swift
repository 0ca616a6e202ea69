import LSTMW

/// An LSTM layer's weights in the runtime's layout: the four gate blocks fused, in Keras order
/// i, f, c, o, so one matrix product computes all four pre-activations.
///
/// - `kernel`: `[inputSize, 4 * units]`, row `k` = `W_i[k] ‖ W_f[k] ‖ W_c[k] ‖ W_o[k]`;
/// - `recurrentKernel`: `[units, 4 * units]`, laid out the same way from the `U_g`;
/// - `bias`: `[4 * units]`, or `nil`.
struct PackedLSTM: Sendable {
    let inputSize: Int
    let units: Int
    let activation: Activation
    let recurrentActivation: Activation
    let returnSequences: Bool
    let kernel: [Float]
    let recurrentKernel: [Float]
    let bias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: LSTMLayer) {
        inputSize = layer.inputSize
        units = layer.units
        activation = layer.activation
        recurrentActivation = layer.recurrentActivation
        returnSequences = layer.returnSequences
        kernel = fuseColumns(layer.kernel.inKerasOrder, rows: layer.inputSize, width: layer.units)
        recurrentKernel = fuseColumns(layer.recurrentKernel.inKerasOrder, rows: layer.units, width: layer.units)
        bias = layer.bias.map { fuseColumns($0.inKerasOrder, rows: 1, width: layer.units) }
    }
}

/// Concatenates `blocks`, each a row-major `[rows, width]` tensor, side by side into one
/// row-major `[rows, blocks.count * width]` array.
func fuseColumns(_ blocks: [Tensor], rows: Int, width: Int) -> [Float] {
    let fusedWidth = blocks.count * width
    var fused = [Float](repeating: 0, count: rows * fusedWidth)
    for (g, block) in blocks.enumerated() {
        precondition(block.count == rows * width, "gate block has \(block.count) values, expected \(rows * width)")
        for r in 0..<rows {
            for j in 0..<width {
                fused[r * fusedWidth + g * width + j] = block.values[r * width + j]
            }
        }
    }
    return fused
}
