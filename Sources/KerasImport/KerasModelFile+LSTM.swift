import LSTMW

extension KerasModelFile {
    /// Imports an LSTM layer, splitting `kernel` [in, 4u], `recurrent_kernel` [u, 4u] and `bias` [4u]
    /// into their i, f, c, o column blocks.
    func importLSTM(_ layer: KerasLayer, options: KerasLayerOptions,
                    inputFeatures: Int?) throws(KerasImportError) -> LSTMLayer {
        try requireRecurrentDefaults(options)
        let units = try options.int("units")
        guard units > 0 else { throw options.error(.malformedConfig, "'units' is \(units)") }
        let useBias = try options.bool("use_bias", default: true)
        try checkRoles(of: layer, allowed: useBias ? ["kernel", "recurrent_kernel", "bias"] : ["kernel", "recurrent_kernel"])
        guard let kernelWeight = layer.weight("kernel") else {
            throw options.error(.badWeights, "no 'kernel' dataset among its weights \(quotedList(layer.weights.map(\.name)))")
        }
        let inputSize = inputFeatures ?? kernelWeight.shape.first ?? 0
        let kernel = try weight("kernel", of: layer, shape: [inputSize, 4 * units])!
        let recurrent = try weight("recurrent_kernel", of: layer, shape: [units, 4 * units])!
        let bias = useBias ? try weight("bias", of: layer, shape: [4 * units])! : nil
        func block(_ gate: LSTMGate) -> Range<Int> { (gate.index * units)..<((gate.index + 1) * units) }
        return LSTMLayer(
            name: layer.name, inputSize: inputSize, units: units,
            activation: try options.activation("activation", default: "tanh", generation: generation, allowSoftmax: false),
            recurrentActivation: try options.activation("recurrent_activation", default: "sigmoid",
                                                        generation: generation, allowSoftmax: false),
            returnSequences: try options.bool("return_sequences", default: false),
            kernel: LSTMGates { kernel.columns(block($0)) },
            recurrentKernel: LSTMGates { recurrent.columns(block($0)) },
            bias: bias.map { bias in LSTMGates { bias.elements(block($0)) } },
            goBackwards: try options.bool("go_backwards", default: false),
            stateful: try options.bool("stateful", default: false))
    }

    /// Imports a Dense layer: `kernel` [in, units] and `bias` [units].
    func importDense(_ layer: KerasLayer, options: KerasLayerOptions,
                     inputFeatures: Int?) throws(KerasImportError) -> DenseLayer {
        try options.requireFloat32()
        let units = try options.int("units")
        guard units > 0 else { throw options.error(.malformedConfig, "'units' is \(units)") }
        let useBias = try options.bool("use_bias", default: true)
        try checkRoles(of: layer, allowed: useBias ? ["kernel", "bias"] : ["kernel"])
        let inputSize = inputFeatures ?? layer.weight("kernel")?.shape.first ?? 0
        return DenseLayer(
            name: layer.name, inputSize: inputSize, units: units,
            activation: try options.activation("activation", default: "linear", generation: generation, allowSoftmax: true),
            kernel: try weight("kernel", of: layer, shape: [inputSize, units])!,
            bias: useBias ? try weight("bias", of: layer, shape: [units])! : nil)
    }
}
