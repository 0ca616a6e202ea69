#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LSTMW

/// A normalization over the last axis: ``LayerNormalizationLayer``, or ``BatchNormalizationLayer``
/// folded into one scale and one offset per feature as TensorFlow's `batch_normalization` does.
enum PackedNormalization: Sendable {
    /// `y = x * inv + (beta - mean * inv)` with `inv = gamma / sqrt(variance + epsilon)` of each row.
    case layer(features: Int, epsilon: Float, gamma: [Float]?, beta: [Float]?)
    /// `y = x * scale + offset`.
    case batch(scale: [Float], offset: [Float])

    init(_ layer: LayerNormalizationLayer) {
        self = .layer(features: layer.features, epsilon: layer.epsilon, gamma: layer.gamma?.values,
                      beta: layer.beta?.values)
    }

    /// Folds the moving statistics: `scale = gamma / sqrt(variance + epsilon)`,
    /// `offset = beta - mean * scale`.
    init(_ layer: BatchNormalizationLayer) {
        var scale = [Float](repeating: 0, count: layer.features)
        var offset = [Float](repeating: 0, count: layer.features)
        for j in 0..<layer.features {
            var inv = 1 / sqrtf(layer.movingVariance.values[j] + layer.epsilon)
            if let gamma = layer.gamma { inv *= gamma.values[j] }
            scale[j] = inv
            offset[j] = (layer.beta?.values[j] ?? 0) - layer.movingMean.values[j] * inv
        }
        self = .batch(scale: scale, offset: offset)
    }

    /// Normalizes each of the rows of `values` (`[rows, features]`) in place.
    func apply(to values: inout [Float], features: Int) {
        let rows = values.count / max(features, 1)
        values.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<rows { apply(toRow: buffer.baseAddress! + r * features, features: features) }
        }
    }

    /// Normalizes one row of `features` floats in place.
    func apply(toRow x: UnsafeMutablePointer<Float>, features: Int) {
        switch self {
        case .batch(let scale, let offset):
            for j in 0..<features { x[j] = x[j] * scale[j] + offset[j] }
        case .layer(_, let epsilon, let gamma, let beta):
            var mean: Float = 0
            for j in 0..<features { mean += x[j] }
            mean /= Float(features)
            var variance: Float = 0
            for j in 0..<features { variance += (x[j] - mean) * (x[j] - mean) }
            variance /= Float(features)
            let inv = 1 / sqrtf(variance + epsilon)
            for j in 0..<features {
                let scale = gamma.map { inv * $0[j] } ?? inv
                x[j] = x[j] * scale + ((beta?[j] ?? 0) - mean * scale)
            }
        }
    }
}
