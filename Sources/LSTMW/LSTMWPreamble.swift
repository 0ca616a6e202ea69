/// The fixed 64-byte, little-endian start of a `.lstmw` file.
///
/// | Offset | Size | Field                                     |
/// |-------:|-----:|-------------------------------------------|
/// |      0 |    8 | magic `89 4C 53 54 4D 57 0D 0A`           |
/// |      8 |    2 | major version                             |
/// |     10 |    2 | minor version                             |
/// |     12 |    4 | header length                             |
/// |     16 |    8 | header offset, always 64                  |
/// |     24 |    8 | data offset                               |
/// |     32 |    8 | data length                               |
/// |     40 |    8 | file length                               |
/// |     48 |    4 | CRC-32 of the header                      |
/// |     52 |    4 | CRC-32 of the data section                |
/// |     56 |    4 | reserved, zero                            |
/// |     60 |    4 | CRC-32 of bytes 0 ..< 60                  |
struct LSTMWPreamble: Sendable, Equatable {
    /// The preamble's size, and the header's offset.
    static let size = 64
    /// The number of leading bytes the preamble's own CRC covers.
    static let checkedSize = 60

    var majorVersion: UInt16 = UInt16(LSTMWFile.majorVersion)
    var minorVersion: UInt16 = UInt16(LSTMWFile.minorVersion)
    var headerLength: UInt32
    var headerOffset: UInt64 = UInt64(LSTMWPreamble.size)
    var dataOffset: UInt64
    var dataLength: UInt64
    var fileLength: UInt64
    var headerChecksum: UInt32
    var dataChecksum: UInt32
    var reserved: UInt32 = 0

    /// The 64 bytes, ending with the CRC-32 of the first 60.
    func serialized() -> [UInt8] {
        var bytes = LSTMWFile.magic
        bytes.reserveCapacity(Self.size)
        bytes.appendLittleEndian(majorVersion)
        bytes.appendLittleEndian(minorVersion)
        bytes.appendLittleEndian(headerLength)
        bytes.appendLittleEndian(headerOffset)
        bytes.appendLittleEndian(dataOffset)
        bytes.appendLittleEndian(dataLength)
        bytes.appendLittleEndian(fileLength)
        bytes.appendLittleEndian(headerChecksum)
        bytes.appendLittleEndian(dataChecksum)
        bytes.appendLittleEndian(reserved)
        bytes.appendLittleEndian(CRC32.checksum(bytes))
        return bytes
    }

    /// The data offset a header of `headerLength` bytes implies: the header's end rounded up to 64.
    static func dataOffset(forHeaderLength headerLength: UInt64) -> UInt64 {
        // headerLength is a UInt32, so this cannot overflow.
        alignedUp(UInt64(size) + headerLength, to: UInt64(LSTMWFile.alignment))!
    }

    /// The header's bytes as absolute file offsets.
    var headerRange: Range<Int> { Int(headerOffset)..<(Int(headerOffset) + Int(headerLength)) }
    /// The data section's bytes as absolute file offsets.
    var dataRange: Range<Int> { Int(dataOffset)..<(Int(dataOffset) + Int(dataLength)) }
}

extension LSTMWPreamble {
    /// Reads and checks the preamble of `file`, in the order the format specifies: magic,
    /// version, preamble CRC, reserved field, header offset and length, data offset and length,
    /// file length, and finally the file's real size against the declared one.
    ///
    /// On return every range the preamble declares lies inside `file`.
    static func read(from file: UnsafeRawBufferPointer, limits: LSTMWFile.Limits) throws(LSTMWError) -> LSTMWPreamble {
        try read(prefix: UnsafeRawBufferPointer(rebasing: file.prefix(size)), fileCount: file.count, limits: limits)
    }

