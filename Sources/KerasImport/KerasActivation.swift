import LSTMW

extension KerasLayerOptions {
    /// The activation named by `key`, resolving `hard_sigmoid` by the file's Keras generation.
    func activation(_ key: String, default fallback: String, generation: KerasGeneration?,
                    allowSoftmax: Bool) throws(KerasImportError) -> Activation {
        let name = try string(key, default: fallback)
        switch name {
        case "linear": return .linear
        case "relu": return .relu
        case "tanh": return .tanh
        case "sigmoid": return .sigmoid
        case "softmax" where allowSoftmax: return .softmax
        case "elu": return .elu
        case "selu": return .selu
        case "gelu": return .gelu
        case "swish", "silu": return .swish
        case "softplus": return .softplus
        case "softsign": return .softsign
        case "exponential": return .exponential
        case "hard_sigmoid":
            switch generation {
            case .keras2: return .hardSigmoidKeras2
            case .keras3: return .hardSigmoidKeras3
            case nil:
                throw error(.unsupported, "\(key) 'hard_sigmoid' means clip(0.2x+0.5) in Keras 2 but clip(x/6+0.5) in Keras 3, and the file records no keras_version")
            }
        default:
            throw error(.unsupported, "\(key) \(name.quotedForMessage) is not supported yet")
        }
    }
}
