extension ModelDescription {
    /// Checks that the description is one the runtime can execute: every size positive, every
    /// layer's input matching the previous layer's output, every tensor the shape its layer needs,
    /// every weight finite, softmax only where it is allowed, and the test vector (if any) shaped
    /// for the model and finite.
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
            let label = "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName))"
            guard names.insert(layer.name).inserted else { throw .invalidModel("two layers are named \(layer.name.quotedForMessage)") }
            guard layer.inputSize == features else {
                throw .invalidModel("\(label) expects \(layer.inputSize) input features, the previous layer gives \(features)")
            }
            guard layer.outputSize > 0 else { throw .invalidModel("\(label) has \(layer.outputSize) units") }
            switch layer {
            case .lstm(let lstm):
                guard isSequence else { throw .invalidModel("\(label) needs a sequence, the previous layer gives a vector") }
                try lstm.validateWeights(label: label)
                isSequence = lstm.returnSequences
            case .gru(let gru):
                guard isSequence else { throw .invalidModel("\(label) needs a sequence, the previous layer gives a vector") }
                try gru.validateWeights(label: label)
                isSequence = gru.returnSequences
            case .simpleRNN(let rnn):
                guard isSequence else { throw .invalidModel("\(label) needs a sequence, the previous layer gives a vector") }
                try rnn.validateWeights(label: label)
                isSequence = rnn.returnSequences
            case .dense(let dense):
                try dense.validateWeights(label: label)
            }
            features = layer.outputSize
        }
        try validateTestVector()
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

extension GRULayer {
    func validateWeights(label: String) throws(LSTMWError) {
        for activation in [activation, recurrentActivation] where !activation.isElementwise {
            throw .invalidModel("\(label) cannot use \(activation.rawValue) inside the cell")
        }
        if bias == nil, recurrentBias != nil {
            throw .invalidModel("\(label) has a recurrent bias but no input bias")
        }
        if bias != nil, (recurrentBias != nil) != resetAfter {
            throw .invalidModel(resetAfter ? "\(label) has reset_after true and a bias, so it needs a recurrent bias rb_z, rb_r, rb_h"
                                           : "\(label) has reset_after false, so it cannot have a recurrent bias")
        }
        for gate in GRUGate.allCases {
            try checkTensor(kernel[gate], shape: [inputSize, units], what: "W_\(gate.rawValue)", label: label)
            try checkTensor(recurrentKernel[gate], shape: [units, units], what: "U_\(gate.rawValue)", label: label)
            if let bias { try checkTensor(bias[gate], shape: [units], what: "b_\(gate.rawValue)", label: label) }
            if let recurrentBias {
                try checkTensor(recurrentBias[gate], shape: [units], what: "rb_\(gate.rawValue)", label: label)
            }
        }
    }
}

extension SimpleRNNLayer {
    func validateWeights(label: String) throws(LSTMWError) {
        guard activation.isElementwise else {
            throw .invalidModel("\(label) cannot use \(activation.rawValue) inside the cell")
        }
        try checkTensor(kernel, shape: [inputSize, units], what: "W", label: label)
        try checkTensor(recurrentKernel, shape: [units, units], what: "U", label: label)
        if let bias { try checkTensor(bias, shape: [units], what: "b", label: label) }
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
        throw .invalidModel("\(label): \(what) has shape \(shapeForMessage(tensor.shape)), expected \(shape)")
    }
    if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
        throw .invalidModel("\(label): \(what) holds a non-finite value (\(tensor.values[bad])) at flat index \(bad)")
    }
}
