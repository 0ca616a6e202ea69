import LSTMW

extension KerasModelFile {
    /// Imports a `Conv1D` over the time axis: `kernel` `[kernel_size, input, filters]`, `bias` `[filters]`.
    func importConv1D(_ layer: KerasLayer, options: KerasLayerOptions, features: Int?) throws(KerasImportError) -> Conv1DLayer {
        try options.requireFloat32()
        try requireChannelsLast(options)
        try options.require("groups", in: [.number("1")], meaning: "grouped convolution")
        let filters = try options.int("filters")
        let kernelSize = try options.axisInt("kernel_size")
        let strides = try options.axisInt("strides", default: 1)
        let dilation = try options.axisInt("dilation_rate", default: 1)
        guard filters > 0, kernelSize > 0, strides > 0, dilation > 0 else {
            throw options.error(.malformedConfig, "filters \(filters), kernel_size \(kernelSize), strides \(strides) and dilation_rate \(dilation) must be positive")
        }
        let paddingName = try options.string("padding", default: "valid")
        guard let padding = Conv1DLayer.Padding(rawValue: paddingName.lowercased()) else {
            throw options.error(.unsupported, "padding \(paddingName.quotedForMessage) is not supported; known: valid, same, causal")
        }
        let useBias = try options.bool("use_bias", default: true)
        try checkRoles(of: layer, allowed: useBias ? ["kernel", "bias"] : ["kernel"])
        let inputSize = features ?? layer.weight("kernel")?.shape.dropFirst().first ?? 0
        return Conv1DLayer(
            name: layer.name, inputSize: inputSize, filters: filters, kernelSize: kernelSize, strides: strides,
            dilation: dilation, padding: padding,
            activation: try options.activation("activation", default: "linear", generation: generation, allowSoftmax: true),
            kernel: try weight("kernel", of: layer, shape: [kernelSize, inputSize, filters])!,
            bias: useBias ? try weight("bias", of: layer, shape: [filters])! : nil)
    }

    /// Imports a `MaxPooling1D` or `AveragePooling1D`.
    func importPooling1D(_ layer: KerasLayer, options: KerasLayerOptions, features: Int) throws(KerasImportError) -> Pooling1DLayer {
        try requireChannelsLast(options)
        try checkRoles(of: layer, allowed: [])
        let poolSize = try options.axisInt("pool_size", default: 2)
        let strides = try options.axisInt("strides", default: poolSize)
        guard poolSize > 0, strides > 0 else {
            throw options.error(.malformedConfig, "pool_size \(poolSize) and strides \(strides) must be positive")
        }
        let paddingName = try options.string("padding", default: "valid")
        guard let padding = Pooling1DLayer.Padding(rawValue: paddingName.lowercased()) else {
            throw options.error(.unsupported, "padding \(paddingName.quotedForMessage) is not supported; known: valid, same")
        }
        return Pooling1DLayer(name: layer.name, mode: layer.className.hasPrefix("Max") ? .max : .average,
                              features: features, poolSize: poolSize, strides: strides, padding: padding)
    }

    /// Imports a `GlobalMaxPooling1D` or `GlobalAveragePooling1D`.
    func importGlobalPooling1D(_ layer: KerasLayer, options: KerasLayerOptions,
                               features: Int) throws(KerasImportError) -> GlobalPooling1DLayer {
        try requireChannelsLast(options)
        try checkRoles(of: layer, allowed: [])
        try options.require("keepdims", in: [.bool(false)], meaning: "keeping a time axis of length 1")
        return GlobalPooling1DLayer(name: layer.name, mode: layer.className.hasPrefix("GlobalMax") ? .max : .average,
                                    features: features)
    }

    private func requireChannelsLast(_ options: KerasLayerOptions) throws(KerasImportError) {
        try options.require("data_format", in: [.string("channels_last"), .null],
                            meaning: "channels_first puts the features before the time axis")
    }
}

extension KerasLayerOptions {
    /// A list of integers, such as `target_shape`; `-1` (Keras's "infer this extent") is refused.
    func intList(_ key: String) throws(KerasImportError) -> [Int] {
        guard let raw = value(key), let items = raw.array else { throw error(.malformedConfig, "'\(key)' is missing or not a list") }
        var values: [Int] = []
        for item in items {
            guard let number = item.int, number > 0 else {
                throw error(.unsupported, "'\(key)' \(items.map(\.brief)) has an extent other than a positive integer")
            }
            values.append(number)
        }
        return values
    }

    /// An integer that Keras may also write as a one-element list (`kernel_size`, `strides`, …);
    /// `fallback` when absent or `null`.
    func axisInt(_ key: String, default fallback: Int? = nil) throws(KerasImportError) -> Int {
        guard let raw = value(key) else {
            guard let fallback else { throw error(.malformedConfig, "missing '\(key)'") }
            return fallback
        }
        let items = raw.array ?? [raw]
        guard items.count == 1, let number = items[0].int else {
            throw error(.malformedConfig, "'\(key)' is \(raw.brief), expected an integer or a list of one")
        }
        return number
    }
}
