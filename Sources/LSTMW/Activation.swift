/// An elementwise (or, for softmax, last-axis) activation function, with one exact definition each.
///
/// Keras's `"hard_sigmoid"` changed meaning between Keras 2 and Keras 3, so the format never stores
/// that ambiguous name: the importer resolves it from the file's `keras_version` into
/// ``hardSigmoidKeras2`` or ``hardSigmoidKeras3``.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// `x`.
    case linear
    /// `max(0, x)`.
    case relu
    /// `tanh(x)`.
    case tanh
    /// `1 / (1 + exp(-x))`.
    case sigmoid
    /// Keras 2's hard sigmoid: `clip(0.2 * x + 0.5, 0, 1)`.
    case hardSigmoidKeras2 = "hard_sigmoid_keras2"
    /// Keras 3's hard sigmoid: `clip(x / 6 + 0.5, 0, 1)`.
    case hardSigmoidKeras3 = "hard_sigmoid_keras3"
    /// `exp(x_i) / sum_j exp(x_j)` over the last axis. Not valid inside a recurrent cell.
    case softmax
    /// `x` if `x > 0`, else `exp(x) - 1` (Keras's `elu` with alpha 1; format 1.2).
    case elu
    /// `scale * elu(x, alpha)` with Keras's constants alpha ≈ 1.6733 and scale ≈ 1.0507 (format 1.2).
    case selu
    /// The exact GELU, `0.5 * x * (1 + erf(x / sqrt(2)))`: Keras's `"gelu"` (format 1.2).
    case gelu
    /// `x * sigmoid(x)`: Keras's `"swish"`, also named `"silu"` (format 1.2).
    case swish
    /// `log(1 + exp(x))` (format 1.2).
    case softplus
    /// `x / (1 + |x|)` (format 1.2).
    case softsign
    /// `exp(x)` (format 1.2).
    case exponential

    /// Whether the activation acts on each element alone (every case but ``softmax``).
    public var isElementwise: Bool { self != .softmax }

    /// The lowest minor version of format 1 that has this activation.
    public var minimumMinorVersion: Int {
        switch self {
        case .linear, .relu, .tanh, .sigmoid, .hardSigmoidKeras2, .hardSigmoidKeras3, .softmax: 0
        case .elu, .selu, .gelu, .swish, .softplus, .softsign, .exponential: 2
        }
    }
}
