import LSTMW

/// A Dense layer's weights in the runtime's layout: Keras's `[inputSize, units]` row-major
/// kernel, which is already what the product wants.
struct PackedDense: Sendable {
    let name: String
    let inputSize: Int
    let units: Int
    let activation: Activation
    let kernel: [Float]
    let bias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: DenseLayer) {
        name = layer.name
        inputSize = layer.inputSize
        units = layer.units
        activation = layer.activation
        kernel = layer.kernel.values
        bias = layer.bias?.values
    }

    /// The options of `layer` (whose weights are not read) with `weights` already in place.
    init(_ layer: DenseLayer, weights: PackedWeights) {
        name = layer.name
        inputSize = layer.inputSize
        units = layer.units
        activation = layer.activation
        kernel = weights.kernel
        bias = layer.bias == nil ? nil : weights.bias
    }

    /// The layer as Keras stores it.
    var unpacked: DenseLayer {
        DenseLayer(name: name, inputSize: inputSize, units: units, activation: activation,
                   kernel: Tensor(shape: [inputSize, units], values: kernel),
                   bias: bias.map { Tensor(shape: [units], values: $0) })
    }

    /// `activation(bias + x · kernel)` for each of `rows` rows of `x` (`[rows, inputSize]`),
    /// written to `y` (`[rows, units]`, initialized or not, overlapping `x` nowhere).
    ///
    /// Allocates nothing: a ``Model/Session`` calls it once per step with preallocated memory.
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, kernels: Kernels) {
        let count = rows * units
        guard count > 0 else { return }
        kernel.withUnsafeBufferPointer { w in
            if let bias {
                bias.withUnsafeBufferPointer { b in
                    kernels.gemm(m: rows, n: units, k: inputSize, x, lda: inputSize, w.baseAddress!, ldb: units,
                                 into: y, ldc: units, initial: b.baseAddress!, ldinit: 0)
                }
            } else {
                kernels.gemm(m: rows, n: units, k: inputSize, x, lda: inputSize, w.baseAddress!, ldb: units,
                             into: y, ldc: units, initial: nil, ldinit: 0)
            }
        }
        if activation == .softmax {
            softmaxRows(y, rows: rows, width: units)
        } else {
            kernels.activate(y, count: count, activation)
        }
    }
}
