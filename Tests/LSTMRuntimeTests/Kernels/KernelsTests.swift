import Foundation
@testable import LSTMRuntime
import LSTMW
import Testing

/// Every kernel path against plain loops that sum in the documented order (`init + a0*b0 + …`,
/// fused on the AVX2 path, a separate multiply and add on the portable one): the results must be
/// the same bits, whatever rows, columns, strides and initial values take each element through.
@Suite struct KernelsTests {
    /// One term of the documented sum on `path`.
    static func term(_ path: KernelPath, _ s: Float, _ a: Float, _ b: Float) -> Float {
        path == .avx2 ? s.addingProduct(a, b) : s + a * b
    }

    enum Start: CaseIterable { case zero, bias, accumulate }

    @Test(arguments: KernelPath.supported, Start.allCases)
    func gemmMatchesThePlainLoopExactly(_ path: KernelPath, start: Start) {
        let kernels = Kernels(path: path)
        for m in [1, 2, 5, 6, 7, 13] {
            for (n, k) in [(1, 3), (7, 1), (8, 17), (9, 0), (16, 5), (23, 4), (64, 3), (71, 9), (130, 2)] {
                var rng = SeededGenerator(seed: UInt64(m * 10_000 + n * 100 + k))
                let (lda, ldb, ldc) = (k + 3, n + 5, n + 2)
                let a = rng.floats(m * lda, scale: 1), b = rng.floats(max(k, 1) * ldb, scale: 1)
                let bias = rng.floats(n, scale: 1)
                let c0 = rng.floats(m * ldc, scale: 1)
                var expected = c0
                for i in 0..<m {
                    for j in 0..<n {
                        var s: Float = switch start {
                        case .zero: 0
                        case .bias: bias[j]
                        case .accumulate: c0[i * ldc + j]
                        }
                        for p in 0..<k { s = Self.term(path, s, a[i * lda + p], b[p * ldb + j]) }
                        expected[i * ldc + j] = s
                    }
                }
                var actual = c0
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        bias.withUnsafeBufferPointer { bias in
                            actual.withUnsafeMutableBufferPointer { c in
                                let c = c.baseAddress!
                                let (initial, ldinit): (UnsafePointer<Float>?, Int) = switch start {
                                case .zero: (nil, 0)
                                case .bias: (bias.baseAddress!, 0)
                                case .accumulate: (UnsafePointer(c), ldc)
                                }
                                kernels.gemm(m: m, n: n, k: k, a.baseAddress!, lda: lda, b.baseAddress!, ldb: ldb,
                                             into: c, ldc: ldc, initial: initial, ldinit: ldinit)
                            }
                        }
                    }
                }
                #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(path) \(start): m \(m), n \(n), k \(k)")
            }
        }
    }

    /// A negative row stride reads the rows of `a` backwards, as a reversed sequence does.
    @Test(arguments: KernelPath.supported)
    func gemmReadsRowsBackwards(_ path: KernelPath) {
        var rng = SeededGenerator(seed: 7)
        let (m, n, k) = (9, 20, 6)
        let a = rng.floats(m * k, scale: 1), b = rng.floats(k * n, scale: 1)
        let reversedRows = (0..<m).reversed().flatMap { a[($0 * k)..<(($0 + 1) * k)] }
        var forwards = [Float](repeating: 0, count: m * n), backwards = forwards
        let kernels = Kernels(path: path)
        reversedRows.withUnsafeBufferPointer { a in
            kernels.gemm(m: m, n: n, k: k, a.baseAddress!, lda: k, b, ldb: n, into: &forwards, ldc: n, initial: nil, ldinit: 0)
        }
        a.withUnsafeBufferPointer { a in
            kernels.gemm(m: m, n: n, k: k, a.baseAddress! + (m - 1) * k, lda: -k, b, ldb: n, into: &backwards, ldc: n,
                         initial: nil, ldinit: 0)
        }
        #expect(forwards.map(\.bitPattern) == backwards.map(\.bitPattern))
    }

    /// One row against panels (the batch-1 recurrence) gives the bits of the general product,
    /// for every panel width and an odd number of blocks.
    @Test(arguments: KernelPath.supported, [8, 16, 24, 32])
    func panelsOfOneRowMatchTheProduct(_ path: KernelPath, width: Int) {
        var rng = SeededGenerator(seed: UInt64(width))
        let (blocks, k, rows) = (5, 37, 3)
        let panels = rng.floats(blocks * k * width, scale: 1)
        let h = rng.floats(rows * k, scale: 1)
        let start = rng.floats(rows * blocks * width, scale: 1)
        let kernels = Kernels(path: path)
        var batched = start
        kernels.panels(rows: rows, blocks: 1..<blocks, width: width, k: k, h, ldh: k, panels, into: &batched,
                       ldz: blocks * width, initial: start, ldinit: blocks * width)
        for r in 0..<rows {
            var single = Array(start[(r * blocks * width)..<((r + 1) * blocks * width)])
            let row = Array(h[(r * k)..<((r + 1) * k)])
            kernels.panels(rows: 1, blocks: 1..<blocks, width: width, k: k, row, ldh: k, panels, into: &single,
                           ldz: blocks * width, initial: single, ldinit: blocks * width)
            #expect(single.map(\.bitPattern) == batched[(r * blocks * width)..<((r + 1) * blocks * width)].map(\.bitPattern))
            // Block 0 was not asked for and is untouched.
            #expect(single[0..<width] == start[(r * blocks * width)..<(r * blocks * width + width)])
        }
    }

    /// The AVX2 exp/tanh/sigmoid stay within a few float ulps of the C library's, over the whole
    /// range, and the clipped activations are exact.
    @Test func vectorActivationsAgreeWithTheScalarOnes() throws {
        try #require(KernelPath.avx2.isSupported)
        var xs: [Float] = stride(from: -100, through: 100, by: 0.0137).map { Float($0) }
        xs += [0, -0, 1e-8, -1e-8, 0.625, -0.625, 0.6249, 88, -88, 100, -100, 9, -9, .leastNormalMagnitude]
        for activation in [Activation.tanh, .sigmoid, .relu, .linear, .hardSigmoidKeras2, .hardSigmoidKeras3] {
            var vector = xs
            Kernels(path: .avx2).activate(&vector, count: vector.count, activation)
            var scalar = xs
            activation.apply(to: &scalar, count: scalar.count)
            let exact = activation != .tanh && activation != .sigmoid
            for (i, (v, s)) in zip(vector, scalar).enumerated() {
                let error = abs(v - s)
                let bound: Float = exact ? 0 : max(4 * s.magnitude.ulp, 1e-9)
                if !(error <= bound) {
                    Issue.record("\(activation)(\(xs[i])): vector \(v), scalar \(s)")
                    break
                }
            }
        }
    }
}
