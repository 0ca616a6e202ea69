import NPY
import Testing

@Suite struct NPYFileEncodeTests {
    /// The exact bytes NumPy 2.4 writes for `np.save(f, np.array([1, -2.5], dtype='<f4'))`:
    /// the 57-character dict, 60 spaces and a newline (118 = 0x76 bytes), then the data at 128.
    @Test func headerLayoutMatchesNumPy() {
        let bytes = NPYFile.encode(float32: [1, -2.5], shape: [2])
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + String(repeating: " ", count: 60) + "\n"
        let expected: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00] + Array(header.utf8)
            + [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0]
        #expect(bytes == expected)
    }

    @Test(arguments: [[Int](), [0], [5], [2, 3], [1, 2, 3, 4], [100_000, 0, 7, 7, 7, 7, 7, 7, 7, 7]])
    func dataStartsAtAMultipleOf64(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let bytes = NPYFile.encode(float32: (0..<count).map { Float($0) }, shape: shape)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes[10 + headerLength - 1] == UInt8(ascii: "\n"))
        #expect(bytes.count == 10 + headerLength + 4 * count)
        let back = try NPYFile.decode(bytes)
        #expect(back.shape == shape)
        #expect(back.floatValues() == (0..<count).map { Float($0) })
    }

    @Test func roundTripsEveryDType() throws {
        let arrays = [
            NPYArray(float32: [0, -0.0, 1.5, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity], shape: [2, 3]),
            NPYArray(float64: [.pi, -1e300, .leastNonzeroMagnitude], shape: [3, 1]),
            NPYArray(int32: [.min, -1, 0, .max], shape: [4]),
            NPYArray(int64: [.min, -1, 0, .max], shape: [2, 2]),
        ]
        for array in arrays {
            #expect(try NPYFile.decode(NPYFile.encode(array)) == array, "\(array.dtype)")
        }
        let nan = try NPYFile.decode(NPYFile.encode(float32: [.nan], shape: [1]))
        #expect(nan.floatValues()[0].isNaN)
    }
}
