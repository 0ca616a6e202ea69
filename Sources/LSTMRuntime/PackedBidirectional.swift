import CKernels
import LSTMW

/// A ``BidirectionalLayer`` in the runtime's layout: two recurrent layers and the merge.
struct PackedBidirectional: Sendable {
    let name: String
    /// The forward and backward directions: `.lstm`, `.gru` or `.simpleRNN`, both reading forwards
    /// (the backward one is given the reversed sequence).
    let forward: PackedLayer
    let backward: PackedLayer
    let mergeMode: BidirectionalMergeMode
    let returnSequences: Bool
    let directionUnits: Int

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: BidirectionalLayer) {
        name = layer.name
        forward = PackedLayer(layer.forward)
        guard case .backwards(let backward) = PackedLayer(layer.backward) else {
            preconditionFailure("a validated Bidirectional's backward layer reads backwards")
        }
        self.backward = backward
        mergeMode = layer.mergeMode
        returnSequences = layer.returnSequences
        directionUnits = layer.forward.outputSize
    }

    /// The options of `layer` with its two directions already packed (`backward` reading forwards).
    init(_ layer: BidirectionalLayer, forward: PackedLayer, backward: PackedLayer) {
        name = layer.name
        self.forward = forward
        self.backward = backward
        mergeMode = layer.mergeMode
        returnSequences = layer.returnSequences
        directionUnits = layer.forward.outputSize
    }

    /// The size of the merged output's last axis.
    var units: Int { mergeMode == .concat ? 2 * directionUnits : directionUnits }

    /// The wrapper as Keras stores it.
    var unpacked: BidirectionalLayer {
        BidirectionalLayer(name: name, mergeMode: mergeMode, forward: forward.unpacked,
                           backward: PackedLayer.backwards(backward).unpacked)
    }

    /// Runs both directions over `input` (`[batch, time, inputSize]`) and merges them. With
    /// return_sequences, the backward output is put back in time order, and under a mask both
    /// directions output zero at masked timesteps, as Keras's `Bidirectional` does.
    ///
    /// - Returns: `[batch, time, units]` if ``returnSequences``, else `[batch, units]`.
    func forward(_ input: [Float], batch: Int, time: Int, mask: [Bool]?, kernels: Kernels, threads: Int) -> [Float] {
        let (ahead, behind) = directions(input, batch: batch, time: time, mask: mask, kernels: kernels, threads: threads)
        return merge(ahead, behind, batch: batch, time: time, mask: mask)
    }

    /// Merges the two directions' outputs: with return_sequences the backward one (in reading
    /// order) is put back in time order, and under a mask both give zero at masked timesteps.
    func merge(_ ahead: [Float], _ behind: [Float], batch: Int, time: Int, mask: [Bool]?) -> [Float] {
        let n = directionUnits
        var behind = behind
        let rows = returnSequences ? batch * time : batch
        if returnSequences {
            behind = behind.withUnsafeBufferPointer { reversedInTime($0, batch: batch, time: time, width: n) }
        }
        var merged = [Float](repeating: 0, count: rows * units)
        for r in 0..<rows {
            let kept = !returnSequences || (mask?[r] ?? true)
            for j in 0..<n where kept {
                let (f, b) = (ahead[r * n + j], behind[r * n + j])
                switch mergeMode {
                case .concat: merged[r * 2 * n + j] = f; merged[r * 2 * n + n + j] = b
                case .sum: merged[r * n + j] = f + b
                case .mul: merged[r * n + j] = f * b
                case .ave: merged[r * n + j] = (f + b) / 2
                case .none: preconditionFailure("merge_mode None runs in a model graph")
                }
            }
        }
        return merged
    }
}

extension PackedBidirectional {
    /// The outputs of the forward and the backward direction. With two threads or more and
    /// enough work (a direction's recurrent products at least 256 K multiply-adds) the two run at
    /// once, each on one thread: two independent recurrences, no synchronization per timestep;
    /// a helper that does not start in time leaves both to the caller.
    func directions(_ input: [Float], batch: Int, time: Int, mask: [Bool]?, kernels: Kernels,
                    threads: Int) -> (forward: [Float], backward: [Float]) {
        let work = forward.recurrent.map { batch * time * $0.units * $0.layout.width } ?? 0
        guard threads > 1, work >= 1 << 18 else {
            return (forward.runRecurrent(input, batch: batch, time: time, reverse: false, mask: mask, kernels: kernels, threads: 1),
                    backward.runRecurrent(input, batch: batch, time: time, reverse: true, mask: mask, kernels: kernels, threads: 1))
        }
        let outputs = UnsafeMutablePointer<[Float]>.allocate(capacity: 2)
        outputs.initialize(repeating: [], count: 2)
        let memory = UnsafeMutablePointer<ck_schedule>.allocate(capacity: 1)
        defer {
            outputs.deinitialize(count: 2)
            outputs.deallocate()
            memory.deallocate()
        }
        let schedule = WorkSchedule(memory, members: 2, blocks: 2)
        Team.run(threads: 2) { team in
            schedule.run(phase: 0, member: team.index) { directions in
                for direction in directions {
                    let layer = direction == 0 ? forward : backward
                    outputs[direction] = layer.runRecurrent(input, batch: batch, time: time, reverse: direction == 1,
                                                            mask: mask, kernels: kernels, threads: 1)
                }
            }
        }
        return (outputs[0], outputs[1])
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
