import LSTMW

/// A recurrent layer whose timestep is "project the input with one fused kernel, then advance
/// the state `h` from that projection": the shape shared by ``PackedGRU`` and ``PackedSimpleRNN``.
///
/// ``forwardRecurrent(_:batch:time:chunkFloats:)`` and ``stepRecurrent(_:h:scratch:isFirst:)``
/// both call ``advance(_:projectionStride:h:rows:scratch:isFirst:)``, so stepping through a
/// sequence performs exactly the floating-point operations a whole-sequence run performs.
protocol PackedRecurrent: Sendable {
    /// Features per timestep of the input.
    var inputSize: Int { get }
    /// The size of the state `h` and of each output row.
    var units: Int { get }
    /// Whether the output is every timestep's `h` rather than the last one.
    var returnSequences: Bool { get }
    /// The fused input kernel, `[inputSize, projectionWidth]` row-major.
    var kernel: [Float] { get }
    /// The width of the input projection `x · kernel`.
    var projectionWidth: Int { get }
    /// Floats of scratch ``advance(_:projectionStride:h:rows:scratch:isFirst:)`` needs per row.
    var scratchWidth: Int { get }

    /// Advances `rows` states `h` (`[rows, units]`) by one timestep, given that timestep's input
    /// projections (`rows` rows of `projectionWidth` floats, `projectionStride` apart; they may be
    /// overwritten). `scratch` holds `rows * scratchWidth` floats. At the first timestep `h` is
    /// zero and `isFirst` is true.
    func advance(_ projection: UnsafeMutablePointer<Float>, projectionStride: Int, h: UnsafeMutablePointer<Float>,
                 rows: Int, scratch: UnsafeMutablePointer<Float>, isFirst: Bool)
}

extension PackedRecurrent {
    /// Runs the layer over `input`, `[batch, time, inputSize]` row-major, projecting up to
    /// `chunkFloats` floats of input at once.
    ///
    /// - Returns: `[batch, time, units]` if ``returnSequences``, else `[batch, units]`.
    func forwardRecurrent(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int,
                          chunkFloats: Int = PackedLSTM.projectionChunkFloats) -> [Float] {
        precondition(batch > 0 && time > 0 && input.count == batch * time * inputSize, "input size mismatch")
        let width = projectionWidth
        let chunk = max(1, min(time, chunkFloats / (batch * width)))
        let xp = UnsafeMutablePointer<Float>.allocate(capacity: batch * chunk * width)
        let h = UnsafeMutablePointer<Float>.allocate(capacity: batch * units)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, batch * scratchWidth))
        defer { xp.deallocate(); h.deallocate(); scratch.deallocate() }
        h.initialize(repeating: 0, count: batch * units)
        let outputCount = returnSequences ? batch * time * units : batch * units
        var output = [Float](repeating: 0, count: outputCount)
        kernel.withUnsafeBufferPointer { w in
            output.withUnsafeMutableBufferPointer { out in
                var t0 = 0
                while t0 < time {
                    let steps = min(chunk, time - t0)
                    xp.update(repeating: 0, count: batch * steps * width)
                    for b in 0..<batch {
                        accumulateMatMul(input.baseAddress! + (b * time + t0) * inputSize, aStride: inputSize,
                                         w.baseAddress!, into: xp + b * steps * width, cStride: width,
                                         rows: steps, inner: inputSize, columns: width)
                    }
                    for s in 0..<steps {
                        advance(xp + s * width, projectionStride: steps * width, h: h, rows: batch,
                                scratch: scratch, isFirst: t0 + s == 0)
                        if returnSequences {
                            for b in 0..<batch {
                                (out.baseAddress! + (b * time + t0 + s) * units).update(from: h + b * units, count: units)
                            }
                        }
                    }
                    t0 += steps
                }
                if !returnSequences { out.baseAddress!.update(from: h, count: batch * units) }
            }
        }
        return output
    }

    /// Advances one sequence by one timestep: `h` (`units` floats) goes from its value after
    /// timestep `t - 1` to its value after `t`, given that timestep's input row `x`.
    /// `scratch` holds ``sessionScratch`` floats. Allocates nothing.
    func stepRecurrent(_ x: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>,
                       scratch: UnsafeMutablePointer<Float>, isFirst: Bool) {
        let width = projectionWidth
        scratch.update(repeating: 0, count: width)
        kernel.withUnsafeBufferPointer { w in
            accumulateMatMul(x, aStride: inputSize, w.baseAddress!, into: scratch, cStride: width,
                             rows: 1, inner: inputSize, columns: width)
        }
        advance(scratch, projectionStride: width, h: h, rows: 1, scratch: scratch + width, isFirst: isFirst)
    }

    /// The scratch ``stepRecurrent(_:h:scratch:isFirst:)`` needs.
    var sessionScratch: Int { projectionWidth + scratchWidth }
}
