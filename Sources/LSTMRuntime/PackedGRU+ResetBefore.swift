import LSTMW

extension PackedGRU {
    /// The scratch of a reset-before timestep: `h · U_zr` (`[rows][16 * blocks]`), `r * h` and
    /// `rb_h + (r * h) · U_h` (`[rows][paddedUnits]` each).
    private func resetScratch(_ step: StepBuffers) -> (zr: UnsafeMutablePointer<Float>, rh: UnsafeMutablePointer<Float>,
                                                      hc: UnsafeMutablePointer<Float>) {
        let zr = step.scratch
        let rh = zr + step.rows * 16 * layout.blocks
        return (zr, rh, rh + step.rows * layout.paddedUnits)
    }

    /// Phase 0 of a timestep with the reset applied before the product, on the blocks:
    /// `z, r = ra(x + h · U_zr + rb)` and `r * h`.
    func resetGates(_ step: StepBuffers, blocks: Range<Int>, kernels: Kernels) {
        let (padded, rows, n) = (layout.paddedUnits, step.rows, units)
        let (zr, rh, _) = resetScratch(step)
        let zrWidth = 16 * layout.blocks
        if !step.zeroState {
            recurrentPanels.withUnsafeBufferPointer { u in
                kernels.panels(rows: rows, blocks: blocks, width: 16, k: n, step.hPrev, ldh: padded,
                               u.baseAddress!, into: zr, ldz: zrWidth, initial: nil, ldinit: 0)
            }
        }
        for r in 0..<rows {
            let x = step.projection + r * step.projectionStride
            for q in blocks {
                let (xq, hq) = (x + 24 * q, zr + r * zrWidth + 16 * q)
                if let recurrentBias {
                    for j in 0..<16 { xq[j] += recurrentBias[24 * q + j] }
                }
                if !step.zeroState {
                    for j in 0..<16 { xq[j] += hq[j] }
                }
                kernels.activate(xq, count: 16, recurrentActivation)
                let (h, out) = (step.hPrev + r * padded + 8 * q, rh + r * padded + 8 * q)
                for j in 0..<8 { out[j] = xq[8 + j] * h[j] }
            }
        }
    }

    /// Phase 1, once the whole of `r * h` is there: `hh = a(xh + (rb_h + (r * h) · U_h))` and
    /// `h = z * h + (1 - z) * hh` on the blocks.
    func candidateAndUpdate(_ step: StepBuffers, blocks: Range<Int>, kernels: Kernels) {
        let (padded, rows, n) = (layout.paddedUnits, step.rows, units)
        let (_, rh, hc) = resetScratch(step)
        for r in 0..<rows {
            let row = hc + r * padded
            for q in blocks {
                for j in 0..<8 { row[8 * q + j] = recurrentBias?[24 * q + 16 + j] ?? 0 }
            }
        }
        if !step.zeroState {
            candidatePanels.withUnsafeBufferPointer { u in
                kernels.panels(rows: rows, blocks: blocks, width: 8, k: n, rh, ldh: padded, u.baseAddress!,
                               into: hc, ldz: padded, initial: hc, ldinit: padded)
            }
        }
        for r in 0..<rows {
            let (previous, next) = (step.hPrev + r * padded, step.hNext + r * padded)
            if let keep = step.keep, keep[r] == 0 {
                PortableCells.carry(blocks, from: previous, to: next)
                continue
            }
            let x = step.projection + r * step.projectionStride
            for q in blocks {
                let (xq, cq) = (x + 24 * q, hc + r * padded + 8 * q)
                for j in 0..<8 { xq[16 + j] += cq[j] }
                kernels.activate(xq + 16, count: 8, activation)
                for j in 0..<8 {
                    let z = xq[j]
                    next[8 * q + j] = z * previous[8 * q + j] + (1 - z) * xq[16 + j]
                }
            }
        }
    }
}
