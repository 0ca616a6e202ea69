import Testing
@testable import LSTMW

@Suite("Preamble checks")
struct LSTMWPreambleTests {
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    @Test("a file cut at any byte is reported as truncated")
    func truncatedEverywhere() throws {
        let headerEnd = 64 + Int(file.u32(at: 12))
        #expect(headerEnd < Int(file.u64(at: 24)) && file.count > headerEnd + 1000, "fixture covers all three regions")
        for length in 0..<file.count {
            let error = expectDecodeFailure(Array(file[..<length]), .truncated)
            if let error, length >= 64 {
                #expect(error.message.contains("the file is \(length) bytes, but its preamble declares \(file.count)"))
            }
        }
    }

    @Test("the wrong magic is not a .lstmw file")
    func badMagic() {
        var png = file
        png.replaceSubrange(0..<8, with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        expectDecodeFailure(png, .notLSTMW, mentioning: "89 50 4E 47 0D 0A 1A 0A")
        expectDecodeFailure(Array("{\"format\":\"lstmw\"}".utf8), .notLSTMW)
        expectDecodeFailure([0x00], .notLSTMW, mentioning: "found 00")
    }

    @Test("magic mangled by a text-mode or 7-bit transfer is diagnosed as such")
    func textModeDamage() {
        var crlf = file
        crlf.replaceSubrange(6..<8, with: [0x0A])  // CR LF -> LF
        expectDecodeFailure(crlf, .notLSTMW, mentioning: "text-mode")
        var sevenBit = file
        sevenBit[0] = 0x09
        expectDecodeFailure(sevenBit, .notLSTMW, mentioning: "7-bit")
    }

    @Test("an unknown major version is unsupported, with or without a fixed checksum")
    func unknownMajor() {
        for major: UInt16 in [0, 2, 0xFFFF] {
            var raw = file
            raw.set(major, at: 8)
            expectDecodeFailure(raw, .unsupportedVersion, mentioning: "version \(major).0")
            expectDecodeFailure(file.editingPreamble { $0.set(major, at: 8) }, .unsupportedVersion)
        }
    }

    @Test("a higher minor version of the same major is read")
    func higherMinor() throws {
        let newer = file.editingPreamble { $0.set(UInt16(7), at: 10) }
        #expect(try LSTMWFile.decode(newer) == ModelFixtures.stacked())
        #expect(try LSTMWFile.inspect(newer).version == .init(major: 1, minor: 7))
        #expect(try LSTMWFile.inspect(newer).version.description == "1.7")
    }

    @Test("any change to the preamble without fixing its checksum is caught")
    func preambleChecksum() {
        for offset in 8..<60 where !(8..<10).contains(offset) {
            var damaged = file
            damaged[offset] ^= 0x10
            expectDecodeFailure(damaged, .checksumMismatch, mentioning: "preamble checksum")
        }
        var damaged = file
        damaged[62] ^= 0x01
        expectDecodeFailure(damaged, .checksumMismatch, mentioning: "preamble checksum")
    }

    @Test("a non-zero reserved field is refused")
    func reserved() {
        expectDecodeFailure(file.editingPreamble { $0.set(UInt32(1), at: 56) }, .malformedHeader, mentioning: "reserved")
    }

    @Test("inconsistent offsets and lengths are refused")
    func inconsistentFields() {
        let headerLength = file.u32(at: 12)
        let dataOffset = file.u64(at: 24)
        expectDecodeFailure(file.editingPreamble { $0.set(UInt64(128), at: 16) }, .malformedHeader, mentioning: "header offset is 128")
        expectDecodeFailure(file.editingPreamble { $0.set(UInt32(0), at: 12) }, .malformedHeader, mentioning: "header length is 0")
        expectDecodeFailure(file.editingPreamble { $0.set(headerLength + 64, at: 12) }, .malformedHeader, mentioning: "data offset")
        expectDecodeFailure(file.editingPreamble { $0.set(dataOffset + 64, at: 24) }, .malformedHeader, mentioning: "data offset")
        expectDecodeFailure(file.editingPreamble { $0.set(dataOffset + 1, at: 24) }, .malformedHeader, mentioning: "data offset")
        expectDecodeFailure(file.editingPreamble { $0.set($0.u64(at: 32) - 1, at: 32) }, .malformedHeader, mentioning: "multiple of 64")
        expectDecodeFailure(file.editingPreamble { $0.set($0.u64(at: 32) - 64, at: 32) }, .malformedHeader, mentioning: "file length")
        expectDecodeFailure(file.editingPreamble { $0.set($0.u64(at: 40) + 64, at: 40) }, .malformedHeader, mentioning: "file length")
    }

    @Test("bytes after the declared end are refused")
    func trailingBytes() {
        expectDecodeFailure(file + [0], .malformedHeader, mentioning: "1 more than")
        expectDecodeFailure(file + [UInt8](repeating: 0, count: 64), .malformedHeader, mentioning: "64 more than")
    }

    @Test("absurd declared sizes hit a limit before anything is allocated")
    func absurdSizes() {
        expectDecodeFailure(file.editingPreamble { $0.set(UInt32(1) << 31, at: 12) }, .limitExceeded,
                            mentioning: "header is 2147483648 bytes")
        expectDecodeFailure(file.editingPreamble { $0.set(UInt32.max, at: 12) }, .limitExceeded)
        for length in [UInt64.max, UInt64.max - 63, UInt64(1) << 63] {
            expectDecodeFailure(file.editingPreamble { $0.set(length, at: 32) }, .limitExceeded, mentioning: "data section is \(length) bytes")
            expectDecodeFailure(file.editingPreamble { $0.set(length, at: 40) }, .limitExceeded, mentioning: "file length is \(length)")
        }
    }

    @Test("with every limit lifted, a consistent preamble declaring huge sizes is still only truncated")
    func absurdSizesWithoutLimits() {
        let unlimited = LSTMWFile.Limits(maxHeaderBytes: .max, maxFileBytes: .max, maxTensorElements: .max, maxLayers: .max)
        let huge = file.editingPreamble { bytes in
            let headerLength = UInt32.max
            let dataOffset = (64 + UInt64(headerLength) + 63) / 64 * 64
            let dataLength = UInt64(Int.max) - dataOffset - 63
            bytes.set(headerLength, at: 12)
            bytes.set(dataOffset, at: 24)
            bytes.set(dataLength / 64 * 64, at: 32)
            bytes.set(dataOffset + dataLength / 64 * 64, at: 40)
        }
        expectDecodeFailure(huge, .truncated, limits: unlimited)
        let overflowing = file.editingPreamble { $0.set(UInt64.max - 63, at: 32); $0.set(UInt64.max, at: 40) }
        expectDecodeFailure(overflowing, .limitExceeded, limits: unlimited)
    }
}
