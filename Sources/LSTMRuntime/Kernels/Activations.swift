#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LSTMW

// The transcendental functions are the C library's float32 `expf` and `tanhf`, and every formula
// is evaluated in float32 in the order Keras writes it, so outputs agree with Keras's to a few
// ulps (TensorFlow's own exp/tanh kernels are not bit-identical to libm's).

extension Activation {
    /// Applies an elementwise activation in place to `count` floats starting at `x`.
    ///
    /// - Precondition: `isElementwise`; ``softmax`` goes through ``softmaxRows(_:rows:width:)``.
    func apply(to x: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .linear:
            return
        case .relu:
            for j in 0..<count { x[j] = Scalar.relu(x[j]) }
        case .tanh:
            for j in 0..<count { x[j] = Scalar.tanh(x[j]) }
        case .sigmoid:
            for j in 0..<count { x[j] = Scalar.sigmoid(x[j]) }
        case .hardSigmoidKeras2:
            for j in 0..<count { x[j] = Scalar.hardSigmoidKeras2(x[j]) }
        case .hardSigmoidKeras3:
            for j in 0..<count { x[j] = Scalar.hardSigmoidKeras3(x[j]) }
        case .elu:
            for j in 0..<count { x[j] = Scalar.elu(x[j]) }
        case .selu:
            for j in 0..<count { x[j] = Scalar.selu(x[j]) }
        case .gelu:
            for j in 0..<count { x[j] = Scalar.gelu(x[j]) }
        case .swish:
            for j in 0..<count { x[j] = Scalar.swish(x[j]) }
        case .softplus:
            for j in 0..<count { x[j] = Scalar.softplus(x[j]) }
        case .softsign:
            for j in 0..<count { x[j] = Scalar.softsign(x[j]) }
        case .exponential:
            for j in 0..<count { x[j] = expf(x[j]) }
        case .softmax:
            preconditionFailure("softmax is not elementwise")
        }
    }
}

/// The elementwise activations on one float.
enum Scalar {
    /// `max(0, x)`, as `tf.nn.relu`.
    @inline(__always)
    static func relu(_ x: Float) -> Float { x > 0 ? x : 0 }

    /// The C library's `tanhf`.
    @inline(__always)
    static func tanh(_ x: Float) -> Float { tanhf(x) }

    /// `1 / (1 + exp(-x))` in float32, as `tf.sigmoid`.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// Keras 2's `clip(0.2 * x + 0.5, 0, 1)`, with tf_keras's float32 operations in its order.
    @inline(__always)
    static func hardSigmoidKeras2(_ x: Float) -> Float { min(max(0.2 * x + 0.5, 0), 1) }

    /// Keras 3's hard sigmoid, `clip(x / 6 + 0.5, 0, 1)`, computed as Keras 3's TensorFlow
    /// backend does: `relu6(x + 3) / 6`.
    @inline(__always)
    static func hardSigmoidKeras3(_ x: Float) -> Float { min(max(x + 3, 0), 6) / 6 }

    /// `x` if positive, else `exp(x) - 1`, as `tf.nn.elu`.
    @inline(__always)
    static func elu(_ x: Float) -> Float { x > 0 ? x : expm1f(x) }

    /// `scale * elu(x, alpha)` with `tf.nn.selu`'s constants.
    @inline(__always)
    static func selu(_ x: Float) -> Float {
        let alpha: Float = 1.6732632423543772848170429916717
        let scale: Float = 1.0507009873554804934193349852946
        return x > 0 ? scale * x : scale * alpha * expm1f(x)
    }

    /// The exact GELU, `0.5 * x * (1 + erf(x / sqrt(2)))`, as `tf.nn.gelu(approximate=False)`.
    @inline(__always)
    static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + erff(x * 0.70710678118654752440)) }

    /// `x * sigmoid(x)`, as `tf.nn.silu`.
    @inline(__always)
    static func swish(_ x: Float) -> Float { x * sigmoid(x) }

    /// `log(1 + exp(x))`, computed without overflow.
    @inline(__always)
    static func softplus(_ x: Float) -> Float { x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x)) }

    /// `x / (1 + |x|)`.
    @inline(__always)
    static func softsign(_ x: Float) -> Float { x / (1 + abs(x)) }
}

/// Softmax over each of `rows` contiguous rows of `width` floats, in place:
/// `exp(x_i - max) / Σ_j exp(x_j - max)`, as `tf.nn.softmax`.
func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    for r in 0..<rows {
        let row = x + r * width
        var largest = -Float.infinity
        for j in 0..<width { largest = max(largest, row[j]) }
        var sum: Float = 0
        for j in 0..<width {
            let e = expf(row[j] - largest)
            row[j] = e
            sum += e
        }
        for j in 0..<width { row[j] /= sum }
    }
}
