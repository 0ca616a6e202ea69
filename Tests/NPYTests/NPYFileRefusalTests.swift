import NPY
import Testing

/// Every kind of file the reader refuses, with the error it gives.
@Suite struct NPYFileRefusalTests {
    private func refusal(_ file: [UInt8]) -> NPYError? {
        do {
            _ = try NPYFile.decode(file)
            return nil
        } catch {
            return error
        }
    }

    private func header(descr: String = "'<f4'", fortran: String = "False", shape: String = "(2,)") -> String {
        "{'descr': \(descr), 'fortran_order': \(fortran), 'shape': \(shape), }\n"
    }

    @Test func badMagic() throws {
        var file = npyBytes(header: header(), data: bytes(float32: [1, 2]))
        file[1] = UInt8(ascii: "X")
        #expect(refusal(file)?.code == .notNPY)
        #expect(refusal([])?.code == .notNPY)
        #expect(refusal(Array("PK\u{3}\u{4} zip file".utf8))?.code == .notNPY)
    }

    @Test func unsupportedVersion() throws {
        let error = try #require(refusal(npyBytes(major: 4, header: header(), data: bytes(float32: [1, 2]))))
        #expect(error == NPYError(.unsupportedVersion, "format version 4.0 is not supported (1.0, 2.0 and 3.0 are)"))
        #expect(refusal(npyBytes(major: 1, minor: 1, header: header(), data: bytes(float32: [1, 2])))?.code
                == .unsupportedVersion)
    }

    @Test func bigEndian() throws {
        let error = try #require(refusal(npyBytes(header: header(descr: "'>f4'"), data: bytes(float32: [1, 2]))))
        #expect(error.code == .unsupportedDType)
        #expect(error.message.contains("big-endian"))
    }

    @Test(arguments: ["'|O'", "'<f2'", "'<u4'", "'|u1'", "'|f4'", "'<U8'", "[('a', '<f4')]", "'f4x'"])
    func unsupportedDTypes(_ descr: String) throws {
        let error = try #require(refusal(npyBytes(header: header(descr: descr), data: bytes(float32: [1, 2]))))
        #expect(error.code == .unsupportedDType, "\(descr): \(error)")
    }

    @Test func fortranOrder() throws {
        let error = try #require(refusal(npyBytes(header: header(fortran: "True"), data: bytes(float32: [1, 2]))))
        #expect(error.code == .unsupportedLayout)
    }

    @Test func truncatedData() throws {
        let error = try #require(refusal(npyBytes(header: header(), data: bytes(float32: [1]) + [0, 0])))
        #expect(error == NPYError(.truncated, "data is 6 bytes, shape (2,) of <f4 needs 8"))
    }

    @Test func extraData() throws {
        let error = try #require(refusal(npyBytes(header: header(), data: bytes(float32: [1, 2, 3]))))
        #expect(error.code == .trailingData)
    }

    @Test(arguments: ["(-1,)", "(2, -3)"])
    func negativeShape(_ shape: String) throws {
        #expect(refusal(npyBytes(header: header(shape: shape), data: bytes(float32: [1, 2])))?.code == .invalidShape)
    }

    @Test(arguments: ["(4294967296, 4294967296)", "(9223372036854775807, 2)", "(99999999999999999999,)",
                      "(2305843009213693952,)"])
    func overflowingShape(_ shape: String) throws {
        // The last one has a representable element count whose byte size (× 4) overflows.
        #expect(refusal(npyBytes(header: header(shape: shape), data: bytes(float32: [1, 2])))?.code == .invalidShape)
    }

    @Test func headerLengthPastTheEnd() throws {
        let file = npyBytes(header: header(), declaredLength: 500)
        let error = try #require(refusal(file))
        #expect(error.code == .truncated)
        #expect(error.message.contains("header of 500 bytes"))
        #expect(refusal(Array(npyBytes(header: header()).prefix(9)))?.code == .truncated)
    }

    @Test func headerLongerThanTheLimit() throws {
        let file = npyBytes(major: 2, header: header(), declaredLength: 1 << 30)
        #expect(refusal(file)?.code == .malformedHeader)
    }

    @Test(arguments: [
        "['descr', '<f4']",                                             // not a dict
        "(1, 2)",                                                       // not a dict
        "{'descr': '<f4', 'fortran_order': False}",                     // no shape
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}",  // extra key
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}",          // not a bool
        "{'descr': '<f4', 'fortran_order': False, 'shape': [2]}",       // not a tuple
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2)}",       // (2) is an int in Python
        "{'descr': '<f4', 'fortran_order': False, 'shape': ('2',)}",    // not an int
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (2,)}",  // repeated key
        "{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}",       // missing comma
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",       // unclosed
        "{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}",       // unterminated string
        "{'descr': '<f4', 'fortran_order': false, 'shape': (2,)}",      // lowercase false
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}",    // a float
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x",    // junk after
        "{descr: '<f4', 'fortran_order': False, 'shape': (2,)}",        // bare key
        "{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((((((((((((2,),),),),),),),),),),),),),),),),),),),)}",
    ])
    func malformedHeaders(_ text: String) throws {
        let error = try #require(refusal(npyBytes(header: text, data: bytes(float32: [1, 2]))))
        #expect(error.code == .malformedHeader, "\(text): \(error)")
    }
}
