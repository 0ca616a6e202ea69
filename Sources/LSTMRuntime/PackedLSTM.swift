import CKernels
import LSTMW

/// An LSTM layer's weights in the runtime's layout (``PanelLayout`` with the gates i, f, c, o):
/// the input kernel and bias fused, the recurrent kernel as one panel per block of 8 units.
struct PackedLSTM: RecurrentCell {
    let name: String
    let inputSize: Int
    let layout: PanelLayout
    let activation: Activation
    let recurrentActivation: Activation
    let returnSequences: Bool
    /// `[blocks][inputSize][blockWidth]`: one panel per block.
    let kernel: [Float]
    /// `[blocks][units][32]`.
    let recurrentPanels: [Float]
    /// `[layout.width]`, or nil.
    let bias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: LSTMLayer) {
        let layout = PanelLayout(gates: 4, units: layer.units)
        self.init(layer, weights: PackedWeights(
            kernel: layout.panels(layer.kernel.inKerasOrder, rows: layer.inputSize),
            recurrent: layout.panels(layer.recurrentKernel.inKerasOrder, rows: layer.units), candidate: [],
            bias: layer.bias.map { layout.columns($0.inKerasOrder, rows: 1) } ?? [], recurrentBias: []))
    }

    /// The options of `layer` (whose weights are not read) with `weights` already packed.
    init(_ layer: LSTMLayer, weights: PackedWeights) {
        name = layer.name
        inputSize = layer.inputSize
        layout = PanelLayout(gates: 4, units: layer.units)
        activation = layer.activation
        recurrentActivation = layer.recurrentActivation
        returnSequences = layer.returnSequences
        kernel = weights.kernel
        recurrentPanels = weights.recurrent
        bias = layer.bias == nil ? nil : weights.bias
    }

    /// The layer as Keras stores it, rebuilt from the packed weights.
    var unpacked: LSTMLayer {
        let (n, m) = (units, inputSize)
        return LSTMLayer(
            name: name, inputSize: m, units: n, activation: activation, recurrentActivation: recurrentActivation,
            returnSequences: returnSequences,
            kernel: LSTMGates { layout.gateTensor($0.index, ofPanels: kernel, rows: m) },
            recurrentKernel: LSTMGates { layout.gateTensor($0.index, ofPanels: recurrentPanels, rows: n) },
            bias: bias.map { b in LSTMGates { layout.gateTensor($0.index, of: b, rows: 1, shape: [n]) } })
    }

    var hasCellState: Bool { true }
    var scratchWidth: Int { 0 }
    var phases: Int { 1 }

    /// `z = projection + hPrev · U`, then `i, f, o = ra(z)`, `g = a(z)`, `c = f * c + i * g`,
    /// `h = o * a(c)`, on the blocks.
    func advance(_ step: StepBuffers, phase: Int, blocks: Range<Int>, kernels: Kernels) {
        guard !blocks.isEmpty, let c = step.c else { return }
        let padded = layout.paddedUnits
        if !step.zeroState {
            recurrentPanels.withUnsafeBufferPointer { u in
                kernels.panels(rows: step.rows, blocks: blocks, width: 32, k: units, step.hPrev, ldh: padded,
                               u.baseAddress!, into: step.projection, ldz: step.projectionStride,
                               initial: step.projection, ldinit: step.projectionStride)
            }
        }
        switch kernels.path {
        case .avx2 where activation.hasKernelCode && recurrentActivation.hasKernelCode:
            ck_avx2_lstm_cells(step.rows, blocks.lowerBound, blocks.upperBound, step.projection, step.projectionStride,
                               c, padded, step.hPrev, step.hNext, padded, step.keep,
                               activation.kernelCode, recurrentActivation.kernelCode)
        default:
            PortableCells.lstm(rows: step.rows, blocks: blocks, z: step.projection, ldz: step.projectionStride,
                               c: c, ldc: padded, hPrev: step.hPrev, hNext: step.hNext, ldh: padded, keep: step.keep,
                               activation: activation, recurrentActivation: recurrentActivation)
        }
    }
}
