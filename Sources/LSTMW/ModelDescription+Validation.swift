extension ModelDescription {
    /// Checks that the description is one the runtime can execute: every size positive, every
    /// layer's input matching the previous layer's output, every tensor the shape its layer needs,
    /// every weight finite, and softmax only where it is allowed.
    ///
    /// - Throws: ``LSTMWError`` with code ``LSTMWError/Code/invalidModel``, naming the layer.
    public func validate() throws(LSTMWError) {
        guard inputFeatures > 0 else { throw .invalidModel("input features must be positive, got \(inputFeatures)") }
        if let timeSteps, timeSteps <= 0 { throw .invalidModel("time steps must be positive, got \(timeSteps)") }
        guard !layers.isEmpty else { throw .invalidModel("the model has no layers") }
        var features = inputFeatures
        var isSequence = true
        var names = Set<String>()
        for layer in layers {
            let label = "layer '\(layer.name)' (\(layer.kerasClassName))"
            guard names.insert(layer.name).inserted else { throw .invalidModel("two layers are named '\(layer.name)'") }
            guard layer.inputSize == features else {
                throw .invalidModel("\(label) expects \(layer.inputSize) input features, the previous layer gives \(features)")
            }
            guard layer.outputSize > 0 else { throw .invalidModel("\(label) has \(layer.outputSize) units") }
            switch layer {
            case .lstm(let lstm):
                guard isSequence else { throw .invalidModel("\(label) needs a sequence, the previous layer gives a vector") }
                try lstm.validateWeights(label: label)
                isSequence = lstm.returnSequences
            case .dense(let dense):
                try dense.validateWeights(label: label)
            }
            features = layer.outputSize
        }
    }
}

extension LSTMLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        for activation in [activation, recurrentActivation] where !activation.isElementwise {
            throw .invalidModel("\(label) cannot use \(activation.rawValue) inside the cell")
        }
        for gate in LSTMGate.allCases {
            try checkTensor(kernel[gate], shape: [inputSize, units], what: "W_\(gate.rawValue)", label: label)
            try checkTensor(recurrentKernel[gate], shape: [units, units], what: "U_\(gate.rawValue)", label: label)
            if let bias { try checkTensor(bias[gate], shape: [units], what: "b_\(gate.rawValue)", label: label) }
        }
    }
}

extension DenseLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        try checkTensor(kernel, shape: [inputSize, units], what: "kernel", label: label)
        if let bias { try checkTensor(bias, shape: [units], what: "bias", label: label) }
    }
}

private func checkTensor(_ tensor: Tensor, shape: [Int], what: String, label: String) throws(LSTMWError) {
    guard tensor.shape == shape else {
        throw .invalidModel("\(label): \(what) has shape \(tensor.shape), expected \(shape)")
    }
    if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
        throw .invalidModel("\(label): \(what) holds a non-finite value (\(tensor.values[bad])) at flat index \(bad)")
    }
}
