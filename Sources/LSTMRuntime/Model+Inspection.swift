import LSTMW

extension Model {
    /// The input ``predict(_:)-(Tensor)`` takes: `[batch, time, features]` float32, where any batch size
    /// and any sequence length are accepted.
    ///
    /// The time axis is `nil` even when the Keras model was built for a fixed length
    /// (`description.timeSteps`): its recurrence is the same for any length, and so is this
    /// runtime's.
    ///
    /// ```swift
    /// print(model.inputShape)      // input: [?, ?, 5] float32
    /// ```
    public var inputShape: TensorSpec {
        skeleton.inputIsTokens ? TensorSpec(name: "input", shape: [nil, nil], dtype: "int32")
            : TensorSpec(name: "input", shape: [nil, nil, inputFeatures])
    }

    /// The output ``predict(_:)-(Tensor)`` returns: `[batch, time, features]` when ``outputIsSequence``,
    /// else `[batch, features]`, float32, named after the last layer.
    ///
    /// ```swift
    /// print(model.outputShape)     // dense: [?, 3] float32
    /// ```
    public var outputShape: TensorSpec {
        TensorSpec(name: skeleton.layers.last?.name ?? "output",
                   shape: outputIsSequence ? [nil, nil, outputFeatures] : [nil, outputFeatures])
    }

    /// The layers, in execution order: name, kind, sizes and parameter count of each.
    ///
    /// ```swift
    /// for layer in model.layers { print(layer) }
    /// // lstm: LSTM 5 -> 32 per sequence, 4864 parameters
    /// // dense: Dense 32 -> 3 per sequence, 99 parameters
    /// ```
    public var layers: [LayerSummary] {
        var isSequence = true
        return skeleton.layers.map { layer in
            let kind = LayerSummary.Kind(rawValue: layer.kerasClassName)
            if let returns = layer.returnSequences { isSequence = returns }
            return LayerSummary(name: layer.name, kind: kind, inputSize: layer.inputSize,
                                outputSize: layer.outputSize, outputIsSequence: isSequence,
                                parameterCount: layer.parameterCount)
        }
    }

    /// The total number of weights in all layers, as Keras's `model.count_params()` counts them.
    ///
    /// ```swift
    /// print("\(model.parameterCount) parameters")
    /// ```
    public var parameterCount: Int { skeleton.parameterCount }
}
