import FileIO
import LSTMW

extension Model {
    /// Runs the model on a batch of sequences.
    ///
    /// Every batch element is computed independently, with the state `h`, `c` of each LSTM starting
    /// at zero, exactly as Keras's `model.predict` does.
    ///
    /// ```swift
    /// let input = Tensor(shape: [2, 50, model.inputFeatures], values: samples)
    /// let output = try model.predict(input)   // [2, outputFeatures], or [2, 50, outputFeatures]
    /// ```
    ///
    /// Any sequence length is accepted, even when `description.timeSteps` is set: a Keras model
    /// built for a fixed length refuses other lengths, but its recurrence is the same for any
    /// length, and so is this one's.
    ///
    /// - Parameter input: `[batch, time, inputFeatures]`, with `batch ≥ 1` and `time ≥ 1`.
    /// - Returns: `[batch, time, outputFeatures]` if ``outputIsSequence``, else `[batch, outputFeatures]`.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` if the input does not
    ///   have that shape, or ``RuntimeError/Code/nonFiniteInput`` (naming the batch element,
    ///   timestep and feature) if it holds a NaN or an infinity.
    public func predict(_ input: Tensor) throws(RuntimeError) -> Tensor {
        if description.inputIsTokens {
            guard input.shape.count == 2 else {
                throw .inputShape("input has shape \(input.shape), the model takes token ids of rank 2: [batch, time]")
            }
            return try predict(input.values, batch: input.shape[0], timeSteps: input.shape[1])
        }
        guard input.shape.count == 3 else {
            throw .inputShape(
                "input has shape \(input.shape), the model expects rank 3: [batch, time, \(inputFeatures)]")
        }
        guard input.shape[2] == inputFeatures else {
            throw .inputShape("input has \(input.shape[2]) features per timestep, the model expects \(inputFeatures)")
        }
        return try predict(input.values, batch: input.shape[0], timeSteps: input.shape[1])
    }

    /// Runs the model on `batch` sequences of `timeSteps` steps, given as one flat row-major array.
    ///
    /// ```swift
    /// // Two sequences of 3 steps with 2 features each: [batch, time, features] = [2, 3, 2].
    /// let output = try model.predict([0.1, 0.2,  0.3, 0.4,  0.5, 0.6,
    ///                                  0.6, 0.5,  0.4, 0.3,  0.2, 0.1], batch: 2, timeSteps: 3)
    /// ```
    ///
    /// - Parameters:
    ///   - values: `batch * timeSteps * inputFeatures` floats, row-major.
    ///   - batch: The number of sequences, at least 1.
    ///   - timeSteps: The number of timesteps of every sequence, at least 1.
    /// - Returns: the same as ``predict(_:)-(Tensor)``.
    /// - Throws: the same as ``predict(_:)-(Tensor)``.
    public func predict(_ values: [Float], batch: Int, timeSteps: Int) throws(RuntimeError) -> Tensor {
        try checkInput(values, batch: batch, time: timeSteps)
        let output = values.withUnsafeBufferPointer { run($0, batch: batch, time: timeSteps) }
        let shape = outputIsSequence ? [batch, output.time, outputFeatures] : [batch, outputFeatures]
        return Tensor(shape: shape, values: output.values)
    }

    /// Runs the model on a batch of sequences given as nested arrays:
    /// `input[b][t][f]` is feature `f` at timestep `t` of sequence `b`.
    ///
    /// Every sequence must have the same number of timesteps (at least 1) and every timestep
    /// ``inputFeatures`` features.
    ///
    /// ```swift
    /// // One sequence of two timesteps with three features each.
    /// let output = try model.predict([[[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]])
    /// print(output.shape)   // [1, outputFeatures], or [1, 2, outputFeatures]
    /// ```
    ///
    /// - Parameter input: `[batch][time][inputFeatures]`, with `batch ≥ 1` and `time ≥ 1`.
    /// - Returns: the same as ``predict(_:)-(Tensor)``.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` naming the first
    ///   sequence or timestep whose size is wrong (as `input[b]` or `input[b][t]`), or
    ///   ``RuntimeError/Code/nonFiniteInput`` naming the batch element, timestep and feature of a
    ///   NaN or an infinity.
    public func predict(_ input: [[[Float]]]) throws(RuntimeError) -> Tensor {
        let features = inputFeatures
        guard let first = input.first else {
            throw .inputShape("input has no sequences; the batch size must be at least 1")
        }
        let time = first.count
        var count = 0
        for (b, sequence) in input.enumerated() {
            guard !sequence.isEmpty else {
                throw .inputShape("input[\(b)] has no timesteps; a sequence needs at least 1")
            }
            guard sequence.count == time else {
                throw .inputShape("input[\(b)] has \(sequence.count) timesteps, input[0] has \(time); "
                                  + "every sequence in a batch must have the same length")
            }
            for (t, row) in sequence.enumerated() where row.count != features {
                throw .inputShape("input[\(b)][\(t)] has \(row.count) features, the model expects \(features)")
            }
            count += time * features
        }
        var values: [Float] = []
        values.reserveCapacity(count)
        for sequence in input {
            for row in sequence { values.append(contentsOf: row) }
        }
        return try predict(values, batch: input.count, timeSteps: time)
    }

