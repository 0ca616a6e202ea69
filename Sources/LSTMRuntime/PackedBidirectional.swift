import LSTMW

/// A ``BidirectionalLayer`` in the runtime's layout: two recurrent cells and the merge.
struct PackedBidirectional: Sendable {
    let forward: RecurrentCell
    let backward: RecurrentCell
    let mergeMode: BidirectionalMergeMode

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: BidirectionalLayer) {
        forward = RecurrentCell(layer.forward)!
        backward = RecurrentCell(layer.backward)!
        mergeMode = layer.mergeMode
    }

    var returnSequences: Bool { forward.returnSequences }
    var units: Int { mergeMode == .concat ? 2 * forward.units : forward.units }

    /// Runs both directions over `input` (`[batch, time, inputSize]`) and merges them. With
    /// return_sequences, the backward output is put back in time order, and under a mask both
    /// directions output zero at masked timesteps, as Keras's `Bidirectional` does.
    ///
    /// - Returns: `[batch, time, units]` if ``returnSequences``, else `[batch, units]`.
    func forward(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int, mask: [Bool]?) -> [Float] {
        let zero = returnSequences
        let ahead = forward.run(input, batch: batch, time: time, reverse: false, mask: mask, zeroMaskedOutput: zero)
        var behind = backward.run(input, batch: batch, time: time, reverse: true, mask: mask, zeroMaskedOutput: zero)
        let rows = returnSequences ? batch * time : batch
        let n = forward.units
        if returnSequences {
            behind = behind.withUnsafeBufferPointer { reversedInTime($0, batch: batch, time: time, width: n) }
        }
        if mergeMode == .concat {
            var merged = [Float](repeating: 0, count: rows * 2 * n)
            for r in 0..<rows {
                for j in 0..<n {
                    merged[r * 2 * n + j] = ahead[r * n + j]
                    merged[r * 2 * n + n + j] = behind[r * n + j]
                }
            }
            return merged
        }
        var merged = ahead
        for i in 0..<merged.count {
            switch mergeMode {
            case .sum: merged[i] += behind[i]
            case .mul: merged[i] *= behind[i]
            case .ave: merged[i] = (merged[i] + behind[i]) / 2
            case .concat: break
            }
        }
        return merged
    }
}
