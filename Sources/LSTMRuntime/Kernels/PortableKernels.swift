import LSTMW

/// The portable ``Kernels/gemm(m:n:k:_:lda:_:ldb:into:ldc:initial:ldinit:)``: copy the initial
/// values, then the axpy-form product of ``accumulateMatMul(_:aStride:_:bStride:into:cStride:rows:inner:columns:)``.
func portableGEMM(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                  into c: UnsafeMutablePointer<Float>, ldc: Int, initial: UnsafePointer<Float>?, ldinit: Int) {
    guard m > 0, n > 0 else { return }
    for i in 0..<m {
        let row = c + i * ldc
        if let initial {
            let source = initial + i * ldinit
            if source != UnsafePointer(row) { row.update(from: source, count: n) }
        } else {
            row.update(repeating: 0, count: n)
        }
    }
    accumulateMatMul(a, aStride: lda, b, bStride: ldb, into: c, cStride: ldc, rows: m, inner: k, columns: n)
}

/// The portable cell updates: the formulas of Keras in float32, one operation at a time, with
/// the C library's `expf` and `tanhf`. Same contracts as the `ck_avx2_*_cells` kernels.
enum PortableCells {
    /// LSTM: `i, f, o = ra(z)`, `g = a(z)`, `c = f * c + i * g`, `h = o * a(c)` per block of 8 units.
    static func lstm(rows: Int, blocks: Range<Int>, z: UnsafeMutablePointer<Float>, ldz: Int,
                     c: UnsafeMutablePointer<Float>, ldc: Int, hPrev: UnsafePointer<Float>,
                     hNext: UnsafeMutablePointer<Float>, ldh: Int, keep: UnsafePointer<UInt8>?,
                     activation: Activation, recurrentActivation: Activation) {
        for r in 0..<rows {
            if let keep, keep[r] == 0 {
                carry(blocks, from: hPrev + r * ldh, to: hNext + r * ldh)
                continue
            }
            for q in blocks {
                let zq = z + r * ldz + 32 * q
                let (i, f, g, o) = (zq, zq + 8, zq + 16, zq + 24)
                recurrentActivation.apply(to: i, count: 16)  // i and f are adjacent
                activation.apply(to: g, count: 8)
                recurrentActivation.apply(to: o, count: 8)
                let cq = c + r * ldc + 8 * q
                for j in 0..<8 { cq[j] = f[j] * cq[j] + i[j] * g[j] }
                g.update(from: cq, count: 8)
                activation.apply(to: g, count: 8)
                let hq = hNext + r * ldh + 8 * q
                for j in 0..<8 { hq[j] = o[j] * g[j] }
            }
        }
    }

    /// GRU, reset after the product: `z = ra(xz + hz)`, `r = ra(xr + hr)`,
    /// `hh = a(xh + r * hh')`, `h = z * h + (1 - z) * hh`.
    static func gru(rows: Int, blocks: Range<Int>, x: UnsafeMutablePointer<Float>, ldx: Int,
                    hp: UnsafePointer<Float>, ldhp: Int, hPrev: UnsafePointer<Float>,
                    hNext: UnsafeMutablePointer<Float>, ldh: Int, keep: UnsafePointer<UInt8>?,
                    activation: Activation, recurrentActivation: Activation) {
        for r in 0..<rows {
            if let keep, keep[r] == 0 {
                carry(blocks, from: hPrev + r * ldh, to: hNext + r * ldh)
                continue
            }
            for q in blocks {
                let xq = x + r * ldx + 24 * q
                let hq = hp + r * ldhp + 24 * q
                for j in 0..<16 { xq[j] += hq[j] }
                recurrentActivation.apply(to: xq, count: 16)
                for j in 0..<8 { xq[16 + j] += xq[8 + j] * hq[16 + j] }
                activation.apply(to: xq + 16, count: 8)
                let (previous, next) = (hPrev + r * ldh + 8 * q, hNext + r * ldh + 8 * q)
                for j in 0..<8 {
                    let z = xq[j]
                    next[j] = z * previous[j] + (1 - z) * xq[16 + j]
                }
            }
        }
    }

    /// SimpleRNN: `h = a(z)`.
    static func rnn(rows: Int, blocks: Range<Int>, z: UnsafePointer<Float>, ldz: Int, hPrev: UnsafePointer<Float>,
                    hNext: UnsafeMutablePointer<Float>, ldh: Int, keep: UnsafePointer<UInt8>?, activation: Activation) {
        for r in 0..<rows {
            if let keep, keep[r] == 0 {
                carry(blocks, from: hPrev + r * ldh, to: hNext + r * ldh)
                continue
            }
            let next = hNext + r * ldh + 8 * blocks.lowerBound
            next.update(from: z + r * ldz + 8 * blocks.lowerBound, count: 8 * blocks.count)
            activation.apply(to: next, count: 8 * blocks.count)
        }
    }

    /// A masked row keeps its state: `hNext` gets `hPrev` on the blocks.
    @inline(__always)
    static func carry(_ blocks: Range<Int>, from hPrev: UnsafePointer<Float>, to hNext: UnsafeMutablePointer<Float>) {
        guard hPrev != UnsafePointer(hNext) else { return }
        (hNext + 8 * blocks.lowerBound).update(from: hPrev + 8 * blocks.lowerBound, count: 8 * blocks.count)
    }
}
