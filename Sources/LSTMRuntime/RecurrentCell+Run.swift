import LSTMW

extension RecurrentCell {
    /// Runs the layer over `input` (`[batch, time, inputSize]`) as Keras does with its options:
    /// `reverse` reads from the last timestep to the first (`go_backwards`; the output sequence is
    /// in reading order), and at a timestep whose `mask` entry (`[batch, time]`) is false the state
    /// is carried over unchanged and the output repeats the previous one (zero before the first
    /// unmasked step), or is zero with `zeroMaskedOutput`.
    ///
    /// - Returns: `[batch, time, units]` if ``returnSequences``, else `[batch, units]`.
    func run(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int, reverse: Bool, mask: [Bool]?,
             zeroMaskedOutput: Bool = false) -> [Float] {
        if let mask, mask.contains(false) {
            return runMasked(input, batch: batch, time: time, reverse: reverse, mask: mask,
                             zeroMaskedOutput: zeroMaskedOutput)
        }
        guard reverse else { return forward(input, batch: batch, time: time) }
        let reversed = reversedInTime(input, batch: batch, time: time, width: inputSize)
        return reversed.withUnsafeBufferPointer { forward($0, batch: batch, time: time) }
    }

    /// The masked run, one sequence and one timestep at a time.
    private func runMasked(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int, reverse: Bool,
                           mask: [Bool], zeroMaskedOutput: Bool) -> [Float] {
        let n = units
        var output = [Float](repeating: 0, count: returnSequences ? batch * time * n : batch * n)
        let state = UnsafeMutablePointer<Float>.allocate(capacity: stateCount)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, stepScratch))
        let previous = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer { state.deallocate(); scratch.deallocate(); previous.deallocate() }
        output.withUnsafeMutableBufferPointer { out in
            for b in 0..<batch {
                state.initialize(repeating: 0, count: stateCount)
                previous.initialize(repeating: 0, count: n)
                var stepped = false
                for s in 0..<time {
                    let t = reverse ? time - 1 - s : s
                    if mask[b * time + t] {
                        step(input.baseAddress! + (b * time + t) * inputSize, state: state, scratch: scratch,
                             isFirst: !stepped)
                        stepped = true
                        previous.update(from: state, count: n)
                    } else if zeroMaskedOutput {
                        previous.update(repeating: 0, count: n)
                    }
                    if returnSequences {
                        (out.baseAddress! + (b * time + s) * n).update(from: previous, count: n)
                    }
                }
                if !returnSequences { (out.baseAddress! + b * n).update(from: previous, count: n) }
            }
        }
        return output
    }
}

/// `values` (`[batch, time, width]`) with each sequence's timesteps in reverse order.
func reversedInTime(_ values: UnsafeBufferPointer<Float>, batch: Int, time: Int, width: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
        for b in 0..<batch {
            for t in 0..<time {
                let from = values.baseAddress! + (b * time + t) * width
                (out.baseAddress! + (b * time + time - 1 - t) * width).initialize(from: from, count: width)
            }
        }
        initialized = values.count
    }
}
