import LSTMW

extension PackedLayer {
    /// Runs the layer in a model graph on the tensors it reads, giving every output it has:
    /// its output (two for a Bidirectional without a merge), then a recurrent layer's final state.
    ///
    /// - Precondition: the graph passed validation, so `inputs` has the count and shapes the layer
    ///   takes; ``Model/predict(_:)-([Tensor])`` checked that joined tensors have one length.
    func applyInGraph(to inputs: [Flow], batch: Int, kernels: Kernels, threads: Int) -> [Flow] {
        let first = inputs[0]
        switch self {
        case .merge(let layer):
            return [layer.forward(inputs)]
        case .concatenate(let layer):
            return [layer.forward(inputs, batch: batch)]
        case .lstm, .gru, .simpleRNN, .backwards:
            let (cell, reverse) = if case .backwards(let cell) = self { (cell, true) } else { (self, false) }
            let initial = inputs.count > 1 ? RecurrentState(inputs[1...]) : nil
            let result = cell.runCell(first, batch: batch, reverse: reverse, initial: initial, kernels: kernels, threads: threads)
            return [result.flow] + result.states
        case .bidirectional(let layer):
            return layer.applyInGraph(to: inputs, batch: batch, kernels: kernels, threads: threads)
        default:
            return [apply(to: first, batch: batch, kernels: kernels, threads: threads)]
        }
    }

    /// Runs a forward `.lstm`, `.gru` or `.simpleRNN` layer over `flow` with an optional initial
    /// state, giving its output flow and its final state as vector flows (`h`, then `c`).
    func runCell(_ flow: Flow, batch: Int, reverse: Bool, initial: RecurrentState?, kernels: Kernels,
                 threads: Int) -> (flow: Flow, states: [Flow]) {
        let result = run(flow.values, batch: batch, time: flow.time, reverse: reverse, mask: flow.mask, from: initial,
                         kernels: kernels, threads: threads)
        let returns = recurrentNeeds(batch: 1, time: 1).returnsSequences ?? false
        let output = Flow(values: result.output, isSequence: returns, time: flow.time, mask: returns ? flow.mask : nil)
        let states = [result.state.h] + (result.state.c.map { [$0] } ?? [])
        return (output, states.map { Flow(values: $0, isSequence: false, time: flow.time, mask: nil) })
    }
}

extension RecurrentState {
    /// A state from the flows given as `initial_state`: `h`, then `c` if there is one.
    init(_ flows: ArraySlice<Flow>) {
        self.init(h: flows.first!.values, c: flows.dropFirst().first?.values)
    }
}

extension PackedBidirectional {
    /// Runs both directions with optional initial states (the forward direction's, then the
    /// backward one's), giving the merged output (or both outputs in time order, without a
    /// merge), then the forward and backward final states.
    func applyInGraph(to inputs: [Flow], batch: Int, kernels: Kernels, threads: Int) -> [Flow] {
        let flow = inputs[0]
        let half = (inputs.count - 1) / 2
        let forwardInitial = half > 0 ? RecurrentState(inputs[1...half]) : nil
        let backwardInitial = half > 0 ? RecurrentState(inputs[(1 + half)...]) : nil
        let ahead = forward.runCell(flow, batch: batch, reverse: false, initial: forwardInitial, kernels: kernels, threads: threads)
        var behind = backward.runCell(flow, batch: batch, reverse: true, initial: backwardInitial, kernels: kernels, threads: threads)
        guard mergeMode == .none else {
            var merged = ahead.flow
            merged.values = merge(ahead.flow.values, behind.flow.values, batch: batch, time: flow.time, mask: flow.mask)
            return [merged] + ahead.states + behind.states
        }
        let n = directionUnits
        if returnSequences {
            behind.flow.values = behind.flow.values.withUnsafeBufferPointer { reversedInTime($0, batch: batch, time: flow.time, width: n) }
        }
        var outputs = [ahead.flow, behind.flow]
        if returnSequences, let mask = flow.mask {
            for index in outputs.indices { outputs[index].values.zeroRows(where: mask, width: n) }
        }
        return outputs + ahead.states + behind.states
    }
}

extension Array where Element == Float {
    /// Sets to zero each row of `width` values whose flag in `mask` is false.
    mutating func zeroRows(where mask: [Bool], width: Int) {
        for (row, kept) in mask.enumerated() where !kept {
            for j in (row * width)..<((row + 1) * width) { self[j] = 0 }
        }
    }
}

extension MergeLayer {
    /// The inputs merged element by element; the mask keeps a timestep where every masked input
    /// keeps it (Keras 2's rule).
    func forward(_ inputs: [Flow]) -> Flow {
        var values = inputs[0].values
        for other in inputs.dropFirst() {
            let x = other.values
            switch mode {
            case .add, .average: for i in values.indices { values[i] += x[i] }
            case .subtract: for i in values.indices { values[i] -= x[i] }
            case .multiply: for i in values.indices { values[i] *= x[i] }
            case .maximum: for i in values.indices { values[i] = Swift.max(values[i], x[i]) }
            case .minimum: for i in values.indices { values[i] = Swift.min(values[i], x[i]) }
            }
        }
        if mode == .average {
            let count = Float(inputs.count)
            for i in values.indices { values[i] /= count }
        }
        return Flow(values: values, isSequence: inputs[0].isSequence, time: inputs[0].time, mask: combinedMask(inputs))
    }
}

extension ConcatenateLayer {
    /// The inputs joined row by row along the last axis.
    func forward(_ inputs: [Flow], batch: Int) -> Flow {
        let first = inputs[0]
        let rows = first.isSequence ? batch * first.time : batch
        let width = outputSize
        var values = [Float](repeating: 0, count: rows * width)
        var offset = 0
        for (input, size) in zip(inputs, inputSizes) {
            input.values.withUnsafeBufferPointer { x in
                values.withUnsafeMutableBufferPointer { y in
                    for r in 0..<rows {
                        (y.baseAddress! + r * width + offset).update(from: x.baseAddress! + r * size, count: size)
                    }
                }
            }
            offset += size
        }
        return Flow(values: values, isSequence: first.isSequence, time: first.time, mask: combinedMask(inputs))
    }
}

/// The mask of a merge of `inputs`: a timestep is kept where every input that has a mask keeps it
/// (Keras 2's `_Merge` and `Concatenate`); no mask when none has one.
private func combinedMask(_ inputs: [Flow]) -> [Bool]? {
    let masks = inputs.compactMap(\.mask)
    guard var combined = masks.first else { return nil }
    for mask in masks.dropFirst() {
        for i in combined.indices { combined[i] = combined[i] && mask[i] }
    }
    return combined
}
