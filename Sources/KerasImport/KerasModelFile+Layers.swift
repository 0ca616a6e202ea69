import LSTMW

extension KerasModelFile {
    /// Imports an `Embedding`: `embeddings` `[input_dim, output_dim]` and `mask_zero`.
    func importEmbedding(_ layer: KerasLayer, options: KerasLayerOptions) throws(KerasImportError) -> EmbeddingLayer {
        try options.requireFloat32()
        try options.require("sparse", in: [.bool(false)], meaning: "sparse gradients only matter in training")
        try options.require("lora_rank", in: [.null], meaning: "low-rank adapted embeddings")
        try options.require("quantization_config", in: [.null], meaning: "quantized embeddings")
        let inputDim = try options.int("input_dim")
        let outputDim = try options.int("output_dim")
        guard inputDim > 0, outputDim > 0 else {
            throw options.error(.malformedConfig, "'input_dim' \(inputDim) and 'output_dim' \(outputDim) must be positive")
        }
        try checkRoles(of: layer, allowed: ["embeddings"])
        return EmbeddingLayer(name: layer.name, inputDim: inputDim, outputDim: outputDim,
                              maskZero: try options.bool("mask_zero", default: false),
                              embeddings: try weight("embeddings", of: layer, shape: [inputDim, outputDim])!)
    }

    /// Imports a `Masking` layer.
    func importMasking(_ layer: KerasLayer, options: KerasLayerOptions, features: Int) throws(KerasImportError) -> MaskingLayer {
        try checkRoles(of: layer, allowed: [])
        let maskValue = try options.float("mask_value", default: 0)
        return MaskingLayer(name: layer.name, features: features, maskValue: maskValue)
    }

    /// Imports an `Activation` layer.
    func importActivation(_ layer: KerasLayer, options: KerasLayerOptions, features: Int) throws(KerasImportError) -> ActivationLayer {
        try checkRoles(of: layer, allowed: [])
        return ActivationLayer(name: layer.name, features: features,
                               activation: try options.activation("activation", default: "linear", generation: generation,
                                                                  allowSoftmax: true))
    }

    /// Imports a `LayerNormalization` over the last axis.
    func importLayerNormalization(_ layer: KerasLayer, options: KerasLayerOptions, features: Int,
                                  rank: Int) throws(KerasImportError) -> LayerNormalizationLayer {
        try options.requireFloat32()
        try options.require("rms_scaling", in: [.bool(false)], meaning: "root-mean-square scaling")
        try requireLastAxis(options, rank: rank)
        let (center, scale) = (try options.bool("center", default: true), try options.bool("scale", default: true))
        try checkRoles(of: layer, allowed: Set((center ? ["beta"] : []) + (scale ? ["gamma"] : [])))
        return LayerNormalizationLayer(
            name: layer.name, features: features, epsilon: try options.float("epsilon", default: 1e-3),
            gamma: scale ? try weight("gamma", of: layer, shape: [features])! : nil,
            beta: center ? try weight("beta", of: layer, shape: [features])! : nil)
    }

    /// Imports a `BatchNormalization` over the last axis, with its moving statistics.
    func importBatchNormalization(_ layer: KerasLayer, options: KerasLayerOptions, features: Int,
                                  rank: Int) throws(KerasImportError) -> BatchNormalizationLayer {
        try options.requireFloat32()
        try options.require("renorm", in: [.bool(false)], meaning: "batch renormalization")
        try options.require("virtual_batch_size", in: [.null], meaning: "ghost batch normalization")
        try requireLastAxis(options, rank: rank)
        let (center, scale) = (try options.bool("center", default: true), try options.bool("scale", default: true))
        try checkRoles(of: layer, allowed: Set(["moving_mean", "moving_variance"] + (center ? ["beta"] : []) + (scale ? ["gamma"] : [])))
        return BatchNormalizationLayer(
            name: layer.name, features: features, epsilon: try options.float("epsilon", default: 1e-3),
            gamma: scale ? try weight("gamma", of: layer, shape: [features])! : nil,
            beta: center ? try weight("beta", of: layer, shape: [features])! : nil,
            movingMean: try weight("moving_mean", of: layer, shape: [features])!,
            movingVariance: try weight("moving_variance", of: layer, shape: [features])!)
    }

    /// Refuses a normalization `axis` other than the last one of a tensor of `rank` axes
    /// (batch included): `-1`, `rank - 1`, or a list of just that.
    private func requireLastAxis(_ options: KerasLayerOptions, rank: Int) throws(KerasImportError) {
        guard let raw = options.value("axis") else { return }
        let axes = raw.array ?? [raw]
        guard axes.count == 1, let axis = axes[0].int, axis == -1 || axis == rank - 1 else {
            throw options.error(.unsupported, "axis \(raw.brief) is not supported; only the last axis (-1) is")
        }
    }
}

extension KerasLayerOptions {
    /// The finite number for `key`, or `fallback` if absent.
    func float(_ key: String, default fallback: Float) throws(KerasImportError) -> Float {
        guard let raw = value(key) else { return fallback }
        guard let number = raw.double, number.isFinite, Float(number).isFinite else {
            throw error(.malformedConfig, "'\(key)' is \(raw.brief), expected a finite number")
        }
        return Float(number)
    }
}
