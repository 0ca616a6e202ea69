import LSTMW

extension PackedLSTM {
    /// The number of floats of input projection computed at once: enough rows for the matrix
    /// product to run at full speed, few enough that long sequences and large batches don't
    /// hold a whole `[batch * time, 4 * units]` array.
    static let projectionChunkFloats = 1 << 18

    /// Runs the layer over `input`, `[batch, time, inputSize]` row-major.
    ///
    /// - Returns: `[batch, time, units]` if ``returnSequences``, else `[batch, units]`, the last `h`.
    /// - Parameter chunkFloats: the size of the input-projection scratch (tests vary it; the
    ///   result does not depend on it).
    /// - Precondition: `input.count == batch * time * inputSize` with `batch, time ≥ 1`, and
    ///   `batch * time * 4 * units` does not overflow (the caller checks).
    func forward(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int,
                 chunkFloats: Int = projectionChunkFloats) -> [Float] {
        precondition(batch > 0 && time > 0 && input.count == batch * time * inputSize, "input size mismatch")
        let outputCount = returnSequences ? batch * time * units : batch * units
        return [Float](unsafeUninitializedCapacity: outputCount) { output, initialized in
            kernel.withUnsafeBufferPointer { w in
                recurrentKernel.withUnsafeBufferPointer { u in
                    run(input.baseAddress!, w.baseAddress!, u.baseAddress!, into: output.baseAddress!,
                        batch: batch, time: time, chunkFloats: chunkFloats)
                }
            }
            initialized = outputCount
        }
    }

    /// The recurrence, on raw pointers; `output` is uninitialized and fully written.
    private func run(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ u: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>, batch: Int, time: Int, chunkFloats: Int
    ) {
        let gates = 4 * units
        let chunk = max(1, min(time, chunkFloats / (batch * gates)))
        // Per-call scratch: the chunk's pre-activations z, and the state h, c (zero at the start).
        let z = UnsafeMutablePointer<Float>.allocate(capacity: batch * chunk * gates)
        let h = UnsafeMutablePointer<Float>.allocate(capacity: batch * units)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: batch * units)
        defer { z.deallocate(); h.deallocate(); c.deallocate() }
        h.initialize(repeating: 0, count: batch * units)
        c.initialize(repeating: 0, count: batch * units)

        var t0 = 0
        while t0 < time {
            let steps = min(chunk, time - t0)
            // z[b, s, :] = x[b, t0 + s, :] · W for the whole chunk: one product per batch element.
            z.initialize(repeating: 0, count: batch * steps * gates)
            for b in 0..<batch {
                accumulateMatMul(x + (b * time + t0) * inputSize, aStride: inputSize, w,
                                 into: z + b * steps * gates, cStride: gates,
                                 rows: steps, inner: inputSize, columns: gates)
            }
            for s in 0..<steps {
                // z[b, s, :] += h[b, :] · U for all batch elements at once (h is zero at t = 0).
                if t0 + s > 0 {
                    accumulateMatMul(h, aStride: units, u, into: z + s * gates, cStride: steps * gates,
                                     rows: batch, inner: units, columns: gates)
                }
                for b in 0..<batch {
                    cellUpdate(z + (b * steps + s) * gates, c: c + b * units, h: h + b * units)
                    if returnSequences {
                        (output + (b * time + t0 + s) * units).initialize(from: h + b * units, count: units)
                    }
                }
            }
            t0 += steps
        }
        if !returnSequences {
            output.initialize(from: h, count: batch * units)
        }
    }

    /// Turns one timestep's `z = x·W + h·U` (`4 * units` floats, overwritten as scratch) into the
    /// new cell state `c` and output `h`, in place:
    /// `i, f, o = ra(z + b)`, `c' = a(z + b)`, `c = f * c + i * c'`, `h = o * a(c)`.
    @inline(__always)
    func cellUpdate(_ z: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
                            h: UnsafeMutablePointer<Float>) {
        let n = units
        if let bias {
            bias.withUnsafeBufferPointer { b in
                for j in 0..<(4 * n) { z[j] += b[j] }
            }
        }
        let (i, f, g, o) = (z, z + n, z + 2 * n, z + 3 * n)
        recurrentActivation.apply(to: i, count: 2 * n)  // i and f are adjacent
        activation.apply(to: g, count: n)
        recurrentActivation.apply(to: o, count: n)
        for j in 0..<n {
            c[j] = f[j] * c[j] + i[j] * g[j]
        }
        g.update(from: c, count: n)
        activation.apply(to: g, count: n)
        for j in 0..<n {
            h[j] = o[j] * g[j]
        }
    }
}
