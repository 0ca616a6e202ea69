import LSTMW

extension KerasModelFile {
    /// Imports a GRU layer, splitting `kernel` [in, 3u], `recurrent_kernel` [u, 3u] and `bias`
    /// ([2, 3u] with `reset_after`: row 0 input, row 1 recurrent; [3u] without) into their z, r, h
    /// column blocks.
    ///
    /// A configuration without `reset_after` (Keras before 2.3) is read by the bias's shape, or
    /// as `true`, the default of Keras 2 on TensorFlow 2 and of Keras 3, if there is no bias.
    func importGRU(_ layer: KerasLayer, options: KerasLayerOptions,
                   inputFeatures: Int?) throws(KerasImportError) -> GRULayer {
        try requireRecurrentDefaults(options)
        let units = try options.int("units")
        guard units > 0 else { throw options.error(.malformedConfig, "'units' is \(units)") }
        let useBias = try options.bool("use_bias", default: true)
        try checkRoles(of: layer, allowed: useBias ? ["kernel", "recurrent_kernel", "bias"] : ["kernel", "recurrent_kernel"])
        let inputSize = try recurrentInputSize(layer, options: options, inputFeatures: inputFeatures)
        let biasRank = useBias ? layer.weight("bias")?.shape.count : nil
        let resetAfter = try options.bool("reset_after", default: biasRank.map { $0 == 2 } ?? true)
        let kernel = try weight("kernel", of: layer, shape: [inputSize, 3 * units])!
        let recurrent = try weight("recurrent_kernel", of: layer, shape: [units, 3 * units])!
        let bias = useBias ? try weight("bias", of: layer, shape: resetAfter ? [2, 3 * units] : [3 * units])! : nil
        func block(_ gate: GRUGate) -> Range<Int> { (gate.index * units)..<((gate.index + 1) * units) }
        /// Row `row` of the bias: the whole bias without `reset_after`.
        func biasRow(_ bias: Tensor, _ row: Int) -> Tensor {
            let width = 3 * units
            return Tensor(shape: [width], values: Array(bias.values[(row * width)..<((row + 1) * width)]))
        }
        return GRULayer(
            name: layer.name, inputSize: inputSize, units: units,
            activation: try options.activation("activation", default: "tanh", generation: generation, allowSoftmax: false),
            recurrentActivation: try options.activation("recurrent_activation", default: "sigmoid",
                                                        generation: generation, allowSoftmax: false),
            returnSequences: try options.bool("return_sequences", default: false),
            resetAfter: resetAfter,
            kernel: GRUGates { kernel.columns(block($0)) },
            recurrentKernel: GRUGates { recurrent.columns(block($0)) },
            bias: bias.map { bias in GRUGates { biasRow(bias, 0).elements(block($0)) } },
            recurrentBias: resetAfter ? bias.map { bias in GRUGates { biasRow(bias, 1).elements(block($0)) } } : nil,
            goBackwards: try options.bool("go_backwards", default: false),
            stateful: try options.bool("stateful", default: false))
    }

    /// Imports a SimpleRNN layer: `kernel` [in, units], `recurrent_kernel` [units, units], `bias` [units].
    func importSimpleRNN(_ layer: KerasLayer, options: KerasLayerOptions,
                         inputFeatures: Int?) throws(KerasImportError) -> SimpleRNNLayer {
        try requireRecurrentDefaults(options)
        let units = try options.int("units")
        guard units > 0 else { throw options.error(.malformedConfig, "'units' is \(units)") }
        let useBias = try options.bool("use_bias", default: true)
        try checkRoles(of: layer, allowed: useBias ? ["kernel", "recurrent_kernel", "bias"] : ["kernel", "recurrent_kernel"])
        let inputSize = try recurrentInputSize(layer, options: options, inputFeatures: inputFeatures)
        return SimpleRNNLayer(
            name: layer.name, inputSize: inputSize, units: units,
            activation: try options.activation("activation", default: "tanh", generation: generation, allowSoftmax: false),
            returnSequences: try options.bool("return_sequences", default: false),
            kernel: try weight("kernel", of: layer, shape: [inputSize, units])!,
            recurrentKernel: try weight("recurrent_kernel", of: layer, shape: [units, units])!,
            bias: useBias ? try weight("bias", of: layer, shape: [units])! : nil,
            goBackwards: try options.bool("go_backwards", default: false),
            stateful: try options.bool("stateful", default: false))
    }

    /// Refuses what changes a recurrent layer's meaning beyond one forward pass from zero state.
    func requireRecurrentDefaults(_ options: KerasLayerOptions) throws(KerasImportError) {
        try options.requireFloat32()
        if config.graph == nil {
            // In a graph, the states are further outputs that other layers may read.
            try options.require("return_state", in: [.bool(false)], meaning: "the layer would output its states, which only a Functional graph can use")
        } else {
            try options.require("time_major", in: [.bool(false)], meaning: "time_major inside a Functional graph")
        }
        try options.require("zero_output_for_mask", in: [.bool(false)],
                            meaning: "masked timesteps would output zeros instead of repeating the previous output")
    }

    /// The layer's input size: the previous layer's output, or the kernel's rows for the first layer.
    private func recurrentInputSize(_ layer: KerasLayer, options: KerasLayerOptions,
                                    inputFeatures: Int?) throws(KerasImportError) -> Int {
        guard let kernelWeight = layer.weight("kernel") else {
            throw options.error(.badWeights, "no 'kernel' dataset among its weights \(quotedList(layer.weights.map(\.name)))")
        }
        return inputFeatures ?? kernelWeight.shape.first ?? 0
    }
}
