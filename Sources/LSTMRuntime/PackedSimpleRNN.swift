import CKernels
import LSTMW

/// A SimpleRNN layer's weights in the runtime's layout (``PanelLayout`` with one gate); a
/// timestep is `h = a((x · W + b) + h · U)`.
struct PackedSimpleRNN: RecurrentCell {
    let name: String
    let inputSize: Int
    let layout: PanelLayout
    let activation: Activation
    let returnSequences: Bool
    /// `[blocks][inputSize][blockWidth]`: one panel per block.
    let kernel: [Float]
    /// `[blocks][units][8]`.
    let recurrentPanels: [Float]
    let bias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: SimpleRNNLayer) {
        name = layer.name
        inputSize = layer.inputSize
        layout = PanelLayout(gates: 1, units: layer.units)
        activation = layer.activation
        returnSequences = layer.returnSequences
        kernel = layout.panels([layer.kernel], rows: layer.inputSize)
        recurrentPanels = layout.panels([layer.recurrentKernel], rows: layer.units)
        let layout = self.layout
        bias = layer.bias.map { layout.columns([$0], rows: 1) }
    }

    /// The options of `layer` (whose weights are not read) with `weights` already packed.
    init(_ layer: SimpleRNNLayer, weights: PackedWeights) {
        name = layer.name
        inputSize = layer.inputSize
        layout = PanelLayout(gates: 1, units: layer.units)
        activation = layer.activation
        returnSequences = layer.returnSequences
        kernel = weights.kernel
        recurrentPanels = weights.recurrent
        bias = layer.bias == nil ? nil : weights.bias
    }

    /// The layer as Keras stores it, rebuilt from the packed weights.
    var unpacked: SimpleRNNLayer {
        let (n, m) = (units, inputSize)
        return SimpleRNNLayer(
            name: name, inputSize: m, units: n, activation: activation, returnSequences: returnSequences,
            kernel: layout.gateTensor(0, ofPanels: kernel, rows: m),
            recurrentKernel: layout.gateTensor(0, ofPanels: recurrentPanels, rows: n),
            bias: bias.map { layout.gateTensor(0, of: $0, rows: 1, shape: [n]) })
    }

    var hasCellState: Bool { false }
    var scratchWidth: Int { 0 }
    var phases: Int { 1 }

    func advance(_ step: StepBuffers, phase: Int, blocks: Range<Int>, kernels: Kernels) {
        guard !blocks.isEmpty else { return }
        let padded = layout.paddedUnits
        if !step.zeroState {
            recurrentPanels.withUnsafeBufferPointer { u in
                kernels.panels(rows: step.rows, blocks: blocks, width: 8, k: units, step.hPrev, ldh: padded,
                               u.baseAddress!, into: step.projection, ldz: step.projectionStride,
                               initial: step.projection, ldinit: step.projectionStride)
            }
        }
        switch kernels.path {
        case .avx2 where activation.hasKernelCode:
            ck_avx2_rnn_cells(step.rows, blocks.lowerBound, blocks.upperBound, step.projection, step.projectionStride,
                              step.hPrev, step.hNext, padded, step.keep, activation.kernelCode)
        default:
            PortableCells.rnn(rows: step.rows, blocks: blocks, z: step.projection, ldz: step.projectionStride,
                              hPrev: step.hPrev, hNext: step.hNext, ldh: padded, keep: step.keep, activation: activation)
        }
    }
}
