import LSTMW

extension KerasModelFile {
    /// `built`, between the swaps of batch and time axes a Keras 2 `time_major=True` layer needs:
    /// one before it, and one after it when it returns sequences. Such a layer reads its input
    /// `[N, T, F]` as `[time, batch, features]`, so it is the same layer run on the input with
    /// its first two axes swapped (and its output swapped back). Layers without `time_major`
    /// come back alone.
    ///
    /// - Parameter previous: The layers imported before `built`, to tell whether a mask reaches it.
    /// - Throws: ``KerasImportError`` with code `unsupported` for a time-major layer under a mask
    ///   or with `stateful=True`.
    func timeMajorSwaps(around built: Layer, of layer: KerasLayer, options: KerasLayerOptions,
                        after previous: [Layer]) throws(KerasImportError) -> [Layer] {
        let recurrentOptions: KerasLayerOptions
        switch layer.className {
        case "LSTM", "GRU", "SimpleRNN": recurrentOptions = options
        case "Bidirectional": recurrentOptions = KerasLayerOptions(layer: try wrappedLayer(of: layer, key: "layer", options: options), file: path)
        default: return [built]
        }
        guard try recurrentOptions.bool("time_major", default: false) else { return [built] }
        if Self.maskReachesEnd(of: previous) {
            throw options.error(.unsupported, "time_major=True under the mask of an earlier Embedding(mask_zero=True) or Masking layer is not supported (Keras would apply the mask along the swapped axes)")
        }
        if built.stateful {
            throw options.error(.unsupported, "stateful=True together with time_major=True is not supported (the state per batch row would follow the time axis)")
        }
        func swap(_ suffix: String, features: Int) -> Layer {
            .swapBatchTime(SwapBatchTimeLayer(name: layer.name + suffix, features: features))
        }
        var layers = [swap(":time_major_input", features: built.inputSize), built]
        if built.returnSequences == true { layers.append(swap(":time_major_output", features: built.outputSize)) }
        return layers
    }

    /// Whether an `Embedding(mask_zero=True)` or `Masking` layer's mask reaches the end of `layers`.
    static func maskReachesEnd(of layers: [Layer]) -> Bool {
        var masked = false, isSequence = true
        for layer in layers {
            switch layer {
            case .embedding(let embedding): masked = embedding.maskZero
            case .masking: masked = true
            default: break
            }
            isSequence = layer.outputIsSequence(inputIsSequence: isSequence)
            if !isSequence { masked = false }
        }
        return masked
    }
}
