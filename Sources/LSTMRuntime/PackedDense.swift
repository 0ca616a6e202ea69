import LSTMW

/// A Dense layer's weights in the runtime's layout: Keras's `[inputSize, units]` row-major
/// kernel, which is already what the axpy-form product wants.
struct PackedDense: Sendable {
    let inputSize: Int
    let units: Int
    let activation: Activation
    let kernel: [Float]
    let bias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: DenseLayer) {
        inputSize = layer.inputSize
        units = layer.units
        activation = layer.activation
        kernel = layer.kernel.values
        bias = layer.bias?.values
    }

    /// `activation(x · kernel + bias)` for each of `rows` rows of `input` (`[rows, inputSize]`).
    ///
    /// - Returns: `[rows, units]`.
    /// - Precondition: `input.count == rows * inputSize`, and `rows * units` does not overflow.
    func forward(_ input: UnsafeBufferPointer<Float>, rows: Int) -> [Float] {
        precondition(input.count == rows * inputSize, "input size mismatch")
        let count = rows * units
        return [Float](unsafeUninitializedCapacity: count) { output, initialized in
            guard let y = output.baseAddress, count > 0 else { initialized = 0; return }
            forward(input.baseAddress!, rows: rows, into: y)
            initialized = count
        }
    }

    /// `activation(x · kernel + bias)` for each of `rows` rows of `x` (`[rows, inputSize]`),
    /// written to `y` (`[rows, units]`, initialized or not, overlapping `x` nowhere).
    ///
    /// Allocates nothing: a ``Model/Session`` calls it once per step with preallocated memory.
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        let count = rows * units
        guard count > 0 else { return }
        y.initialize(repeating: 0, count: count)
        kernel.withUnsafeBufferPointer { w in
            accumulateMatMul(x, aStride: inputSize, w.baseAddress!, into: y, cStride: units,
                             rows: rows, inner: inputSize, columns: units)
        }
        if let bias {
            bias.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = y + r * units
                    for j in 0..<units { row[j] += b[j] }
                }
            }
        }
        if activation == .softmax {
            softmaxRows(y, rows: rows, width: units)
        } else {
            activation.apply(to: y, count: count)
        }
    }
}
