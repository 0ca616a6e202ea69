import Foundation
import LSTMW

extension ReferenceModel {
    /// `x · W` for one row, from a row-major `[inputs, n]` tensor.
    private static func product(_ x: [Double], _ w: Tensor) -> [Double] {
        let n = w.shape[1]
        return (0..<n).map { j in
            var s = 0.0
            for k in 0..<x.count { s += x[k] * Double(w.values[k * n + j]) }
            return s
        }
    }

    private static func values(_ tensor: Tensor?, _ n: Int) -> [Double] {
        tensor.map { $0.values.map(Double.init) } ?? [Double](repeating: 0, count: n)
    }

    /// Keras's GRU, from the formulas of keras-formats.md §8:
    /// `z = ra(xW_z + b_z + hU_z + rb_z)`, `r = ra(xW_r + b_r + hU_r + rb_r)`,
    /// `hh = a(xW_h + b_h + r*(hU_h + rb_h))` (reset_after) or `a(xW_h + (r*h)U_h + b_h)`,
    /// `h = z*h + (1-z)*hh`.
    static func run(_ layer: GRULayer, _ sequence: [[Double]]) -> [[Double]] {
        let n = layer.units
        var h = [Double](repeating: 0, count: n)
        var hs: [[Double]] = []
        func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map(+) }
        for x in sequence {
            func input(_ gate: GRUGate) -> [Double] { add(product(x, layer.kernel[gate]), values(layer.bias?[gate], n)) }
            func recurrent(_ gate: GRUGate) -> [Double] {
                add(product(h, layer.recurrentKernel[gate]), values(layer.recurrentBias?[gate], n))
            }
            let z = add(input(.update), recurrent(.update)).map { apply(layer.recurrentActivation, $0) }
            let r = add(input(.reset), recurrent(.reset)).map { apply(layer.recurrentActivation, $0) }
            let inner: [Double]
            if layer.resetAfter {
                inner = zip(r, recurrent(.candidate)).map(*)
            } else {
                inner = product(zip(r, h).map(*), layer.recurrentKernel.candidate)
            }
            let hh = add(input(.candidate), inner).map { apply(layer.activation, $0) }
            h = (0..<n).map { j in z[j] * h[j] + (1 - z[j]) * hh[j] }
            hs.append(h)
        }
        return layer.returnSequences ? hs : [h]
    }

    /// Keras's SimpleRNN: `h = a(xW + hU + b)`.
    static func run(_ layer: SimpleRNNLayer, _ sequence: [[Double]]) -> [[Double]] {
        let n = layer.units
        var h = [Double](repeating: 0, count: n)
        var hs: [[Double]] = []
        for x in sequence {
            let xw = product(x, layer.kernel), hu = product(h, layer.recurrentKernel), b = values(layer.bias, n)
            h = (0..<n).map { j in apply(layer.activation, xw[j] + hu[j] + b[j]) }
            hs.append(h)
        }
        return layer.returnSequences ? hs : [h]
    }
}
