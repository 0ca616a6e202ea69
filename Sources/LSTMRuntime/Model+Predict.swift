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
        if skeleton.graph != nil { return try predictGraph(input) }
        if skeleton.inputIsTokens {
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
        if skeleton.graph != nil {
            let spec = inputTensors[0]
            let shape = spec.isTokens ? [batch, timeSteps] : spec.isSequence ? [batch, timeSteps, spec.features] : [batch, spec.features]
            guard batch > 0, timeSteps > 0, Tensor.elementCount(of: shape) == values.count else {
                throw .inputShape("\(values.count) values do not make the shape \(shape)")
            }
            return try predictGraph(Tensor(shape: shape, values: values))
        }
        try checkInput(values, batch: batch, time: timeSteps)
        guard packedLayers.allSatisfy(\.isPlain) else {
            let flow = values.withUnsafeBufferPointer { runLayers($0, batch: batch, time: timeSteps) }
            let rows = skeleton.outputBatch(batch: batch, time: timeSteps)
            return Tensor(shape: outputIsSequence ? [rows, flow.time, outputFeatures] : [rows, outputFeatures],
                          values: flow.values)
        }
        let output = values.withUnsafeBufferPointer { run($0, batch: batch, time: timeSteps) }
        let shape = outputIsSequence ? [batch, timeSteps, outputFeatures] : [batch, outputFeatures]
        return Tensor(shape: shape, values: output)
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
    func checkInput(_ values: [Float], batch: Int, time: Int) throws(RuntimeError) {
        let features = inputFeatures
        guard batch >= 1 else { throw .inputShape("batch size must be at least 1, got \(batch)") }
        guard time >= 1 else { throw .inputShape("input must have at least 1 timestep, got \(time)") }
        guard let expected = product(batch, time, features) else {
            throw .inputShape("input of batch \(batch) × \(time) timesteps × \(features) features is too large")
        }
        guard values.count == expected else {
            throw .inputShape("input has \(values.count) values, batch \(batch) × \(time) timesteps × "
                              + "\(features) features needs \(expected)")
        }
        // A call's scratch is at most 4 * batch * time * widestRow floats (see `run`).
        var widest = 0, longest = time
        for layer in packedLayers {
            widest = max(widest, layer.widestRow)
            if case .repeatVector(let repeated) = layer { longest = max(longest, repeated.n) }
            if case .reshape(let reshape) = layer, reshape.outputIsSequence(inputIsSequence: false),
               case .reshape(let shape) = reshape { longest = max(longest, shape.targetShape[0]) }
        }
        guard product(batch, longest, widest, 4) != nil else {
            throw .inputShape("input of batch \(batch) × \(time) timesteps is too large for this model")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            let (b, t, f) = (bad / (time * features), bad / features % time, bad % features)
            throw RuntimeError(.nonFiniteInput,
                               "input holds \(values[bad]) at batch \(b), timestep \(t), feature \(f)")
        }
        do {
            _ = try skeleton.outputTimeSteps(forInput: time)
        } catch {
            throw .inputShape("input of \(time) timesteps: \(error.message)")
        }
        if case .embedding(let embedding) = packedLayers.first {
            try embedding.checkIDs(values, time: time)
        }
    }

    /// Runs the layers in turn; sizes are already checked.
    ///
    /// One scratch buffer from the pool holds two intermediate outputs (layers write them in
    /// turn) and the largest recurrent layer's scratch; the last layer writes the result.
    private func run(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int) -> [Float] {
        var intermediate = 0, layerScratch = 0, rows = batch * time
        for (index, layer) in packedLayers.enumerated() {
            let needs = layer.recurrentNeeds(batch: batch, time: time)
            layerScratch = max(layerScratch, needs.scratch)
            if needs.returnsSequences == false { rows = batch }
            if index < packedLayers.count - 1 { intermediate = max(intermediate, rows * layer.outputSize) }
        }
        let outputCount = (outputIsSequence ? batch * time : batch) * outputFeatures
        return scratchPool.withScratch(floats: 2 * intermediate + layerScratch) { scratch in
            [Float](unsafeUninitializedCapacity: outputCount) { output, initialized in
                var x = input.baseAddress!
                var isSequence = true
                for (index, layer) in packedLayers.enumerated() {
                    let destination = index == packedLayers.count - 1 ? output.baseAddress!
                        : scratch + (index % 2) * intermediate
                    apply(layer, to: x, batch: batch, time: time, isSequence: &isSequence, into: destination,
                          scratch: scratch + 2 * intermediate)
                    x = UnsafePointer(destination)
                }
                initialized = outputCount
            }
        }
    }

    private func apply(_ layer: PackedLayer, to x: UnsafePointer<Float>, batch: Int, time: Int,
                       isSequence: inout Bool, into output: UnsafeMutablePointer<Float>,
                       scratch: UnsafeMutablePointer<Float>) {
        switch layer {
        case .lstm(let lstm):
            forward(lstm, x, batch: batch, time: time, isSequence: &isSequence, into: output, scratch: scratch)
        case .gru(let gru):
            forward(gru, x, batch: batch, time: time, isSequence: &isSequence, into: output, scratch: scratch)
        case .simpleRNN(let rnn):
            forward(rnn, x, batch: batch, time: time, isSequence: &isSequence, into: output, scratch: scratch)
        case .dense(let dense):
            dense.forward(x, rows: isSequence ? batch * time : batch, into: output, kernels: kernels)
        default:
            preconditionFailure("only the plain chain takes the pooled path")
        }
    }

    private func forward<Cell: RecurrentCell>(_ cell: Cell, _ x: UnsafePointer<Float>, batch: Int, time: Int,
                                              isSequence: inout Bool, into output: UnsafeMutablePointer<Float>,
                                              scratch: UnsafeMutablePointer<Float>) {
        isSequence = cell.returnSequences
        cell.forward(x, batch: batch, time: time, options: RecurrentOptions(), kernels: kernels, threads: threads,
                     into: output, finalState: nil, scratch: scratch)
    }
}

/// The product of the factors, or `nil` if it overflows `Int`.
private func product(_ a: Int, _ b: Int, _ c: Int, _ d: Int = 1) -> Int? {
    let (ab, o1) = a.multipliedReportingOverflow(by: b)
    let (abc, o2) = ab.multipliedReportingOverflow(by: c)
    let (abcd, o3) = abc.multipliedReportingOverflow(by: d)
    return o1 || o2 || o3 ? nil : abcd
}
