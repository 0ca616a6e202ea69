import NPY
import Testing

/// Decoding `.npy` bytes written out by hand.
@Suite struct NPYFileDecodeTests {
    /// Version 1.0, '<f4', shape (2,): every byte spelled out. The dict is 57 characters, padded
    /// with 60 spaces and a newline to 118 (0x76) so the data starts at 10 + 118 = 128;
    /// 1.0f = 0x3F800000 and -2.5f = 0xC0200000, little-endian.
    @Test func version1Float32Literal() throws {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + String(repeating: " ", count: 60) + "\n"
        #expect(header.utf8.count == 118)
        let file: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00]
            + Array(header.utf8)
            + [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0]
        let array = try NPYFile.decode(file)
        #expect(array == NPYArray(float32: [1, -2.5], shape: [2]))
        #expect(array.dtype == .float32)
        #expect(array.floatValues() == [1, -2.5])
    }

    /// Version 2.0 has a 4-byte header length. 1.0 as a double is 0x3FF0000000000000; 0.5 is 0x3FE0….
    @Test func version2Float64() throws {
        let data: [UInt8] = [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0xE0, 0x3F,
                             0, 0, 0, 0, 0, 0, 0xF0, 0xBF, 0, 0, 0, 0, 0, 0, 0, 0]
        let file = npyBytes(major: 2, header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }\n",
                            data: data)
        let array = try NPYFile.decode(file)
        #expect(array == NPYArray(float64: [1, 0.5, -1, 0], shape: [2, 2]))
        #expect(array.floatValues() == [1, 0.5, -1, 0])
        #expect(array.int64Values == nil)
    }

    /// '<i8': -1 is eight 0xFF bytes; 258 is 0x0102 → 02 01 00 ….
    @Test func version1Int64() throws {
        let data: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 0x80]
        let file = npyBytes(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }\n", data: data)
        let array = try NPYFile.decode(file)
        #expect(array.dtype == .int64)
        #expect(array.int64Values == [-1, 258, Int64.min])
        #expect(array.doubleValues() == [-1, 258, -9_223_372_036_854_775_808])
    }

    @Test func version3Int32() throws {
        let file = npyBytes(major: 3, header: "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }\n",
                            data: [0x07, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF])
        let array = try NPYFile.decode(file)
        #expect(array == NPYArray(int32: [7, -2], shape: [1, 2]))
        #expect(array.int64Values == [7, -2])
        #expect(array.floatValues() == [7, -2])
    }

    @Test func keysInAnotherOrderWithOddWhitespace() throws {
        let headers = [
            "{'shape': (2,), 'descr': '<f4', 'fortran_order': False}",
            "{ 'fortran_order' : False ,\t'shape':(2 , ) , \"descr\":'<f4' , }   \n",
            "{'shape':(2,),'fortran_order':False,'descr':'<f4',}",
        ]
        for header in headers {
            let array = try NPYFile.decode(npyBytes(header: header, data: bytes(float32: [3, 4])))
            #expect(array == NPYArray(float32: [3, 4], shape: [2]), "\(header)")
        }
    }

    @Test func scalarAndEmptyArrays() throws {
        let scalar = try NPYFile.decode(npyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                                                 data: bytes(float32: [42])))
        #expect(scalar.shape == [] && scalar.floatValues() == [42])
        let empty = try NPYFile.decode(npyBytes(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0), }"))
        #expect(empty.shape == [3, 0] && empty.count == 0)
    }

    @Test func nativeByteOrderAndPython2Longs() throws {
        let array = try NPYFile.decode(npyBytes(header: "{'descr': '=f4', 'fortran_order': False, 'shape': (1L, 2L), }",
                                                data: bytes(float32: [1, 2])))
        #expect(array == NPYArray(float32: [1, 2], shape: [1, 2]))
    }
}