    /// The preamble of a file of `fileCount` bytes whose first `min(fileCount, size)` bytes are
    /// `prefix`, with the same checks as ``read(from:limits:)``.
    static func read(prefix file: UnsafeRawBufferPointer, fileCount: Int, limits: LSTMWFile.Limits) throws(LSTMWError) -> LSTMWPreamble {
        let magic = LSTMWFile.magic
        let prefix = min(file.count, magic.count)
        guard file.prefix(prefix).elementsEqual(magic.prefix(prefix)) else {
            let seen = file.prefix(magic.count).map { hex($0) }.joined(separator: " ")
            if file.count >= 6, Array(file[1..<6]) == Array("LSTMW".utf8) {
                throw LSTMWError(.notLSTMW, "the magic bytes are \(seen), not 89 4C 53 54 4D 57 0D 0A; the file looks damaged by a text-mode or 7-bit transfer")
            }
            throw LSTMWError(.notLSTMW, "the file does not start with the .lstmw magic bytes 89 4C 53 54 4D 57 0D 0A (found \(seen.isEmpty ? "nothing" : seen))")
        }
        guard fileCount >= 12 else {
            throw LSTMWError(.truncated, "the file is \(fileCount) bytes, too short to hold the \(size)-byte preamble")
        }
        let major = file.littleEndianUInt16(at: 8)
        let minor = file.littleEndianUInt16(at: 10)
        guard major == LSTMWFile.majorVersion else {
            throw LSTMWError(.unsupportedVersion, "the file has format version \(major).\(minor); this reader handles version \(LSTMWFile.majorVersion).x only")
        }
        guard fileCount >= size else {
            throw LSTMWError(.truncated, "the file is \(fileCount) bytes, too short to hold the \(size)-byte preamble")
        }
        let storedCRC = file.littleEndianUInt32(at: checkedSize)
        let actualCRC = CRC32.checksum(UnsafeRawBufferPointer(rebasing: file[0..<checkedSize]))
        guard storedCRC == actualCRC else {
            throw LSTMWError(.checksumMismatch, "preamble checksum mismatch: stored 0x\(hex(storedCRC)), computed 0x\(hex(actualCRC))")
        }
        let preamble = LSTMWPreamble(
            majorVersion: major, minorVersion: minor,
            headerLength: file.littleEndianUInt32(at: 12), headerOffset: file.littleEndianUInt64(at: 16),
            dataOffset: file.littleEndianUInt64(at: 24), dataLength: file.littleEndianUInt64(at: 32),
            fileLength: file.littleEndianUInt64(at: 40), headerChecksum: file.littleEndianUInt32(at: 48),
            dataChecksum: file.littleEndianUInt32(at: 52), reserved: file.littleEndianUInt32(at: 56))
        try preamble.checkFields(limits: limits)
        guard UInt64(fileCount) >= preamble.fileLength else {
            throw LSTMWError(.truncated, "the file is \(fileCount) bytes, but its preamble declares \(preamble.fileLength)")
        }
        guard UInt64(fileCount) == preamble.fileLength else {
            throw LSTMWError(.malformedHeader, "the file is \(fileCount) bytes, \(UInt64(fileCount) - preamble.fileLength) more than the \(preamble.fileLength) its preamble declares")
        }
        return preamble
    }

    /// Checks the fields against each other and against `limits`.
    private func checkFields(limits: LSTMWFile.Limits) throws(LSTMWError) {
        guard reserved == 0 else {
            throw LSTMWError(.malformedHeader, "the reserved preamble field at offset 56 is 0x\(hex(reserved)), must be 0")
        }
        guard headerOffset == UInt64(Self.size) else {
            throw LSTMWError(.malformedHeader, "the header offset is \(headerOffset), must be \(Self.size)")
        }
        guard headerLength > 0 else { throw LSTMWError(.malformedHeader, "the header length is 0") }
        guard LSTMWFile.Limits.allows(UInt64(headerLength), upTo: limits.maxHeaderBytes) else {
            throw LSTMWError(.limitExceeded, "the header is \(headerLength) bytes, more than the limit of \(limits.maxHeaderBytes)")
        }
        let expectedDataOffset = Self.dataOffset(forHeaderLength: UInt64(headerLength))
        guard dataOffset == expectedDataOffset else {
            throw LSTMWError(.malformedHeader, "the data offset is \(dataOffset), but a \(headerLength)-byte header puts it at \(expectedDataOffset)")
        }
        guard LSTMWFile.Limits.allows(dataLength, upTo: limits.maxFileBytes) else {
            throw LSTMWError(.limitExceeded, "the data section is \(dataLength) bytes, more than the file size limit of \(limits.maxFileBytes)")
        }
        guard LSTMWFile.Limits.allows(fileLength, upTo: limits.maxFileBytes) else {
            throw LSTMWError(.limitExceeded, "the file length is \(fileLength) bytes, more than the limit of \(limits.maxFileBytes)")
        }
        guard dataLength % UInt64(LSTMWFile.alignment) == 0 else {
            throw LSTMWError(.malformedHeader, "the data length \(dataLength) is not a multiple of \(LSTMWFile.alignment)")
        }
        // Both are at most maxFileBytes <= Int.max, so the sum cannot overflow a UInt64.
        guard fileLength == dataOffset + dataLength else {
            throw LSTMWError(.malformedHeader, "the file length is \(fileLength), but data offset \(dataOffset) plus data length \(dataLength) is \(dataOffset + dataLength)")
        }
    }
}

/// `value` in upper-case hex, zero-padded to its width.
func hex<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, T.bitWidth / 4 - digits.count)) + digits
}
