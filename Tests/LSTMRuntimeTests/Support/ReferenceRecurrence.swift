import Foundation
import LSTMW

/// An independent Double reference for one recurrent layer with the options of
/// `RecurrentOptions`: one step function per layer kind (the formulas of keras-formats.md), and
/// Keras's rules for `go_backwards`, masks and initial states written out plainly.
enum ReferenceRecurrence {
    struct State {
        var h: [Double]
        var c: [Double]
    }

    /// One step of `layer` from `state` on input `x`.
    static func step(_ layer: Layer, _ x: [Double], _ state: State) -> State {
        switch layer {
        case .lstm(let l):
            let n = l.units
            func z(_ gate: LSTMGate) -> [Double] {
                (0..<n).map { j in
                    var s = Double(l.bias?[gate].values[j] ?? 0)
                    for k in 0..<l.inputSize { s += x[k] * Double(l.kernel[gate].values[k * n + j]) }
                    for k in 0..<n { s += state.h[k] * Double(l.recurrentKernel[gate].values[k * n + j]) }
                    return s
                }
            }
            let ra = { ReferenceModel.apply(l.recurrentActivation, $0) }, a = { ReferenceModel.apply(l.activation, $0) }
            let (i, f, g, o) = (z(.input).map(ra), z(.forget).map(ra), z(.cell).map(a), z(.output).map(ra))
            let c = (0..<n).map { f[$0] * state.c[$0] + i[$0] * g[$0] }
            return State(h: (0..<n).map { o[$0] * a(c[$0]) }, c: c)
        case .gru(let l):
            let n = l.units
            func product(_ v: [Double], _ w: Tensor, _ rows: Int) -> [Double] {
                (0..<n).map { j in (0..<rows).reduce(0.0) { $0 + v[$1] * Double(w.values[$1 * n + j]) } }
            }
            func bias(_ t: GRUGates<Tensor>?, _ gate: GRUGate) -> [Double] {
                t.map { $0[gate].values.map(Double.init) } ?? [Double](repeating: 0, count: n)
            }
            func xw(_ gate: GRUGate) -> [Double] { zip(product(x, l.kernel[gate], l.inputSize), bias(l.bias, gate)).map(+) }
            func hu(_ gate: GRUGate) -> [Double] {
                zip(product(state.h, l.recurrentKernel[gate], n), bias(l.recurrentBias, gate)).map(+)
            }
            let ra = { ReferenceModel.apply(l.recurrentActivation, $0) }
            let z = zip(xw(.update), hu(.update)).map(+).map(ra)
            let r = zip(xw(.reset), hu(.reset)).map(+).map(ra)
            let inner = l.resetAfter
                ? zip(r, hu(.candidate)).map(*)
                : zip(product(zip(r, state.h).map(*), l.recurrentKernel.candidate, n), bias(l.recurrentBias, .candidate)).map(+)
            let hh = zip(xw(.candidate), inner).map(+).map { ReferenceModel.apply(l.activation, $0) }
            return State(h: (0..<n).map { z[$0] * state.h[$0] + (1 - z[$0]) * hh[$0] }, c: state.c)
        case .simpleRNN(let l):
            let n = l.units
            let h = (0..<n).map { j in
                var s = Double(l.bias?.values[j] ?? 0)
                for k in 0..<l.inputSize { s += x[k] * Double(l.kernel.values[k * n + j]) }
                for k in 0..<n { s += state.h[k] * Double(l.recurrentKernel.values[k * n + j]) }
                return ReferenceModel.apply(l.activation, s)
            }
            return State(h: h, c: state.c)
        default:
            fatalError("not a recurrent layer")
        }
    }

    /// One sequence through `layer`: outputs in processing order (every step's), and the final state.
    /// At a step whose `mask` flag (input order) is false the state is kept and the output
    /// repeats the previous output, zero before the first counted step.
    static func run(_ layer: Layer, _ sequence: [[Double]], reverse: Bool, mask: [Bool]?, initial: State)
        -> (outputs: [[Double]], state: State) {
        var state = initial
        var last = [Double](repeating: 0, count: initial.h.count)
        var outputs: [[Double]] = []
        let order = reverse ? Array(sequence.indices.reversed()) : Array(sequence.indices)
        for t in order {
            if mask?[t] ?? true {
                state = step(layer, sequence[t], state)
                last = state.h
            }
            outputs.append(last)
        }
        return (outputs, state)
    }
}
