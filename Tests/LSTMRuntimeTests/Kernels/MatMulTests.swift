@testable import LSTMRuntime
import Testing

/// The blocked product against a plain triple loop that sums in the same order: the results
/// must be bit-identical, whatever path (4-row block, 32/8-column tiles, leftovers) each element takes.
@Suite struct MatMulTests {
    @Test(arguments: [1, 3, 4, 5, 9], [1, 2, 7])
    func matchesPlainLoopExactly(rows: Int, inner: Int) {
        for columns in [1, 7, 8, 9, 31, 32, 33, 41, 72] {
            var rng = SeededGenerator(seed: UInt64(rows * 1000 + inner * 100 + columns))
            let (aStride, cStride) = (inner + 2, columns + 3)  // strides wider than the rows
            let a = rng.floats(rows * aStride, scale: 1)
            let b = rng.floats(inner * columns, scale: 1)
            let c0 = rng.floats(rows * cStride, scale: 1)

            var expected = c0
            for i in 0..<rows {
                for j in 0..<columns {
                    var s = expected[i * cStride + j]
                    for k in 0..<inner { s += a[i * aStride + k] * b[k * columns + j] }
                    expected[i * cStride + j] = s
                }
            }

            var actual = c0
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    actual.withUnsafeMutableBufferPointer { c in
                        accumulateMatMul(a.baseAddress!, aStride: aStride, b.baseAddress!, bStride: columns,
                                         into: c.baseAddress!, cStride: cStride,
                                         rows: rows, inner: inner, columns: columns)
                    }
                }
            }
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern),
                    "rows \(rows), inner \(inner), columns \(columns)")
        }
    }
}
