/// `c[i, j] += Σ_k a[i, k] * b[k, j]` for `i < rows`, `j < columns`, `k < inner`.
///
/// - `a` is row-major with row stride `aStride` (`inner` values used per row);
/// - `b` is row-major with row stride `bStride` (`columns` values used per row);
/// - `c` is row-major with row stride `cStride`.
///
/// This is the axpy form of a matrix product: rows of `b` are scaled by scalars of `a` and added
/// to contiguous runs of `c`, so every inner loop is unit-stride and vectorizes at plain `-O`
/// (SSE2 on baseline x86-64, wider with `-target-cpu`). The work is blocked four rows of `a` by
/// four rows of `b` at a time: each run of `c` is loaded once per four products, each run of `b`
/// serves four rows, and `b` is read in order, row after row.
///
/// Every element is summed in the same order, `((c + a0*b0) + a1*b1) + …`, one product at a time
/// with a separate multiply and add (no fused multiply-add), whatever the blocking: a row's result
/// does not depend on how many rows are multiplied together or on which code path handles it.
///
/// - Precondition: all the pointed-to ranges exist and `c` overlaps neither `a` nor `b`.
func accumulateMatMul(
    _ a: UnsafePointer<Float>, aStride: Int,
    _ b: UnsafePointer<Float>, bStride: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int,
    rows: Int, inner: Int, columns: Int
) {
    guard rows > 0, inner > 0, columns > 0 else { return }
    var i = 0
    while i + 4 <= rows {
        let (a0, c0) = (a + i * aStride, c + i * cStride)
        var k = 0
        while k + 4 <= inner {
            fourRowsFourSteps(a0 + k, aStride: aStride, b + k * bStride, bStride: bStride, into: c0, cStride: cStride,
                              columns: columns)
            k += 4
        }
        while k < inner {
            for r in 0..<4 {
                oneRowOneStep(a0[r * aStride + k], b + k * bStride, into: c0 + r * cStride, columns: columns)
            }
            k += 1
        }
        i += 4
    }
    while i < rows {
        let (a0, c0) = (a + i * aStride, c + i * cStride)
        var k = 0
        while k + 4 <= inner {
            oneRowFourSteps(a0 + k, b + k * bStride, bStride: bStride, into: c0, columns: columns)
            k += 4
        }
        while k < inner {
            oneRowOneStep(a0[k], b + k * bStride, into: c0, columns: columns)
            k += 1
        }
        i += 1
    }
}

/// Rows `0..<4` of `c` += `a[r, 0..<4]` · `b[0..<4, :]`, the four products added in order.
@inline(__always)
private func fourRowsFourSteps(
    _ a: UnsafePointer<Float>, aStride: Int, _ b: UnsafePointer<Float>, bStride: Int,
    into c: UnsafeMutablePointer<Float>, cStride: Int, columns n: Int
) {
    let (b0, b1, b2, b3) = (b, b + bStride, b + 2 * bStride, b + 3 * bStride)
    let (a0, a1, a2, a3) = (a, a + aStride, a + 2 * aStride, a + 3 * aStride)
    let x00 = SIMD8(repeating: a0[0]), x01 = SIMD8(repeating: a0[1])
    let x02 = SIMD8(repeating: a0[2]), x03 = SIMD8(repeating: a0[3])
    let x10 = SIMD8(repeating: a1[0]), x11 = SIMD8(repeating: a1[1])
    let x12 = SIMD8(repeating: a1[2]), x13 = SIMD8(repeating: a1[3])
    let x20 = SIMD8(repeating: a2[0]), x21 = SIMD8(repeating: a2[1])
    let x22 = SIMD8(repeating: a2[2]), x23 = SIMD8(repeating: a2[3])
    let x30 = SIMD8(repeating: a3[0]), x31 = SIMD8(repeating: a3[1])
    let x32 = SIMD8(repeating: a3[2]), x33 = SIMD8(repeating: a3[3])
    let (c0, c1, c2, c3) = (c, c + cStride, c + 2 * cStride, c + 3 * cStride)
    var j = 0
    while j + 8 <= n {
        let w0 = load8(b0 + j), w1 = load8(b1 + j), w2 = load8(b2 + j), w3 = load8(b3 + j)
        var s0 = load8(c0 + j)
        s0 += x00 * w0; s0 += x01 * w1; s0 += x02 * w2; s0 += x03 * w3
        store8(s0, c0 + j)
        var s1 = load8(c1 + j)
        s1 += x10 * w0; s1 += x11 * w1; s1 += x12 * w2; s1 += x13 * w3
        store8(s1, c1 + j)
        var s2 = load8(c2 + j)
        s2 += x20 * w0; s2 += x21 * w1; s2 += x22 * w2; s2 += x23 * w3
        store8(s2, c2 + j)
        var s3 = load8(c3 + j)
        s3 += x30 * w0; s3 += x31 * w1; s3 += x32 * w2; s3 += x33 * w3
        store8(s3, c3 + j)
        j += 8
    }
    while j < n {
        for r in 0..<4 {
            let ar = a + r * aStride
            var s = c[r * cStride + j]
            s += ar[0] * b0[j]; s += ar[1] * b1[j]; s += ar[2] * b2[j]; s += ar[3] * b3[j]
            c[r * cStride + j] = s
        }
        j += 1
    }
}

/// One row of `c` += `a[0..<4]` · `b[0..<4, :]`, the four products added in order.
@inline(__always)
private func oneRowFourSteps(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, bStride: Int, into c: UnsafeMutablePointer<Float>,
    columns n: Int
) {
    let (b0, b1, b2, b3) = (b, b + bStride, b + 2 * bStride, b + 3 * bStride)
    let x0 = SIMD8(repeating: a[0]), x1 = SIMD8(repeating: a[1])
    let x2 = SIMD8(repeating: a[2]), x3 = SIMD8(repeating: a[3])
    var j = 0
    while j + 16 <= n {
        var s = load8(c + j), t = load8(c + j + 8)
        s += x0 * load8(b0 + j); t += x0 * load8(b0 + j + 8)
        s += x1 * load8(b1 + j); t += x1 * load8(b1 + j + 8)
        s += x2 * load8(b2 + j); t += x2 * load8(b2 + j + 8)
        s += x3 * load8(b3 + j); t += x3 * load8(b3 + j + 8)
        store8(s, c + j); store8(t, c + j + 8)
        j += 16
    }
    if j + 8 <= n {
        var s = load8(c + j)
        s += x0 * load8(b0 + j); s += x1 * load8(b1 + j); s += x2 * load8(b2 + j); s += x3 * load8(b3 + j)
        store8(s, c + j)
        j += 8
    }
    while j < n {
        var s = c[j]
        s += a[0] * b0[j]; s += a[1] * b1[j]; s += a[2] * b2[j]; s += a[3] * b3[j]
        c[j] = s
        j += 1
    }
}

/// One row of `c` += `x * b[0, :]`: a plain axpy, for the last `inner % 4` steps.
@inline(__always)
private func oneRowOneStep(_ x: Float, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, columns n: Int) {
    for j in 0..<n { c[j] += x * b[j] }
}

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
