import FileIO
import LSTMW

extension Model {
    /// Runs a model with layers beyond the plain chain (masks, Bidirectional, `go_backwards`,
    /// Embedding, convolutions, pooling, reshaping): each layer gets the whole previous output.
    /// After a `swapBatchTime` layer the batch is what was the time axis.
    func runLayers(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int) -> Flow {
        var flow = Flow(values: Array(input), isSequence: true, time: time, mask: nil)
        var batch = batch
        for layer in packedLayers {
            let next = layer.apply(to: flow, batch: batch, kernels: kernels, threads: threads)
            if case .swapBatchTime = layer { batch = flow.time }
            flow = next
        }
        return flow
    }
}

/// What flows from one layer to the next in a whole-sequence run.
struct Flow {
    /// `[batch, time, features]` if ``isSequence``, else `[batch, features]`.
    var values: [Float]
    var isSequence: Bool
    /// The number of timesteps (kept when ``isSequence`` is false, for the layers that bring the
    /// time axis back).
    var time: Int
    /// `[batch, time]`: false at the timesteps an `Embedding(mask_zero=True)` or `Masking` layer masked.
    var mask: [Bool]?
}

extension PackedLayer {
    /// Runs the layer on `flow`, giving the next flow.
    func apply(to flow: Flow, batch: Int, kernels: Kernels, threads: Int) -> Flow {
        let time = flow.time
        let rows = flow.isSequence ? batch * time : batch
        func next(_ values: [Float], isSequence: Bool? = nil, time: Int? = nil, mask: [Bool]?? = nil) -> Flow {
            Flow(values: values, isSequence: isSequence ?? flow.isSequence, time: time ?? flow.time, mask: mask ?? flow.mask)
        }
        let x = flow.values
        switch self {
        case .lstm, .gru, .simpleRNN, .backwards:
            let (cell, reverse) = if case .backwards(let cell) = self { (cell, true) } else { (self, false) }
            let returns = cell.recurrentNeeds(batch: 1, time: 1).returnsSequences ?? false
            let values = cell.runRecurrent(x, batch: batch, time: time, reverse: reverse, mask: flow.mask,
                                           kernels: kernels, threads: threads)
            return next(values, isSequence: returns, mask: returns ? flow.mask : nil)
        case .bidirectional(let layer):
            let values = layer.forward(x, batch: batch, time: time, mask: flow.mask, kernels: kernels, threads: threads)
            return next(values, isSequence: layer.returnSequences, mask: layer.returnSequences ? flow.mask : nil)
        case .dense(let dense):
            var values = [Float](repeating: 0, count: rows * dense.units)
            values.withUnsafeMutableBufferPointer { y in
                x.withUnsafeBufferPointer { dense.forward($0.baseAddress!, rows: rows, into: y.baseAddress!, kernels: kernels) }
            }
            return next(values)
        case .embedding(let embedding):
            let (values, mask) = x.withUnsafeBufferPointer { embedding.forward($0) }
            return next(values, isSequence: true, mask: mask)
        case .masking(let masking):
            var values = x
            let mask = masking.mask(&values, rows: rows)
            return next(values, mask: mask)
        case .activation(let layer):
            var values = x
            values.withUnsafeMutableBufferPointer { buffer in
                if layer.activation == .softmax {
                    softmaxRows(buffer.baseAddress!, rows: rows, width: layer.features)
                } else {
                    layer.activation.apply(to: buffer.baseAddress!, count: buffer.count)
                }
            }
            return next(values)
        case .normalization(let normalization, let layer):
            var values = x
            normalization.apply(to: &values, features: layer.outputSize)
            return next(values)
        case .conv1D(let conv):
            let (values, outputTime) = x.withUnsafeBufferPointer { conv.forward($0, batch: batch, time: time) }
            return next(values, time: outputTime)
        case .pooling1D(let pooling):
            let (values, outputTime) = x.withUnsafeBufferPointer { pooling.forward($0, batch: batch, time: time) }
            return next(values, time: outputTime)
        case .globalPooling1D(let pooling):
            let values = x.withUnsafeBufferPointer { pooling.forward($0, batch: batch, time: time, mask: flow.mask) }
            return next(values, isSequence: false, mask: .some(nil))
        case .reshape(let layer):
            let isSequence = layer.outputIsSequence(inputIsSequence: flow.isSequence)
            let newTime = if case .reshape(let reshape) = layer, reshape.targetShape.count == 2 { reshape.targetShape[0] } else { time }
            return next(x, isSequence: isSequence, time: newTime, mask: .some(nil))
        case .repeatVector(let repeated):
            var values = [Float](repeating: 0, count: batch * repeated.n * repeated.features)
            for b in 0..<batch {
                for t in 0..<repeated.n {
                    for f in 0..<repeated.features {
                        values[(b * repeated.n + t) * repeated.features + f] = x[b * repeated.features + f]
                    }
                }
            }
            return next(values, isSequence: true, time: repeated.n, mask: .some(nil))
        case .merge, .concatenate:
            preconditionFailure("a layer of several inputs runs in a model graph")
        case .swapBatchTime(let swap):
            let values = x.withUnsafeBufferPointer { swappingBatchAndTime($0, batch: batch, time: time, width: swap.features) }
            return next(values, time: batch)
        }
    }
}

extension MaskingLayer {
    /// Masks each row of `values` (`[rows, features]`) whose features all equal ``maskValue``,
    /// setting it to zero as Keras's `Masking` does (`inputs * mask`).
    ///
    /// - Returns: the mask, true for the rows kept.
    func mask(_ values: inout [Float], rows: Int) -> [Bool] {
        var mask = [Bool](repeating: true, count: rows)
        for r in 0..<rows {
            let row = r * features
            if !values[row..<(row + features)].contains(where: { $0 != maskValue }) {
                mask[r] = false
                for j in row..<(row + features) { values[j] = 0 }
            }
        }
        return mask
    }
}

extension PackedEmbedding {
    /// Checks that every value of a `[batch, time]` input is a whole token id in `0..<inputDim`.
    func checkIDs(_ values: [Float], time: Int) throws(RuntimeError) {
        guard let bad = values.firstIndex(where: { $0 < 0 || $0 >= Float(inputDim) || $0.rounded(.towardZero) != $0 }) else {
            return
        }
        throw .inputShape("input holds token id \(values[bad]) at batch \(bad / time), timestep \(bad % time); "
                          + "embedding \(name.quotedForMessage) takes whole ids from 0 to \(inputDim - 1)")
    }
}
