import LSTMW

/// A ``Conv1DLayer`` in the runtime's layout: Keras's `[kernelSize, inputSize, filters]` kernel,
/// whose tap `k` is an `[inputSize, filters]` matrix applied to one input row.
struct PackedConv1D: Sendable {
    let layer: Conv1DLayer
    let kernel: [Float]

    init(_ layer: Conv1DLayer) {
        self.layer = layer
        kernel = layer.kernel.values
    }

    /// Zero rows before the sequence for an input of `time` timesteps, as TensorFlow pads:
    /// `causal` puts all of them first, `same` half of them (rounded down).
    func padBefore(time: Int) -> Int {
        let reach = layer.dilation * (layer.kernelSize - 1)
        switch layer.padding {
        case .valid: return 0
        case .causal: return reach
        case .same: return max((layer.outputTime(for: time) - 1) * layer.strides + reach + 1 - time, 0) / 2
        }
    }

    /// Convolves `input` (`[batch, time, inputSize]`).
    ///
    /// - Returns: `[batch, outputTime, filters]`, and the output time.
    func forward(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int) -> (values: [Float], time: Int) {
        let (inputSize, filters) = (layer.inputSize, layer.filters)
        let outputTime = layer.outputTime(for: time)
        let before = padBefore(time: time)
        var output = [Float](repeating: 0, count: batch * outputTime * filters)
        output.withUnsafeMutableBufferPointer { out in
            kernel.withUnsafeBufferPointer { w in
                for b in 0..<batch {
                    for t in 0..<outputTime {
                        let y = out.baseAddress! + (b * outputTime + t) * filters
                        for k in 0..<layer.kernelSize {
                            let row = t * layer.strides + k * layer.dilation - before
                            guard row >= 0, row < time else { continue }
                            accumulateMatMul(input.baseAddress! + (b * time + row) * inputSize, aStride: inputSize,
                                             w.baseAddress! + k * inputSize * filters, bStride: filters, into: y, cStride: filters,
                                             rows: 1, inner: inputSize, columns: filters)
                        }
                        if let bias = layer.bias { for f in 0..<filters { y[f] += bias.values[f] } }
                    }
                }
                if layer.activation == .softmax {
                    softmaxRows(out.baseAddress!, rows: batch * outputTime, width: filters)
                } else {
                    layer.activation.apply(to: out.baseAddress!, count: out.count)
                }
            }
        }
        return (output, outputTime)
    }
}
