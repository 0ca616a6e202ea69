extension PackedLSTM {
    /// Advances one sequence by one timestep: `h`, `c` (`units` floats each) go from their values
    /// after timestep `t - 1` to their values after timestep `t`, given that timestep's input row.
    ///
    /// Performs, for one batch element, exactly the floating-point operations ``forward(_:batch:time:chunkFloats:)``
    /// performs at a timestep, in the same order, so stepping through a sequence gives the same
    /// bits as running the whole sequence. Allocates nothing.
    ///
    /// - Parameters:
    ///   - x: `inputSize` floats.
    ///   - h: the output of the previous timestep; overwritten with this one's.
    ///   - c: the cell state of the previous timestep; overwritten with this one's.
    ///   - z: `4 * units` floats of scratch, overlapping nothing else.
    ///   - isFirst: whether this is timestep 0, where `h` and `c` are zero and `h · U` is skipped,
    ///     as ``forward(_:batch:time:chunkFloats:)`` skips it.
    func step(_ x: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
              scratch z: UnsafeMutablePointer<Float>, isFirst: Bool) {
        let gates = 4 * units
        z.update(repeating: 0, count: gates)
        kernel.withUnsafeBufferPointer { w in
            accumulateMatMul(x, aStride: inputSize, w.baseAddress!, into: z, cStride: gates,
                             rows: 1, inner: inputSize, columns: gates)
        }
        if !isFirst {
            recurrentKernel.withUnsafeBufferPointer { u in
                accumulateMatMul(h, aStride: units, u.baseAddress!, into: z, cStride: gates,
                                 rows: 1, inner: units, columns: gates)
            }
        }
        cellUpdate(z, c: c, h: h)
    }
}
