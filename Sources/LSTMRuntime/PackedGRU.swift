import CKernels
import LSTMW

/// A GRU layer's weights in the runtime's layout (``PanelLayout`` with the gates z, r, h).
///
/// - `kernel`, `bias`, `recurrentBias`: the three gates fused, `[·, layout.width]`;
/// - `recurrentPanels`: `U_z ‖ U_r ‖ U_h` as panels of 24 (reset after the product), or
///   `U_z ‖ U_r` as panels of 16 with `U_h` apart in `candidatePanels` (panels of 8) when the
///   reset applies before the product.
struct PackedGRU: RecurrentCell {
    let name: String
    let inputSize: Int
    let layout: PanelLayout
    let activation: Activation
    let recurrentActivation: Activation
    let returnSequences: Bool
    let resetAfter: Bool
    let kernel: [Float]
    let recurrentPanels: [Float]
    /// `U_h` as panels of 8 when the reset applies before the product; empty otherwise.
    let candidatePanels: [Float]
    let bias: [Float]?
    let recurrentBias: [Float]?

    /// Packs a layer that ``ModelDescription/validate()`` accepted.
    init(_ layer: GRULayer) {
        let layout = PanelLayout(gates: 3, units: layer.units)
        let recurrent = layer.recurrentKernel.inKerasOrder
        let (recurrentPanels, candidatePanels) = layer.resetAfter
            ? (layout.panels(recurrent, rows: layer.units), [])
            : (PanelLayout(gates: 2, units: layer.units).panels(Array(recurrent[0..<2]), rows: layer.units),
               PanelLayout(gates: 1, units: layer.units).panels([recurrent[2]], rows: layer.units))
        self.init(layer, weights: PackedWeights(
            kernel: layout.panels(layer.kernel.inKerasOrder, rows: layer.inputSize), recurrent: recurrentPanels,
            candidate: candidatePanels, bias: layer.bias.map { layout.columns($0.inKerasOrder, rows: 1) } ?? [],
            recurrentBias: layer.recurrentBias.map { layout.columns($0.inKerasOrder, rows: 1) } ?? []))
    }

    /// The options of `layer` (whose weights are not read) with `weights` already packed.
    init(_ layer: GRULayer, weights: PackedWeights) {
        name = layer.name
        inputSize = layer.inputSize
        layout = PanelLayout(gates: 3, units: layer.units)
        activation = layer.activation
        recurrentActivation = layer.recurrentActivation
        returnSequences = layer.returnSequences
        resetAfter = layer.resetAfter
        kernel = weights.kernel
        recurrentPanels = weights.recurrent
        candidatePanels = layer.resetAfter ? [] : weights.candidate
        bias = layer.bias == nil ? nil : weights.bias
        recurrentBias = layer.recurrentBias == nil ? nil : weights.recurrentBias
    }

    /// The layer as Keras stores it, rebuilt from the packed weights.
    var unpacked: GRULayer {
        let (n, m) = (units, inputSize)
        let recurrent: GRUGates<Tensor> = resetAfter
            ? GRUGates { layout.gateTensor($0.index, ofPanels: recurrentPanels, rows: n) }
            : GRUGates { gate in
                gate == .candidate
                    ? PanelLayout(gates: 1, units: n).gateTensor(0, ofPanels: candidatePanels, rows: n)
                    : PanelLayout(gates: 2, units: n).gateTensor(gate.index, ofPanels: recurrentPanels, rows: n)
            }
        return GRULayer(
            name: name, inputSize: m, units: n, activation: activation, recurrentActivation: recurrentActivation,
            returnSequences: returnSequences, resetAfter: resetAfter,
            kernel: GRUGates { layout.gateTensor($0.index, ofPanels: kernel, rows: m) },
            recurrentKernel: recurrent,
            bias: bias.map { b in GRUGates { layout.gateTensor($0.index, of: b, rows: 1, shape: [n]) } },
            recurrentBias: recurrentBias.map { b in GRUGates { layout.gateTensor($0.index, of: b, rows: 1, shape: [n]) } })
    }

    var hasCellState: Bool { false }
    /// Reset after: `h · U + rb` (`width`). Reset before: `h · U_zr` (16 per block), `r * h` and
    /// `(r * h) · U_h + rb_h` (`paddedUnits` each).
    var scratchWidth: Int { resetAfter ? layout.width : 16 * layout.blocks + 2 * layout.paddedUnits }

    var phases: Int { resetAfter ? 1 : 2 }

    func advance(_ step: StepBuffers, phase: Int, blocks: Range<Int>, kernels: Kernels) {
        if resetAfter {
            advanceResetAfter(step, blocks: blocks, kernels: kernels)
        } else if phase == 0 {
            resetGates(step, blocks: blocks, kernels: kernels)
        } else {
            candidateAndUpdate(step, blocks: blocks, kernels: kernels)
        }
    }

    /// `hp = rb + h · U` on the blocks, then the fused cell update.
    private func advanceResetAfter(_ step: StepBuffers, blocks: Range<Int>, kernels: Kernels) {
        guard !blocks.isEmpty else { return }
        let (padded, width) = (layout.paddedUnits, layout.width)
        let hp = step.scratch
        let (start, count) = (blocks.lowerBound * 24, blocks.count * 24)
        for r in 0..<step.rows {
            let row = hp + r * width + start
            if let recurrentBias {
                recurrentBias.withUnsafeBufferPointer { row.update(from: $0.baseAddress! + start, count: count) }
            } else {
                row.update(repeating: 0, count: count)
            }
        }
        if !step.zeroState {
            recurrentPanels.withUnsafeBufferPointer { u in
                kernels.panels(rows: step.rows, blocks: blocks, width: 24, k: units, step.hPrev, ldh: padded,
                               u.baseAddress!, into: hp, ldz: width, initial: hp, ldinit: width)
            }
        }
        switch kernels.path {
        case .avx2 where activation.hasKernelCode && recurrentActivation.hasKernelCode:
            ck_avx2_gru_cells(step.rows, blocks.lowerBound, blocks.upperBound, step.projection, step.projectionStride,
                              hp, width, step.hPrev, step.hNext, padded, step.keep,
                              activation.kernelCode, recurrentActivation.kernelCode)
        default:
            PortableCells.gru(rows: step.rows, blocks: blocks, x: step.projection, ldx: step.projectionStride,
                              hp: hp, ldhp: width, hPrev: step.hPrev, hNext: step.hNext, ldh: padded, keep: step.keep,
                              activation: activation, recurrentActivation: recurrentActivation)
        }
    }
}
