import FileIO
import LSTMW

extension Model {
    /// The model's inputs, in the order ``predict(_:)-([Tensor])`` takes them: one, named
    /// `"input"`, for a chain; a Functional graph's named inputs. Token ids are `int32`
    /// `[batch, time]`; other inputs float32 `[batch, time, features]` or `[batch, features]`.
    ///
    /// ```swift
    /// for input in model.inputs { print(input) }   // enc_in: [?, ?, 3] float32
    ///                                              // dec_in: [?, ?, 2] float32
    /// ```
    public var inputs: [TensorSpec] {
        inputTensors.map { tensor in
            if tensor.isTokens { return TensorSpec(name: tensor.name, shape: [nil, nil], dtype: "int32") }
            return TensorSpec(name: tensor.name, shape: tensor.isSequence ? [nil, nil, tensor.features] : [nil, tensor.features])
        }
    }

    /// The model's outputs, in the order ``predict(_:)-([Tensor])`` returns them, each named after
    /// its layer (`"encoder:1"` for a layer's second output, such as an LSTM's final `h`).
    public var outputs: [TensorSpec] {
        skeleton.outputTensors.map { tensor in
            TensorSpec(name: tensor.name, shape: tensor.isSequence ? [nil, nil, tensor.features] : [nil, tensor.features])
        }
    }

    /// For each input in the order of ``inputs``, the Embedding that reads it when it takes token
    /// ids, else `nil`: what a caller needs to check ids before a call.
    public var inputEmbeddings: [EmbeddingLayer?] {
        let names = inputTensors.map(\.name)
        guard let graph = skeleton.graph else {
            if case .embedding(let embedding) = skeleton.layers.first { return [embedding] }
            return [nil]
        }
        return names.map { name in
            for (layer, references) in zip(skeleton.layers, graph.layerInputs) where references.first?.source == name {
                if case .embedding(let embedding) = layer { return embedding }
            }
            return nil
        }
    }

    /// Runs the model on one tensor per input, in the order of ``inputs``, and returns one tensor
    /// per output, in the order of ``outputs``: the way to run a Keras Functional model with
    /// several inputs or outputs. For a chain, `predict([x])` is `[predict(x)]`.
    ///
    /// ```swift
    /// let (encoder, decoder) = (Tensor(shape: [1, 6, 3], values: a), Tensor(shape: [1, 4, 2], values: b))
    /// let outputs = try model.predict([encoder, decoder])
    /// print(zip(model.outputs, outputs).map { "\($0.name) \($1.shape)" })
    /// ```
    ///
    /// All inputs share the batch size; each has its own sequence length (those merged by a
    /// layer must agree, and an input built for a fixed length must have it).
    ///
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` naming the input or
    ///   the layer a shape does not fit, or ``RuntimeError/Code/nonFiniteInput``.
    public func predict(_ inputs: [Tensor]) throws(RuntimeError) -> [Tensor] {
        guard let graph = skeleton.graph else {
            guard inputs.count == 1 else { throw .inputShape("the model takes 1 input, \(inputs.count) were given") }
            return [try predict(inputs[0])]
        }
        guard inputs.count == graph.inputs.count else {
            let names = graph.inputs.map(\.name.quotedForMessage).joined(separator: ", ")
            throw .inputShape("the model takes \(graph.inputs.count) inputs (\(names)), \(inputs.count) were given")
        }
        let times = try checkGraphInputs(inputs, graph: graph)
        let batch = inputs[0].shape[0]
        var flows: [TensorReference: Flow] = [:]
        for (index, (input, tensor)) in zip(graph.inputs, inputs).enumerated() {
            flows[TensorReference(input.name)] = Flow(values: tensor.values, isSequence: input.isSequence, time: times[index], mask: nil)
        }
        for (layer, (packed, references)) in zip(skeleton.layers, zip(packedLayers, graph.layerInputs)) {
            let given = references.map { flows[$0]! }
            let outputs = packed.applyInGraph(to: given, batch: batch, kernels: kernels, threads: threads)
            for (index, flow) in outputs.enumerated() { flows[TensorReference(layer.name, index)] = flow }
        }
        return graph.outputs.map { reference in
            let flow = flows[reference]!
            let features = flow.values.count / (flow.isSequence ? batch * flow.time : batch)
            return Tensor(shape: flow.isSequence ? [batch, flow.time, features] : [batch, features], values: flow.values)
        }
    }

    /// ``predict(_:)-([Tensor])`` for a graph of one input and one output.
    func predictGraph(_ input: Tensor) throws(RuntimeError) -> Tensor {
        let outputs = skeleton.graph?.outputs.count ?? 1
        guard inputTensors.count == 1, outputs == 1 else {
            throw .inputShape("the model has \(inputTensors.count) inputs and \(outputs) outputs; pass one tensor per input to predict(_: [Tensor])")
        }
        return try predict([input])[0]
    }

    /// Checks each input's rank, sizes, token ids and values, and that the graph takes their
    /// lengths; returns each input's number of timesteps (1 for an input without a time axis).
    private func checkGraphInputs(_ inputs: [Tensor], graph: ModelGraph) throws(RuntimeError) -> [Int] {
        let specs = inputTensors
        let batch = inputs[0].shape.first ?? 0
        var times: [Int] = []
        for (spec, tensor) in zip(specs, inputs) {
            let name = "input \(spec.name.quotedForMessage)"
            let wanted = spec.isTokens ? "token ids [batch, time]"
                : spec.isSequence ? "[batch, time, \(spec.features)]" : "[batch, \(spec.features)]"
            let rank = spec.isTokens || !spec.isSequence ? 2 : 3
            guard tensor.shape.count == rank, spec.isTokens || tensor.shape.last == spec.features,
                  tensor.shape.allSatisfy({ $0 > 0 }), Tensor.elementCount(of: tensor.shape) == tensor.values.count else {
                throw .inputShape("\(name) has shape \(tensor.shape), the model takes \(wanted)")
            }
            guard tensor.shape[0] == batch else {
                throw .inputShape("\(name) has batch size \(tensor.shape[0]), the first input has \(batch); all inputs share the batch")
            }
            let time = spec.isSequence ? tensor.shape[1] : 1
            if spec.isSequence, let fixed = spec.timeSteps, fixed != time {
                throw .inputShape("\(name) has \(time) timesteps; the model was built for \(fixed)")
            }
            if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw RuntimeError(.nonFiniteInput, "\(name) holds \(tensor.values[bad]) at flat index \(bad)")
            }
            if spec.isTokens {
                for (layer, references) in zip(packedLayers, graph.layerInputs) where references.first?.source == spec.name {
                    if case .embedding(let embedding) = layer { try embedding.checkIDs(tensor.values, time: time) }
                }
            }
            times.append(time)
        }
        // Validation walked the graph with the lengths the model fixes; only other lengths need a walk.
        if specs.contains(where: { $0.isSequence && $0.timeSteps == nil }) {
            do {
                try skeleton.checkGraph(inputTimeSteps: times)
            } catch {
                throw .inputShape("the inputs' lengths do not fit the model: \(error.message)")
            }
        }
        return times
    }
}
