import LSTMW

/// A GRU layer's weights in the runtime's layout: the three gate blocks fused in Keras order
/// z, r, h, so one matrix product computes all three input projections.
///
/// - `kernel`: `[inputSize, 3 * units]`, row `k` = `W_z[k] ‖ W_r[k] ‖ W_h[k]`;
/// - `recurrentKernel`: `[units, 3 * units]` from the `U_g` (reset_after), or `[units, 2 * units]`
///   from `U_z`, `U_r` with `U_h` apart in `candidateKernel` (reset before);
/// - `bias`, `recurrentBias`: `[3 * units]`, or `nil`.
struct PackedGRU: PackedRecurrent {
    let inputSize: Int
    let units: Int
    let activation: Activation
    let recurrentActivation: Activation
    let returnSequences: Bool
    let resetAfter: Bool
    let kernel: [Float]
    let recurrentKernel: [Float]
    /// `U_h`, `[units, units]`, when the reset gate applies before the product; empty otherwise.
    let candidateKernel: [Float]
    let bias: [Float]?
    let recurrentBias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: GRULayer) {
        inputSize = layer.inputSize
        units = layer.units
        activation = layer.activation
        recurrentActivation = layer.recurrentActivation
        returnSequences = layer.returnSequences
        resetAfter = layer.resetAfter
        kernel = fuseColumns(layer.kernel.inKerasOrder, rows: layer.inputSize, width: layer.units)
        let recurrent = layer.recurrentKernel.inKerasOrder
        if layer.resetAfter {
            recurrentKernel = fuseColumns(recurrent, rows: layer.units, width: layer.units)
            candidateKernel = []
        } else {
            recurrentKernel = fuseColumns(Array(recurrent[0..<2]), rows: layer.units, width: layer.units)
            candidateKernel = layer.recurrentKernel.candidate.values
        }
        bias = layer.bias.map { fuseColumns($0.inKerasOrder, rows: 1, width: layer.units) }
        recurrentBias = layer.recurrentBias.map { fuseColumns($0.inKerasOrder, rows: 1, width: layer.units) }
    }

    var projectionWidth: Int { 3 * units }
    /// `h · U` (3 units), then `r * h` (1 unit) when the reset applies before the product.
    var scratchWidth: Int { 4 * units }

    /// One timestep, as Keras computes it:
    /// `z, r = ra((x·W + b) + (h·U + rb))`; `hh = a((x·W_h + b_h) + r * (h·U_h + rb_h))` (reset after)
    /// or `a((x·W_h + b_h) + (r * h)·U_h)` (reset before); `h = z * h + (1 - z) * hh`.
    func advance(_ projection: UnsafeMutablePointer<Float>, projectionStride: Int, h: UnsafeMutablePointer<Float>,
                 rows: Int, scratch: UnsafeMutablePointer<Float>, isFirst: Bool) {
        let n = units
        let width = 3 * n
        let hp = scratch                // [rows, 3n]: h · U (+ rb)
        let rh = scratch + rows * width // [rows, n]: r * h (reset before)
        let recurrentWidth = resetAfter ? width : 2 * n
        hp.update(repeating: 0, count: rows * width)
        if !isFirst {
            recurrentKernel.withUnsafeBufferPointer { u in
                accumulateMatMul(h, aStride: n, u.baseAddress!, into: hp, cStride: width,
                                 rows: rows, inner: n, columns: recurrentWidth)
            }
        }
        for row in 0..<rows {
            let xp = projection + row * projectionStride
            let hpRow = hp + row * width
            if let bias { for j in 0..<width { xp[j] += bias[j] } }
            if let recurrentBias { for j in 0..<width { hpRow[j] += recurrentBias[j] } }
            // z and r, side by side in xp[0 ..< 2n].
            for j in 0..<(2 * n) { xp[j] += hpRow[j] }
            recurrentActivation.apply(to: xp, count: 2 * n)
            if !resetAfter {
                let hRow = h + row * n
                let rhRow = rh + row * n
                for j in 0..<n { rhRow[j] = xp[n + j] * hRow[j] }
            }
        }
        if !resetAfter && !isFirst {
            // (r * h) · U_h into the h block of hp, for every row at once.
            candidateKernel.withUnsafeBufferPointer { u in
                accumulateMatMul(rh, aStride: n, u.baseAddress!, into: hp + 2 * n, cStride: width,
                                 rows: rows, inner: n, columns: n)
            }
        }
        for row in 0..<rows {
            let xp = projection + row * projectionStride
            let hpRow = hp + row * width
            let candidate = xp + 2 * n
            if resetAfter {
                for j in 0..<n { candidate[j] += xp[n + j] * hpRow[2 * n + j] }
            } else {
                for j in 0..<n { candidate[j] += hpRow[2 * n + j] }
            }
            activation.apply(to: candidate, count: n)
            let hRow = h + row * n
            for j in 0..<n {
                let z = xp[j]
                hRow[j] = z * hRow[j] + (1 - z) * candidate[j]
            }
        }
    }
}
