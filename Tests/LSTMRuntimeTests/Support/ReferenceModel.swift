import Foundation
import LSTMW

/// A scalar reference written straight from the Keras formulas, independent of the runtime:
/// plain loops over the per-gate tensors of the description, in Double.
///
/// For each timestep: `z_g = x·W_g + h·U_g + b_g`; `i, f, o = ra(z)`; `c' = a(z_c)`;
/// `c = f*c + i*c'`; `h = o*a(c)`; `h`, `c` start at zero. GRU and SimpleRNN: see
/// `ReferenceModel+Recurrent.swift`.
enum ReferenceModel {
    /// Runs `description` on `input` (`[batch, time, features]`); returns the output shape and values.
    static func predict(_ description: ModelDescription, _ input: Tensor) -> (shape: [Int], values: [Double]) {
        let (batch, time) = (input.shape[0], input.shape[1])
        var outputs: [[[Double]]] = []  // [batch][time or 1][features]
        for b in 0..<batch {
            var x: [[Double]] = (0..<time).map { t in
                (0..<description.inputFeatures).map {
                    Double(input.values[(b * time + t) * description.inputFeatures + $0])
                }
            }
            for layer in description.layers {
                switch layer {
                case .lstm(let lstm): x = run(lstm, x)
                case .dense(let dense): x = x.map { run(dense, $0) }
                case .gru(let gru): x = run(gru, x)
                case .simpleRNN(let rnn): x = run(rnn, x)
                default: fatalError("ReferenceModel has no \(layer.kerasClassName); the Keras fixtures test it")
                }
            }
            outputs.append(x)
        }
        let steps = outputs[0].count
        let features = outputs[0][0].count
        let shape = description.outputIsSequence ? [batch, steps, features] : [batch, features]
        return (shape, outputs.flatMap { $0.flatMap { $0 } })
    }

    static func run(_ layer: LSTMLayer, _ sequence: [[Double]]) -> [[Double]] {
        let n = layer.units
        var h = [Double](repeating: 0, count: n)
        var c = [Double](repeating: 0, count: n)
        var hs: [[Double]] = []
        for x in sequence {
            func z(_ gate: LSTMGate) -> [Double] {
                let w = layer.kernel[gate], u = layer.recurrentKernel[gate]
                return (0..<n).map { j in
                    var s = 0.0
                    for k in 0..<layer.inputSize { s += x[k] * Double(w.values[k * n + j]) }
                    for k in 0..<n { s += h[k] * Double(u.values[k * n + j]) }
                    if let bias = layer.bias { s += Double(bias[gate].values[j]) }
                    return s
                }
            }
            let i = z(.input).map { apply(layer.recurrentActivation, $0) }
            let f = z(.forget).map { apply(layer.recurrentActivation, $0) }
            let g = z(.cell).map { apply(layer.activation, $0) }
            let o = z(.output).map { apply(layer.recurrentActivation, $0) }
            for j in 0..<n {
                c[j] = f[j] * c[j] + i[j] * g[j]
                h[j] = o[j] * apply(layer.activation, c[j])
            }
            hs.append(h)
        }
        return layer.returnSequences ? hs : [h]
    }

    static func run(_ layer: DenseLayer, _ x: [Double]) -> [Double] {
        let n = layer.units
        let y = (0..<n).map { j in
            var s = 0.0
            for k in 0..<layer.inputSize { s += x[k] * Double(layer.kernel.values[k * n + j]) }
            return s + Double(layer.bias?.values[j] ?? 0)
        }
        guard layer.activation == .softmax else { return y.map { apply(layer.activation, $0) } }
        let top = y.max()!
        let e = y.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    static func apply(_ activation: Activation, _ x: Double) -> Double {
        switch activation {
        case .linear: x
        case .relu: max(0, x)
        case .tanh: tanh(x)
        case .sigmoid: 1 / (1 + exp(-x))
        case .hardSigmoidKeras2: min(max(0.2 * x + 0.5, 0), 1)
        case .hardSigmoidKeras3: min(max(x / 6 + 0.5, 0), 1)
        case .elu: x > 0 ? x : exp(x) - 1
        case .selu: 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (exp(x) - 1))
        case .gelu: 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        case .swish: x / (1 + exp(-x))
        case .softplus: log(1 + exp(x))
        case .softsign: x / (1 + abs(x))
        case .exponential: exp(x)
        case .softmax: fatalError("softmax is not elementwise")
        }
    }
}
