import NPY
import Testing

@Suite struct NPYArrayTests {
    @Test func conversions() {
        let doubles = NPYArray(float64: [0.1, 1e40, -2], shape: [3])
        #expect(doubles.floatValues() == [Float(0.1), .infinity, -2])
        #expect(doubles.doubleValues() == [0.1, 1e40, -2])
        #expect(doubles.count == 3 && doubles.dtype == .float64)
        let ints = NPYArray(int64: [1 << 40, -3], shape: [2, 1])
        #expect(ints.int64Values == [1 << 40, -3])
        #expect(ints.floatValues() == [Float(1 << 40), -3])
        #expect(NPYArray(float32: [1], shape: [1]).int64Values == nil)
    }

    @Test func dtypeNames() {
        #expect(NPYArray.DType.allCases.map(\.rawValue) == ["<f4", "<f8", "<i4", "<i8"])
        #expect(NPYArray.DType.allCases.map(\.size) == [4, 8, 4, 8])
    }

    @Test func equalityLooksAtShapeAndType() {
        #expect(NPYArray(float32: [1, 2], shape: [2]) != NPYArray(float32: [1, 2], shape: [1, 2]))
        #expect(NPYArray(int32: [1, 2], shape: [2]) != NPYArray(int64: [1, 2], shape: [2]))
    }
}