    /// Checks sizes, then that every value is finite.
    private func checkInput(_ values: [Float], batch: Int, time: Int) throws(RuntimeError) {
        let features = inputFeatures
        guard batch >= 1 else { throw .inputShape("batch size must be at least 1, got \(batch)") }
        guard time >= 1 else { throw .inputShape("input must have at least 1 timestep, got \(time)") }
        guard let expected = product([batch, time, features]) else {
            throw .inputShape("input of batch \(batch) × \(time) timesteps × \(features) features is too large")
        }
        guard values.count == expected else {
            throw .inputShape("input has \(values.count) values, batch \(batch) × \(time) timesteps × "
                              + "\(features) features needs \(expected)")
        }
        // The widest scratch or output array a layer makes is batch * time * widestRow floats.
        let widest = packedLayers.map(\.widestRow).max() ?? 0
        guard product([batch, time, widest]) != nil else {
            throw .inputShape("input of batch \(batch) × \(time) timesteps is too large for this model")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            let (b, t, f) = (bad / (time * features), bad / features % time, bad % features)
            throw RuntimeError(.nonFiniteInput,
                               "input holds \(values[bad]) at batch \(b), timestep \(t), feature \(f)")
        }
        do {
            _ = try description.outputTimeSteps(forInput: time)
        } catch {
            throw .inputShape("input of \(time) timesteps: \(error.message)")
        }
        if case .embedding(let embedding) = packedLayers.first {
            try embedding.checkIDs(values, time: time)
        }
    }

    /// Runs the layers in turn; sizes are already checked.
    private func run(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int) -> Flow {
        var flow = Flow(values: [], isSequence: true, time: time, mask: nil)
        for (index, layer) in packedLayers.enumerated() {
            if index == 0 {
                flow = layer.apply(to: input, flow: flow, batch: batch, time: time)
            } else {
                flow = flow.values.withUnsafeBufferPointer { layer.apply(to: $0, flow: flow, batch: batch, time: time) }
            }
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
    /// Runs the layer on `x`, the values of `flow` (or the model's input), giving the next flow.
    func apply(to x: UnsafeBufferPointer<Float>, flow: Flow, batch: Int, time _: Int) -> Flow {
        let time = flow.time
        let rows = flow.isSequence ? batch * time : batch
        func next(_ values: [Float], isSequence: Bool? = nil, time: Int? = nil, mask: [Bool]?? = nil) -> Flow {
            Flow(values: values, isSequence: isSequence ?? flow.isSequence, time: time ?? flow.time,
                 mask: mask ?? flow.mask)
        }
        switch self {
        case .recurrent(let cell, let reverse):
            let values = cell.run(x, batch: batch, time: time, reverse: reverse, mask: flow.mask)
            return next(values, isSequence: cell.returnSequences, mask: cell.returnSequences ? flow.mask : nil)
        case .bidirectional(let layer):
            let values = layer.forward(x, batch: batch, time: time, mask: flow.mask)
            return next(values, isSequence: layer.returnSequences, mask: layer.returnSequences ? flow.mask : nil)
        case .dense(let dense):
            return next(dense.forward(x, rows: rows))
        case .embedding(let embedding):
            let (values, mask) = embedding.forward(x)
            return next(values, isSequence: true, mask: mask)
        case .masking(let masking):
            var values = Array(x)
            let mask = masking.mask(&values, rows: rows)
            return next(values, mask: mask)
        case .conv1D(let conv):
            let (values, outputTime) = conv.forward(x, batch: batch, time: time)
            return next(values, time: outputTime)
        case .pooling1D(let pooling):
            let (values, outputTime) = pooling.forward(x, batch: batch, time: time)
            return next(values, time: outputTime)
        case .globalPooling1D(let pooling):
            return next(pooling.forward(x, batch: batch, time: time, mask: flow.mask), isSequence: false, mask: .some(nil))
        case .reshape(let isSequence, _, let newTime):
            return next(Array(x), isSequence: isSequence, time: newTime, mask: .some(nil))
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
        case .activation(let layer):
            var values = Array(x)
            values.withUnsafeMutableBufferPointer { buffer in
                if layer.activation == .softmax {
                    softmaxRows(buffer.baseAddress!, rows: rows, width: layer.features)
                } else {
                    layer.activation.apply(to: buffer.baseAddress!, count: buffer.count)
                }
            }
            return next(values)
        case .normalization(let normalization, let features):
            var values = Array(x)
            normalization.apply(to: &values, features: features)
            return next(values)
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

/// The product of `factors`, or `nil` if it overflows `Int`.
private func product(_ factors: [Int]) -> Int? {
    var result = 1
    for factor in factors {
        let (next, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        result = next
    }
    return result
}
