@testable import LSTMRuntime
import LSTMW
import Testing

/// `reverse`, masks, initial and final states of the recurrent layers: small cases computed by
/// hand, then random layers of every kind against the Double reference, on every kernel path.
@Suite struct RecurrentOptionsTests {
    /// SimpleRNN, 1 unit, linear: `h = x + 0.5 * h`.
    static let rnn = PackedSimpleRNN(SimpleRNNLayer(
        name: "rnn", inputSize: 1, units: 1, activation: .linear, returnSequences: true,
        kernel: Tensor(shape: [1, 1], values: [1]), recurrentKernel: Tensor(shape: [1, 1], values: [0.5]),
        bias: Tensor(shape: [1], values: [0])))

    @Test(arguments: KernelPath.supported)
    func simpleRNNByHand(_ path: KernelPath) {
        let kernels = Kernels(path: path)
        let x: [Float] = [1, 2, 3]
        // Forwards: 1, 2 + 0.5, 3 + 1.25.
        let forwards = Self.rnn.run(x, batch: 1, time: 3, kernels: kernels)
        #expect(forwards.output == [1, 2.5, 4.25])
        #expect(forwards.state.h == [4.25])
        #expect(forwards.state.c == nil)
        // Backwards: inputs 3, 2, 1 in that order, outputs in processing order.
        let backwards = Self.rnn.run(x, batch: 1, time: 3, options: RecurrentOptions(reverse: true), kernels: kernels)
        #expect(backwards.output == [3, 3.5, 2.75])
        // Mask [0, 1, 0] from h0 = 10: the first output is 0 (not the initial state), then
        // 2 + 5 = 7, then 7 again; the state stays 10 through the masked step.
        let initial = RecurrentState(h: [10], c: nil)
        let masked = Self.rnn.run(x, batch: 1, time: 3,
                                  options: RecurrentOptions(mask: [false, true, false], initialState: initial), kernels: kernels)
        #expect(masked.output == [0, 7, 7])
        #expect(masked.state.h == [7])
        // Backwards with mask [1, 1, 0] (input order): input 3 is masked (output 0, state 10),
        // then 2 + 5 = 7, then 1 + 3.5 = 4.5.
        let both = Self.rnn.run(x, batch: 1, time: 3,
                                options: RecurrentOptions(reverse: true, mask: [true, true, false], initialState: initial),
                                kernels: kernels)
        #expect(both.output == [0, 7, 4.5])
        #expect(both.state.h == [4.5])
        // Every step masked: zero outputs, the initial state comes back.
        let none = Self.rnn.run(x, batch: 1, time: 3,
                                options: RecurrentOptions(mask: [false, false, false], initialState: initial), kernels: kernels)
        #expect(none.output == [0, 0, 0])
        #expect(none.state.h == [10])
    }

    /// LSTM, 1 unit, linear cell and Keras 2 hard sigmoid gates, W = 1, U = 0, b = 0: every gate
    /// is `0.2 x + 0.5`, `g = x`, `c = f c + i g`, `h = o c`.
    @Test(arguments: KernelPath.supported)
    func lstmByHand(_ path: KernelPath) {
        let one = LSTMGates { _ in Tensor(shape: [1, 1], values: [1]) }
        let zero = LSTMGates { _ in Tensor(shape: [1, 1], values: [0]) }
        let lstm = PackedLSTM(LSTMLayer(name: "l", inputSize: 1, units: 1, activation: .linear,
                                        recurrentActivation: .hardSigmoidKeras2, returnSequences: true,
                                        kernel: one, recurrentKernel: zero, bias: nil))
        let kernels = Kernels(path: path)
        let initial = RecurrentState(h: [0.3], c: [2])
        // x = 1: gates 0.7, c = 0.7 * 2 + 0.7 = 2.1, h = 1.47; x = -1: gates 0.3,
        // c = 0.3 * 2.1 - 0.3 = 0.33, h = 0.099.
        let forwards = lstm.run([1, -1], batch: 1, time: 2, options: RecurrentOptions(initialState: initial), kernels: kernels)
        expectNear(forwards.output, [1.47, 0.099])
        expectNear(forwards.state.h, [0.099])
        expectNear(forwards.state.c ?? [], [0.33])
        // Backwards: x = -1 first: c = 0.6 - 0.3 = 0.3, h = 0.09; then x = 1: c = 0.21 + 0.7 = 0.91, h = 0.637.
        let backwards = lstm.run([1, -1], batch: 1, time: 2,
                                 options: RecurrentOptions(reverse: true, initialState: initial), kernels: kernels)
        expectNear(backwards.output, [0.09, 0.637])
        expectNear(backwards.state.c ?? [], [0.91])
        // Mask [0, 1]: output 0 at the masked step, state (0.3, 2) kept, then c = 0.3, h = 0.09.
        let masked = lstm.run([1, -1], batch: 1, time: 2,
                              options: RecurrentOptions(mask: [false, true], initialState: initial), kernels: kernels)
        expectNear(masked.output, [0, 0.09])
        expectNear(masked.state.h, [0.09])
        expectNear(masked.state.c ?? [], [0.3])
    }

