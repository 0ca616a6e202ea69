import LSTMW

/// A SimpleRNN layer's weights in the runtime's layout: Keras's row-major `W` `[inputSize, units]`
/// and `U` `[units, units]`; a timestep is `h = a((x · W + b) + h · U)`.
struct PackedSimpleRNN: PackedRecurrent {
    let inputSize: Int
    let units: Int
    let activation: Activation
    let returnSequences: Bool
    let kernel: [Float]
    let recurrentKernel: [Float]
    let bias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: SimpleRNNLayer) {
        inputSize = layer.inputSize
        units = layer.units
        activation = layer.activation
        returnSequences = layer.returnSequences
        kernel = layer.kernel.values
        recurrentKernel = layer.recurrentKernel.values
        bias = layer.bias?.values
    }

    var projectionWidth: Int { units }
    var scratchWidth: Int { units }

    func advance(_ projection: UnsafeMutablePointer<Float>, projectionStride: Int, h: UnsafeMutablePointer<Float>,
                 rows: Int, scratch: UnsafeMutablePointer<Float>, isFirst: Bool) {
        let n = units
        // scratch = h · U (zero at the first timestep, where h is zero).
        scratch.update(repeating: 0, count: rows * n)
        if !isFirst {
            recurrentKernel.withUnsafeBufferPointer { u in
                accumulateMatMul(h, aStride: n, u.baseAddress!, into: scratch, cStride: n,
                                 rows: rows, inner: n, columns: n)
            }
        }
        for row in 0..<rows {
            let xp = projection + row * projectionStride
            if let bias {
                for j in 0..<n { xp[j] += bias[j] }
            }
            let hp = scratch + row * n
            let out = h + row * n
            for j in 0..<n { out[j] = xp[j] + hp[j] }
            activation.apply(to: out, count: n)
        }
    }
}
