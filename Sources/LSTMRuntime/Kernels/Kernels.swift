import CKernels
import LSTMW

/// The hot kernels of one ``KernelPath``, behind one interface.
///
/// Every product sums each output element as `init + a0*b0 + a1*b1 + …` in order, whatever the
/// number of rows, the blocking or the thread: a sequence's result does not depend on the batch
/// it runs in, on the thread count, or on whether it runs whole (`predict`) or step by step (a
/// ``Model/Session``). The two paths differ in rounding (the AVX2 path fuses multiply and add).
struct Kernels: Sendable {
    let path: KernelPath

    /// `c[i, j] = init[i * ldinit + j] + Σ_p a[i, p] * b[p, j]` for `i < m`, `j < n` (`init` nil: 0).
    /// Pass `init: c, ldinit: ldc` to accumulate, or a bias row with `ldinit: 0`. Strides may be
    /// negative (a sequence read backwards).
    @inline(__always)
    func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
              into c: UnsafeMutablePointer<Float>, ldc: Int, initial: UnsafePointer<Float>?, ldinit: Int) {
        switch path {
        case .avx2: ck_avx2_gemm(m, n, k, a, lda, b, ldb, c, ldc, initial, ldinit)
        case .portable: portableGEMM(m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, into: c, ldc: ldc,
                                     initial: initial, ldinit: ldinit)
        }
    }

    /// `rows` rows of `h` (`ldh` apart) against the panels of `blocks` (`panels[q]` is
    /// `[k, width]`): `z[r, q*width + j] = initial[r * ldinit + q*width + j] + Σ_p h[r, p] * panels[q][p, j]`.
    /// Pass `initial: z, ldinit: ldz` to accumulate, a bias row and 0, or nil for zero.
    @inline(__always)
    func panels(rows: Int, blocks: Range<Int>, width: Int, k: Int, _ h: UnsafePointer<Float>, ldh: Int,
                _ panels: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, ldz: Int,
                initial: UnsafePointer<Float>?, ldinit: Int) {
        guard !blocks.isEmpty else { return }
        if rows == 1, path == .avx2 {
            let offset = blocks.lowerBound * width
            ck_avx2_panels_gemv(blocks.count, width, k, h, panels + offset * k, z + offset, initial.map { $0 + offset })
            return
        }
        for q in blocks {
            gemm(m: rows, n: width, k: k, h, lda: ldh, panels + q * k * width, ldb: width, into: z + q * width, ldc: ldz,
                 initial: initial.map { $0 + q * width }, ldinit: ldinit)
        }
    }

    /// Applies an elementwise activation in place.
    @inline(__always)
    func activate(_ x: UnsafeMutablePointer<Float>, count: Int, _ activation: Activation) {
        if path == .avx2, activation.hasKernelCode {
            ck_avx2_activate(x, count, activation.kernelCode)
        } else {
            activation.apply(to: x, count: count)
        }
    }
}

extension Activation {
    /// Whether the C kernels implement the activation (the others run on the portable path).
    var hasKernelCode: Bool {
        switch self {
        case .linear, .relu, .tanh, .sigmoid, .hardSigmoidKeras2, .hardSigmoidKeras3: true
        default: false
        }
    }

    /// The `CK_` constant of an elementwise activation that ``hasKernelCode``.
    var kernelCode: Int32 {
        switch self {
        case .linear: Int32(CK_LINEAR)
        case .relu: Int32(CK_RELU)
        case .tanh: Int32(CK_TANH)
        case .sigmoid: Int32(CK_SIGMOID)
        case .hardSigmoidKeras2: Int32(CK_HARD_SIGMOID_KERAS2)
        case .hardSigmoidKeras3: Int32(CK_HARD_SIGMOID_KERAS3)
        default: preconditionFailure("the C kernels have no \(rawValue)")
        }
    }
}