    /// Random layers of every kind, batch 3 with a different mask per row, both directions, with
    /// and without an initial state, against the Double reference.
    @Test(arguments: KernelPath.supported, [false, true])
    func randomLayersMatchTheReference(_ path: KernelPath, reverse: Bool) {
        var rng = SeededGenerator(seed: reverse ? 1201 : 1202)
        let layers: [Layer] = [
            RandomModels.lstm("lstm", inputSize: 5, units: 11, returnSequences: true, using: &rng),
            RandomModels.gru("gru_after", inputSize: 5, units: 9, returnSequences: true, resetAfter: true, using: &rng),
            RandomModels.gru("gru_before", inputSize: 5, units: 10, returnSequences: false, resetAfter: false, using: &rng),
            RandomModels.simpleRNN("rnn", inputSize: 5, units: 13, returnSequences: false, using: &rng),
        ]
        let (batch, time, features) = (3, 7, 5)
        let input = rng.floats(batch * time * features, scale: 1.5)
        let mask: [Bool] = (0..<(batch * time)).map { i in i % 7 != 0 && i % 5 != 3 }
        for layer in layers {
            let cell = Self.cell(layer)
            let units = cell.units
            for withInitial in [false, true] {
                let h0 = withInitial ? rng.floats(batch * units, scale: 0.8) : [Float](repeating: 0, count: batch * units)
                let c0 = cell.hasCellState ? (withInitial ? rng.floats(batch * units, scale: 0.8) : h0.map { _ in 0 }) : nil
                let options = RecurrentOptions(reverse: reverse, mask: mask,
                                               initialState: withInitial ? RecurrentState(h: h0, c: c0) : nil)
                let result = cell.run(input, batch: batch, time: time, options: options, kernels: Kernels(path: path))
                for b in 0..<batch {
                    let sequence = (0..<time).map { t in
                        (0..<features).map { Double(input[(b * time + t) * features + $0]) }
                    }
                    let start = ReferenceRecurrence.State(h: h0[(b * units)..<((b + 1) * units)].map(Double.init),
                                                          c: (c0 ?? h0)[(b * units)..<((b + 1) * units)].map(Double.init))
                    let expected = ReferenceRecurrence.run(layer, sequence, reverse: reverse,
                                                           mask: Array(mask[(b * time)..<((b + 1) * time)]), initial: start)
                    let outputs = cell.returnSequences ? expected.outputs.flatMap { $0 } : expected.outputs.last!
                    let per = outputs.count
                    expectNear(Array(result.output[(b * per)..<((b + 1) * per)]), outputs, tolerance: 2e-5, "\(layer.name) row \(b)")
                    expectNear(Array(result.state.h[(b * units)..<((b + 1) * units)]), expected.state.h, tolerance: 2e-5,
                               "\(layer.name) final h, row \(b)")
                    if let c = result.state.c {
                        expectNear(Array(c[(b * units)..<((b + 1) * units)]), expected.state.c, tolerance: 2e-5,
                                   "\(layer.name) final c, row \(b)")
                    }
                }
            }
        }
    }

    /// Layers large enough to run on a team of threads give the same bits on one thread, with
    /// every option on.
    @Test(arguments: KernelPath.supported)
    func threadsDoNotChangeResults(_ path: KernelPath) {
        var rng = SeededGenerator(seed: 1210)
        let layers: [Layer] = [
            RandomModels.lstm("lstm", inputSize: 7, units: 133, returnSequences: true, using: &rng),
            RandomModels.gru("gru_after", inputSize: 7, units: 141, returnSequences: false, resetAfter: true, using: &rng),
            RandomModels.gru("gru_before", inputSize: 7, units: 150, returnSequences: true, resetAfter: false, using: &rng),
            RandomModels.simpleRNN("rnn", inputSize: 7, units: 260, returnSequences: true, using: &rng),
        ]
        let (batch, time) = (2, 9)
        let input = rng.floats(batch * time * 7, scale: 1)
        let mask: [Bool] = (0..<(batch * time)).map { $0 % 4 != 1 }
        for layer in layers {
            let cell = Self.cell(layer)
            #expect(cell.teamSize(rows: batch, threads: 2) == 2, "\(layer.name) is large enough for two threads")
            let state = RecurrentState(h: rng.floats(batch * cell.units, scale: 0.5),
                                       c: cell.hasCellState ? rng.floats(batch * cell.units, scale: 0.5) : nil)
            let options = RecurrentOptions(reverse: true, mask: mask, initialState: state)
            let one = cell.run(input, batch: batch, time: time, options: options, kernels: Kernels(path: path), threads: 1)
            let two = cell.run(input, batch: batch, time: time, options: options, kernels: Kernels(path: path), threads: 2)
            #expect(one.output.map(\.bitPattern) == two.output.map(\.bitPattern), "\(layer.name)")
            #expect(one.state == two.state, "\(layer.name)")
        }
    }

    static func cell(_ layer: Layer) -> any RecurrentCell {
        switch layer {
        case .lstm(let l): PackedLSTM(l)
        case .gru(let l): PackedGRU(l)
        case .simpleRNN(let l): PackedSimpleRNN(l)
        default: fatalError("not recurrent")
        }
    }
}

/// Expects every value of `actual` within `tolerance` of `expected`.
func expectNear(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-6, _ comment: String = "",
                sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(comment): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() where !(abs(Double(a) - e) <= tolerance) {
        Issue.record("\(comment): value \(i) is \(a), expected \(e)", sourceLocation: sourceLocation)
        return
    }
}
